/** The agents: random search, regularised evolution, Bayesian optimisation, REINFORCE and PPO, behind one interface. */
export { SearchAgent, type Agent, type AgentRunSettings, type SearchOutcome } from './agent.js';
export { AGENTS, listAgents, makeAgent, type AgentFactory } from './agent-table.js';
export { isAgentModulePath, loadAgentModule, resolveAgent } from './agent-module.js';
export { ActionCodec, type ActionMask, type Choices } from './action-codec.js';
export {
  describeEvaluation,
  type EvaluationFields,
  withoutWallTime,
  WALL_TIME_FIELDS,
  type BestRecord,
  type DoneReason,
  type SearchBestEvent,
  type SearchDoneEvent,
  type SearchEpisodeEvent,
  type SearchEvent,
  type SearchStepEvent,
  type TfjsBackendName,
} from './search-event.js';
export { defaultEvaluationUnit, SearchCancelled, SearchSession, type SearchSessionSettings, type Transition } from './search-session.js';
export { describeHyperparameterIssues, parseHyperparameters, runSettingsShape, DEFAULT_MAX_FREE_STEPS, EVALUATION_UNITS, type EvaluationUnit, type RunSettings } from './hyperparameters.js';
export { InvalidHyperparametersError, PolicyFileError, UnknownAgentError, UnsupportedEnvError } from './errors.js';

export { RandomAgent, RANDOM_DEFAULTS, randomHyperparameterShape, type RandomHyperparameters } from './random-agent.js';
export {
  EvolutionAgent,
  EVOLUTION_DEFAULTS,
  evolutionHyperparameterShape,
  mutate,
  type EvolutionHyperparameters,
} from './evolution-agent.js';
export {
  BayesianOptimizationAgent,
  BAYESIAN_OPTIMIZATION_DEFAULTS,
  bayesianHyperparameterShape,
  type BayesianOptimizationHyperparameters,
} from './bayesian/bayesian-optimization-agent.js';
export { GaussianProcess, type GpPrediction } from './bayesian/gaussian-process.js';
export { matern52, matern52LengthscaleFactor, maternCovariance, type GpHyperparameters } from './bayesian/matern52.js';
export {
  coordinateDifference,
  fitGpHyperparameters,
  logMarginalLikelihood,
  fromLogParameters,
  toLogParameters,
  GP_HYPERPARAMETER_BOUNDS,
} from './bayesian/marginal-likelihood.js';
export { expectedImprovement, logEiFactor, logExpectedImprovement, upperConfidenceBound, type AcquisitionName } from './bayesian/acquisition.js';
export { ExhaustiveSearch, localSearch, prunedArgmax, singleDimensionNeighbours, type Acquisition, type LocalSearchSettings, type Proposal, type PrunedCandidates } from './bayesian/acquisition-search.js';
export { AcquisitionScorer } from './bayesian/acquisition-scorer.js';
export { VarianceStore } from './bayesian/variance-store.js';
export { actionKindsOf, DesignEncoding, enumerateChoices, forEachChoices, type DimensionKind } from './bayesian/design-encoding.js';
export { copula, standardize, warpRewards, type OutputWarping } from './bayesian/output-warping.js';
export { normalCdf, normalPdf, normalQuantile } from './bayesian/normal-distribution.js';
export { choleskyLower, inverseFromCholesky, solveLowerInPlace, solveUpperTransposedInPlace } from './bayesian/cholesky.js';

export { ReinforceAgent, REINFORCE_DEFAULTS, reinforceHyperparameterShape, type ReinforceHyperparameters } from './reinforce-agent.js';
export { PpoAgent, PPO_DEFAULTS, ppoHyperparameterShape, type PpoHyperparameters } from './ppo-agent.js';
export { TfjsSearchAgent, PolicyProposer, entropyWeight, networkHyperparameterShape, type NetworkHyperparameters, type NetworkSetup, type TrainedNetworks } from './tfjs/tfjs-agent.js';
export { normaliseAdvantages, riskSeekingAdvantages, ADVANTAGE_NORMALISATIONS, type AdvantageNormalisation } from './tfjs/advantages.js';
export { EvaluatedDesigns } from './evaluated-designs.js';
export { CategoricalPolicy, embeddedObservation, seededDense, trunk, type HeadMasks, type PolicyHeads, type PolicySample, type PolicyShape } from './tfjs/policy-network.js';
export { applyValueNetwork, buildValueNetwork, trainableVariables } from './tfjs/value-network.js';
export { optimizerStep } from './tfjs/gradients.js';
export { ObservationEncoder, OBSERVATION_CLIP } from './tfjs/observation-encoder.js';
export { sampleCategorical, softmax } from './tfjs/categorical.js';
export {
  deserializeModel,
  readPolicyFile,
  serializeModel,
  writePolicyFile,
  POLICY_FILE_FORMAT,
  POLICY_FILE_VERSION,
  type PolicyFile,
  type SerializedModel,
} from './tfjs/policy-file.js';
