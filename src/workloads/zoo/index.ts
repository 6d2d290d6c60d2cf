/** The network zoo: published ImageNet architectures by name, with the figures they must match. */
import { fail } from '../errors.js';
import type { Network } from '../network.js';
import { mnasnet } from './mnasnet.js';
import { mobilenetV2 } from './mobilenet-v2.js';
import { resnet50 } from './resnet50.js';
import { squeezenet } from './squeezenet.js';
import { vgg16 } from './vgg16.js';

export const ZOO_NAMES = ['vgg16', 'resnet50', 'mobilenet_v2', 'mnasnet', 'squeezenet'] as const;
export type ZooName = (typeof ZOO_NAMES)[number];

/** A published MAC and parameter count, and where it comes from. */
export interface PublishedFigures {
  macs: number;
  params: number;
  source: string;
}

/** The figures each zoo network is checked against (within 1%). */
export const PUBLISHED_FIGURES: Readonly<Record<ZooName, PublishedFigures>> = Object.freeze({
  vgg16: { macs: 15.47e9, params: 138_357_544, source: 'torchvision VGG16_Weights.IMAGENET1K_V1 (_ops 15.47 GFLOPS, num_params)' },
  resnet50: { macs: 4.089e9, params: 25_557_032, source: 'torchvision ResNet50_Weights.IMAGENET1K_V1 (_ops 4.089 GFLOPS, num_params)' },
  mobilenet_v2: { macs: 300e6, params: 3_504_872, source: 'MobileNetV2 paper Table 4 (300M multiply-adds); torchvision MobileNet_V2_Weights num_params' },
  mnasnet: { macs: 0.314e9, params: 4_383_312, source: 'torchvision MNASNet1_0_Weights.IMAGENET1K_V1 (_ops 0.314 GFLOPS, num_params)' },
  squeezenet: { macs: 0.819e9, params: 1_248_424, source: 'torchvision SqueezeNet1_0_Weights.IMAGENET1K_V1 (_ops 0.819 GFLOPS, num_params)' },
});

const BUILDERS: Readonly<Record<ZooName, () => Network>> = {
  vgg16,
  resnet50,
  mobilenet_v2: mobilenetV2,
  mnasnet,
  squeezenet,
};

const built = new Map<ZooName, Network>();

export function isZooName(name: string): name is ZooName {
  return (ZOO_NAMES as readonly string[]).includes(name);
}

/**
 * A zoo network by name (built once; networks are immutable).
 *
 * @example
 * zooNetwork('resnet50').macs; // 4089184256
 */
export function zooNetwork(name: ZooName | string): Network {
  if (!isZooName(name)) fail(undefined, `a zoo network name among ${ZOO_NAMES.join(', ')}`, name);
  let network = built.get(name);
  if (network === undefined) {
    network = BUILDERS[name]();
    built.set(name, network);
  }
  return network;
}

export { mnasnet, mobilenetV2, resnet50, squeezenet, vgg16 };
