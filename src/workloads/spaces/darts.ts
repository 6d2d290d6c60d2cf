/** The DARTS (NAS-Bench-301) cell space, in the co-design study's conventions or the standard CIFAR network. */
import type { Rng } from '../../random/rng.js';
import { fail } from '../errors.js';
import type { Network } from '../network.js';
import {
  DARTS_NVEC,
  dartsFromKey,
  dartsKey,
  decodeDarts,
  encodeDarts,
  parseDartsArch,
  type DartsArch,
} from './darts-arch.js';
import { dartsNetwork, type DartsNetworkConfig } from './darts-network.js';
import { checkVector, sampleVector, spaceSize, type ArchitectureSpace, type EncodingKind } from './space.js';

export const DARTS_PRESETS = ['codesign-study', 'standard'] as const;
export type DartsPreset = (typeof DARTS_PRESETS)[number];

const PRESETS: Readonly<Record<DartsPreset, { description: string; network: DartsNetworkConfig }>> = {
  'codesign-study': {
    description:
      "the co-design study's layer lists (docs/darts-layers.md): NetworkCIFAR(C=36, 20 cells) on a 16x16 input in training mode " +
      "with the auxiliary head after cell 13; Y and X are inputs before padding; dilated kernels recorded undilated",
    network: { networkName: 'nasbench.darts.model', inputSize: 16, auxiliaryHead: true, naming: 'study', convention: 'frontend' },
  },
  standard: {
    description:
      'the standard DARTS CIFAR-10 network: NetworkCIFAR(C=36, 20 cells) on a 32x32 input at inference (no auxiliary head); ' +
      "Y and X are the rows and columns each kernel reads, so MAESTRO's MACs are the network's",
    network: { networkName: 'darts_cifar10', inputSize: 32, auxiliaryHead: false, naming: 'descriptive', convention: 'exact' },
  },
};

export function isDartsPreset(preset: string): preset is DartsPreset {
  return (DARTS_PRESETS as readonly string[]).includes(preset);
}

/**
 * DARTS cells: 4 nodes per cell, each two (input, op) edges from different earlier nodes, 7 ops.
 * The encoding has 24 dimensions (per node: two ops and the ordered input pair), and every vector
 * in it is a valid genotype.
 *
 * @example
 * const space = new DartsSpace('codesign-study');
 * const arch = space.sample(createRng(0));
 * space.toNetwork(arch).name;           // 'nasbench.darts.model'
 * space.key(space.decode(space.encode(arch))) === space.key(arch); // true
 */
export class DartsSpace implements ArchitectureSpace<DartsArch> {
  readonly name = 'darts';
  readonly preset: DartsPreset;
  readonly description: string;
  readonly nvec = DARTS_NVEC;
  /** Operations and input nodes: unordered labels. */
  readonly encodingKinds: readonly EncodingKind[] = DARTS_NVEC.map(() => 'categorical' as const);
  readonly size = spaceSize(DARTS_NVEC);
  private readonly config: DartsNetworkConfig;

  constructor(preset: DartsPreset | string = 'standard') {
    if (!isDartsPreset(preset)) fail('darts space', `a preset among ${DARTS_PRESETS.join(', ')}`, preset);
    this.preset = preset;
    this.description = PRESETS[preset].description;
    this.config = PRESETS[preset].network;
  }

  parse(json: unknown): DartsArch {
    return parseDartsArch(json);
  }

  contains(value: unknown): value is DartsArch {
    try {
      parseDartsArch(value);
      return true;
    } catch {
      return false;
    }
  }

  key(arch: DartsArch): string {
    return dartsKey(arch);
  }

  fromKey(key: string): DartsArch {
    return dartsFromKey(key);
  }

  sample(rng: Rng): DartsArch {
    return decodeDarts(sampleVector(this.nvec, rng));
  }

  encode(arch: DartsArch): number[] {
    return encodeDarts(parseDartsArch(arch));
  }

  decode(vector: readonly number[]): DartsArch {
    checkVector(this.nvec, vector, 'darts');
    return decodeDarts(vector);
  }

  toNetwork(arch: DartsArch): Network {
    return dartsNetwork(parseDartsArch(arch), this.config);
  }
}
