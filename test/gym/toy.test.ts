import { expect } from 'chai';
import { Bandit, GRID_WALK_STEP_REWARD, GridWalk, InvalidOptionsError, isMemoized } from '../../src/gym/index.js';

describe('gym/toy', () => {
  describe('Bandit', () => {
    it('pays noisy rewards around seeded arm means and reports the regret', () => {
      const bandit = new Bandit({ arms: 3, pulls: 2 });
      bandit.reset({ seed: 42 });
      const first = bandit.step(2);
      expect(first.observation).to.equal(0);
      expect(first.info['arm']).to.equal(2);
      expect(first.info['regret']).to.be.at.least(0);
      expect(Number.isFinite(first.reward)).to.equal(true);
      expect(bandit.step(0).terminated).to.equal(true);
      expect(bandit.render()).to.equal('Bandit: 3 arms, pull 2/2, last arm 0');
    });

    it('has zero regret on the best arm', () => {
      const bandit = new Bandit({ arms: 5 });
      bandit.reset({ seed: 1 });
      const regrets = Array.from({ length: 5 }, (_, arm) => bandit.step(arm).info['regret'] as number);
      expect(Math.min(...regrets)).to.equal(0);
    });

    it('rejects bad options clearly', () => {
      expect(() => new Bandit({ arms: 0 })).to.throw(InvalidOptionsError, 'Invalid options for Bandit: `arms`: Too small: expected number to be >=1');
      expect(() => new Bandit({ pulls: 1.5 })).to.throw(InvalidOptionsError, '`pulls`');
      expect(() => new Bandit({ arm: 3 } as never)).to.throw(InvalidOptionsError, 'unknown option `arm`');
    });
  });

  describe('GridWalk', () => {
    it('walks to the goal, paying the step penalty until the goal pays 1', () => {
      const walk = new GridWalk({ width: 3, height: 2 });
      expect(walk.reset({ seed: 0 })).to.deep.equal({ observation: [0, 0], info: { distance: 3 } });
      expect(walk.step(3)).to.deep.equal({ observation: [0, 0], reward: GRID_WALK_STEP_REWARD, terminated: false, truncated: false, info: { distance: 3 } });
      walk.step(1);
      walk.step(0);
      expect(walk.render()).to.equal('.AG\n...');
      expect(walk.step(1)).to.deep.include({ observation: [2, 1], reward: 1, terminated: true });
    });

    it('slips in random directions under its seed', () => {
      const positions = (seed: number) => {
        const walk = new GridWalk({ slip: 1 });
        walk.reset({ seed });
        return Array.from({ length: 10 }, () => walk.step(1).observation);
      };
      expect(positions(3)).to.deep.equal(positions(3));
      expect(positions(3)).to.not.deep.equal(positions(4));
    });

    it('memoizes the distance per cell', () => {
      const walk = new GridWalk();
      expect(isMemoized(walk)).to.equal(true);
      walk.reset();
      walk.step(3);
      walk.step(3);
      expect(walk.cacheStats).to.deep.equal({ hits: 2, misses: 1, size: 1 });
    });

    it('rejects bad options clearly', () => {
      expect(() => new GridWalk({ slip: 2 })).to.throw(InvalidOptionsError, 'Invalid options for GridWalk: `slip`: Too big: expected number to be <=1');
      expect(() => new GridWalk({ width: 0 })).to.throw(InvalidOptionsError, '`width`');
    });
  });
});
