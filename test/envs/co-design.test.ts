import { expect } from 'chai';
import { ArchitectureSelection, CoDesign, REFERENCE_ACCELERATOR } from '../../envs/index.js';
import { checkEnv, InvalidOptionsError, make, type MultiDiscrete } from '../../src/gym/index.js';
import { createSpace } from '../../src/workloads/index.js';
import type { DesignMetrics } from '../../envs/metrics.js';
import { hashOracle, SMALL_GRID } from './fixtures.js';

describe('envs/ArchitectureSelection-v0 and CoDesign-v0', function () {
  this.timeout(120_000);

  it('pass checkEnv in both episode modes, on every space', () => {
    checkEnv(new ArchitectureSelection({ space: 'nasbench201', oracle: hashOracle, objective: 'accuracy' }));
    checkEnv(new ArchitectureSelection({ space: 'alphanet', episodeMode: 'sequential' }));
    checkEnv(new CoDesign({ space: 'nasbench201', grid: SMALL_GRID }));
    checkEnv(new CoDesign({ space: 'darts', preset: 'codesign-study', grid: SMALL_GRID, episodeMode: 'sequential' }));
    checkEnv(make('CoDesign-v0', { space: 'alphanet', oracle: hashOracle, objective: 'weighted', weights: { accuracy: 1, latency: 0.1 } }));
  });

  it('evaluates an architecture on the fixed accelerator with its accuracy', () => {
    const env = new ArchitectureSelection({ space: 'nasbench201', oracle: hashOracle, objective: 'accuracy', latencyBudgetCycles: 1e9 });
    env.reset();
    const { reward, info } = env.step([3, 3, 3, 3, 3, 3]);
    const design = info['design'] as { architectureKey: string; hardware: unknown };
    expect(design.architectureKey).to.equal('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    expect(design.hardware).to.deep.equal(REFERENCE_ACCELERATOR);
    const metrics = info['metrics'] as DesignMetrics;
    expect(metrics.accuracySource).to.equal('table: test hash');
    expect(metrics.accuracyKind).to.equal('top1');
    expect(reward).to.be.closeTo(metrics.accuracy! / 100, 1e-12);
  });

  it('makes over-budget architectures infeasible under the accuracy objective', () => {
    const env = new ArchitectureSelection({ space: 'nasbench201', oracle: hashOracle, objective: 'accuracy', latencyBudgetCycles: 1000 });
    env.reset();
    const r = env.step([3, 3, 3, 3, 3, 3]);
    expect(r.info['feasible']).to.equal(false);
    expect(r.reward).to.equal(-20);
  });

  it('changes the evaluated design with every action dimension of CoDesign', () => {
    const env = new CoDesign({ space: 'nasbench201', grid: SMALL_GRID });
    const sizes = (env.actionSpace as MultiDiscrete).nvec;
    expect(sizes).to.deep.equal([5, 5, 5, 5, 5, 5, 2, 2, 2, 2]);
    expect(env.architectureDecisionCount).to.equal(6);
    env.reset();
    const zero = sizes.map(() => 0);
    const base = JSON.stringify(env.step(zero).info['design']);
    for (let d = 0; d < sizes.length; d++) {
      env.reset();
      const action = zero.slice();
      action[d] = 1;
      expect(JSON.stringify(env.step(action).info['design']), `dimension ${d}`).to.not.equal(base);
    }
  });

  it('restricts architectures to a list when asked', () => {
    const space = createSpace('nasbench201');
    const keys = [space.key(space.decode([0, 1, 2, 3, 4, 0])), space.key(space.decode([3, 3, 3, 3, 3, 3]))];
    const env = new CoDesign({ space: 'nasbench201', architectures: keys as [string, ...string[]], grid: SMALL_GRID });
    expect((env.actionSpace as MultiDiscrete).nvec).to.deep.equal([2, 2, 2, 2, 2]);
    expect(env.architectureCount).to.equal(2n);
    env.reset();
    expect((env.step([1, 0, 0, 0, 0]).info['design'] as { architectureKey: string }).architectureKey).to.equal(keys[1]);
  });

  it('rejects bad options with a clear message', () => {
    expect(() => new CoDesign({ space: 'nasnet' as never })).to.throw(InvalidOptionsError, '`space`: Invalid option: expected one of "darts"|"nasbench201"|"alphanet"');
    expect(() => new CoDesign({ space: 'darts', preset: 'imagenet' })).to.throw(InvalidOptionsError, /`preset` of darts must be one of standard, codesign-study, got "imagenet"/);
    expect(() => new CoDesign({ space: 'nasbench201', objective: 'accuracy' })).to.throw(InvalidOptionsError, /needs an environment with an accuracy oracle/);
    expect(() => new CoDesign({ space: 'nasbench201', oracle: {} as never })).to.throw(InvalidOptionsError, /expected an accuracy oracle/);
    expect(() => new CoDesign({ space: 'nasbench201', architectures: ['|bogus|'] })).to.throw(InvalidOptionsError, /`architectures`/);
    expect(() => new ArchitectureSelection({ space: 'nasbench201', accelerator: { numPes: 0 } as never })).to.throw(InvalidOptionsError, /`accelerator/);
  });
});
