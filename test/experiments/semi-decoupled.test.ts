import { expect } from 'chai';
import { allAccelerators, completeGrid, evaluateWorkload, type HardwareDesign } from '../../envs/index.js';
import { bestDesignCandidates } from '../../experiments/semi-decoupled.js';
import { CostModel } from '../../src/costmodel/index.js';
import { createSpace, zooNetwork, type Network } from '../../src/workloads/index.js';

/** Several values on every bandwidth axis, so the shortcut has something to skip. */
const GRID = completeGrid({
  numPes: [32, 256],
  nocBandwidthElemsPerCycle: [50, 300, 1000],
  offchipBandwidthElemsPerCycle: [5, 50, 350],
  l1SizeElements: [100],
  l2SizeElements: [3000],
  dataflows: ['kcp_ws', 'rs', 'ykp_os'],
});

function metricsOn(network: Network, design: HardwareDesign, model: CostModel): { latencyCycles: number; energyNJ: number } | undefined {
  try {
    const { metrics, invalidLayers } = evaluateWorkload([network], design, model);
    return invalidLayers === 0 ? metrics : undefined;
  } catch {
    return undefined;
  }
}

function best(network: Network, designs: readonly HardwareDesign[], model: CostModel): { latencyCycles: number; energyNJ: number } {
  let latencyCycles = Number.POSITIVE_INFINITY;
  let energyNJ = Number.POSITIVE_INFINITY;
  for (const design of designs) {
    const metrics = metricsOn(network, design, model);
    if (metrics === undefined) continue;
    latencyCycles = Math.min(latencyCycles, metrics.latencyCycles);
    energyNJ = Math.min(energyNJ, metrics.energyNJ);
  }
  return { latencyCycles, energyNJ };
}

describe('experiments/semi-decoupled bestDesignCandidates', function () {
  this.timeout(120_000);
  const space = createSpace('nasbench201');
  const networks: [string, Network][] = [
    ['nasbench201 all 3x3', space.toNetwork(space.decode([3, 3, 3, 3, 3, 3]))],
    ['nasbench201 mixed', space.toNetwork(space.decode([0, 2, 4, 1, 3, 0]))],
    ['mobilenet_v2 (depthwise layers)', zooNetwork('mobilenet_v2')],
  ];

  it('keeps one accelerator per PE count and dataflow, at the largest bandwidths', () => {
    const candidates = bestDesignCandidates(GRID);
    expect(candidates).to.have.length(2 * 3);
    expect(allAccelerators(GRID)).to.have.length(2 * 3 * 3 * 3);
    for (const design of candidates) {
      expect(design.nocBandwidthElemsPerCycle).to.equal(1000);
      expect(design.offchipBandwidthElemsPerCycle).to.equal(350);
    }
  });

  for (const [name, network] of networks) {
    it(`finds the exhaustive search's best latency and best energy for ${name}`, () => {
      const model = new CostModel();
      const exhaustive = best(network, allAccelerators(GRID), model);
      const shortcut = best(network, bestDesignCandidates(GRID), model);
      expect(exhaustive.latencyCycles).to.be.finite;
      expect(shortcut).to.deep.equal(exhaustive);
    });
  }

  it('rests on runtime never growing and energy never changing as a bandwidth grows', () => {
    const model = new CostModel();
    const network = networks[0]![1];
    for (const numPes of GRID.numPes) {
      for (const dataflow of GRID.dataflows) {
        const base = { numPes, l1SizeElements: 100, l2SizeElements: 3000, dataflow };
        const runs = GRID.nocBandwidthElemsPerCycle.flatMap((noc) =>
          GRID.offchipBandwidthElemsPerCycle.map((offchip) => ({
            noc,
            offchip,
            metrics: metricsOn(network, { ...base, nocBandwidthElemsPerCycle: noc, offchipBandwidthElemsPerCycle: offchip }, model),
          })),
        );
        for (const a of runs) {
          for (const b of runs) {
            if (a.metrics === undefined || b.metrics === undefined || b.noc < a.noc || b.offchip < a.offchip) continue;
            expect(b.metrics.latencyCycles, `${numPes} PEs ${dataflow}`).to.be.at.most(a.metrics.latencyCycles);
            expect(b.metrics.energyNJ).to.equal(a.metrics.energyNJ);
          }
        }
      }
    }
  });
});
