/** A wrapper that reports each episode's return, length and duration in the final step's info. */
import { describeValue } from '../describe-value.js';
import type { Env, ResetArgs, ResetResult, StepResult } from '../env.js';
import { GymError } from '../errors.js';
import { Wrapper } from './wrapper.js';

/** Gymnasium's episode record: return `r`, length `l` (steps), duration `t` (seconds). */
export interface EpisodeStatistics {
  readonly r: number;
  readonly l: number;
  readonly t: number;
}

export interface RecordEpisodeStatisticsSettings {
  /** How many recent episodes `returnQueue`, `lengthQueue` and `timeQueue` keep (default 100). */
  readonly bufferLength?: number;
  /** The clock in seconds (default `performance.now() / 1000`); inject one for reproducible `t`. */
  readonly clock?: () => number;
}

/**
 * At the end of an episode (terminated or truncated), the step's info gets
 * `episode: { r, l, t }` (Gymnasium's `RecordEpisodeStatistics`); the info of other steps is untouched.
 * Throws when the info already has an `episode` key.
 *
 * @example
 * const env = new RecordEpisodeStatistics(new TimeLimit(make('Bandit-v0'), 3));
 * env.reset({ seed: 0 });
 * env.step(0);
 * env.step(0);
 * const { info } = env.step(0);
 * info.episode.l;            // 3
 * env.returnQueue.length;    // 1
 */
export class RecordEpisodeStatistics<Obs, Act> extends Wrapper<Obs, Act> {
  /** Returns of the most recent episodes, oldest first. */
  readonly returnQueue: number[] = [];
  /** Lengths of the most recent episodes, oldest first. */
  readonly lengthQueue: number[] = [];
  /** Durations (seconds) of the most recent episodes, oldest first. */
  readonly timeQueue: number[] = [];
  private readonly bufferLength: number;
  private readonly clock: () => number;
  private episodesDone = 0;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeStartTime = 0;

  constructor(env: Env<Obs, Act>, settings: RecordEpisodeStatisticsSettings = {}) {
    super(env);
    const { bufferLength = 100, clock = defaultClock } = settings;
    if (typeof bufferLength !== 'number' || !Number.isSafeInteger(bufferLength) || bufferLength < 1) {
      throw new TypeError(`Expects \`bufferLength\` to be a positive integer, actual: ${describeValue(bufferLength)}`);
    }
    if (typeof clock !== 'function') throw new TypeError(`Expects \`clock\` to be a function, actual: ${describeValue(clock)}`);
    this.bufferLength = bufferLength;
    this.clock = clock;
  }

  /** Episodes completed so far. */
  get episodeCount(): number {
    return this.episodesDone;
  }

  protected override onReset(args: ResetArgs): ResetResult<Obs> {
    const result = this.env.reset(args);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.episodeStartTime = this.clock();
    return result;
  }

  protected override onStep(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength++;
    if (!result.terminated && !result.truncated) return result;
    if ('episode' in result.info) {
      throw new GymError(
        `RecordEpisodeStatistics expects the step info to have no \`episode\` key, actual: ${describeValue(result.info['episode'])} (is the wrapper applied twice?)`,
      );
    }
    const seconds = Math.round((this.clock() - this.episodeStartTime) * 1e6) / 1e6;
    const episode: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength, t: seconds };
    this.episodesDone++;
    this.remember(this.returnQueue, episode.r);
    this.remember(this.lengthQueue, episode.l);
    this.remember(this.timeQueue, episode.t);
    return {
      observation: result.observation,
      reward: result.reward,
      terminated: result.terminated,
      truncated: result.truncated,
      info: { ...result.info, episode },
    };
  }

  private remember(queue: number[], value: number): void {
    queue.push(value);
    if (queue.length > this.bufferLength) queue.shift();
  }
}

function defaultClock(): number {
  return performance.now() / 1000;
}
