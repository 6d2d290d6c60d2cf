/** The AlphaNet / AttentiveNAS space: MobileNetV3-like networks with per-stage width, kernel, expansion and depth. */
import { describeValue } from '../../common/describe-value.js';
import { z } from 'zod';
import type { Rng } from '../../random/rng.js';
import { fail } from '../errors.js';
import type { Network } from '../network.js';
import { LayerPool } from '../layer-pool.js';
import { NetworkBuilder } from '../network-builder.js';
import type { MaestroConvention } from '../network.js';
import { checkVector, sampleVector, spaceSize, type ArchitectureSpace, type EncodingKind } from './space.js';
import { parseWithSchema } from './validate.js';

/**
 * A network's configuration, with the fields of AttentiveNAS's configs and the study's samples:
 * `width` = first conv, the seven MBConv stages, last conv; the others are per MBConv stage.
 */
export interface AlphanetArch {
  readonly resolution: number;
  readonly width: readonly number[];
  readonly kernel_size: readonly number[];
  readonly expand_ratio: readonly number[];
  readonly depth: readonly number[];
}

export const ALPHANET_FIELDS = ['resolution', 'width', 'kernel_size', 'expand_ratio', 'depth'] as const;
type ListField = Exclude<(typeof ALPHANET_FIELDS)[number], 'resolution'>;
const LIST_FIELDS: readonly ListField[] = ['width', 'kernel_size', 'expand_ratio', 'depth'];

/** The choices of every field and position. */
export interface AlphanetChoices {
  readonly resolution: readonly number[];
  readonly width: readonly (readonly number[])[];
  readonly kernel_size: readonly (readonly number[])[];
  readonly expand_ratio: readonly (readonly number[])[];
  readonly depth: readonly (readonly number[])[];
}

export const ALPHANET_PRESETS = ['codesign-study', 'attentivenas'] as const;
export type AlphanetPreset = (typeof ALPHANET_PRESETS)[number];

const RESOLUTIONS = [192, 224, 256, 288];
const range = (low: number, high: number): number[] => Array.from({ length: high - low + 1 }, (_, i) => low + i);

const PRESETS: Readonly<Record<AlphanetPreset, { description: string; choices: AlphanetChoices; convention: MaestroConvention }>> = {
  'codesign-study': {
    description:
      "the co-design study's AlphaNet samples: fixed widths (AttentiveNAS-A0's), kernels {3,5,7}, expand ratios {4,5,6} and depths " +
      '{3,4,6} in stages 2-6; a depth beyond the supernet\'s (5 blocks in stage 2) runs as the supernet\'s, as its MFLOPs count it; ' +
      'Y and X are inputs before padding, as its PyTorch frontend wrote them',
    choices: {
      resolution: RESOLUTIONS,
      width: [[16], [16], [24], [32], [64], [112], [192], [216], [1792]],
      kernel_size: [[3], [3, 5, 7], [3, 5, 7], [3, 5, 7], [3, 5, 7], [3, 5, 7], [3]],
      expand_ratio: [[1], [4, 5, 6], [4, 5, 6], [4, 5, 6], [4, 5, 6], [4, 5, 6], [6]],
      depth: [[1], [3, 4, 6], [3, 4, 6], [3, 4, 6], [3, 4, 6], [3, 4, 6], [1]],
    },
    convention: 'frontend',
  },
  attentivenas: {
    description:
      "AttentiveNAS's supernet (its eval_attentive_nas_models.yml): per-stage widths, kernels {3,5}, expand ratios and depths; " +
      "Y and X are the rows each kernel reads, so MAESTRO's MACs are the network's",
    choices: {
      resolution: RESOLUTIONS,
      width: [[16, 24], [16, 24], [24, 32], [32, 40], [64, 72], [112, 120, 128], [192, 200, 208, 216], [216, 224], [1792, 1984]],
      kernel_size: [[3, 5], [3, 5], [3, 5], [3, 5], [3, 5], [3, 5], [3, 5]],
      expand_ratio: [[1], [4, 5, 6], [4, 5, 6], [4, 5, 6], [4, 5, 6], [6], [6]],
      depth: [[1, 2], [3, 4, 5], range(3, 6), range(3, 6), range(3, 8), range(3, 8), [1, 2]],
    },
    convention: 'exact',
  },
};

/** AttentiveNAS's stages: first stride, squeeze-excite, and the supernet's blocks (a deeper request runs this many). */
const STAGES = [
  { stride: 1, se: false, supernetDepth: 2 },
  { stride: 2, se: false, supernetDepth: 5 },
  { stride: 2, se: true, supernetDepth: 6 },
  { stride: 2, se: false, supernetDepth: 6 },
  { stride: 1, se: true, supernetDepth: 8 },
  { stride: 2, se: true, supernetDepth: 8 },
  { stride: 1, se: true, supernetDepth: 2 },
] as const;
const CLASSES = 1000;
const HEAD_EXPANSION = 6;

