import { expect } from 'chai';
import { Discrete, Env, Memoized, Mixin, TimeLimit, hasMixin, isEnv, isEventSource, isMemoized, isSeeded, Seeded, EventSource, type EnvEvent, type ResetResult, type StepResult } from '../../src/gym/index.js';
import { Countdown, SelfTruncating } from './fixtures.js';

class Squares extends Mixin(Env<number, number>, Memoized) {
  readonly observationSpace = new Discrete(100);
  readonly actionSpace = new Discrete(10);
  computed = 0;
  capacity = Infinity;

  override get cacheCapacity(): number {
    return this.capacity;
  }

  protected onReset(): ResetResult<number> {
    return { observation: 0, info: {} };
  }

  protected onStep(n: number): StepResult<number> {
    const square = this.memoize(n, () => {
      this.computed++;
      return n * n;
    });
    return { observation: square, reward: 0, terminated: false, truncated: false, info: {} };
  }
}

describe('gym/capabilities', () => {
  describe('Seeded', () => {
    it('gives equal streams for equal reset seeds and different ones otherwise', () => {
      const a = new Countdown();
      const b = new Countdown();
      expect(a.reset({ seed: 1 }).info).to.deep.equal(b.reset({ seed: 1 }).info);
      expect(a.reset({ seed: 2 }).info).to.not.deep.equal(b.reset({ seed: 3 }).info);
    });

    it('runs on OS entropy until seeded', () => {
      const draws = Array.from({ length: 4 }, () => new Countdown().reset().info['noise']);
      expect(new Set(draws).size).to.be.greaterThan(1);
      expect(new Countdown().rngSeed).to.equal(undefined);
    });
  });

  describe('EventSource', () => {
    it('publishes reset, step and episode events in order, then completes on close', () => {
      const env = new Countdown(2);
      const events: EnvEvent<number, number>[] = [];
      let completed = false;
      env.events$.subscribe({ next: (event) => events.push(event), complete: () => (completed = true) });
      env.reset({ seed: 4 });
      env.step(1);
      env.step(1);
      env.reset();
      env.close();
      expect(events.map((event) => event.type)).to.deep.equal(['reset', 'step', 'step', 'episode', 'reset']);
      expect(events[0]).to.deep.include({ type: 'reset', episode: 0, seed: 4, observation: 2 });
      expect(events[2]).to.deep.include({ type: 'step', episode: 0, step: 2, action: 1, reward: 1, terminated: true });
      expect(events[3]).to.deep.equal({ type: 'episode', episode: 0, length: 2, return: 2, terminated: true, truncated: false });
      expect(events[4]).to.deep.include({ type: 'reset', episode: 1, seed: undefined });
      expect(completed).to.equal(true);
    });

    it('costs nothing and breaks nothing while nobody subscribes', () => {
      const env = new Countdown(1);
      env.reset();
      expect(env.step(0).terminated).to.equal(true);
      const late: string[] = [];
      env.events$.subscribe((event) => late.push(event.type));
      env.reset();
      expect(late).to.deep.equal(['reset']);
    });
  });

  describe('Memoized', () => {
    it('counts hits and misses and computes each key once', () => {
      const env = new Squares();
      env.reset();
      env.step(3);
      env.step(3);
      env.step(4);
      expect(env.cacheStats).to.deep.equal({ hits: 1, misses: 2, size: 2 });
      expect(env.computed).to.equal(2);
      env.clearCache();
      expect(env.cacheStats).to.deep.equal({ hits: 0, misses: 0, size: 0 });
    });

    it('evicts the least recently used entry beyond its capacity', () => {
      const env = new Squares();
      env.capacity = 2;
      env.reset();
      env.step(1);
      env.step(2);
      env.step(1);
      env.step(3);
      expect(env.cacheStats.size).to.equal(2);
      env.step(1);
      expect(env.computed).to.equal(3);
      env.step(2);
      expect(env.computed).to.equal(4);
    });

    it('stores nothing when the computation throws', () => {
      const env = new Squares();
      expect(() => env.memoize('k', () => {
        throw new Error('boom');
      })).to.throw('boom');
      expect(env.memoize('k', () => 5)).to.equal(5);
      expect(env.cacheStats).to.deep.equal({ hits: 0, misses: 2, size: 1 });
    });
  });

  describe('type guards', () => {
    it('see mixins that instanceof misses', () => {
      const env = new Countdown();
      expect(env instanceof Env).to.equal(false);
      expect(isEnv(env)).to.equal(true);
      expect(isSeeded(env)).to.equal(true);
      expect(isEventSource(env)).to.equal(true);
      expect(isMemoized(env)).to.equal(false);
      expect(isMemoized(new Squares())).to.equal(true);
      expect(hasMixin(env, Seeded)).to.equal(true);
      expect(hasMixin(env, EventSource)).to.equal(true);
    });

    it('tell plain envs, wrappers and non-envs apart', () => {
      const plain = new SelfTruncating(1);
      const wrapped = new TimeLimit(new Countdown(), 5);
      expect(isEnv(plain)).to.equal(true);
      expect(isSeeded(plain)).to.equal(false);
      expect(isEnv(wrapped)).to.equal(true);
      expect(isSeeded(wrapped)).to.equal(false);
      expect(isSeeded(wrapped.unwrapped)).to.equal(true);
      for (const other of [null, undefined, 3, 'env', {}, { step() {}, reset() {} }]) {
        expect(isEnv(other)).to.equal(false);
        expect(isSeeded(other)).to.equal(false);
        expect(isEventSource(other)).to.equal(false);
        expect(isMemoized(other)).to.equal(false);
      }
    });
  });
});
