import { expect } from 'chai';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { DATAFLOW_NAMES } from '../../src/dataflows/index.js';
import { DEFAULT_HARDWARE } from '../../src/maestro/types.js';
import { isZooName, PUBLISHED_FIGURES, toNetworkSpec, WorkloadError, ZOO_NAMES, zooNetwork } from '../../src/workloads/index.js';

const hw = { ...DEFAULT_HARDWARE, numPes: 256, l1SizeElements: 100, l2SizeElements: 3000, nocBandwidthElemsPerCycle: 1000, offchipBandwidthElemsPerCycle: 300 };

describe('workloads/zoo', () => {
  for (const name of ZOO_NAMES) {
    it(`${name}: MACs and parameters within 1% of the published figures`, () => {
      const net = zooNetwork(name);
      const published = PUBLISHED_FIGURES[name];
      expect(Math.abs(net.macs / published.macs - 1), `MACs ${net.macs} vs ${published.macs}`).to.be.below(0.01);
      expect(Math.abs(net.params / published.params - 1), `params ${net.params} vs ${published.params}`).to.be.below(0.01);
      expect(published.source.length).to.be.greaterThan(10);
    });
  }

  it('matches the exact published figures where they are exact', () => {
    expect(zooNetwork('resnet50').macs).to.equal(4_089_184_256);
    expect(zooNetwork('resnet50').layers.length).to.equal(54);
    for (const name of ZOO_NAMES) expect(zooNetwork(name).params).to.equal(PUBLISHED_FIGURES[name].params);
  });

  it('builds each network once', () => {
    expect(zooNetwork('vgg16')).to.equal(zooNetwork('vgg16'));
    expect(isZooName('resnet50')).to.equal(true);
    expect(isZooName('alexnet')).to.equal(false);
  });

  it('evaluates every zoo network on all five dataflows', () => {
    const model = new CostModel();
    for (const name of ZOO_NAMES) {
      for (const dataflow of DATAFLOW_NAMES) {
        const cost = model.evaluateTotals(toNetworkSpec(zooNetwork(name), dataflow, hw), hw);
        expect(cost.runtimeCycles, `${name} ${dataflow}`).to.be.greaterThan(0);
        expect(Number.isFinite(cost.energyNJ)).to.equal(true);
      }
    }
  });

  it('rejects an unknown name', () => {
    expect(() => zooNetwork('alexnet')).to.throw(WorkloadError, /Expects a zoo network name among vgg16, resnet50, mobilenet_v2, mnasnet, squeezenet, actual: "alexnet"/);
  });
});
