import { expect } from 'chai';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { DATAFLOW_NAMES } from '../../src/dataflows/index.js';
import { DEFAULT_HARDWARE } from '../../src/maestro/types.js';
import { createRng } from '../../src/random/rng.js';
import {
  allVectors,
  checkVector,
  createSpace,
  isSpaceName,
  sampleVector,
  SPACE_NAMES,
  SPACE_PRESETS,
  spaceSize,
  toNetworkSpec,
  WorkloadError,
  type AnyArchitectureSpace,
} from '../../src/workloads/index.js';

const hardware = [
  { ...DEFAULT_HARDWARE, numPes: 256, l1SizeElements: 100, l2SizeElements: 3000, nocBandwidthElemsPerCycle: 1000, offchipBandwidthElemsPerCycle: 300 },
  { ...DEFAULT_HARDWARE, numPes: 16, nocBandwidthElemsPerCycle: 50, offchipBandwidthElemsPerCycle: 50 },
];

function allSpaces(): AnyArchitectureSpace[] {
  return SPACE_NAMES.flatMap((name) => SPACE_PRESETS[name].map((preset) => createSpace(name, preset)));
}

describe('workloads/spaces', () => {
  it('creates every space and preset by name, defaulting to the first preset', () => {
    expect(createSpace('darts').preset).to.equal('standard');
    expect(createSpace('nasbench201').preset).to.equal('cifar10');
    expect(createSpace('alphanet').preset).to.equal('codesign-study');
    expect(allSpaces().map((s) => `${s.name}/${s.preset}`)).to.deep.equal([
      'darts/standard',
      'darts/codesign-study',
      'nasbench201/cifar10',
      'nasbench201/cifar100',
      'nasbench201/ImageNet16-120',
      'alphanet/codesign-study',
      'alphanet/attentivenas',
    ]);
    expect(isSpaceName('darts')).to.equal(true);
    expect(() => createSpace('nasbench101')).to.throw(WorkloadError, /Expects a space name among darts, nasbench201, alphanet, actual: "nasbench101"/);
    expect(() => createSpace('darts', 'tiny')).to.throw(WorkloadError, /darts space: Expects a preset among standard, codesign-study, actual: "tiny"/);
  });

  it('every sampled architecture of every space evaluates on all five dataflows', () => {
    const model = new CostModel();
    const rng = createRng(2024);
    for (const space of allSpaces()) {
      for (let i = 0; i < 4; i++) {
        const arch = space.sample(rng);
        const net = space.toNetwork(arch as never);
        for (const hw of hardware) {
          for (const dataflow of DATAFLOW_NAMES) {
            const cost = model.evaluateTotals(toNetworkSpec(net, dataflow, hw), hw);
            expect(cost.runtimeCycles, `${space.name}/${space.preset} ${space.key(arch as never)} ${dataflow}`).to.be.greaterThan(0);
            expect(Number.isFinite(cost.energyNJ)).to.equal(true);
          }
        }
      }
    }
  });

  it('every dimension of every encoding has a choice and changes the architecture', () => {
    const rng = createRng(6);
    for (const space of allSpaces()) {
      expect(space.nvec.every((n) => n >= 2), `${space.name}/${space.preset}`).to.equal(true);
      expect(space.size).to.equal(spaceSize(space.nvec));
      const vector = sampleVector(space.nvec, rng);
      const key = space.key(space.decode(vector) as never);
      space.nvec.forEach((n, i) => {
        const changed = vector.slice();
        changed[i] = (changed[i]! + 1) % n;
        expect(space.key(space.decode(changed) as never), `${space.name} dimension ${i}`).to.not.equal(key);
      });
    }
  });

  it('offers enumeration only where the space is small', () => {
    expect(createSpace('nasbench201').enumerate).to.be.a('function');
    expect((createSpace('darts') as { enumerate?: unknown }).enumerate).to.equal(undefined);
    expect((createSpace('alphanet') as { enumerate?: unknown }).enumerate).to.equal(undefined);
    expect([...allVectors([2, 3])]).to.deep.equal([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
  });

  it('checks vectors against nvec', () => {
    expect(() => checkVector([2, 2], [0, 2], 'toy')).to.throw(WorkloadError, /toy encoding\[1\]: Expects an integer in \[0, 1\], actual: 2/);
    expect(() => checkVector([2, 2], [0.5, 0], 'toy')).to.throw(WorkloadError, /toy encoding\[0\]/);
    expect(() => checkVector([2, 2], [0], 'toy')).to.throw(WorkloadError, /toy encoding: Expects an array of 2 integers, actual: \[0\]/);
  });
});