/** AttentiveNAS's `make_divisible(v, 8)`: the nearest multiple of 8, never more than 10% below v. */
export function makeDivisible(value: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor((value + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * value ? rounded + divisor : rounded;
}

const positiveIntegers = (length: number, field: string) =>
  z
    .array(z.number({ error: 'an integer' }).int({ error: 'an integer' }), { error: `${field} as an array of ${length} integers` })
    .length(length, { error: `exactly ${length} values in ${field}` });

const ARCH_SCHEMA = z.object(
  {
    resolution: z.number({ error: 'an integer resolution' }).int({ error: 'an integer resolution' }),
    width: positiveIntegers(9, 'width'),
    kernel_size: positiveIntegers(7, 'kernel_size'),
    expand_ratio: positiveIntegers(7, 'expand_ratio'),
    depth: positiveIntegers(7, 'depth'),
  },
  { error: 'an object {resolution, width[9], kernel_size[7], expand_ratio[7], depth[7]}' },
);

/** One encoded dimension: a field (and position) with more than one choice. */
interface Dimension {
  field: (typeof ALPHANET_FIELDS)[number];
  position: number;
  choices: readonly number[];
}

/**
 * AlphaNet / AttentiveNAS networks: a 3x3 stem, seven MBConv stages (1x1 expand, kxk depthwise,
 * squeeze-excite in stages 3, 5, 6, 7, 1x1 project; a 1x1 shortcut conv where channels change),
 * a 1x1 expansion to 6x the last stage's width, a 1x1 feature-mix conv after pooling, and the
 * classifier. The encoding holds one dimension per field position with a choice.
 *
 * @example
 * const space = new AlphanetSpace('codesign-study');
 * const arch = space.sample(createRng(1));
 * space.nvec.length;                    // 16: resolution, then kernels, expand ratios and depths of stages 2-6
 * space.toNetwork(arch).layers[0].name; // 'first_conv'
 */
export class AlphanetSpace implements ArchitectureSpace<AlphanetArch> {
  readonly name = 'alphanet';
  readonly preset: AlphanetPreset;
  readonly description: string;
  readonly choices: AlphanetChoices;
  readonly nvec: readonly number[];
  /** Resolution, kernel sizes, expand ratios and depths: ordered numbers. */
  readonly encodingKinds: readonly EncodingKind[];
  readonly size: bigint;
  private readonly dimensions: readonly Dimension[];
  private readonly convention: MaestroConvention;
  private readonly validated = new WeakSet<object>();
  /** The layers of this space's networks, shared between networks. */
  private readonly layerPool = new LayerPool();

  constructor(preset: AlphanetPreset | string = 'codesign-study') {
    if (!(ALPHANET_PRESETS as readonly string[]).includes(preset)) fail('alphanet space', `a preset among ${ALPHANET_PRESETS.join(', ')}`, preset);
    this.preset = preset as AlphanetPreset;
    const table = PRESETS[this.preset];
    this.description = table.description;
    this.choices = table.choices;
    this.convention = table.convention;
    const dimensions: Dimension[] = [];
    if (table.choices.resolution.length > 1) dimensions.push({ field: 'resolution', position: 0, choices: table.choices.resolution });
    for (const field of LIST_FIELDS) {
      table.choices[field].forEach((choices, position) => {
        if (choices.length > 1) dimensions.push({ field, position, choices });
      });
    }
    this.dimensions = dimensions;
    this.nvec = Object.freeze(dimensions.map((d) => d.choices.length));
    this.encodingKinds = Object.freeze(dimensions.map(() => 'ordinal' as const));
    this.size = spaceSize(this.nvec);
  }

  parse(json: unknown): AlphanetArch {
    if (typeof json === 'object' && json !== null && this.validated.has(json)) return json as AlphanetArch;
    const parsed = parseWithSchema(ARCH_SCHEMA, json, 'alphanet architecture');
    if (!this.choices.resolution.includes(parsed.resolution)) {
      fail('alphanet architecture.resolution', `one of ${describeValue(this.choices.resolution)} (preset ${this.preset})`, parsed.resolution);
    }
    for (const field of LIST_FIELDS) {
      parsed[field].forEach((value, position) => {
        const choices = this.choices[field][position]!;
        if (!choices.includes(value)) fail(`alphanet architecture.${field}[${position}]`, `one of ${describeValue(choices)} (preset ${this.preset})`, value);
      });
    }
    return this.freeze(parsed);
  }

  private freeze(arch: AlphanetArch): AlphanetArch {
    const frozen: AlphanetArch = Object.freeze({
      resolution: arch.resolution,
      width: Object.freeze(arch.width.slice()),
      kernel_size: Object.freeze(arch.kernel_size.slice()),
      expand_ratio: Object.freeze(arch.expand_ratio.slice()),
      depth: Object.freeze(arch.depth.slice()),
    });
    this.validated.add(frozen);
    return frozen;
  }

  contains(value: unknown): value is AlphanetArch {
    try {
      this.parse(value);
      return true;
    } catch {
      return false;
    }
  }

  /** `r224_w16-16-24-..._k3-5-..._e1-4-..._d1-3-...`. */
  key(arch: AlphanetArch): string {
    const a = this.parse(arch);
    return `r${a.resolution}_w${a.width.join('-')}_k${a.kernel_size.join('-')}_e${a.expand_ratio.join('-')}_d${a.depth.join('-')}`;
  }

  fromKey(key: string): AlphanetArch {
    const match = typeof key === 'string' ? /^r(\d+)_w([\d-]+)_k([\d-]+)_e([\d-]+)_d([\d-]+)$/.exec(key) : null;
    if (match === null) fail(undefined, 'an alphanet key "r<resolution>_w<9 widths>_k<7 kernels>_e<7 ratios>_d<7 depths>" (values joined by -)', key);
    const list = (text: string): number[] => text.split('-').map(Number);
    return this.parse({ resolution: Number(match[1]), width: list(match[2]!), kernel_size: list(match[3]!), expand_ratio: list(match[4]!), depth: list(match[5]!) });
  }

  sample(rng: Rng): AlphanetArch {
    return this.decode(sampleVector(this.nvec, rng));
  }

  encode(arch: AlphanetArch): number[] {
    const a = this.parse(arch);
    return this.dimensions.map((d) => d.choices.indexOf(d.field === 'resolution' ? a.resolution : a[d.field][d.position]!));
  }

  decode(vector: readonly number[]): AlphanetArch {
    checkVector(this.nvec, vector, 'alphanet');
    const arch = {
      resolution: this.choices.resolution[0]!,
      width: this.choices.width.map((c) => c[0]!),
      kernel_size: this.choices.kernel_size.map((c) => c[0]!),
      expand_ratio: this.choices.expand_ratio.map((c) => c[0]!),
      depth: this.choices.depth.map((c) => c[0]!),
    };
    this.dimensions.forEach((d, i) => {
      const value = d.choices[vector[i]!]!;
      if (d.field === 'resolution') arch.resolution = value;
      else arch[d.field][d.position] = value;
    });
    return this.freeze(arch);
  }

  /** AttentiveNAS's static model, layer by layer in forward order. */
  toNetwork(arch: AlphanetArch): Network {
    const a = this.parse(arch);
    const b = new NetworkBuilder({ channels: 3, height: a.resolution, width: a.resolution }, this.layerPool);
    b.conv('first_conv', { out: a.width[0]!, kernel: 3, stride: 2, batchNorm: true });
    STAGES.forEach((stage, s) => {
      const out = a.width[s + 1]!;
      const kernel = a.kernel_size[s]!;
      const ratio = a.expand_ratio[s]!;
      const blocks = Math.min(a.depth[s]!, stage.supernetDepth);
      for (let i = 0; i < blocks; i++) {
        const name = `stage${s + 1}.${i}`;
        const input = b.map;
        const stride = i === 0 ? stage.stride : 1;
        const middle = makeDivisible(Math.round(input.channels * ratio));
        if (ratio !== 1) b.conv(`${name}.expand`, { out: middle, kernel: 1, batchNorm: true });
        const spatial = b.depthwise(`${name}.depthwise`, { kernel, stride, batchNorm: true });
        if (stage.se) {
          const squeezed = makeDivisible(Math.floor(middle / 4));
          b.globalPool();
          b.conv(`${name}.se.reduce`, { out: squeezed, kernel: 1, bias: true });
          b.conv(`${name}.se.expand`, { out: middle, kernel: 1, bias: true });
          b.at(spatial);
        }
        const output = b.conv(`${name}.project`, { out, kernel: 1, batchNorm: true });
        if (input.channels !== out) {
          // The shortcut: average pooling when strided, then a 1x1 conv to the new width.
          b.at({ channels: input.channels, height: output.height, width: output.width }).conv(`${name}.shortcut`, { out, kernel: 1 });
        }
        b.at(output);
      }
    });
    const lastStage = a.width[7]!;
    b.conv('final_expand', { out: lastStage * HEAD_EXPANSION, kernel: 1, batchNorm: true });
    b.globalPool();
    b.conv('feature_mix', { out: a.width[8]!, kernel: 1, bias: true });
    b.linear('classifier', CLASSES);
    return b.build(`alphanet_${this.preset}`, { maestroConvention: this.convention });
  }
}
