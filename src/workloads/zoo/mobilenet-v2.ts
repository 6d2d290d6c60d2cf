/** MobileNetV2 (Sandler et al. 2018), width 1.0, at ImageNet 224x224. */
import { NetworkBuilder } from '../network-builder.js';
import type { Network } from '../network.js';

/** The paper's Table 2: expansion t, output channels c, repeats n, first stride s. */
const BOTTLENECKS = [
  { t: 1, c: 16, n: 1, s: 1 },
  { t: 6, c: 24, n: 2, s: 2 },
  { t: 6, c: 32, n: 3, s: 2 },
  { t: 6, c: 64, n: 4, s: 2 },
  { t: 6, c: 96, n: 3, s: 1 },
  { t: 6, c: 160, n: 3, s: 2 },
  { t: 6, c: 320, n: 1, s: 1 },
] as const;

/**
 * MobileNetV2: a 3x3 stem, 17 inverted-residual bottlenecks (1x1 expand, 3x3 depthwise, 1x1
 * project), a 1x1 conv to 1280 and the classifier.
 * Published: 300M multiply-adds (the paper's Table 4) and 3,504,872 parameters (torchvision
 * `MobileNet_V2_Weights.IMAGENET1K_V1` metadata, "_ops": 0.301 GFLOPS; the paper rounds to 3.4M).
 *
 * @example
 * Math.round(mobilenetV2().macs / 1e6); // 301
 */
export function mobilenetV2(): Network {
  const b = new NetworkBuilder({ channels: 3, height: 224, width: 224 });
  b.conv('features.0', { out: 32, kernel: 3, stride: 2, batchNorm: true });
  let block = 1;
  for (const { t, c, n, s } of BOTTLENECKS) {
    for (let i = 0; i < n; i++) {
      const name = `features.${block++}`;
      const hidden = b.map.channels * t;
      if (t !== 1) b.conv(`${name}.expand`, { out: hidden, kernel: 1, batchNorm: true });
      b.depthwise(`${name}.depthwise`, { kernel: 3, stride: i === 0 ? s : 1, batchNorm: true });
      b.conv(`${name}.project`, { out: c, kernel: 1, batchNorm: true });
    }
  }
  b.conv(`features.${block}`, { out: 1280, kernel: 1, batchNorm: true });
  b.globalPool();
  b.linear('classifier', 1000);
  return b.build('mobilenet_v2');
}
