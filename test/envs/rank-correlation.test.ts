import { expect } from 'chai';
import { evaluateOn } from '../../src/analysis/reduced-set.js';
import { correlationMatrix, minimumCorrelation } from '../../src/analysis/index.js';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { DEFAULT_HARDWARE, type HardwareSpec } from '../../src/maestro/types.js';
import { createSpace } from '../../src/workloads/index.js';
import { dartsStudyArchitectures } from '../../src/data/index.js';

/** The study's two accelerators (acc-A and acc-B of the co-design study). */
const ACCELERATORS: Record<string, HardwareSpec> = {
  'acc-A': { ...DEFAULT_HARDWARE, numPes: 256, l1SizeElements: 100, l2SizeElements: 3000, nocBandwidthElemsPerCycle: 1000, offchipBandwidthElemsPerCycle: 300 },
  'acc-B': { ...DEFAULT_HARDWARE, numPes: 128, l1SizeElements: 100, l2SizeElements: 3000, nocBandwidthElemsPerCycle: 500, offchipBandwidthElemsPerCycle: 500 },
};

describe('the semi-decoupled property on the study\'s DARTS architectures', function () {
  this.timeout(120_000);

  it('ranks latency almost the same on all six accelerator instances (Spearman >= 0.95 for every pair)', () => {
    const archs = dartsStudyArchitectures();
    const space = createSpace('darts', 'codesign-study');
    const networks = archs.map((a) => space.toNetwork(space.parse(a)));
    const model = new CostModel();
    const series: Record<string, number[]> = {};
    for (const [name, hardware] of Object.entries(ACCELERATORS)) {
      for (const dataflow of ['kcp_ws', 'xp_ws', 'rs'] as const) {
        series[`${name}/${dataflow}`] = networks.map((n) => evaluateOn(n, { hardware, dataflow }, model).latencyCycles);
      }
    }
    const matrix = correlationMatrix(series);
    console.log(`      Spearman of latency over ${networks.length} architectures:`);
    console.log(`      ${''.padEnd(13)}${matrix.labels.map((l) => l.padStart(13)).join('')}`);
    matrix.values.forEach((row, i) => console.log(`      ${matrix.labels[i]!.padEnd(13)}${row.map((v) => v.toFixed(4).padStart(13)).join('')}`));
    expect(networks).to.have.length(1018);
    expect(minimumCorrelation(matrix)).to.be.at.least(0.95);
  });
});
