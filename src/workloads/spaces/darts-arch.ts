/** DARTS (NAS-Bench-301) cell architectures: the type, its JSON schema, canonical key and integer encoding. */
import { z } from 'zod';
import { fail } from '../errors.js';
import { parseWithSchema } from './validate.js';

/** The seven operations of the DARTS space (NAS-Bench-301 has no `none`). */
export const DARTS_OPS = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'] as const;
export type DartsOp = (typeof DARTS_OPS)[number];

/** `[op, input]`: input 0 and 1 are the cell's inputs, 2..5 its intermediate nodes. */
export type DartsEdge = readonly [DartsOp, number];

/**
 * A genotype: 8 edges per cell; edges 2j and 2j+1 feed node j+2 from two different earlier nodes,
 * and edge 2j runs first. Both cells concatenate nodes 2..5.
 */
export interface DartsArch {
  readonly normal: readonly DartsEdge[];
  readonly reduce: readonly DartsEdge[];
}

export const DARTS_CELL_NAMES = ['normal', 'reduce'] as const;
const NODES = 4;

function cellSchema(cell: string) {
  return z
    .array(z.tuple([z.enum(DARTS_OPS, { error: `an op among ${DARTS_OPS.join(', ')}` }), z.number({ error: 'an input node (integer)' }).int({ error: 'an input node (integer)' })], { error: 'an edge [op, input]' }), {
      error: `the ${cell} cell as an array of 8 edges [op, input]`,
    })
    .length(2 * NODES, { error: `exactly ${2 * NODES} edges in the ${cell} cell` });
}

const ARCH_SCHEMA = z.object(
  { normal: cellSchema('normal'), reduce: cellSchema('reduce') },
  { error: 'an object {"normal": [[op, input] x8], "reduce": [[op, input] x8]}' },
);

/**
 * A typed, frozen DARTS architecture from JSON `{"normal": [[op, input] x8], "reduce": [...]}`
 * (other fields ignored). Inputs of edges 2j and 2j+1 must be different nodes below j+2.
 *
 * @example
 * const cell = [['sep_conv_3x3', 0], ['skip_connect', 1], ['max_pool_3x3', 0], ['dil_conv_3x3', 2],
 *   ['sep_conv_5x5', 1], ['avg_pool_3x3', 3], ['skip_connect', 4], ['sep_conv_3x3', 0]];
 * const arch = parseDartsArch({ normal: cell, reduce: cell });
 * dartsKey(arch).slice(0, 39); // 'normal=sep_conv_3x3~0,skip_connect~1,ma'
 * encodeDarts(arch).length;    // 24
 */
export function parseDartsArch(json: unknown): DartsArch {
  if (typeof json === 'object' && json !== null && VALIDATED.has(json)) return json as DartsArch;
  const parsed = parseWithSchema(ARCH_SCHEMA, json, 'darts architecture');
  for (const cell of DARTS_CELL_NAMES) {
    const edges = parsed[cell];
    for (let j = 0; j < NODES; j++) {
      const first = edges[2 * j]![1];
      const second = edges[2 * j + 1]![1];
      for (const [e, input] of [[2 * j, first], [2 * j + 1, second]] as const) {
        if (input < 0 || input > j + 1) fail(`darts architecture.${cell}[${e}][1]`, `an input node in [0, ${j + 1}] (edge ${e} feeds node ${j + 2})`, input);
      }
      if (first === second) {
        fail(`darts architecture.${cell}[${2 * j + 1}][1]`, `an input different from edge ${2 * j}'s (node ${j + 2} takes two different inputs)`, second);
      }
    }
  }
  return freezeArch(parsed.normal, parsed.reduce);
}

/** Architectures made here (frozen and valid), so that they are not validated again. */
const VALIDATED = new WeakSet<object>();

function freezeArch(normal: readonly (readonly [DartsOp, number])[], reduce: readonly (readonly [DartsOp, number])[]): DartsArch {
  const cell = (edges: readonly (readonly [DartsOp, number])[]): readonly DartsEdge[] =>
    Object.freeze(edges.map(([op, input]) => Object.freeze([op, input] as const)));
  const arch: DartsArch = Object.freeze({ normal: cell(normal), reduce: cell(reduce) });
  VALIDATED.add(arch);
  return arch;
}

/** `normal=op~input,...;reduce=op~input,...`, edges in genotype order. */
export function dartsKey(arch: DartsArch): string {
  const cell = (edges: readonly DartsEdge[]): string => edges.map(([op, input]) => `${op}~${input}`).join(',');
  return `normal=${cell(arch.normal)};reduce=${cell(arch.reduce)}`;
}

const KEY_PATTERN = /^normal=([^;]*);reduce=([^;]*)$/;

/** The architecture of a `dartsKey` string. */
export function dartsFromKey(key: string): DartsArch {
  const match = typeof key === 'string' ? KEY_PATTERN.exec(key) : null;
  if (match === null) fail(undefined, 'a darts key "normal=op~input,...;reduce=op~input,..."', key);
  const cell = (text: string): [string, number][] =>
    text.split(',').map((edge) => {
      const [op, input] = edge.split('~');
      return [op ?? '', input !== undefined && /^[0-9]+$/.test(input) ? Number(input) : Number.NaN];
    });
  return parseDartsArch({ normal: cell(match[1]!), reduce: cell(match[2]!) });
}

/** Per node j: op of edge 2j, op of edge 2j+1, the ordered pair of different inputs among j + 2 nodes. */
function nodeSizes(): number[] {
  const sizes: number[] = [];
  for (let j = 0; j < NODES; j++) {
    const inputs = j + 2;
    sizes.push(DARTS_OPS.length, DARTS_OPS.length, inputs * (inputs - 1));
  }
  return sizes;
}

/** The encoding's sizes: 12 dimensions for the normal cell, then 12 for the reduction cell. */
export const DARTS_NVEC: readonly number[] = Object.freeze([...nodeSizes(), ...nodeSizes()]);

function encodeCell(edges: readonly DartsEdge[]): number[] {
  const vector: number[] = [];
  for (let j = 0; j < NODES; j++) {
    const inputs = j + 2;
    const [opA, a] = edges[2 * j]!;
    const [opB, b] = edges[2 * j + 1]!;
    vector.push(DARTS_OPS.indexOf(opA), DARTS_OPS.indexOf(opB), a * (inputs - 1) + (b < a ? b : b - 1));
  }
  return vector;
}

function decodeCell(vector: readonly number[]): DartsEdge[] {
  const edges: DartsEdge[] = [];
  for (let j = 0; j < NODES; j++) {
    const inputs = j + 2;
    const pair = vector[3 * j + 2]!;
    const a = Math.floor(pair / (inputs - 1));
    const rest = pair % (inputs - 1);
    const b = rest < a ? rest : rest + 1;
    edges.push([DARTS_OPS[vector[3 * j]!]!, a], [DARTS_OPS[vector[3 * j + 1]!]!, b]);
  }
  return edges;
}

export function encodeDarts(arch: DartsArch): number[] {
  return [...encodeCell(arch.normal), ...encodeCell(arch.reduce)];
}

/** The architecture of a vector inside `DARTS_NVEC` (every such vector is valid). */
export function decodeDarts(vector: readonly number[]): DartsArch {
  const half = DARTS_NVEC.length / 2;
  return freezeArch(decodeCell(vector.slice(0, half)), decodeCell(vector.slice(half)));
}
