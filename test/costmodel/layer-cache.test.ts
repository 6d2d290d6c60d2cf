import { expect } from 'chai';
import { LayerCache, PlanEntry, ShapeSignature, TimingStore } from '../../src/costmodel/layer-cache.js';
import { RowText } from '../../src/costmodel/row-text.js';
import { TIMING_STRIDE } from '../../src/costmodel/timing.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';

function text(cells: string): RowText {
  return new RowText(cells, '', '', '', '', 224 + cells.length);
}

describe('costmodel/layer-cache', () => {
  it('keeps a CSV text with its timing record, through the table growing', () => {
    const store = new TimingStore(4);
    const record = new Float64Array(TIMING_STRIDE).fill(7);
    expect(store.setText(0, 1, 2, 3, text('none'))).to.equal(false);
    expect(store.findText(0, 1, 2, 3)).to.equal(undefined);
    store.insert(0, 1, 2, 3, record, 0);
    expect(store.findText(0, 1, 2, 3)).to.equal(undefined);
    expect(store.setText(0, 1, 2, 3, text('first'))).to.equal(true);
    expect(store.setText(0, 1, 2, 3, text('again'))).to.equal(false);
    for (let plan = 1; plan < 50; plan++) {
      store.insert(plan, 1, 2, 3, record, 0);
      store.setText(plan, 1, 2, 3, text(`plan ${plan}`));
    }
    expect(store.findText(0, 1, 2, 3)!.cells).to.equal('first');
    expect(store.findText(33, 1, 2, 3)!.cells).to.equal('plan 33');
    expect(store.findText(33, 1, 2, 4)).to.equal(undefined);
  });

  it("counts a kept text in the cache's bytes and drops it with the cache", () => {
    const cache = new LayerCache({ maxRecords: 100, maxBytes: 1_000_000 });
    const entry = new PlanEntry(-1, 16, 1, undefined, undefined, 0, undefined);
    cache.addRowText(entry, 64, 1, 1000, text('not kept: the plan is not in the cache'));
    expect(cache.findRowText(entry, 64, 1, 1000)).to.equal(undefined);
    const signature = new ShapeSignature();
    const layer = parseMapping('Network n { Layer L { Type: CONV Dimensions { K: 4, C: 4, R: 1, S: 1, Y: 4, X: 4 } } }').layers[0]!;
    expect(signature.build(layer, false)).to.equal(true);
    const shape = cache.insert(signature);
    cache.addPlan(shape, entry);
    cache.addTiming(entry, 64, 1, 1000, new Float64Array(TIMING_STRIDE), 0);
    const before = cache.bytes;
    const kept = text('12,4611,171.709');
    cache.addRowText(entry, 64, 1, 1000, kept);
    expect(cache.bytes).to.equal(before + kept.bytes);
    expect(cache.findRowText(entry, 64, 1, 1000)).to.equal(kept);
    expect(cache.findRowText(entry, 32, 1, 1000)).to.equal(undefined);
    cache.clear();
    expect(cache.findRowText(entry, 64, 1, 1000)).to.equal(undefined);
  });
});
