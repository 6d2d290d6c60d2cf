/** SqueezeNet 1.0 (Iandola et al. 2016) at ImageNet 224x224 (torchvision's `squeezenet1_0`). */
import { NetworkBuilder } from '../network-builder.js';
import type { Network } from '../network.js';

/** Fire modules: squeeze channels, expand channels (each of the 1x1 and 3x3 branches); 'M' a 3x3/2 max pool. */
const FIRES = [
  [16, 64],
  [16, 64],
  [32, 128],
  'M',
  [32, 128],
  [48, 192],
  [48, 192],
  [64, 256],
  'M',
  [64, 256],
] as const;

/**
 * SqueezeNet 1.0: a 7x7 stem, eight Fire modules (1x1 squeeze, then 1x1 and 3x3 expand branches
 * concatenated) and a 1x1 conv classifier; every conv has a bias and no BatchNorm.
 * Published: 0.819 GMACs and 1,248,424 parameters (torchvision `SqueezeNet1_0_Weights.IMAGENET1K_V1`
 * metadata; the paper's Table 1 gives 1,248,424 parameters).
 *
 * @example
 * squeezenet().params; // 1248424
 */
export function squeezenet(): Network {
  const b = new NetworkBuilder({ channels: 3, height: 224, width: 224 });
  b.conv('conv1', { out: 96, kernel: 7, stride: 2, padding: 0, bias: true });
  b.pool({ kernel: 3, stride: 2, ceil: true });
  let fire = 2;
  for (const entry of FIRES) {
    if (entry === 'M') {
      b.pool({ kernel: 3, stride: 2, ceil: true });
      continue;
    }
    const [squeeze, expand] = entry;
    const name = `fire${fire++}`;
    const squeezed = b.conv(`${name}.squeeze`, { out: squeeze, kernel: 1, bias: true });
    b.conv(`${name}.expand1x1`, { out: expand, kernel: 1, bias: true });
    b.at(squeezed).conv(`${name}.expand3x3`, { out: expand, kernel: 3, padding: 1, bias: true });
    b.at({ channels: 2 * expand, height: squeezed.height, width: squeezed.width });
  }
  b.conv('conv10', { out: 1000, kernel: 1, bias: true });
  return b.build('squeezenet');
}
