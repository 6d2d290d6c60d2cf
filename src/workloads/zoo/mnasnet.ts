/** MnasNet-B1 (Tan et al. 2019), depth multiplier 1.0, at ImageNet 224x224 (torchvision's `mnasnet1_0`). */
import { NetworkBuilder } from '../network-builder.js';
import type { Network } from '../network.js';

/** Inverted-residual stacks: output channels, kernel, first stride, expansion, repeats. */
const STACKS = [
  { out: 24, kernel: 3, stride: 2, expansion: 3, repeats: 3 },
  { out: 40, kernel: 5, stride: 2, expansion: 3, repeats: 3 },
  { out: 80, kernel: 5, stride: 2, expansion: 6, repeats: 3 },
  { out: 96, kernel: 3, stride: 1, expansion: 6, repeats: 2 },
  { out: 192, kernel: 5, stride: 2, expansion: 6, repeats: 4 },
  { out: 320, kernel: 3, stride: 1, expansion: 6, repeats: 1 },
] as const;

/**
 * MnasNet-B1 (the variant without squeeze-excitation): a 3x3 stem, a depthwise-separable block,
 * six stacks of inverted residuals, a 1x1 conv to 1280 and the classifier.
 * Published: 0.314 GMACs and 4,383,312 parameters (torchvision `MNASNet1_0_Weights.IMAGENET1K_V1`
 * metadata; the MnasNet paper reports 315M multiply-adds for this B1 model).
 *
 * @example
 * mnasnet().params; // 4383312
 */
export function mnasnet(): Network {
  const b = new NetworkBuilder({ channels: 3, height: 224, width: 224 });
  b.conv('stem.conv', { out: 32, kernel: 3, stride: 2, batchNorm: true });
  b.depthwise('stem.depthwise', { kernel: 3, batchNorm: true });
  b.conv('stem.project', { out: 16, kernel: 1, batchNorm: true });
  STACKS.forEach((stack, s) => {
    for (let i = 0; i < stack.repeats; i++) {
      const name = `stack${s + 1}.${i}`;
      b.conv(`${name}.expand`, { out: b.map.channels * stack.expansion, kernel: 1, batchNorm: true });
      b.depthwise(`${name}.depthwise`, { kernel: stack.kernel, stride: i === 0 ? stack.stride : 1, batchNorm: true });
      b.conv(`${name}.project`, { out: stack.out, kernel: 1, batchNorm: true });
    }
  });
  b.conv('head.conv', { out: 1280, kernel: 1, batchNorm: true });
  b.globalPool();
  b.linear('classifier', 1000);
  return b.build('mnasnet');
}
