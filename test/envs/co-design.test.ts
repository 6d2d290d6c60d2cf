import { expect } from 'chai';
import { ArchitectureSelection, CoDesign, REFERENCE_ACCELERATOR } from '../../envs/index.js';
import { checkEnv, InvalidOptionsError, listEnvs, make, type MultiDiscrete } from '../../src/gym/index.js';
import { publishedAccuracy, TableOracle } from '../../src/accuracy/index.js';
import { nasbench201Accuracies } from '../../src/data/index.js';
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

  it('every registered environment constructs with its defaults and passes checkEnv', () => {
    for (const id of listEnvs()) checkEnv(make(id));
  });

  it("defaults to the space's published accuracy; on darts and alphanet the choice ranges over the published architectures", () => {
    const nb201 = new ArchitectureSelection({ objective: 'accuracy' });
    nb201.reset();
    const best = nasbench201Accuracies().keys[13714]!;
    const step = nb201.step(createSpace('nasbench201').encode(createSpace('nasbench201').fromKey(best)));
    const metrics = step.info['metrics'] as DesignMetrics;
    expect([metrics.accuracy, metrics.accuracySource, step.reward]).to.deep.equal([94.37333, 'published: NAS-Bench-201 CIFAR-10 test accuracy, 200 epochs (NATS-Bench)', 0.9437333]);

    const darts = new CoDesign({ space: 'darts', preset: 'codesign-study', grid: SMALL_GRID });
    expect((darts.actionSpace as MultiDiscrete).nvec).to.deep.equal([1018, 2, 2, 2, 2]);
    darts.reset();
    const first = darts.step([0, 0, 0, 0, 0]).info;
    expect((first['design'] as { architectureKey: string }).architectureKey).to.equal(publishedAccuracy('darts').keys[0]);
    expect((first['metrics'] as DesignMetrics).accuracy).to.equal(92.6078);
    expect((new CoDesign({ space: 'alphanet', grid: SMALL_GRID }).actionSpace as MultiDiscrete).nvec[0]).to.equal(1046);
    expect((new CoDesign({ space: 'alphanet', grid: SMALL_GRID, oracle: publishedAccuracy('alphanet', { set: 'all' }) }).actionSpace as MultiDiscrete).nvec[0]).to.equal(9999);

    // Without accuracies, or with an oracle for every architecture, the whole space's encoding.
    expect((new CoDesign({ space: 'darts', oracle: 'none', grid: SMALL_GRID }).actionSpace as MultiDiscrete).nvec).to.have.length(24 + 4);
    expect((new CoDesign({ space: 'darts', oracle: hashOracle, grid: SMALL_GRID }).actionSpace as MultiDiscrete).nvec).to.have.length(24 + 4);
    // A table of three architectures: one decision over them.
    const space = createSpace('nasbench201');
    const keys = [[3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1], [0, 2, 4, 1, 3, 0]].map((v) => space.key(space.decode(v)));
    const table = TableOracle.fromRecords(space, keys.map((arch, i) => ({ arch, top1: 90 - i })), { top1Field: 'top1', archField: 'arch', name: 'three' });
    const restricted = new CoDesign({ space: 'nasbench201', oracle: table, grid: SMALL_GRID });
    expect((restricted.actionSpace as MultiDiscrete).nvec).to.deep.equal([3, 2, 2, 2, 2]);
    expect(restricted.architectureCount).to.equal(3n);
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
    expect(() => new CoDesign({ space: 'nasbench201', oracle: 'none', objective: 'accuracy' })).to.throw(InvalidOptionsError, /needs an environment with an accuracy oracle/);
    expect(() => new CoDesign({ space: 'nasbench201', oracle: {} as never })).to.throw(InvalidOptionsError, /`oracle`: expected 'published', 'none' or an accuracy oracle/);
    expect(() => new CoDesign({ space: 'nasbench201', architectures: ['|bogus|'] })).to.throw(InvalidOptionsError, /`architectures`/);
    expect(() => new ArchitectureSelection({ space: 'nasbench201', accelerator: { numPes: 0 } as never })).to.throw(InvalidOptionsError, /`accelerator/);
  });
});
