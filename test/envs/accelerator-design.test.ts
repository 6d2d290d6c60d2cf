import { expect } from 'chai';
import { AcceleratorDesign, STUDY_GRID, REFERENCE_ACCELERATOR } from '../../envs/index.js';
import { checkEnv, make, InvalidActionError, InvalidOptionsError, MultiDiscrete, Discrete } from '../../src/gym/index.js';
import { createRng } from '../../src/random/rng.js';
import { createLayer, Network } from '../../src/workloads/index.js';
import type { DesignMetrics } from '../../envs/metrics.js';

const REFERENCE_ACTION = [4, 7, 6, 0]; // 256 PEs, NoC 1000, off-chip 300, kcp_ws

describe('envs/AcceleratorDesign-v0', function () {
  this.timeout(60_000);

  it("uses the study's grid: a MultiDiscrete over PEs, NoC, off-chip and dataflow (L1/L2 fixed)", () => {
    const env = new AcceleratorDesign();
    expect(env.grid).to.deep.equal(STUDY_GRID);
    expect((env.actionSpace as MultiDiscrete).nvec).to.deep.equal([6, 8, 9, 4]);
    expect(env.problem.spaceSize).to.equal(1728n);
    const { info } = env.reset({ seed: 0 });
    expect(info['decisions']).to.deep.equal(['numPes', 'nocBandwidthElemsPerCycle', 'offchipBandwidthElemsPerCycle', 'dataflow']);
  });

  it('passes checkEnv in both episode modes', () => {
    checkEnv(new AcceleratorDesign());
    checkEnv(new AcceleratorDesign({ episodeMode: 'sequential' }));
    checkEnv(make('AcceleratorDesign-v0', { networks: ['mobilenet_v2'], episodeLength: 3 }));
  });

  it('puts the decoded design and its metrics in info, and rewards the reference design with 0', () => {
    const env = new AcceleratorDesign({ objective: 'edp' });
    env.reset({ seed: 0 });
    const { reward, observation, terminated, info } = env.step(REFERENCE_ACTION);
    expect(info['design']).to.deep.equal(REFERENCE_ACCELERATOR);
    const metrics = info['metrics'] as DesignMetrics;
    expect(metrics.latencyCycles).to.equal(35440342);
    expect(metrics.edp).to.equal(metrics.latencyCycles * metrics.energyNJ);
    expect(info['feasible']).to.equal(true);
    expect(reward).to.equal(0);
    expect(observation).to.deep.equal([0, 0, 0, 0, 0, 1]);
    expect(terminated).to.equal(true);
  });

  it('rewards -ln(metric / reference) for latency, energy and EDP, and weighted sums of them', () => {
    const action = [5, 7, 8, 0]; // 512 PEs, faster than the reference
    const step = (options: object): { reward: number; metrics: DesignMetrics } => {
      const env = new AcceleratorDesign(options);
      env.reset();
      const r = env.step(action);
      return { reward: r.reward, metrics: r.info['metrics'] as DesignMetrics };
    };
    const reference = new AcceleratorDesign().reference;
    const latency = step({ objective: 'latency' });
    expect(latency.reward).to.be.closeTo(-Math.log(latency.metrics.latencyCycles / reference.latencyCycles), 1e-12);
    expect(latency.reward).to.be.greaterThan(0);
    const energy = step({ objective: 'energy' });
    expect(energy.reward).to.be.closeTo(-Math.log(energy.metrics.energyNJ / reference.energyNJ), 1e-12);
    const weighted = step({ objective: 'weighted', weights: { latency: 2, power: 1 } });
    expect(weighted.reward).to.be.closeTo(2 * latency.reward - Math.log(weighted.metrics.powerMW / reference.powerMW), 1e-9);
  });

  it('changes the evaluated design with every action dimension', () => {
    const env = new AcceleratorDesign();
    env.reset();
    const base = JSON.stringify(env.step([0, 0, 0, 0]).info['design']);
    const sizes = (env.actionSpace as MultiDiscrete).nvec;
    for (let d = 0; d < sizes.length; d++) {
      env.reset();
      const action = [0, 0, 0, 0];
      action[d] = sizes[d]! - 1;
      expect(JSON.stringify(env.step(action).info['design']), `dimension ${d}`).to.not.equal(base);
    }
  });

  it('declares designs over area, power, budget or buffer limits infeasible with the documented penalty', () => {
    const env = new AcceleratorDesign({ maxAreaUm2: 1e6, infeasibleReward: -7 });
    env.reset();
    const r = env.step(REFERENCE_ACTION);
    expect(r.reward).to.equal(-7);
    expect(r.info['feasible']).to.equal(false);
    expect((r.info['violations'] as string[])[0]).to.match(/^area .* over the limit 1000000$/);
    expect(r.observation[5]).to.equal(0);
    const buffers = new AcceleratorDesign({ enforceBufferSizes: true });
    buffers.reset();
    expect(buffers.step(REFERENCE_ACTION).info['violations']).to.deep.equal(['L1 requirement 294 over the L1 size 100', 'L2 requirement 5768 over the L2 size 3000']);
    const budget = new AcceleratorDesign({ latencyBudgetCycles: 1e6 });
    budget.reset();
    expect(budget.step(REFERENCE_ACTION).info['violations']).to.deep.equal(['latency 35440342 cycles over the budget 1000000']);
  });

  it('builds a design decision by decision in sequential mode, rewarding at the end', () => {
    const env = new AcceleratorDesign({ episodeMode: 'sequential' });
    expect(env.actionSpace).to.be.instanceOf(Discrete);
    expect((env.actionSpace as Discrete).n).to.equal(9);
    const reset = env.reset();
    expect(reset.observation).to.deep.equal([0, -1, -1, -1, -1]);
    // Action a is choice a of the current decision; info.actionMask marks the decision's choices.
    expect(reset.info.actionMask).to.deep.equal([1, 1, 1, 1, 1, 1, 0, 0, 0]);
    const first = env.step(5);
    expect(first.reward).to.equal(0);
    expect(first.info).to.deep.equal({ decided: { numPes: 512 }, actionMask: [1, 1, 1, 1, 1, 1, 1, 1, 0] });
    expect(first.observation).to.deep.equal([0.25, 1, -1, -1, -1]);
    env.step(0);
    env.step(0);
    const last = env.step(3);
    expect(last.terminated).to.equal(true);
    expect(last.info).to.not.have.property('actionMask');
    expect('design' in last.info && last.info.design).to.include({ numPes: 512, nocBandwidthElemsPerCycle: 300, offchipBandwidthElemsPerCycle: 50, dataflow: 'ykp_os' });
    expect(last.reward).to.not.equal(0);
  });

  it('maps every action of a sequential decision onto one choice: uniform allowed actions give uniform designs', () => {
    const env = new AcceleratorDesign({ episodeMode: 'sequential' });
    env.reset();
    expect(() => env.step(6)).to.throw(InvalidActionError, 'Expects an action in 0 .. 5 for decision `numPes` (6 choices; see info.actionMask), actual: 6');
    const counts = new Map<number, number>();
    const rng = createRng(0);
    for (let i = 0; i < 600; i++) {
      const { info } = env.reset();
      const pes = (env.actionSpace as Discrete).sample(rng, info.actionMask);
      counts.set(pes, (counts.get(pes) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).to.deep.equal([0, 1, 2, 3, 4, 5]);
    for (const count of counts.values()) expect(count).to.be.within(70, 130);
  });

  it('says which decisions are ordinal and which categorical', () => {
    expect(new AcceleratorDesign().actionKinds).to.deep.equal(['ordinal', 'ordinal', 'ordinal', 'categorical']);
    expect(new AcceleratorDesign({ episodeMode: 'sequential' }).actionKinds).to.deep.equal(['categorical']);
    expect(new AcceleratorDesign().deterministic).to.equal(true);
  });

  it('takes custom grids and Network objects, and caches repeated designs', () => {
    const tiny = new Network('tiny', [createLayer({ name: 'conv', type: 'CONV', K: 16, C: 8, R: 3, S: 3, Y: 16, X: 16, padding: 1 })]);
    const env = new AcceleratorDesign({ networks: [tiny, 'squeezenet'], grid: { numPes: [16, 64], dataflows: ['xp_ws', 'rs'] } });
    expect((env.actionSpace as MultiDiscrete).nvec).to.deep.equal([2, 8, 9, 2]);
    env.reset();
    env.step([1, 0, 0, 1]);
    env.reset();
    env.step([1, 0, 0, 1]);
    expect(env.cacheStats).to.deep.include({ hits: 1, misses: 1 });
    expect(env.evaluationCount).to.equal(2);
  });

  it('rejects bad options with a clear message', () => {
    const bad: [object, RegExp][] = [
      [{ networks: ['alexnet'] }, /`networks.0`/],
      [{ networks: [] }, /`networks`/],
      [{ objective: 'speed' }, /`objective`/],
      [{ grid: { numPes: [0] } }, /`grid.numPes.0`/],
      [{ grid: { dataflows: ['dpt'] } }, /`grid.dataflows.0`/],
      [{ episodeMode: 'batch' }, /`episodeMode`/],
      [{ objective: 'weighted' }, /needs `weights` with at least one non-zero term/],
      [{ objective: 'accuracy' }, /needs an environment with an accuracy oracle/],
    ];
    for (const [options, message] of bad) {
      expect(() => new AcceleratorDesign(options as never), JSON.stringify(options)).to.throw(InvalidOptionsError, message);
    }
    expect(() => make('AcceleratorDesign-v0', { netwrks: ['resnet50'] } as never)).to.throw(InvalidOptionsError, /unknown option `netwrks`/);
  });

  it('lists the valid choices in option errors', () => {
    const listed: [object, string][] = [
      [{ networks: ['resnet5'] }, '`networks.0`: expected a zoo network (vgg16, resnet50, mobilenet_v2, mnasnet, squeezenet) or a Network, actual: "resnet5"'],
      [{ objective: 'speed' }, '`objective`: Invalid option: expected one of "latency"|"energy"|"edp"|"accuracy"|"weighted"'],
      [{ grid: { dataflows: ['dpt'] } }, '`grid.dataflows.0`: Invalid option: expected one of "kcp_ws"|"rs"|"xp_ws"|"ykp_os"'],
      [{ episodeMode: 'batch' }, '`episodeMode`: Invalid option: expected one of "complete"|"sequential"'],
      [{ weights: { speed: 1 } }, '`weights`: unknown key `speed` (keys: latency, energy, edp, area, power, accuracy)'],
      [{ grid: { pes: [64] } }, '`grid`: unknown key `pes` (keys: numPes, l1SizeElements, l2SizeElements, nocBandwidthElemsPerCycle, offchipBandwidthElemsPerCycle, dataflows)'],
    ];
    for (const [options, message] of listed) {
      expect(() => make('AcceleratorDesign-v0', options as never), JSON.stringify(options)).to.throw(InvalidOptionsError, `Invalid options for AcceleratorDesign-v0: ${message}`);
      expect(() => new AcceleratorDesign(options as never), JSON.stringify(options)).to.throw(InvalidOptionsError, `Invalid options for AcceleratorDesign: ${message}`);
    }
    expect(() => new AcceleratorDesign({ netwrks: ['resnet50'] } as never)).to.throw(InvalidOptionsError, /unknown option `netwrks` \(options: networks, grid, reference, episodeMode, /);
  });
});
