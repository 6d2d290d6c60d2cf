/** The NAS-Bench-201 cell space: 6 edges, 5 ops, 15,625 architectures, keyed by NAS-Bench-201's arch strings. */
import { z } from 'zod';
import type { Rng } from '../../random/rng.js';
import { fail } from '../errors.js';
import type { Network } from '../network.js';
import { LayerPool } from '../layer-pool.js';
import { NetworkBuilder, type FeatureMap } from '../network-builder.js';
import { allVectors, checkVector, sampleVector, spaceSize, type ArchitectureSpace, type EncodingKind } from './space.js';
import { parseWithSchema } from './validate.js';

export const NASBENCH201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
export type Nasbench201Op = (typeof NASBENCH201_OPS)[number];

/** Edge e's (target node, source node), in NAS-Bench-201's order: 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2. */
export const NASBENCH201_EDGES: readonly (readonly [number, number])[] = Object.freeze(
  [[1, 0], [2, 0], [2, 1], [3, 0], [3, 1], [3, 2]].map((edge) => Object.freeze(edge as [number, number])),
);

/** The op of each of the 6 edges, in `NASBENCH201_EDGES` order. */
export interface Nasbench201Arch {
  readonly ops: readonly Nasbench201Op[];
}

export const NASBENCH201_PRESETS = ['cifar10', 'cifar100', 'ImageNet16-120'] as const;
export type Nasbench201Preset = (typeof NASBENCH201_PRESETS)[number];

const PRESETS: Readonly<Record<Nasbench201Preset, { inputSize: number; classes: number }>> = {
  cifar10: { inputSize: 32, classes: 10 },
  cifar100: { inputSize: 32, classes: 100 },
  'ImageNet16-120': { inputSize: 16, classes: 120 },
};

const NVEC: readonly number[] = Object.freeze(NASBENCH201_EDGES.map(() => NASBENCH201_OPS.length));
const STAGE_CHANNELS = [16, 32, 64] as const;
const CELLS_PER_STAGE = 5;

const ARCH_SCHEMA = z.object(
  {
    ops: z
      .array(z.enum(NASBENCH201_OPS, { error: `an op among ${NASBENCH201_OPS.join(', ')}` }), { error: 'an array of 6 ops' })
      .length(NASBENCH201_EDGES.length, { error: 'exactly 6 ops (edges 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2)' }),
  },
  { error: 'an object {"ops": [6 ops]} or an arch string "|op~0|+|op~0|op~1|+|op~0|op~1|op~2|"' },
);

const VALIDATED = new WeakSet<object>();

function freezeArch(ops: readonly Nasbench201Op[]): Nasbench201Arch {
  const arch = Object.freeze({ ops: Object.freeze(ops.slice()) });
  VALIDATED.add(arch);
  return arch;
}

/** `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`. */
export function nasbench201Key(arch: Nasbench201Arch): string {
  const [a, b, c, d, e, f] = arch.ops;
  return `|${a}~0|+|${b}~0|${c}~1|+|${d}~0|${e}~1|${f}~2|`;
}

/** The architecture of an arch string. */
export function nasbench201FromKey(key: string): Nasbench201Arch {
  const expected = 'an arch string "|op~0|+|op~0|op~1|+|op~0|op~1|op~2|"';
  if (typeof key !== 'string') fail(undefined, expected, key);
  const nodes = key.split('+');
  if (nodes.length !== 3) fail(undefined, expected, key);
  const ops: string[] = [];
  nodes.forEach((node, i) => {
    const edges = node.split('|').filter((part) => part.length > 0);
    if (edges.length !== i + 1 || !node.startsWith('|') || !node.endsWith('|')) fail(undefined, expected, key);
    edges.forEach((edge, j) => {
      const [op, source] = edge.split('~');
      if (source !== String(j)) fail(`arch string node ${i + 1}`, `edge ${j} to read from node ${j} ("op~${j}")`, edge);
      ops.push(op ?? '');
    });
  });
  return parseNasbench201Arch({ ops });
}

/** A typed architecture from `{"ops": [...6]}` or an arch string. */
export function parseNasbench201Arch(json: unknown): Nasbench201Arch {
  if (typeof json === 'object' && json !== null && VALIDATED.has(json)) return json as Nasbench201Arch;
  if (typeof json === 'string') return nasbench201FromKey(json);
  return freezeArch(parseWithSchema(ARCH_SCHEMA, json, 'nasbench201 architecture').ops);
}

/**
 * NAS-Bench-201: a cell of 4 nodes whose 6 edges each take one of 5 ops, in the 3-stage network
 * (16/32/64 channels, 5 cells per stage, residual reduction blocks between stages). Presets are
 * NAS-Bench-201's datasets (input size and classes); MAESTRO's Y and X are the rows each kernel reads.
 *
 * @example
 * const space = new Nasbench201Space();
 * const arch = space.fromKey('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
 * Math.round(space.toNetwork(arch).macs / 1e4) / 100; // 220.12 (MMACs, the space's largest)
 * [...space.enumerate()].length;                     // 15625
 */
