import { expect } from 'chai';
import { cli } from '../support/cli.js';

describe('cli: codesign-gym bench', function () {
  this.timeout(120_000);

  it('measures the cost model side by side, as a table or JSON', () => {
    const run = cli(['bench', '--only', 'costmodel', '--json']);
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as { costmodel: { source: string; layers: number; figures: { name: string; medianMicrosPerLayer: number }[] } };
    expect(report.costmodel.layers).to.equal(1631);
    expect(report.costmodel.source).to.equal('MAESTRO example networks');
    expect(report.costmodel.figures.map((f) => f.name)).to.deep.equal([
      'uncached (a fresh analysis of every layer)',
      'cached, per-layer rows',
      'cached, totals only',
      'cached frozen specs, per-layer rows',
      'cached frozen specs, totals only',
    ]);
    for (const figure of report.costmodel.figures) expect(figure.medianMicrosPerLayer).to.be.greaterThan(0);
  });

  it("times the zoo under every dataflow when MAESTRO's example networks are not at hand", () => {
    const run = cli(['bench', '--only', 'costmodel'], { env: { CODESIGN_GYM_SHARED: '/nonexistent' } });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^Cost model on 20 zoo networks x 4 dataflows on acc-A \(\d+ layers\), Node v/);
    expect(run.stdout).to.match(/Uncached median: \d+x to \d+x faster than MAESTRO/);
  });

  it('rejects an unknown part with a one-line reason', () => {
    const run = cli(['bench', '--only', 'gpu']);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.equal('codesign-gym: unknown bench part "gpu"; expected some of costmodel, envs, agents\n');
  });
});
