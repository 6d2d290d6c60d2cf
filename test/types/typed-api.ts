/**
 * The typed API as a user's compiler sees it: `make` types each registered environment (its class,
 * options, actions, observations and infos), search events narrow by `type` and carry the
 * environment's designs and metrics, and an environment a user registers gets the same types by
 * declaration merging. Each `@ts-expect-error` line must fail to compile (else the build fails);
 * typed-api.test.ts runs every function, and the package test compiles this file against the
 * packed declaration files.
 */
import { filter, lastValueFrom } from 'rxjs';
import {
  Discrete,
  Env,
  make,
  makeAgent,
  register,
  registry,
  type AcceleratorDesign,
  type ActionOf,
  type Bandit,
  type BanditInfo,
  type CoDesignDesign,
  type DecisionInfo,
  type DesignInfo,
  type DesignMetrics,
  type DesignSpaceInfo,
  type DesignStepInfo,
  type GridWalkInfo,
  type HardwareDesign,
  type ObservationOf,
  type ResetResult,
  type SearchDoneEvent,
  type SemiDecoupled,
  type StepInfoOf,
  type StepResult,
  type TimeLimit,
} from '../../src/index.js';

/** `true` when A and B are the same type. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only with `true`: `typeIs<Equal<typeof value, Expected>>()`. */
export function typeIs<Check extends true>(_check?: Check): void {}

/** `make` with a registered id returns the environment's own class, with typed options and info. */
export function acceleratorDesignIsTyped(): { latencyCycles: number; numPes: number; observation: number[] } {
  const env = make('AcceleratorDesign-v0', { networks: ['resnet50'], objective: 'edp', grid: { numPes: [64, 256] } });
  typeIs<Equal<typeof env, AcceleratorDesign>>();
  typeIs<Equal<ActionOf<typeof env>, number[] | number>>();
  typeIs<Equal<ObservationOf<typeof env>, number[]>>();
  const { decisions } = env.reset({ seed: 0 }).info;
  typeIs<Equal<typeof decisions, string[]>>();
  const { observation, info } = env.step([1, 7, 8, 0]);
  typeIs<Equal<typeof info, DesignInfo<HardwareDesign>>>();
  typeIs<Equal<typeof info.metrics, DesignMetrics>>();
  typeIs<Equal<typeof info.design, HardwareDesign>>();
  // One decision (sequential mode) may not evaluate a design yet: its info is either kind.
  typeIs<Equal<StepInfoOf<typeof env>, DesignStepInfo<HardwareDesign>>>();
  return { latencyCycles: info.metrics.latencyCycles, numPes: info.design.numPes, observation };
}

/** The toy environments and the wrappers `make` adds keep their types too. */
export function toyEnvironmentsAreTyped(): { distance: number; regret: number } {
  const walk = make('GridWalk-v0', { width: 4 });
  typeIs<Equal<typeof walk, TimeLimit<number[], number, GridWalkInfo, GridWalkInfo>>>();
  walk.reset({ seed: 0 });
  const { distance } = walk.step(1).info;
  const bandit = make('Bandit-v0', { arms: 3 }, { maxEpisodeSteps: 5 });
  typeIs<Equal<typeof bandit, TimeLimit<number, number, BanditInfo, Record<string, never>>>>();
  typeIs<Equal<StepInfoOf<Bandit>, BanditInfo>>();
  bandit.reset({ seed: 0 });
  const { regret } = bandit.step(2).info;
  return { distance, regret };
}

/** The co-design environments: the design holds the architecture and the accelerator. */
export function coDesignIsTyped(): { architectureKey: string; numPes: number } {
  const env = make('CoDesign-v0', { space: 'nasbench201', objective: 'edp' });
  env.reset({ seed: 0 });
  const { design } = env.step([3, 3, 3, 3, 3, 3, 4, 7, 6, 0]).info;
  typeIs<Equal<typeof design, CoDesignDesign>>();
  typeIs<Equal<StepInfoOf<SemiDecoupled>, DesignStepInfo<CoDesignDesign> & DesignSpaceInfo>>();
  return { architectureKey: design.architectureKey, numPes: design.hardware.numPes };
}

