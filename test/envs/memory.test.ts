import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AcceleratorDesign, ArchitectureCache, CoDesign, DEFAULT_ARCHITECTURE_CACHE_BYTES, DEFAULT_EVALUATION_CACHE_BYTES } from '../../envs/index.js';
import { InvalidOptionsError, make, type MultiDiscrete } from '../../src/gym/index.js';
import { createRng } from '../../src/random/rng.js';
import { createSpace } from '../../src/workloads/index.js';
import { REPO_ROOT } from '../support/fixtures.js';

function randomActions(env: CoDesign | AcceleratorDesign, count: number, seed: number): number[][] {
  const rng = createRng(seed);
  const nvec = (env.actionSpace as MultiDiscrete).nvec;
  return Array.from({ length: count }, () => nvec.map((n) => rng.int(0, n - 1)));
}

describe('envs: caches bounded in memory', function () {
  this.timeout(300_000);

  it('keeps evaluated designs, architecture networks and cost-model results within their budgets, with the same results', () => {
    const budget = { evaluations: 200_000, architectures: 2_000_000, costModel: 300_000 };
    const small = new CoDesign({ space: 'darts', preset: 'codesign-study', objective: 'edp', cacheBytes: budget });
    const roomy = new CoDesign({ space: 'darts', preset: 'codesign-study', objective: 'edp' });
    const actions = randomActions(small, 150, 3);
    small.reset({ seed: 0 });
    roomy.reset({ seed: 0 });
    for (const action of [...actions, ...actions.slice(0, 20)]) {
      const a = small.step(action);
      const b = roomy.step(action);
      expect(a.reward).to.equal(b.reward);
      expect(a.info).to.deep.equal(b.info);
      if (a.terminated) small.reset();
      if (b.terminated) roomy.reset();
      expect(small.cacheBytesHeld).to.be.at.most(budget.evaluations);
      expect(small.costModel.memory.bytes).to.be.at.most(budget.costModel);
    }
    expect(small.cacheStats.size).to.be.lessThan(roomy.cacheStats.size);
    expect(roomy.cacheStats.size).to.equal(150);
    expect(roomy.cacheBytes).to.equal(DEFAULT_EVALUATION_CACHE_BYTES);
  });

  it('remembers a design under a numeric key: a revisited design is a hit whatever the episode', () => {
    const env = new AcceleratorDesign({ networks: ['resnet50'], objective: 'edp', episodeLength: 3 });
    env.reset({ seed: 0 });
    for (const action of [[1, 2, 3, 0], [4, 7, 6, 0], [1, 2, 3, 0]]) env.step(action);
    env.reset();
    env.step([4, 7, 6, 0]);
    expect(env.cacheStats).to.deep.equal({ hits: 2, misses: 2, size: 2 });
  });

  it('bounds the networks an architecture cache keeps by bytes', () => {
    const space = createSpace('darts', 'codesign-study');
    const cache = new ArchitectureCache(space, undefined, 3_000_000);
    const rng = createRng(1);
    for (let i = 0; i < 60; i++) {
      const arch = space.sample(rng);
      cache.network(arch, space.key(arch));
      expect(cache.bytes).to.be.at.most(3_000_000);
    }
    expect(new ArchitectureCache(space, undefined).maxBytes).to.equal(DEFAULT_ARCHITECTURE_CACHE_BYTES);
  });

  it('rejects a budget that is not a non-negative integer, naming the option', () => {
    expect(() => make('CoDesign-v0', { space: 'darts', cacheBytes: { evaluations: -1 } })).to.throw(InvalidOptionsError, /cacheBytes/);
    expect(() => make('AcceleratorDesign-v0', { cacheBytes: { network: 1 } as never })).to.throw(InvalidOptionsError, /cacheBytes/);
  });

  it('runs thousands of new CoDesign designs in a process with a 160 MiB heap without running out of memory', () => {
    // Without bounds each new DARTS network stayed cached (about 0.2 MB each): this run would need ~1 GB.
    const script = join(REPO_ROOT, 'dist', 'experiments', 'bench-memory.js');
    const result = spawnSync(process.execPath, ['--max-old-space-size=160', script, '--child', '--designs', '5000', '--small-caches'], { encoding: 'utf8' });
    expect(result.status, result.stderr).to.equal(0);
    const checkpoints = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { designs: number; heapUsedMiB: number });
    expect(checkpoints.at(-1)!.designs).to.equal(5000);
    expect(checkpoints.at(-1)!.heapUsedMiB).to.be.lessThan(160);
  });
});
