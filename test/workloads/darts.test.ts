import { expect } from 'chai';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { parseMaestroCsv, writeMaestroCsv } from '../../src/maestro/csv.js';
import { DEFAULT_HARDWARE, type HardwareSpec } from '../../src/maestro/types.js';
import { createRng } from '../../src/random/rng.js';
import {
  DARTS_NVEC,
  DARTS_OPS,
  DartsSpace,
  dartsFromKey,
  dartsKey,
  decodeDarts,
  encodeDarts,
  parseDartsArch,
  toLayerSpec,
  toNetworkSpec,
  WorkloadError,
  type DartsArch,
} from '../../src/workloads/index.js';
import { dartsStudyArchitectures } from '../../src/data/index.js';
import { readFixture } from '../support/fixtures.js';

interface StudyArch {
  position: number;
  seed_index: number;
  normal: unknown;
  reduce: unknown;
}

const archs: readonly StudyArch[] = dartsStudyArchitectures();

function fixtureRows(file: string): string[][] {
  return readFixture('darts', file).trim().split('\n').slice(1).map((line) => line.split(','));
}

/** The worked example's layer list (test/fixtures/darts/worked-example-layers.csv). */
function exampleLayers(): { type: string; linear: boolean; dims: number[]; stride: number | undefined }[] {
  return fixtureRows('worked-example-layers.csv').map((cells) => ({
    type: cells[1]!.startsWith('DSCONV') ? 'DSCONV' : 'CONV',
    linear: cells[1]!.includes('Linear'),
    dims: cells.slice(2, 8).map(Number),
    stride: cells[8] === '-' ? undefined : Number(cells[8]),
  }));
}

/** The worked example's MAESTRO results (test/fixtures/darts/worked-example-maestro.csv). */
function exampleResults(): { numPes: number; noc: number; offchip: number; dataflow: 'kcp_ws' | 'xp_ws' | 'rs'; runtimeCycles: number; energyNJ: string }[] {
  return fixtureRows('worked-example-maestro.csv').map((cells) => ({
    numPes: Number(cells[0]),
    noc: Number(cells[1]),
    offchip: Number(cells[2]),
    dataflow: cells[3] as 'kcp_ws',
    runtimeCycles: Number(cells[4]),
    energyNJ: cells[5]!,
  }));
}

function studyHardware(numPes: number, noc: number, offchip: number): HardwareSpec {
  return { ...DEFAULT_HARDWARE, numPes, l1SizeElements: 100, l2SizeElements: 3000, nocBandwidthElemsPerCycle: noc, offchipBandwidthElemsPerCycle: offchip };
}

