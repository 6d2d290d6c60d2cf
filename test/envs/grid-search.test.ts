import { expect } from 'chai';
import {
  acceleratorAllowed,
  allAccelerators,
  bestDesignCandidates,
  completeGrid,
  evaluateWorkload,
  GridFold,
  searchGrid,
  shortcutProof,
  STUDY_GRID,
  type BudgetMetric,
  type GridConstraints,
  type HardwareDesign,
} from '../../envs/index.js';
import { AnalysisError, LayerShapes, paretoFront } from '../../src/analysis/index.js';
import { publishedAccuracy } from '../../src/accuracy/index.js';
import { CostModel } from '../../src/costmodel/index.js';
import { createSpace, zooNetwork, type Network } from '../../src/workloads/index.js';

const GRID = completeGrid({
  numPes: [32, 256],
  l1SizeElements: [64, 512],
  l2SizeElements: [1024, 65536],
  nocBandwidthElemsPerCycle: [300, 1000],
  offchipBandwidthElemsPerCycle: [50, 350],
  dataflows: ['kcp_ws', 'rs', 'ykp_os'],
});

const space = createSpace('nasbench201');
const NETWORKS: Network[] = [...[[3, 3, 3, 3, 3, 3], [2, 1, 3, 0, 2, 4], [1, 2, 1, 2, 1, 2]].map((v) => space.toNetwork(space.decode(v))), zooNetwork('mobilenet_v2')];
const ACCURACY = [94, 88, 85, 72];

/** Each network's metrics on one design by the environments' own evaluation (undefined where infeasible). */
function direct(network: Network, design: HardwareDesign, model: CostModel, constraints: GridConstraints): { latency: number; energy: number; edp: number } | undefined {
  if (!acceleratorAllowed(design, constraints)) return undefined;
  try {
    const { metrics, invalidLayers } = evaluateWorkload([network], design, model);
    if (invalidLayers > 0) return undefined;
    if (constraints.enforceBufferSizes && (metrics.l1SizeReqElements > design.l1SizeElements || metrics.l2SizeReqElements > design.l2SizeElements)) return undefined;
    return { latency: metrics.latencyCycles, energy: metrics.energyNJ, edp: metrics.edp };
  } catch {
    return undefined;
  }
}

