/**
 * A layer's numeric CSV cells as text, written once per analysis and reused. MAESTRO's numbers for
 * a layer depend only on its plan, its timing record and the hardware they are keyed by, except a
 * multi-level layer's energy and the two ratios computed from it, which take the previous layer's
 * L1 accesses (Q2): that text leaves those three cells out and they are printed for each row.
 */
import { formatDouble, MAESTRO_NUMERIC_KEYS, NUMERIC_CELL_PIECES, putNumericCells, type MaestroCsvRow } from '../maestro/csv.js';
import type { LayerPlan } from './engine.js';
import { layerEnergyNJ, opsPerJoule, throughputPerEnergy } from './metrics.js';

/** Where `putNumericCells` puts the three cells that depend on the energy (cell k at piece 2k). */
const ENERGY_PIECE = 2 * MAESTRO_NUMERIC_KEYS.indexOf('energyNJ');
const THROUGHPUT_PER_ENERGY_PIECE = 2 * MAESTRO_NUMERIC_KEYS.indexOf('throughputPerEnergy');
const OPS_PER_JOULE_PIECE = 2 * MAESTRO_NUMERIC_KEYS.indexOf('opsPerJoule');

/**
 * Bytes a `RowText` holds besides its characters (one byte each): the object, a string header and
 * the four slices of a split text.
 */
const ROW_TEXT_OVERHEAD_BYTES = 224;

/** The numeric cells of a layer's row, whole or split around its energy cells. */
export class RowText {
  constructor(
    /** The 50 numeric cells and their separators (NumPEs to Arithmetic Intensity); undefined when split. */
    readonly cells: string | undefined,
    /** When split: the text before the energy cell, between it and Throughput Per Energy, between that and Ops/J, and after Ops/J. */
    readonly beforeEnergy: string,
    readonly beforeThroughputPerEnergy: string,
    readonly beforeOpsPerJoule: string,
    readonly afterOpsPerJoule: string,
    /** An estimate of the memory it holds, bytes. */
    readonly bytes: number,
  ) {}
}

/** Pieces of one row's cells, reused (the text is copied out by `join`). */
const scratch = new Array<string>(NUMERIC_CELL_PIECES);

/**
 * The text of a row's numeric cells, as `writeMaestroCsv` prints them. With `energyFromPrevious`
 * (a multi-level layer) it is split around the energy cells, so that rows with another previous
 * layer can reuse it through `putRowText`.
 */
export function rowText(row: MaestroCsvRow, energyFromPrevious: boolean): RowText {
  putNumericCells(scratch, 0, row);
  const text = scratch.join('');
  const bytes = ROW_TEXT_OVERHEAD_BYTES + text.length;
  if (!energyFromPrevious) return new RowText(text, '', '', '', '', bytes);
  const energyStart = lengthOfPieces(0, ENERGY_PIECE);
  const energyEnd = energyStart + scratch[ENERGY_PIECE]!.length;
  const ratioStart = energyEnd + lengthOfPieces(ENERGY_PIECE + 1, THROUGHPUT_PER_ENERGY_PIECE);
  const ratioEnd = ratioStart + scratch[THROUGHPUT_PER_ENERGY_PIECE]!.length;
  const opsStart = ratioEnd + lengthOfPieces(THROUGHPUT_PER_ENERGY_PIECE + 1, OPS_PER_JOULE_PIECE);
  const opsEnd = opsStart + scratch[OPS_PER_JOULE_PIECE]!.length;
  return new RowText(
    undefined,
    text.slice(0, energyStart),
    text.slice(energyEnd, ratioStart),
    text.slice(ratioEnd, opsStart),
    text.slice(opsEnd),
    bytes,
  );
}

function lengthOfPieces(from: number, to: number): number {
  let length = 0;
  for (let i = from; i < to; i++) length += scratch[i]!.length;
  return length;
}

/**
 * Puts a layer's numeric cells into `pieces` from index `at` and returns the index after them: the
 * whole text, or a split text with the energy cells of this row (the layer's plan and runtime, after
 * a layer with `previousL1Accesses`).
 */
export function putRowText(pieces: string[], at: number, text: RowText, plan: LayerPlan, runtimeCycles: number, previousL1Accesses: number): number {
  if (text.cells !== undefined) {
    pieces[at] = text.cells;
    return at + 1;
  }
  const energyNJ = layerEnergyNJ(plan, previousL1Accesses);
  pieces[at++] = text.beforeEnergy;
  pieces[at++] = formatDouble(energyNJ);
  pieces[at++] = text.beforeThroughputPerEnergy;
  pieces[at++] = formatDouble(throughputPerEnergy(plan.macs, runtimeCycles, energyNJ));
  pieces[at++] = text.beforeOpsPerJoule;
  pieces[at++] = formatDouble(opsPerJoule(plan.macs, energyNJ));
  pieces[at++] = text.afterOpsPerJoule;
  return at;
}

/** The most pieces `putRowText` puts. */
export const MAX_ROW_TEXT_PIECES = 7;