export class Nasbench201Space implements ArchitectureSpace<Nasbench201Arch> {
  readonly name = 'nasbench201';
  readonly preset: Nasbench201Preset;
  readonly description: string;
  readonly nvec = NVEC;
  /** Every edge chooses an operation: unordered labels. */
  readonly encodingKinds: readonly EncodingKind[] = NVEC.map(() => 'categorical' as const);
  readonly size = spaceSize(NVEC);
  private readonly inputSize: number;
  private readonly classes: number;
  /** The layers of this space's networks, shared between networks. */
  private readonly layerPool = new LayerPool();
  /**
   * Networks by their convolutions (each edge's conv op, or none): cells that differ only in
   * skips, pools and `none` edges have the same network, so the space has at most 3^6 = 729 of them.
   */
  private readonly networks = new Map<string, Network>();

  constructor(preset: Nasbench201Preset | string = 'cifar10') {
    if (!(NASBENCH201_PRESETS as readonly string[]).includes(preset)) fail('nasbench201 space', `a preset among ${NASBENCH201_PRESETS.join(', ')}`, preset);
    this.preset = preset as Nasbench201Preset;
    const { inputSize, classes } = PRESETS[this.preset];
    this.inputSize = inputSize;
    this.classes = classes;
    this.description = `NAS-Bench-201 on ${preset}: ${inputSize}x${inputSize} input, ${classes} classes, 3 stages of 5 cells (16/32/64 channels)`;
  }

  parse(json: unknown): Nasbench201Arch {
    return parseNasbench201Arch(json);
  }

  contains(value: unknown): value is Nasbench201Arch {
    try {
      parseNasbench201Arch(value);
      return typeof value === 'object';
    } catch {
      return false;
    }
  }

  key(arch: Nasbench201Arch): string {
    return nasbench201Key(parseNasbench201Arch(arch));
  }

  fromKey(key: string): Nasbench201Arch {
    return nasbench201FromKey(key);
  }

  sample(rng: Rng): Nasbench201Arch {
    return this.decode(sampleVector(this.nvec, rng));
  }

  encode(arch: Nasbench201Arch): number[] {
    return parseNasbench201Arch(arch).ops.map((op) => NASBENCH201_OPS.indexOf(op));
  }

  decode(vector: readonly number[]): Nasbench201Arch {
    checkVector(this.nvec, vector, 'nasbench201');
    return freezeArch(vector.map((i) => NASBENCH201_OPS[i]!));
  }

  *enumerate(): Generator<Nasbench201Arch> {
    for (const vector of allVectors(this.nvec)) yield freezeArch(vector.map((i) => NASBENCH201_OPS[i]!));
  }

  /** Every convolution PyTorch runs, in forward order (edges with `none`, pools and skips emit none). */
  toNetwork(arch: Nasbench201Arch): Network {
    const { ops } = parseNasbench201Arch(arch);
    const convolutions = ops.map((op) => (op === 'nor_conv_1x1' ? '1' : op === 'nor_conv_3x3' ? '3' : '-')).join('');
    let network = this.networks.get(convolutions);
    if (network === undefined) {
      network = this.buildNetwork(ops);
      this.networks.set(convolutions, network);
    }
    return network;
  }

  private buildNetwork(ops: readonly Nasbench201Op[]): Network {
    const b = new NetworkBuilder({ channels: 3, height: this.inputSize, width: this.inputSize }, this.layerPool);
    b.conv('stem', { out: STAGE_CHANNELS[0], kernel: 3, batchNorm: true });
    STAGE_CHANNELS.forEach((channels, stage) => {
      if (stage > 0) {
        const input = b.map;
        const name = `reduction${stage}`;
        b.conv(`${name}.conv_a`, { out: channels, kernel: 3, stride: 2, batchNorm: true });
        const output = b.conv(`${name}.conv_b`, { out: channels, kernel: 3, batchNorm: true });
        // The shortcut: AvgPool2d(2, 2), then a 1x1 conv without BatchNorm.
        b.at(input).pool({ kernel: 2, stride: 2 });
        b.conv(`${name}.downsample`, { out: channels, kernel: 1 });
        b.at(output);
      }
      for (let cell = 0; cell < CELLS_PER_STAGE; cell++) {
        const index = stage * (CELLS_PER_STAGE + 1) + cell + (stage > 0 ? 1 : 0);
        const map: FeatureMap = b.map;
        ops.forEach((op, e) => {
          if (op !== 'nor_conv_1x1' && op !== 'nor_conv_3x3') return;
          b.at(map).conv(`cells.${index}.edge${e}.${op}`, { out: channels, kernel: op === 'nor_conv_1x1' ? 1 : 3, batchNorm: true });
        });
        b.at(map);
      }
    });
    b.globalPool();
    b.linear('classifier', this.classes);
    // The final BatchNorm (lastact) has parameters but no conv of its own.
    return b.build(`nasbench201_${this.preset}`, { maestroConvention: 'exact', extraParams: 2 * STAGE_CHANNELS[2] });
  }
}