describe('workloads/darts', () => {
  const study = new DartsSpace('codesign-study');
  const standard = new DartsSpace('standard');
  const example = archs[0]!;

  it('codesign-study: the worked example gives exactly the 147 layers of darts-layers.md', () => {
    expect(example.seed_index).to.equal(8194);
    const expected = exampleLayers();
    expect(expected.length).to.equal(147);
    const net = study.toNetwork(study.parse(example));
    expect(net.name).to.equal('nasbench.darts.model');
    expect(net.layers.length).to.equal(147);
    net.layers.forEach((layer, i) => {
      const spec = toLayerSpec(layer, net.maestroConvention);
      const want = expected[i]!;
      const d = spec.dimensions;
      expect([spec.type, d.K, d.C, d.R, d.S, d.Y, d.X], `layer ${i + 1}`).to.deep.equal([want.type, ...want.dims]);
      expect(spec.strides?.X, `layer ${i + 1} stride`).to.equal(want.stride);
      expect(layer.linear).to.equal(want.linear);
      expect(layer.name).to.equal(`${want.linear ? 'Linear' : 'Conv2d'}-${i + 1}`);
    });
  });

  it("codesign-study: the cost model gives exactly the six published MAESTRO results (energy summed as MAESTRO prints it)", () => {
    const net = study.toNetwork(study.parse(example));
    const results = exampleResults();
    expect(results.length).to.equal(6);
    const model = new CostModel();
    for (const result of results) {
      const hardware = studyHardware(result.numPes, result.noc, result.offchip);
      const cost = model.evaluateNetwork(toNetworkSpec(net, result.dataflow, hardware), hardware);
      expect(cost.runtimeCycles, `${result.dataflow} on ${result.numPes} PEs`).to.equal(result.runtimeCycles);
      // The study summed the per-layer energies of MAESTRO's CSV (six significant digits each).
      const printed = parseMaestroCsv(writeMaestroCsv(cost.layers)).reduce((sum, row) => sum + row.energyNJ, 0);
      expect(printed.toFixed(4), `${result.dataflow} on ${result.numPes} PEs`).to.equal(result.energyNJ);
      expect(Math.abs(cost.energyNJ / Number(result.energyNJ) - 1)).to.be.below(1e-5);
    }
  });

  it('codesign-study: every architecture of archs.json converts and evaluates on both study accelerators', () => {
    const model = new CostModel();
    const accelerators = [studyHardware(256, 1000, 300), studyHardware(128, 500, 500)];
    expect(archs.length).to.equal(1018);
    for (const entry of archs) {
      const net = study.toNetwork(study.parse(entry));
      const cells = [entry.normal, entry.reduce] as [string, number][][];
      const perOp = (op: string, input: number, reduction: boolean): number =>
        op.startsWith('sep') ? 4 : op.startsWith('dil') ? 2 : op === 'skip_connect' && reduction && input < 2 ? 2 : 0;
      const cellLayers = (cell: [string, number][], reduction: boolean): number => cell.reduce((sum, [op, input]) => sum + perOp(op, input, reduction), 0);
      // darts-layers.md: stem + 18 normal and 2 reduction cells (2 preprocess layers each, 3 after a reduction) + auxiliary head + classifier.
      const expected = 1 + 18 * cellLayers(cells[0]!, false) + 2 * cellLayers(cells[1]!, true) + 20 * 2 + 2 + 3 + 1;
      expect(net.layers.length, `position ${entry.position}`).to.equal(expected);
      for (const hardware of accelerators) {
        for (const dataflow of ['kcp_ws', 'xp_ws', 'rs'] as const) {
          const cost = model.evaluateTotals(toNetworkSpec(net, dataflow, hardware), hardware);
          expect(cost.runtimeCycles).to.be.greaterThan(0);
        }
      }
    }
  });

  it('standard: the DARTS_V2 genotype has the parameter count DARTS reports (3.349342 MB)', () => {
    const v2 = {
      normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]],
      reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
    };
    const net = standard.toNetwork(standard.parse(v2));
    expect(net.params).to.equal(3_349_342);
    expect(net.name).to.equal('darts_cifar10');
    expect(net.maestroConvention).to.equal('exact');
    expect(net.layers[0]!.Y).to.equal(32);
    expect(net.layers.some((layer) => layer.name.startsWith('auxiliary'))).to.equal(false);
    expect(standard.description).to.match(/standard DARTS CIFAR-10/);
    expect(study.description).to.match(/co-design study/);
  });

  it('keys, encodings and samples round-trip', () => {
    const rng = createRng(5);
    for (let i = 0; i < 200; i++) {
      const arch = study.sample(rng);
      expect(study.contains(arch)).to.equal(true);
      expect(study.decode(study.encode(arch))).to.deep.equal(arch);
      expect(study.fromKey(study.key(arch))).to.deep.equal(arch);
    }
    const arch = study.parse(example);
    expect(study.key(arch)).to.equal(
      'normal=max_pool_3x3~1,sep_conv_3x3~0,max_pool_3x3~2,skip_connect~1,max_pool_3x3~1,avg_pool_3x3~0,max_pool_3x3~1,skip_connect~2;' +
        'reduce=sep_conv_3x3~0,dil_conv_3x3~1,skip_connect~0,max_pool_3x3~1,max_pool_3x3~3,avg_pool_3x3~1,dil_conv_3x3~0,sep_conv_5x5~2',
    );
    expect(dartsFromKey(dartsKey(arch))).to.deep.equal(arch);
    expect(decodeDarts(encodeDarts(arch))).to.deep.equal(arch);
  });

  it('decodes every vector inside nvec to a valid genotype, and the encoding is a bijection', () => {
    expect(DARTS_NVEC).to.deep.equal([7, 7, 2, 7, 7, 6, 7, 7, 12, 7, 7, 20, 7, 7, 2, 7, 7, 6, 7, 7, 12, 7, 7, 20]);
    expect(study.size).to.equal((7n ** 8n * 2n * 6n * 12n * 20n) ** 2n);
    const rng = createRng(9);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const vector = DARTS_NVEC.map((n) => rng.int(0, n - 1));
      const arch = study.decode(vector);
      expect(parseDartsArch(JSON.parse(JSON.stringify(arch)))).to.deep.equal(arch);
      expect(study.encode(arch)).to.deep.equal(vector);
      seen.add(study.key(arch));
    }
    expect(seen.size).to.equal(500);
  });

  it('samples ops and inputs uniformly and deterministically', () => {
    const a = study.sample(createRng(1));
    expect(study.sample(createRng(1))).to.deep.equal(a);
    const rng = createRng(2);
    const counts = new Map<string, number>();
    for (let i = 0; i < 700; i++) for (const [op] of study.sample(rng).normal) counts.set(op, (counts.get(op) ?? 0) + 1);
    for (const op of DARTS_OPS) expect(counts.get(op)).to.be.within(600, 1000);
  });

  it('rejects bad architectures, keys, vectors and presets with a clear message', () => {
    const good = { normal: example.normal, reduce: example.reduce } as unknown as DartsArch;
    const edges = (cell: unknown): [string, number][] => JSON.parse(JSON.stringify(cell)) as [string, number][];
    const cases: [unknown, RegExp][] = [
      [42, /darts architecture: Expects an object \{"normal"/],
      [{ normal: good.normal }, /darts architecture\.reduce: Expects the reduce cell as an array of 8 edges/],
      [{ ...good, normal: edges(good.normal).slice(0, 7) }, /darts architecture\.normal: Expects exactly 8 edges in the normal cell/],
      [{ ...good, normal: [['conv_7x7', 0], ...edges(good.normal).slice(1)] }, /darts architecture\.normal\[0\]\[0\]: Expects an op among max_pool_3x3, .*actual: "conv_7x7"/],
      [{ ...good, normal: [['sep_conv_3x3', 2], ...edges(good.normal).slice(1)] }, /darts architecture\.normal\[0\]\[1\]: Expects an input node in \[0, 1\] \(edge 0 feeds node 2\), actual: 2/],
      [{ ...good, normal: [['sep_conv_3x3', 1.5], ...edges(good.normal).slice(1)] }, /normal\[0\]\[1\]: Expects an input node \(integer\), actual: 1.5/],
      [{ ...good, normal: [['sep_conv_3x3', 1], ['skip_connect', 1], ...edges(good.normal).slice(2)] }, /normal\[1\]\[1\]: Expects an input different from edge 0's/],
    ];
    for (const [json, message] of cases) {
      expect(() => study.parse(json)).to.throw(WorkloadError, message);
      expect(study.contains(json)).to.equal(false);
    }
    expect(() => study.fromKey('normal=oops')).to.throw(WorkloadError, /Expects a darts key/);
    expect(() => study.fromKey('normal=sep_conv_3x3~x;reduce=')).to.throw(WorkloadError, /darts architecture/);
    expect(() => study.decode([1, 2])).to.throw(WorkloadError, /darts encoding: Expects an array of 24 integers/);
    expect(() => study.decode(DARTS_NVEC.map((n) => n))).to.throw(WorkloadError, /darts encoding\[0\]: Expects an integer in \[0, 6\], actual: 7/);
    expect(() => new DartsSpace('cifar')).to.throw(WorkloadError, /darts space: Expects a preset among codesign-study, standard, actual: "cifar"/);
  });
});
