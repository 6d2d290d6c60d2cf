/** VGG-16 (Simonyan & Zisserman 2015, configuration D) at ImageNet 224x224. */
import { NetworkBuilder } from '../network-builder.js';
import type { Network } from '../network.js';

/** Output channels of the 3x3 convolutions; 'M' is a 2x2 max pool. */
const CONFIG_D = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'] as const;

/**
 * VGG-16: 13 convolutions (with bias, no BatchNorm) and three fully connected layers.
 * Published: 15.47 GMACs and 138,357,544 parameters (torchvision `VGG16_Weights.IMAGENET1K_V1`
 * metadata; the paper's Table 2 gives 138M parameters).
 *
 * @example
 * vgg16().params; // 138357544
 */
export function vgg16(): Network {
  const b = new NetworkBuilder({ channels: 3, height: 224, width: 224 });
  let block = 1;
  let index = 1;
  for (const entry of CONFIG_D) {
    if (entry === 'M') {
      b.pool({ kernel: 2, stride: 2 });
      block++;
      index = 1;
      continue;
    }
    b.conv(`conv${block}_${index++}`, { out: entry, kernel: 3, padding: 1, bias: true });
  }
  // The classifier reads the 7x7x512 map flattened: as a linear layer, C = 25088.
  const { channels, height, width } = b.map;
  b.at({ channels: channels * height * width, height: 1, width: 1 });
  b.linear('fc6', 4096);
  b.linear('fc7', 4096);
  b.linear('fc8', 1000);
  return b.build('vgg16');
}
