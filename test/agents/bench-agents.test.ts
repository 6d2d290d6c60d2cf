import { expect } from 'chai';
import '../../envs/index.js';
import { benchAgents, formatAgentsBench } from '../../experiments/bench-agents.js';
import { listEnvs } from '../../src/gym/index.js';

describe('agent speed benchmark', function () {
  this.timeout(120_000);

  it('measures every agent and BO per iteration (small sizes)', async function () {
    if (!listEnvs().includes('AcceleratorDesign-v0')) {
      // envs/ provides the environment; without it the benchmark cannot run.
      this.skip();
    }
    const report = await benchAgents({ evaluations: 6, observations: 12, iterations: 2 });
    expect(report.speeds.map((speed) => speed.agent)).to.deep.equal(['random', 'evolution', 'bo', 'reinforce', 'ppo']);
    for (const speed of report.speeds) {
      expect(speed.evaluations).to.equal(6);
      expect(speed.evaluationsPerSecond).to.be.greaterThan(0);
    }
    expect(report.speeds.find((speed) => speed.agent === 'ppo')?.tfjsBackend).to.be.oneOf(['tensorflow', 'wasm', 'cpu']);
    expect(report.boIteration).to.include({ observations: 12, iterations: 2 });
    expect(formatAgentsBench(report)).to.include('BO time per iteration at 12 observations');
  });
});
