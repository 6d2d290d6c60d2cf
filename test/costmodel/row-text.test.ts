import { expect } from 'chai';
import { analyzeLayer } from '../../src/costmodel/clusters.js';
import { planLayer, type LayerPlan } from '../../src/costmodel/engine.js';
import { layerRow } from '../../src/costmodel/metrics.js';
import { MAX_ROW_TEXT_PIECES, putRowText, rowText } from '../../src/costmodel/row-text.js';
import { TIMING_STRIDE, timeLayer } from '../../src/costmodel/timing.js';
import { tensorTable } from '../../src/costmodel/tensors.js';
import { formatCsvRow } from '../../src/maestro/csv.js';
import { parseHardware } from '../../src/maestro/hardware-file.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';
import type { HardwareSpec, LayerSpec } from '../../src/maestro/types.js';
import { loadHandCases } from '../support/maestro-reference.js';

const twoLayer = loadHandCases().find((c) => c.id === '10b_twolayer')!;
const HW: HardwareSpec = parseHardware(twoLayer.hw);

function planAndTiming(layer: LayerSpec): { plan: LayerPlan; timing: Float64Array } {
  const plan = planLayer(analyzeLayer(layer, HW, tensorTable(layer.type, false)), HW);
  const timing = new Float64Array(TIMING_STRIDE);
  timeLayer(plan, HW, timing, 0);
  return { plan, timing };
}

/** The row's cells after the two names, as `formatCsvRow` prints them. */
function numericText(plan: LayerPlan, timing: Float64Array, previousL1: number): string {
  return formatCsvRow(layerRow('n', 'l', plan, timing, 0, HW, previousL1)).slice('n,l,'.length);
}

function printed(text: ReturnType<typeof rowText>, plan: LayerPlan, timing: Float64Array, previousL1: number): string {
  const pieces: string[] = ['before'];
  const end = putRowText(pieces, 1, text, plan, timing[0]!, previousL1);
  expect(end - 1).to.be.within(1, MAX_ROW_TEXT_PIECES);
  expect(pieces).to.have.length(end);
  return pieces.slice(1).join('');
}

describe('costmodel/row-text', () => {
  const layers = parseMapping(twoLayer.mapping).layers;
  const single = planAndTiming(layers[0]!);
  const multi = planAndTiming(layers[1]!);

  it('keeps a single-level layer whole: the same cells whatever the previous layer', () => {
    expect(single.plan.multiLevel).to.equal(false);
    const text = rowText(layerRow('n', 'l', single.plan, single.timing, 0, HW, 0), false);
    expect(text.cells).to.equal(numericText(single.plan, single.timing, 0));
    expect(text.bytes).to.be.greaterThan(text.cells!.length);
    expect(printed(text, single.plan, single.timing, 12345)).to.equal(numericText(single.plan, single.timing, 12345));
  });

  it("splits a multi-level layer around its energy cells, which take the previous layer's L1 accesses (Q2)", () => {
    expect(multi.plan.multiLevel).to.equal(true);
    const text = rowText(layerRow('n', 'l', multi.plan, multi.timing, 0, HW, 0), true);
    expect(text.cells).to.equal(undefined);
    expect(text.beforeEnergy.split(',')).to.have.length(3);
    for (const previousL1 of [0, single.plan.l1Accesses, 1e9 + 0.5]) {
      expect(printed(text, multi.plan, multi.timing, previousL1), String(previousL1)).to.equal(numericText(multi.plan, multi.timing, previousL1));
    }
    expect(numericText(multi.plan, multi.timing, 0)).to.not.equal(numericText(multi.plan, multi.timing, single.plan.l1Accesses));
  });
});