/** Search events narrow by `type`; the done event's best has the environment's design and metrics. */
export async function searchEventsAreTyped(): Promise<{ reward: number; numPes: number | null; steps: number }> {
  const env = make('AcceleratorDesign-v0', { networks: ['resnet50'], objective: 'edp' });
  const events = makeAgent('random').run(env, { budget: 3, seed: 1 });
  let steps = 0;
  events.subscribe((event) => {
    if (event.type === 'step') steps += event.evaluation > 0 ? 1 : 0;
  });
  const done = await lastValueFrom(events.pipe(filter((event) => event.type === 'done')));
  typeIs<Equal<typeof done, SearchDoneEvent<DesignStepInfo<HardwareDesign>>>>();
  const { best } = done;
  if (best.design === null) {
    // A sequential episode's decision before the last: no design yet, the choices so far.
    typeIs<Equal<typeof best.metrics, Readonly<DecisionInfo>>>();
    return { reward: best.reward, numPes: null, steps };
  }
  const latencyCycles: number = best.metrics.latencyCycles;
  const feasible: boolean = best.metrics.feasible;
  return { reward: best.reward + (feasible && latencyCycles > 0 ? 0 : Number.NaN), numPes: best.design.numPes, steps };
}

/** An unknown id does not compile (and throws a RegistryError when forced). */
export function unknownId(): unknown {
  // @ts-expect-error: no environment is registered as NoSuchEnv-v9
  return make('NoSuchEnv-v9');
}

/** An unknown option does not compile (and throws an InvalidOptionsError when forced). */
export function unknownOption(): unknown {
  // @ts-expect-error: GridWalk-v0 takes width, height and slip, not size
  return make('GridWalk-v0', { size: 5 });
}

/** An unknown zoo network does not compile either. */
export function unknownNetwork(): unknown {
  // @ts-expect-error: the zoo has resnet50, not resnet5
  return make('AcceleratorDesign-v0', { networks: ['resnet5'] });
}

/** A wrongly shaped action does not compile (and throws an InvalidActionError when forced). */
export function wronglyShapedAction(): unknown {
  const env = make('GridWalk-v0');
  env.reset({ seed: 0 });
  // @ts-expect-error: GridWalk's action is a number (a direction)
  return env.step('oops');
}

/** A design action is a vector of choice indices, not of values. */
export function wronglyShapedDesignAction(): unknown {
  const env = make('AcceleratorDesign-v0');
  env.reset({ seed: 0 });
  // @ts-expect-error: choice indices, not the chosen PE count and dataflow
  return env.step([512, 'kcp_ws']);
}

/** A coin whose heads probability is an option: a user's own environment. */
export class Coin extends Env<number, number, { heads: boolean }, Record<string, never>> {
  readonly observationSpace = new Discrete(2);
  readonly actionSpace = new Discrete(2);

  constructor(readonly bias: number) {
    super();
  }

  protected onReset(): ResetResult<number, Record<string, never>> {
    return { observation: 0, info: {} };
  }

  protected onStep(guess: number): StepResult<number, { heads: boolean }> {
    const heads = this.bias >= 0.5;
    return { observation: heads ? 1 : 0, reward: guess === (heads ? 1 : 0) ? 1 : 0, terminated: true, truncated: false, info: { heads } };
  }
}

declare module '../../src/index.js' {
  interface EnvRegistry {
    'typed-api/Coin-v0': { env: Coin; options: { bias?: number } };
  }
}

/** A registered environment declared in `EnvRegistry` is typed like the package's own; a `string` id is untyped. */
export function userEnvironmentIsTyped(): { heads: boolean; untyped: unknown } {
  if (!registry.has('typed-api/Coin-v0')) register('typed-api/Coin-v0', ({ bias }) => new Coin(bias), { bias: 0.75 });
  const coin = make('typed-api/Coin-v0', { bias: 0.9 });
  typeIs<Equal<typeof coin, Coin>>();
  coin.reset({ seed: 0 });
  const { heads } = coin.step(1).info;
  const id: string = 'typed-api/Coin-v0';
  const untyped = make(id);
  typeIs<Equal<typeof untyped, Env<unknown, unknown>>>();
  untyped.reset({ seed: 0 });
  return { heads, untyped: untyped.step(0).info };
}
