/** ResNet-50 (He et al. 2016) at ImageNet 224x224, torchvision's v1.5 layout (stride in the 3x3 conv). */
import { NetworkBuilder } from '../network-builder.js';
import type { Network } from '../network.js';

/** Bottleneck stages: blocks, width (3x3 channels), output channels, first stride. */
const STAGES = [
  { blocks: 3, width: 64, out: 256, stride: 1 },
  { blocks: 4, width: 128, out: 512, stride: 2 },
  { blocks: 6, width: 256, out: 1024, stride: 2 },
  { blocks: 3, width: 512, out: 2048, stride: 2 },
] as const;

/**
 * ResNet-50: 53 convolutions (including the 4 projection shortcuts) and the classifier.
 * Published: 4.089 GMACs ("_ops": 4.089 GFLOPS, which torchvision counts as multiply-adds) and
 * 25,557,032 parameters (torchvision `ResNet50_Weights.IMAGENET1K_V1` metadata).
 *
 * @example
 * const net = resnet50();
 * net.layers.length; // 54
 * net.macs;          // 4089184256
 */
export function resnet50(): Network {
  const b = new NetworkBuilder({ channels: 3, height: 224, width: 224 });
  b.conv('conv1', { out: 64, kernel: 7, stride: 2, padding: 3, batchNorm: true });
  b.pool({ kernel: 3, stride: 2, padding: 1 });
  STAGES.forEach((stage, s) => {
    for (let i = 0; i < stage.blocks; i++) {
      const name = `layer${s + 1}.${i}`;
      const input = b.map;
      const stride = i === 0 ? stage.stride : 1;
      b.conv(`${name}.conv1`, { out: stage.width, kernel: 1, batchNorm: true });
      b.conv(`${name}.conv2`, { out: stage.width, kernel: 3, stride, batchNorm: true });
      const output = b.conv(`${name}.conv3`, { out: stage.out, kernel: 1, batchNorm: true });
      if (i === 0) {
        b.at(input).conv(`${name}.downsample`, { out: stage.out, kernel: 1, stride, batchNorm: true });
        b.at(output);
      }
    }
  });
  b.globalPool();
  b.linear('fc', 1000);
  return b.build('resnet50');
}