describe('envs/searchGrid', function () {
  this.timeout(120_000);
  const model = new CostModel();
  const accelerators = allAccelerators(GRID);

  for (const constraints of [{}, { maxAreaUm2: 1.5e8 }, { maxPowerMW: 400 }, { enforceBufferSizes: true }] as GridConstraints[]) {
    it(`finds every network's best latency, energy and EDP and the per-accelerator fronts, as evaluating each design does (${JSON.stringify(constraints)})`, () => {
      const found = searchGrid(LayerShapes.of(NETWORKS), GRID, { model, constraints, search: 'exhaustive', accuracy: ACCURACY, fronts: ['latency', 'energy', 'edp', 'latency+energy'] });
      expect(found.search).to.equal('exhaustive');
      expect(found.evaluated).to.equal(accelerators.length);
      expect(found.accelerators).to.deep.equal(accelerators);
      expect(found.allowed).to.equal(accelerators.filter((d) => acceleratorAllowed(d, constraints)).length);
      const perDesign = accelerators.map((design) => NETWORKS.map((network) => direct(network, design, model, constraints)));
      for (const metric of ['latency', 'energy', 'edp'] as BudgetMetric[]) {
        NETWORKS.forEach((_, k) => {
          let value = Number.POSITIVE_INFINITY;
          let at = -1;
          perDesign.forEach((row, a) => {
            const m = row[k];
            if (m !== undefined && m[metric] < value) {
              value = m[metric];
              at = a;
            }
          });
          expect(found.best[metric].value[k], `${metric} of network ${k}`).to.equal(value);
          expect(found.best[metric].accelerator[k]).to.equal(at);
        });
        const union = new Set<number>();
        for (const row of perDesign) {
          const feasible = NETWORKS.map((_, k) => k).filter((k) => row[k] !== undefined);
          for (const i of paretoFront(feasible.map((k) => [ACCURACY[k]!, row[k]![metric]]), ['max', 'min'])) union.add(feasible[i]!);
        }
        expect(Array.from(found.perAcceleratorFront[metric]!.entries()).filter(([, m]) => m === 1).map(([k]) => k)).to.deep.equal([...union].sort((a, b) => a - b));
      }
      expect(Array.from(found.feasibleAccelerators)).to.deep.equal(NETWORKS.map((_, k) => perDesign.filter((row) => row[k] !== undefined).length));
      // Each constraint leaves some designs out, never all.
      const feasibleDesigns = Array.from(found.feasibleAccelerators).reduce((a, b) => a + b, 0);
      if (Object.keys(constraints).length > 0) expect(feasibleDesigns).to.be.within(1, NETWORKS.length * accelerators.length - 1);
    });
  }

  it('uses the shortcut where it is proven, with the same best values', () => {
    const grid = completeGrid({ numPes: [32, 256], nocBandwidthElemsPerCycle: [300, 1000], offchipBandwidthElemsPerCycle: [50, 350], dataflows: ['kcp_ws', 'rs'] });
    const shapes = LayerShapes.of(NETWORKS.slice(0, 3));
    const scope = { space: 'nasbench201', preset: 'cifar10', keys: [] };
    const auto = searchGrid(shapes, grid, { model, scope });
    const exhaustive = searchGrid(shapes, grid, { model, scope, search: 'exhaustive' });
    expect(auto.search).to.equal('shortcut');
    expect(auto.evaluated).to.equal(4);
    for (const metric of ['latency', 'energy', 'edp'] as BudgetMetric[]) expect(Array.from(auto.best[metric].value)).to.deep.equal(Array.from(exhaustive.best[metric].value));
    // Fronts need every accelerator; a cap takes the proof away.
    expect(searchGrid(shapes, grid, { model, scope, accuracy: [1, 2, 3], fronts: ['latency'] }).search).to.equal('exhaustive');
    expect(searchGrid(shapes, grid, { model, scope, constraints: { maxAreaUm2: 1e9 } }).search).to.equal('exhaustive');
    expect(() => searchGrid(shapes, grid, { model, scope, search: 'shortcut', accuracy: [1, 2, 3], fronts: ['latency'] })).to.throw(AnalysisError, /per-accelerator fronts need every accelerator/);
    expect(() => searchGrid(shapes, grid, { model, search: 'shortcut' })).to.throw(AnalysisError, /shortcut is not proven here: the networks are not named/);
    expect(() => searchGrid(shapes, grid, { model, search: 'fast' as never })).to.throw(AnalysisError, /unknown search "fast"/);
  });

  it('bestDesignCandidates keeps one accelerator per PE count and dataflow, at the largest bandwidths', () => {
    const candidates = bestDesignCandidates(GRID);
    expect(candidates).to.have.length(2 * 3);
    for (const design of candidates) {
      expect(design.nocBandwidthElemsPerCycle).to.equal(1000);
      expect(design.offchipBandwidthElemsPerCycle).to.equal(350);
    }
  });

  it('says where the shortcut is proven and why not elsewhere', () => {
    const darts = publishedAccuracy('darts').keys;
    expect(shortcutProof({ zoo: ['resnet50', 'vgg16'] }, STUDY_GRID)).to.deep.equal({ proven: true });
    expect(shortcutProof({ space: 'nasbench201', preset: 'ImageNet16-120', keys: [] }, STUDY_GRID)).to.deep.equal({ proven: true });
    expect(shortcutProof({ space: 'darts', preset: 'codesign-study', keys: darts.slice(0, 3) }, GRID)).to.deep.equal({ proven: true });
    expect(shortcutProof({ space: 'alphanet', preset: 'codesign-study', keys: publishedAccuracy('alphanet', { set: 'all' }).keys.slice(-2) }, STUDY_GRID)).to.deep.equal({ proven: true });
    const reasons: [Parameters<typeof shortcutProof>, RegExp][] = [
      [[undefined, STUDY_GRID], /not named/],
      [[{ zoo: ['lenet'] }, STUDY_GRID], /lenet is not a zoo network/],
      [[{ zoo: ['vgg16'] }, STUDY_GRID, { maxPowerMW: 500 }], /caps and buffer limits/],
      [[{ zoo: ['vgg16'] }, STUDY_GRID, { enforceBufferSizes: true }], /caps and buffer limits/],
      [[{ zoo: ['vgg16'] }, completeGrid({ nocBandwidthElemsPerCycle: [2000] })], /not all among the study grid's values/],
      [[{ space: 'alphanet', preset: 'attentivenas', keys: [] }, STUDY_GRID], /alphanet space with preset attentivenas is not covered/],
      [[{ space: 'darts', preset: 'standard', keys: [createSpace('darts').key(createSpace('darts').decode(createSpace('darts').nvec.map(() => 0)))] }, STUDY_GRID], /darts architecture .* is not among the published ones/],
    ];
    for (const [args, reason] of reasons) {
      const proof = shortcutProof(...args);
      expect(proof.proven, String(reason)).to.equal(false);
      expect((proof as { reason: string }).reason).to.match(reason);
    }
  });

  it('GridFold refuses fronts without accuracies and unknown objectives', () => {
    expect(() => new GridFold(2, { fronts: ['latency'] })).to.throw(AnalysisError, /need one accuracy per architecture \(2\)/);
    expect(() => new GridFold(1, { accuracy: [1], fronts: ['speed' as never] })).to.throw(AnalysisError, /unknown front objective "speed"/);
  });
});
