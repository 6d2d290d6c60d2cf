/** A walk on a small grid from one corner to the opposite one, optionally slippery. */
import { Mixin } from 'ts-mixer';
import * as z from 'zod';
import { EventSource } from '../capabilities/event-source.js';
import { Memoized } from '../capabilities/memoized.js';
import { Seeded } from '../capabilities/seeded.js';
import { Env, type ResetResult, type StepResult } from '../env.js';
import { parseOptions } from '../options.js';
import { Discrete } from '../spaces/discrete.js';
import { MultiDiscrete } from '../spaces/multi-discrete.js';

export const gridWalkOptionsSchema = z.strictObject({
  width: z.number().int().min(1).max(1000),
  height: z.number().int().min(1).max(1000),
  /** Probability that a move goes in a random direction instead. */
  slip: z.number().min(0).max(1),
});

export type GridWalkOptions = z.infer<typeof gridWalkOptionsSchema>;

/** The info of `reset` and `step`: the Manhattan distance to the goal. */
export type GridWalkInfo = { distance: number };

export const GRID_WALK_DEFAULTS: GridWalkOptions = { width: 5, height: 5, slip: 0 };

/** Moves by action: 0 north (y + 1), 1 east (x + 1), 2 south (y - 1), 3 west (x - 1). */
const MOVE_X = [0, 1, 0, -1] as const;
const MOVE_Y = [1, 0, -1, 0] as const;

/** The reward of every step that does not reach the goal. */
export const GRID_WALK_STEP_REWARD = -0.01;

/**
 * The agent starts at [0, 0] and terminates on reaching the goal [width - 1, height - 1] (reward 1);
 * every other step costs 0.01. With `slip` > 0 a move goes in a random direction with that
 * probability (drawn from the environment generator). The observation is the position [x, y];
 * `info.distance` is the Manhattan distance to the goal, memoized per cell. Registered as
 * `GridWalk-v0` with a 100-step time limit.
 *
 * @example
 * const walk = new GridWalk({ width: 3, height: 3 });
 * walk.reset({ seed: 0 });
 * walk.step(1).observation;   // [1, 0]
 * walk.step(1);
 * walk.step(0);
 * walk.step(0).terminated;    // true: reached [2, 2]
 */
export class GridWalk extends Mixin(Env<number[], number, GridWalkInfo, GridWalkInfo>, Seeded, EventSource<number[], number>, Memoized) {
  readonly options: GridWalkOptions;
  readonly observationSpace: MultiDiscrete;
  readonly actionSpace: Discrete;
  private x = 0;
  private y = 0;

  constructor(options: Partial<GridWalkOptions> = {}) {
    super();
    this.options = parseOptions('GridWalk', gridWalkOptionsSchema, { ...GRID_WALK_DEFAULTS, ...options });
    this.observationSpace = new MultiDiscrete([this.options.width, this.options.height]);
    this.actionSpace = new Discrete(4);
  }

  protected onReset(): ResetResult<number[], GridWalkInfo> {
    this.x = 0;
    this.y = 0;
    return { observation: [0, 0], info: { distance: this.distanceToGoal() } };
  }

  protected onStep(action: number): StepResult<number[], GridWalkInfo> {
    const { width, height, slip } = this.options;
    const move = slip > 0 && this.rng.float() < slip ? this.rng.int(0, 3) : action;
    this.x = Math.min(width - 1, Math.max(0, this.x + MOVE_X[move as 0 | 1 | 2 | 3]));
    this.y = Math.min(height - 1, Math.max(0, this.y + MOVE_Y[move as 0 | 1 | 2 | 3]));
    const distance = this.distanceToGoal();
    const terminated = distance === 0;
    return {
      observation: [this.x, this.y],
      reward: terminated ? 1 : GRID_WALK_STEP_REWARD,
      terminated,
      truncated: false,
      info: { distance },
    };
  }

  override render(): string {
    const { width, height } = this.options;
    const rows: string[] = [];
    for (let y = height - 1; y >= 0; y--) {
      let row = '';
      for (let x = 0; x < width; x++) {
        row += x === this.x && y === this.y ? 'A' : x === width - 1 && y === height - 1 ? 'G' : '.';
      }
      rows.push(row);
    }
    return rows.join('\n');
  }

  private distanceToGoal(): number {
    const { width, height } = this.options;
    const x = this.x;
    const y = this.y;
    return this.memoize(y * width + x, () => width - 1 - x + (height - 1 - y));
  }
}
