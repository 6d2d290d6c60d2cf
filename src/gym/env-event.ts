/** The events an environment publishes: one per reset, one per step and one when an episode ends. */
import type { Info } from './env.js';

/** `reset()` returned; `episode` counts resets from 0. */
export interface ResetEvent<Obs> {
  readonly type: 'reset';
  readonly episode: number;
  readonly seed: number | undefined;
  readonly observation: Obs;
  readonly info: Info;
}

/** `step()` returned; `step` counts steps of the episode from 1. */
export interface StepEvent<Obs, Act> {
  readonly type: 'step';
  readonly episode: number;
  readonly step: number;
  readonly action: Act;
  readonly observation: Obs;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: Info;
}

/** The episode ended (terminated or truncated by the environment itself) after `length` steps. */
export interface EpisodeEvent {
  readonly type: 'episode';
  readonly episode: number;
  readonly length: number;
  readonly return: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
}

export type EnvEvent<Obs, Act> = ResetEvent<Obs> | StepEvent<Obs, Act> | EpisodeEvent;
