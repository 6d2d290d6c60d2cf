import { expect } from 'chai';
import { allAccelerators, completeGrid, evaluateWorkload, hardwareSpec, type HardwareDesign } from '../../envs/index.js';
import { AnalysisError, LayerShapes } from '../../src/analysis/index.js';
import { CostModel } from '../../src/costmodel/index.js';
import { createRng } from '../../src/random/rng.js';
import { createLayer, createSpace, Network, ZOO_NAMES, zooNetwork } from '../../src/workloads/index.js';

/** A network MAESTRO cannot map with `rs`: a 3x3 convolution on a 2x2 input, written as the frontends write it. */
function tooSmallForRs(): Network {
  const conv = (name: string, Y: number) => createLayer({ name, type: 'CONV', K: 8, C: 8, R: 3, S: 3, Y, X: Y, padding: 1 });
  return new Network('too-small', [conv('a', 8), conv('b', 2), conv('c', 8)], { maestroConvention: 'frontend' });
}

/** A few accelerators of every dataflow, PE counts and bandwidths far apart. */
const ACCELERATORS: HardwareDesign[] = allAccelerators(
  completeGrid({ numPes: [16, 256], nocBandwidthElemsPerCycle: [300, 1000], offchipBandwidthElemsPerCycle: [50, 350], dataflows: ['kcp_ws', 'rs', 'xp_ws', 'ykp_os'] }),
).filter((_, i) => i % 3 === 0);

function networksOf(name: 'nasbench201' | 'darts' | 'alphanet', preset: string | undefined, count: number, seed: number): Network[] {
  const space = createSpace(name, preset);
  const rng = createRng(seed);
  return Array.from({ length: count }, () => space.toNetwork(space.sample(rng) as never));
}

describe('analysis/LayerShapes', function () {
  this.timeout(120_000);
  const cases: [string, Network[]][] = [
    ['nasbench201', networksOf('nasbench201', undefined, 25, 1)],
    ['darts (codesign-study)', networksOf('darts', 'codesign-study', 6, 2)],
    ['alphanet', networksOf('alphanet', undefined, 6, 3)],
    ['the zoo', ZOO_NAMES.map((name) => zooNetwork(name))],
    ['a network rs cannot map', [tooSmallForRs(), zooNetwork('squeezenet')]],
  ];

  for (const [name, networks] of cases) {
    it(`sums every network's latency and energy exactly as the cost model does: ${name}`, () => {
      const model = new CostModel();
      const shapes = LayerShapes.of(networks);
      expect(shapes.networkCount).to.equal(networks.length);
      expect(shapes.shapeCount).to.be.at.most(networks.reduce((n, net) => n + net.layers.length, 0));
      let infeasible = 0;
      for (const design of ACCELERATORS) {
        const metrics = shapes.networkMetrics(shapes.evaluate({ hardware: hardwareSpec(design), dataflow: design.dataflow }, model));
        networks.forEach((network, k) => {
          let expected: ReturnType<typeof evaluateWorkload> | undefined;
          try {
            expected = evaluateWorkload([network], design, model);
          } catch {
            expected = undefined;
          }
          const feasible = expected !== undefined && expected.invalidLayers === 0;
          expect(metrics.feasible[k], `${network.name} on ${JSON.stringify(design)}`).to.equal(feasible ? 1 : 0);
          if (!feasible) {
            infeasible++;
            expect(metrics.latencyCycles[k]).to.be.NaN;
            return;
          }
          // Bit for bit: the layers are summed in the network's order, as the cost model sums them.
          expect(metrics.latencyCycles[k]).to.equal(expected!.metrics.latencyCycles);
          expect(metrics.energyNJ[k]).to.equal(expected!.metrics.energyNJ);
          expect(metrics.l1SizeReqElements[k]).to.equal(expected!.metrics.l1SizeReqElements);
          expect(metrics.l2SizeReqElements[k]).to.equal(expected!.metrics.l2SizeReqElements);
        });
      }
      if (name === 'a network rs cannot map') expect(infeasible).to.equal(ACCELERATORS.filter((d) => d.dataflow === 'rs').length);
    });
  }

  it('evaluates identical networks once (sequences) and shapes once per accelerator', () => {
    const space = createSpace('nasbench201');
    // The same cell twice is one sequence; so are a cell of skips and a cell of nothing (neither has a convolution).
    const networks = [[3, 3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 3], [2, 2, 2, 2, 2, 2], [1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0]].map((v) => space.toNetwork(space.decode(v)));
    const shapes = LayerShapes.of(networks);
    expect(shapes.sequenceCount).to.equal(3);
    expect(Array.from(shapes.networkSequence)).to.deep.equal([0, 0, 1, 2, 2]);
    // Equal networks that are distinct objects are one sequence too.
    const rebuilt = networks.map((network) => new Network(network.name, network.layers, { maestroConvention: network.maestroConvention }));
    expect(Array.from(LayerShapes.of([...networks, ...rebuilt]).networkSequence)).to.deep.equal([0, 0, 1, 2, 2, 0, 0, 1, 2, 2]);
    expect(shapes.shapeKeys).to.have.length(shapes.shapeCount);
    expect(new Set(shapes.shapeKeys).size).to.equal(shapes.shapeCount);
    expect(shapes.pairShape.length).to.equal(shapes.pairCount);
  });

  it('rebuilds from plain parts (a worker thread) and evaluates alike', () => {
    const networks = networksOf('alphanet', undefined, 3, 9);
    const shapes = LayerShapes.of(networks);
    const parts = JSON.parse(JSON.stringify(shapes.parts())) as ReturnType<LayerShapes['parts']>;
    const rebuilt = LayerShapes.fromParts(parts);
    expect(rebuilt.shapeKeys).to.deep.equal(shapes.shapeKeys);
    expect(rebuilt.networkCount).to.equal(0);
    const accelerator = { hardware: hardwareSpec(ACCELERATORS[1]!), dataflow: ACCELERATORS[1]!.dataflow };
    const a = shapes.evaluate(accelerator, new CostModel());
    const b = rebuilt.evaluate(accelerator, new CostModel());
    expect(Array.from(b.runtimeCycles)).to.deep.equal(Array.from(a.runtimeCycles));
    expect(Array.from(b.pairEnergyNJ)).to.deep.equal(Array.from(a.pairEnergyNJ));
  });

  it('rejects bad inputs with a clear error', () => {
    expect(() => LayerShapes.of([])).to.throw(AnalysisError, /non-empty array of networks/);
    expect(() => LayerShapes.of([{ layers: [] } as never])).to.throw(AnalysisError, /network 0 is not a Network/);
    const shapes = LayerShapes.of([zooNetwork('squeezenet')]);
    expect(() => LayerShapes.fromParts({ ...shapes.parts(), pairs: [[-1, 999]] })).to.throw(AnalysisError, /pair \(-1, 999\) names a shape outside/);
    const other = LayerShapes.of([zooNetwork('vgg16')]).evaluate({ hardware: hardwareSpec(ACCELERATORS[0]!), dataflow: 'kcp_ws' }, new CostModel());
    expect(() => shapes.networkMetrics(other)).to.throw(AnalysisError, /do not fit/);
  });
});
