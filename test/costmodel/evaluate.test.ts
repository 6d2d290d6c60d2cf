import { expect } from 'chai';
import { batchedLayerTypes, CostModel, DEFAULT_COST_MODEL_CACHE_BYTES, evaluateNetwork } from '../../src/costmodel/evaluate.js';
import { writeMaestroCsv } from '../../src/maestro/csv.js';
import { parseHardware } from '../../src/maestro/hardware-file.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';
import { DEFAULT_HARDWARE, freezeNetwork, isLayerFrozen, type HardwareSpec, type LayerSpec, type NetworkSpec } from '../../src/maestro/types.js';
import { createRng } from '../../src/random/rng.js';
import { createSpace, toNetworkSpec } from '../../src/workloads/index.js';
import { loadGeneratedCases, loadHandCases } from '../support/maestro-reference.js';

const hand = loadHandCases();
const twoLayer = hand.find((c) => c.id === '10b_twolayer')!;
const HW = parseHardware(twoLayer.hw);

function base(): LayerSpec {
  return parseMapping(hand.find((c) => c.id === '01_base')!.mapping).layers[0]!;
}

describe('costmodel/evaluate', () => {
  it("evaluates a network into MAESTRO's rows and totals", () => {
    const cost = new CostModel().evaluateNetwork(parseMapping(twoLayer.mapping), HW);
    expect(cost.networkName).to.equal('10b_twolayer');
    expect(cost.layers.map((r) => r.runtimeCycles)).to.deep.equal([4611, 7180]);
    expect(cost.runtimeCycles).to.equal(4611 + 7180);
    expect(cost.macs).to.equal(73728 + 294912);
    expect(cost.energyNJ).to.be.closeTo(169.518 + 306.693, 1e-2);
    expect(cost.l2SizeReqElements).to.equal(1448);
    expect(cost.l1SizeReqElements).to.equal(54);
    expect(cost.invalidLayers).to.equal(0);
  });

  it('evaluates one layer as a network of its own', () => {
    const row = new CostModel().evaluateLayer(base(), parseHardware(hand.find((c) => c.id === '01_base')!.hw), 'solo');
    expect(row).to.include({ networkName: 'solo', layerName: 'L1', runtimeCycles: 4611 });
  });

  it("keeps MAESTRO's previous-layer L1 energy (Q2) however the cache is filled", () => {
    const network = parseMapping(twoLayer.mapping);
    const secondAlone: NetworkSpec = { name: 'alone', layers: [network.layers[1]!] };
    for (const order of [
      [secondAlone, network],
      [network, secondAlone],
    ]) {
      const model = new CostModel();
      const energies = order.map((n) => model.evaluateNetwork(n, HW).layers.at(-1)!.energyNJ);
      const alone = order[0] === secondAlone ? energies[0]! : energies[1]!;
      const inNetwork = order[0] === secondAlone ? energies[1]! : energies[0]!;
      expect(alone).to.be.closeTo(191.552, 1e-3);
      expect(inNetwork).to.be.closeTo(306.693, 1e-3);
    }
  });

  it('serves repeated layer shapes from the cache and counts hits and misses', () => {
    const model = new CostModel();
    const network = parseMapping(twoLayer.mapping);
    model.evaluateNetwork(network, HW);
    expect(model.statistics).to.deep.equal({ hits: 0, misses: 2, size: 2 });
    model.evaluateNetwork(parseMapping(twoLayer.mapping), HW);
    expect(model.statistics).to.deep.equal({ hits: 2, misses: 2, size: 2 });
    // L1/L2 size limits only produce warnings in MAESTRO: the same result.
    model.evaluateNetwork(network, { ...HW, l1SizeElements: 7 });
    expect(model.statistics.hits).to.equal(4);
    model.evaluateNetwork(network, { ...HW, nocBandwidthElemsPerCycle: 8 });
    expect(model.statistics.misses).to.equal(4);
    model.clearCache();
    expect(model.statistics).to.deep.equal({ hits: 0, misses: 0, size: 0 });
  });

  it('never returns a stale result for a layer changed after it was cached', () => {
    const model = new CostModel();
    const layer = base();
    const network: NetworkSpec = { name: 'n', layers: [layer] };
    const before = model.evaluateNetwork(network, HW).runtimeCycles;
    layer.dimensions.K = 32;
    const after = model.evaluateNetwork(network, HW).runtimeCycles;
    expect(after).to.not.equal(before);
    expect(after).to.equal(evaluateNetwork(network, HW).runtimeCycles);
  });

  it('recognises frozen layers by identity, with the same results', () => {
    const model = new CostModel();
    const frozen = freezeNetwork(parseMapping(twoLayer.mapping));
    expect(isLayerFrozen(frozen.layers[0]!)).to.equal(true);
    expect(isLayerFrozen(base())).to.equal(false);
    const first = model.evaluateNetwork(frozen, HW);
    const second = model.evaluateNetwork(frozen, HW);
    expect(second).to.deep.equal(first);
    expect(model.statistics.hits).to.equal(2);
    expect(() => {
      (frozen.layers[0]!.dimensions as { K: number }).K = 1;
    }).to.throw(TypeError);
  });

  it('gives totals equal to the sums over the rows, and does not cache when the size is 0', () => {
    const model = new CostModel({ cacheSize: 0 });
    for (const c of loadGeneratedCases().filter((x) => x.kind.startsWith('network') && x.status === 'ok').slice(0, 6)) {
      const network = parseMapping(c.mapping);
      const hw = parseHardware(c.hw);
      const cost = model.evaluateNetwork(network, hw);
      const totals = model.evaluateTotals(network, hw);
      expect(totals.runtimeCycles).to.equal(cost.layers.reduce((s, r) => s + r.runtimeCycles, 0));
      expect(totals.energyNJ).to.be.closeTo(cost.layers.reduce((s, r) => s + r.energyNJ, 0), 1e-6);
      expect(totals.l2SizeReqElements).to.equal(Math.max(...cost.layers.map((r) => r.l2SizeReqElements)));
    }
    expect(model.statistics.size).to.equal(0);
  });

  it('counts layers with no valid iteration (MAESTRO runtime 0) as invalid', () => {
    const c = loadGeneratedCases().find((x) => x.id === 's1-515')!;
    const totals = new CostModel().evaluateTotals(parseMapping(c.mapping), parseHardware(c.hw));
    expect(totals.invalidLayers).to.equal(1);
  });

  it('decides batch tensors from the first layer of each type (Q16)', () => {
    const layers = [
      { name: 'a', type: 'CONV', dimensions: { K: 1 } },
      { name: 'b', type: 'TRCONV', dimensions: { N: 2 } },
      { name: 'c', type: 'DSCONV', dimensions: { N: 2 } },
    ] as LayerSpec[];
    expect([...batchedLayerTypes(layers)]).to.deep.equal(['DSCONV']);
  });

  it('multiplies MACs by the batch and treats TRCONV as CONV', () => {
    const layer = base();
    const hw = parseHardware(hand.find((c) => c.id === '01_base')!.hw);
    const batched: LayerSpec = {
      ...layer,
      dimensions: { N: 2, ...layer.dimensions },
      dataflow: [{ kind: 'TemporalMap', size: 1, offset: 1, dim: 'N' }, ...layer.dataflow!],
    };
    expect(evaluateNetwork({ name: 'n', layers: [batched] }, hw).macs).to.equal(2 * 73728);
    const tr = evaluateNetwork({ name: 'n', layers: [{ ...layer, type: 'TRCONV' }] }, hw).layers[0]!;
    const conv = evaluateNetwork({ name: 'n', layers: [layer] }, hw).layers[0]!;
    expect(tr).to.deep.equal(conv);
  });

  it('counts every MAC of a grouped convolution (NGCONV)', () => {
    const layer: LayerSpec = {
      name: 'g',
      type: 'NGCONV',
      dimensions: { G: 2, K: 4, C: 3, R: 3, S: 3, Y: 6, X: 6 },
      dataflow: [
        { kind: 'SpatialMap', size: 1, offset: 1, dim: 'K' },
        { kind: 'TemporalMap', size: 1, offset: 1, dim: 'G' },
        { kind: 'TemporalMap', size: 1, offset: 1, dim: 'C' },
        { kind: 'TemporalMap', size: 3, offset: 1, dim: 'Y' },
        { kind: 'TemporalMap', size: 3, offset: 1, dim: 'X' },
      ],
    };
    const row = evaluateNetwork({ name: 'n', layers: [layer] }, { ...DEFAULT_HARDWARE, numPes: 4 }).layers[0]!;
    expect(row.numMacs).to.equal(2 * 4 * 3 * 3 * 3 * 4 * 4);
    expect(row.runtimeCycles).to.be.greaterThan(0);
    expect(row.totalWeightElements).to.equal(2 * 4 * 3 * 3 * 3);
  });

  it('keeps its cache within the byte budget and the record limit, with the same results', () => {
    const cases = loadGeneratedCases().filter((c) => c.status === 'ok').slice(0, 120);
    const reference = new CostModel({ cacheSize: 0 });
    const small = new CostModel({ cacheBytes: 64 * 1024 });
    const few = new CostModel({ cacheSize: 10 });
    for (const c of cases) {
      const network = parseMapping(c.mapping);
      const hw = parseHardware(c.hw);
      const expected = reference.evaluateNetwork(network, hw);
      expect(small.evaluateNetwork(network, hw)).to.deep.equal(expected);
      expect(few.evaluateNetwork(network, hw)).to.deep.equal(expected);
      expect(small.memory.bytes).to.be.at.most(64 * 1024);
      expect(few.memory.records).to.be.at.most(10);
    }
    expect(small.memory.limitBytes).to.equal(64 * 1024);
    expect(new CostModel().memory.limitBytes).to.equal(DEFAULT_COST_MODEL_CACHE_BYTES);
  });

  it('gives the same results when its budget is passed in the middle of a network with shared (frozen) layers', () => {
    const space = createSpace('darts', 'codesign-study');
    const rng = createRng(5);
    const reference = new CostModel({ cacheSize: 0 });
    const tight = new CostModel({ cacheBytes: 40_000 });
    for (let i = 0; i < 30; i++) {
      const numPes = [16, 64, 256][i % 3]!;
      const hw = { ...DEFAULT_HARDWARE, numPes, nocBandwidthElemsPerCycle: 100 + 37 * i, offchipBandwidthElemsPerCycle: 50 + 11 * i };
      const spec = toNetworkSpec(space.toNetwork(space.sample(rng)), (['kcp_ws', 'rs', 'xp_ws'] as const)[i % 3]!, hw);
      expect(tight.evaluateNetwork(spec, hw)).to.deep.equal(reference.evaluateNetwork(spec, hw));
      expect(tight.memory.bytes).to.be.at.most(40_000);
    }
  });

  it('reuses a plan across bandwidths (only the timing is new) and evaluates a repeated shape once per network', () => {
    const model = new CostModel();
    const network = parseMapping(twoLayer.mapping);
    const doubled: NetworkSpec = { name: 'doubled', layers: [...network.layers, ...network.layers] };
    model.evaluateNetwork(doubled, HW);
    expect(model.statistics).to.deep.equal({ hits: 2, misses: 2, size: 2 });
    const slower = model.evaluateNetwork(doubled, { ...HW, nocBandwidthElemsPerCycle: 1 });
    expect(model.statistics.size).to.equal(4);
    expect(slower.layers[0]!.runtimeCycles).to.be.greaterThan(4611);
    expect(slower.layers[0]).to.deep.equal(evaluateNetwork({ name: 'doubled', layers: [network.layers[0]!] }, { ...HW, nocBandwidthElemsPerCycle: 1 }).layers[0]);
  });

  it("prints the CSV that writeMaestroCsv prints of evaluateNetwork's rows: multi-level and repeated layers, several accelerators, any cache", () => {
    const cases = [...hand, ...loadGeneratedCases()].filter((c) => c.status === 'ok').slice(0, 200);
    const reference = new CostModel({ cacheSize: 0 });
    const models = [new CostModel(), new CostModel({ cacheSize: 0 }), new CostModel({ cacheBytes: 40_000 }), new CostModel({ cacheSize: 10 })];
    let multiLevel = 0;
    for (const pass of [cases, [...cases].reverse()]) {
      for (const c of pass) {
        const network = parseMapping(c.mapping);
        const hw = parseHardware(c.hw);
        const networks = [network, { name: `${network.name}-twice`, layers: [...network.layers, ...network.layers.slice().reverse()] }];
        for (const n of networks) {
          for (const h of [hw, { ...hw, nocBandwidthElemsPerCycle: hw.nocBandwidthElemsPerCycle + 3 }]) {
            const expected = writeMaestroCsv(reference.evaluateNetwork(n, h).layers);
            for (const model of models) expect(model.evaluateNetworkCsv(n, h), `${c.id} ${n.name}`).to.equal(expected);
          }
        }
      }
    }
    for (const c of cases) multiLevel += (c.mapping.match(/Cluster/g) ?? []).length > 0 ? 1 : 0;
    expect(multiLevel).to.be.greaterThan(20);
    expect(models[0]!.statistics.hits).to.be.greaterThan(0);
    expect(models[2]!.memory.bytes).to.be.at.most(40_000);
    expect(models[3]!.memory.records).to.be.at.most(10);
  });

  it("prints a multi-level layer's energy from the layer before it (Q2) when its text was printed after another", () => {
    const network = parseMapping(twoLayer.mapping);
    const secondAlone: NetworkSpec = { name: 'alone', layers: [network.layers[1]!] };
    const model = new CostModel();
    const alone = model.evaluateNetworkCsv(secondAlone, HW);
    const inNetwork = model.evaluateNetworkCsv(network, HW);
    expect(alone.split('\n')[1]).to.match(/^alone,L2,\d+,\d+,191\.552,/);
    expect(inNetwork.split('\n')[2]).to.match(/^10b_twolayer,L2,\d+,\d+,306\.693,/);
    expect(inNetwork).to.equal(writeMaestroCsv(evaluateNetwork(network, HW).layers));
  });

  it("keeps each layer result's CSV text in the cache, counted in its bytes", () => {
    const model = new CostModel();
    const network = parseMapping(twoLayer.mapping);
    model.evaluateNetwork(network, HW);
    const withoutText = model.memory.bytes;
    const first = model.evaluateNetworkCsv(network, HW);
    const withText = model.memory.bytes;
    expect(withText - withoutText).to.be.greaterThan(first.length - first.split('\n')[0]!.length);
    expect(model.evaluateNetworkCsv(parseMapping(twoLayer.mapping), HW)).to.equal(first);
    expect(model.memory.bytes).to.equal(withText);
    expect(model.statistics).to.deep.equal({ hits: 4, misses: 2, size: 2 });
  });

  it('throws from evaluateNetworkCsv the error evaluateNetwork throws', () => {
    const failing = loadGeneratedCases().filter((c) => c.status !== 'ok');
    expect(failing.length).to.be.greaterThan(10);
    const model = new CostModel();
    let compared = 0;
    for (const c of failing) {
      let network: NetworkSpec;
      let hw: HardwareSpec;
      try {
        network = parseMapping(c.mapping);
        hw = parseHardware(c.hw);
      } catch {
        continue;
      }
      let expected: Error | undefined;
      try {
        model.evaluateNetwork(network, hw);
      } catch (error) {
        expected = error as Error;
      }
      expect(expected, c.id).to.be.instanceOf(Error);
      expect(() => model.evaluateNetworkCsv(network, hw), c.id).to.throw(expected!.constructor as new () => Error, expected!.message);
      compared++;
    }
    expect(compared).to.be.greaterThan(10);
  });

  it('rejects cache limits that are not non-negative integers', () => {
    expect(() => new CostModel({ cacheBytes: -1 })).to.throw(RangeError, 'CostModel: cacheBytes must be a non-negative integer, got -1');
    expect(() => new CostModel({ cacheSize: 0.5 })).to.throw(RangeError, 'CostModel: cacheSize must be a non-negative integer, got 0.5');
  });
});

