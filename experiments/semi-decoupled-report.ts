/**
 * The semi-decoupled experiment's report: every candidate's latency and energy on every accelerator
 * (summed from the shape costs), the reduced sets (reference front, enlarged on the probes, certified,
 * per-accelerator), and whether each keeps the co-design optimum at every breakpoint of the budget.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisError } from '../src/analysis/errors.js';
import { enlargeWhereFrontsMove } from '../src/analysis/front-stability.js';
import { LayerShapes, type ShapeNetworkMetrics } from '../src/analysis/layer-shapes.js';
import { accuracyCostFront } from '../src/analysis/pareto.js';
import { spearman } from '../src/analysis/rank-correlation.js';
import { certifiedReducedSet } from '../src/analysis/reduced-set.js';
import { oracleValue } from '../envs/architecture-choice.js';
import { acceleratorAllowed, GridFold, metricOf, type BudgetMetric } from '../envs/grid-search.js';
import { completeGrid, gridSize, type HardwareDesign } from '../envs/hardware-grid.js';
import { compareOptima, type OptimalityReport } from '../envs/verify-optimality.js';
import { nasbench201Accuracies, nasbench201DeviceLatencyMs } from '../src/data/nasbench201.js';
import { readResults, ResultLogError } from '../src/report/result-log.js';
import { renderPlot, type RenderedPlot, type VegaLiteSpec } from '../src/report/plots.js';
import { formatMarkdownTable as formatTable } from '../src/report/table.js';
import { mergedResults, readManifest } from './experiment.js';
import { loadOracle } from './oracles.js';
import {
  experimentCandidates,
  experimentConstraints,
  experimentMetrics,
  LAYOUT_FILE,
  probeAccelerators,
  shapeCostsOf,
  shapeLayout,
  type SemiDecoupledExperimentOptions,
  type ShapeCostRecord,
  type ShapeLayout,
} from './semi-decoupled.js';

/** The reduced sets the report compares. */
export const SET_NAMES = ['reference', 'probes', 'certified', 'per-accelerator'] as const;
export type SetName = (typeof SET_NAMES)[number];

const SET_LABELS: Record<SetName, string> = {
  reference: 'front on the reference (the study)',
  probes: "reference, enlarged where the probes' fronts move",
  certified: "front of each architecture's best over the grid",
  'per-accelerator': 'union of the fronts on every accelerator',
};

/** What the study reports for a space and metric (Lu et al., tinyML 2022). */
export function studyClaim(space: string, metric: BudgetMetric): string {
  if (space === 'darts' && metric === 'latency') return 'optimum kept in 47-50 of 50 latency budgets';
  if (space === 'darts' || space === 'alphanet') return 'optimum obtained in the reduced space (no per-budget count)';
  return 'not in the study (NAS-Bench-301 and AlphaNet only)';
}

/** The budget count the study checks (evenly spaced budgets); the report also checks this many quantiles. */
export const STUDY_BUDGETS = 50;

/** One reduced set under one budget metric. */
export interface SetSummary {
  name: SetName;
  /** Candidate positions (indices into the candidate list) of its architectures, ascending. */
  members: number[];
  size: number;
  /** Candidates per set member: the full co-design space over the reduced one. */
  sizeRatio: number;
  /** Budgets at every breakpoint (or the asked quantiles) where its optimum equals the full space's. */
  kept: number;
  budgets: number;
  worstGap: number;
}

/** The front stability of the reference set on one probe. */
export interface ProbeSummary {
  probe: string;
  spearman: number | null;
  front: number;
  frontShare: number;
  budgets: number;
  budgetsKept: number;
  worstGap: number;
  added: number;
}

export interface MetricSummary {
  metric: BudgetMetric;
  unit: string;
  /** Distinct per-architecture best values: every budget at which the full optimum may step. */
  breakpoints: number;
  /** Steps of the full space's optimum among the budgets checked. */
  steps: number;
  sets: SetSummary[];
  /** The reference set at the study's count of budgets (quantiles of the breakpoints). */
  studyBudgets: { budgets: number; kept: number };
  studyClaim: string;
  probes: ProbeSummary[];
}

export interface SemiDecoupledSummary {
  space: string;
  preset: string;
  candidates: number;
  /** Candidates feasible on at least one accelerator of the grid. */
  evaluable: number;
  accuracySource: string;
  gridSize: number;
  /** Accelerators within the area/power caps. */
  allowedAccelerators: number;
  /** How the grid was searched (every accelerator: the per-accelerator fronts need them all). */
  search: 'exhaustive';
  spaceArchitectures: string;
  budgetChoice: 'breakpoints' | number;
  metrics: MetricSummary[];
  plots: RenderedPlot[];
  reportPath: string;
}

const UNITS: Record<BudgetMetric, string> = { latency: 'cycles', energy: 'nJ', edp: 'cycles x nJ' };

function probeName(p: HardwareDesign): string {
  return `${p.numPes} PEs, NoC ${p.nocBandwidthElemsPerCycle}, off-chip ${p.offchipBandwidthElemsPerCycle}, ${p.dataflow}`;
}

/** Each candidate's metric on one accelerator (Infinity where infeasible). */
function costVector(metrics: ShapeNetworkMetrics, metric: BudgetMetric): Float64Array {
  return Float64Array.from(metrics.feasible, (f, k) => (f === 1 ? metricOf(metric, metrics.latencyCycles[k]!, metrics.energyNJ[k]!) : Number.POSITIVE_INFINITY));
}

function spearmanOrNull(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) {
      a.push(x[i]!);
      b.push(y[i]!);
    }
  }
  try {
    return spearman(a, b);
  } catch {
    return null;
  }
}

function sameLayout(a: ShapeLayout, b: ShapeLayout): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Everything the report computes from a folder's results (no files written). */
export interface SemiDecoupledAnalysis {
  options: SemiDecoupledExperimentOptions;
  keys: string[];
  accuracy: number[];
  accuracyKind: 'top1' | 'score';
  accuracySource: string;
  referenceMetrics: ShapeNetworkMetrics;
  accelerators: HardwareDesign[];
  allowedAccelerators: number;
  feasibleAccelerators: Int32Array;
  metrics: {
    metric: BudgetMetric;
    best: { value: Float64Array; accelerator: Int32Array };
    reference: Float64Array;
    sets: Record<SetName, number[]>;
    optimality: Record<SetName, Omit<OptimalityReport, 'metric'>>;
    study: Omit<OptimalityReport, 'metric'>;
    probes: ProbeSummary[];
  }[];
}

/** Reads a semi-decoupled folder's results and computes every set and check. */
export async function analyzeSemiDecoupled(out: string): Promise<SemiDecoupledAnalysis> {
  const options = readManifest(out).options as SemiDecoupledExperimentOptions;
  const { space, keys, networks } = experimentCandidates(options);
  const shapes = LayerShapes.of(networks);
  const layoutPath = join(out, LAYOUT_FILE);
  if (!existsSync(layoutPath) || !sameLayout(JSON.parse(readFileSync(layoutPath, 'utf8')) as ShapeLayout, shapeLayout(shapes))) {
    throw new ResultLogError(`${out}: the results were computed for other layer shapes (${LAYOUT_FILE} differs); run the experiment again into a new folder`);
  }
  const oracle = await loadOracle(options.accuracy, space);
  const values = keys.map((key) => oracleValue(oracle, space.fromKey(key)));
  const accuracy = values.map((v) => v.value);
  const metricsChecked = experimentMetrics(options);
  const constraints = experimentConstraints(options);
  const grid = completeGrid(options.grid);
  const gridCount = Number(gridSize(grid));
  const records = readResults(mergedResults(out)).records as ShapeCostRecord[];
  if (records.length !== gridCount + 1 + probeAccelerators(options).length) {
    throw new ResultLogError(`${out}: expected ${gridCount + 1 + probeAccelerators(options).length} accelerators' results, found ${records.length}; finish the run with --resume`);
  }
  const fold = new GridFold(keys.length, { constraints, accuracy, fronts: metricsChecked });
  const accelerators: HardwareDesign[] = [];
  let metrics: ShapeNetworkMetrics | undefined;
  let referenceMetrics: ShapeNetworkMetrics | undefined;
  const probeMetrics: ShapeNetworkMetrics[] = [];
  for (const record of records) {
    if (record.role === 'grid') {
      accelerators[record.index] = record.accelerator;
      if (!acceleratorAllowed(record.accelerator, constraints)) {
        fold.skip();
        continue;
      }
      metrics = shapes.networkMetrics(shapeCostsOf(record), metrics);
      fold.add(record.index, record.accelerator, metrics);
    } else if (record.role === 'reference') {
      referenceMetrics = shapes.networkMetrics(shapeCostsOf(record));
    } else {
      probeMetrics.push(shapes.networkMetrics(shapeCostsOf(record)));
    }
  }
  const folded = fold.result();
  if (folded.allowed === 0) throw new AnalysisError(`no accelerator of the grid meets the caps (${[options.maxAreaUm2 === undefined ? '' : `area ${options.maxAreaUm2} um^2`, options.maxPowerMW === undefined ? '' : `power ${options.maxPowerMW} mW`].filter(Boolean).join(', ')})`);
  if (!folded.feasibleAccelerators.some((n) => n > 0)) throw new AnalysisError('no candidate can be evaluated on any accelerator of the grid');
  const devices = options.devices ?? [];
  const deviceLatency = devices.map((device) => {
    const latencyMs = nasbench201DeviceLatencyMs(device);
    const index = nasbench201Accuracies().indexOf;
    return Float64Array.from(keys, (key) => latencyMs[index.get(key)!]!);
  });
  const probes = probeAccelerators(options);
  const perMetric = metricsChecked.map((metric) => {
    const best = folded.best[metric];
    const reference = costVector(referenceMetrics!, metric);
    const referenceSet = accuracyCostFront(accuracy, reference);
    const probeCosts = [...probeMetrics.map((m) => costVector(m, metric)), ...(metric === 'latency' ? deviceLatency : [])];
    const probeNames = [...probes.map(probeName), ...(metric === 'latency' ? devices.map((d) => `device ${d}`) : [])];
    const enlargement = enlargeWhereFrontsMove(accuracy, referenceSet, probeCosts);
    const members = (flags: Uint8Array): number[] => Array.from(flags.entries()).filter(([, f]) => f === 1).map(([k]) => k);
    const sets: Record<SetName, number[]> = {
      reference: referenceSet,
      probes: enlargement.members,
      certified: certifiedReducedSet(accuracy, best.value),
      'per-accelerator': members(folded.perAcceleratorFront[metric]!),
    };
    const bests = keys.map((key, k) => ({ key, accuracy: accuracy[k]!, best: best.accelerator[k]! < 0 ? undefined : { value: best.value[k]!, accelerator: accelerators[best.accelerator[k]!]! } }));
    const optimality = Object.fromEntries(
      SET_NAMES.map((name) => [name, compareOptima(bests, sets[name].map((k) => keys[k]!), options.budgets, gridCount)]),
    ) as Record<SetName, Omit<OptimalityReport, 'metric'>>;
    const study = compareOptima(bests, referenceSet.map((k) => keys[k]!), STUDY_BUDGETS, gridCount);
    const probeSummaries: ProbeSummary[] = probeCosts.map((cost, p) => ({
      probe: probeNames[p]!,
      spearman: spearmanOrNull(reference, cost),
      front: enlargement.measured[p]!.front.length,
      frontShare: enlargement.measured[p]!.frontShare,
      budgets: enlargement.measured[p]!.budgets,
      budgetsKept: enlargement.measured[p]!.budgetsKept,
      worstGap: enlargement.measured[p]!.worstGap,
      added: enlargement.added[p]!,
    }));
    return { metric, best, reference, sets, optimality, study, probes: probeSummaries };
  });
  return {
    options,
    keys,
    accuracy,
    accuracyKind: values[0]?.kind ?? 'top1',
    accuracySource: values[0]?.source ?? '',
    referenceMetrics: referenceMetrics!,
    accelerators,
    allowedAccelerators: folded.allowed,
    feasibleAccelerators: folded.feasibleAccelerators,
    metrics: perMetric,
  };
}

/** Rebuilds `report.md`, the plots, `candidates.jsonl` and `budgets.jsonl` of a semi-decoupled folder from its results. */
export async function reportSemiDecoupled(out: string): Promise<SemiDecoupledSummary> {
  const analysis = await analyzeSemiDecoupled(out);
  const { options, keys, accuracy } = analysis;
  const space = experimentCandidates({ ...options, candidates: { keys: [keys[0]!] } }).space;
  const gridCount = analysis.accelerators.length;
  const metrics: MetricSummary[] = analysis.metrics.map((m) => {
    const anyReport = m.optimality.reference;
    return {
      metric: m.metric,
      unit: UNITS[m.metric],
      breakpoints: new Set(Array.from(m.best.value).filter(Number.isFinite)).size,
      steps: anyReport.steps,
      sets: SET_NAMES.map((name) => {
        const report = m.optimality[name];
        return { name, members: m.sets[name], size: m.sets[name].length, sizeRatio: keys.length / m.sets[name].length, kept: report.agreements, budgets: report.budgets.length, worstGap: report.worstGap };
      }),
      studyBudgets: { budgets: m.study.budgets.length, kept: m.study.agreements },
      studyClaim: studyClaim(options.space, m.metric),
      probes: m.probes,
    };
  });
  writeCandidates(out, analysis);
  writeBudgets(out, analysis);
  const plots = await renderPlots(out, analysis);
  const summary: Omit<SemiDecoupledSummary, 'reportPath'> = {
    space: options.space,
    preset: space.preset,
    candidates: keys.length,
    evaluable: Array.from(analysis.feasibleAccelerators).filter((n) => n > 0).length,
    accuracySource: analysis.accuracySource,
    gridSize: gridCount,
    allowedAccelerators: analysis.allowedAccelerators,
    search: 'exhaustive',
    spaceArchitectures: space.size.toString(),
    budgetChoice: options.budgets,
    metrics,
    plots,
  };
  const reportPath = join(out, 'report.md');
  writeFileSync(reportPath, renderMarkdown(options, summary, analysis, accuracy));
  return { ...summary, reportPath };
}

/** One line per candidate: position, full key, accuracy, metrics on the reference, best over the grid, set membership. */
function writeCandidates(out: string, analysis: SemiDecoupledAnalysis): void {
  const { keys, accuracy, referenceMetrics, accelerators } = analysis;
  const lines = keys.map((key, k) => {
    const best = Object.fromEntries(
      analysis.metrics.map((m) => [m.metric, m.best.accelerator[k]! < 0 ? null : { value: m.best.value[k]!, accelerator: accelerators[m.best.accelerator[k]!]! }]),
    );
    const sets = Object.fromEntries(analysis.metrics.map((m) => [m.metric, SET_NAMES.filter((name) => m.sets[name].includes(k))]));
    return JSON.stringify({
      position: k,
      architecture: key,
      accuracy: accuracy[k],
      reference: referenceMetrics.feasible[k] === 1 ? { latencyCycles: referenceMetrics.latencyCycles[k], energyNJ: referenceMetrics.energyNJ[k] } : null,
      feasibleAccelerators: analysis.feasibleAccelerators[k],
      best,
      sets,
    });
  });
  writeFileSync(join(out, 'candidates.jsonl'), `${lines.join('\n')}\n`);
}

/** One line per metric and budget: the full space's optimum (position and key) and each set's best (position). */
function writeBudgets(out: string, analysis: SemiDecoupledAnalysis): void {
  const position = new Map(analysis.keys.map((key, k) => [key, k]));
  const lines: string[] = [];
  for (const m of analysis.metrics) {
    const reports = SET_NAMES.map((name) => m.optimality[name].budgets);
    reports[0]!.forEach((b, i) => {
      const sets = Object.fromEntries(
        SET_NAMES.map((name, s) => {
          const r = reports[s]![i]!;
          return [name, r.reduced === undefined ? null : { position: position.get(r.reduced.key), accuracy: r.reduced.accuracy, agree: r.agree, gap: r.gap }];
        }),
      );
      const full = b.full === undefined ? null : { position: position.get(b.full.key), architecture: b.full.key, accuracy: b.full.accuracy, value: b.full.value, accelerator: b.full.accelerator };
      lines.push(JSON.stringify({ metric: m.metric, budget: b.budget, full, sets }));
    });
  }
  writeFileSync(join(out, 'budgets.jsonl'), `${lines.join('\n')}\n`);
}

function accuracyDisplay(analysis: SemiDecoupledAnalysis): { shown: (a: number) => number; title: string } {
  if (analysis.accuracyKind !== 'score') return { shown: (a) => a, title: 'top-1 accuracy (%)' };
  // Proxy scores span tens of orders of magnitude and include zeros: plot log10(1 + score).
  return { shown: (a) => Math.log10(1 + Math.max(0, a)), title: `log10(1 + ${analysis.accuracySource.split(':')[0]} score) (a proxy, not an accuracy)` };
}

async function renderPlots(out: string, analysis: SemiDecoupledAnalysis): Promise<RenderedPlot[]> {
  const { keys, accuracy } = analysis;
  const { shown, title } = accuracyDisplay(analysis);
  const plots: RenderedPlot[] = [];
  const first = analysis.metrics[0]!;
  const referenceSet = new Set(first.sets.reference);
  const certified = new Set(first.sets.certified);
  const groups = [
    { name: 'other candidates', test: (k: number) => !referenceSet.has(k) && !certified.has(k), color: '#c6dbef', size: 25, shape: 'circle' },
    { name: 'reference set and certified', test: (k: number) => referenceSet.has(k) && certified.has(k), color: '#1f77b4', size: 70, shape: 'square' },
    { name: 'reference set only (not needed)', test: (k: number) => referenceSet.has(k) && !certified.has(k), color: '#ff7f0e', size: 70, shape: 'diamond' },
    { name: 'certified only (the reference set misses it)', test: (k: number) => !referenceSet.has(k) && certified.has(k), color: '#d62728', size: 90, shape: 'cross' },
  ];
  const points = keys.map((_, k) => k).filter((k) => Number.isFinite(first.reference[k]!));
  // One layer per group, the sets drawn last so that the thousands of other candidates never hide them.
  plots.push(
    await renderPlot(
      {
        title: `Candidates on the reference accelerator (${probeName(analysis.options.reference)}), sets against ${first.metric}`,
        width: 520,
        height: 340,
        layer: groups.map((group) => ({
          data: { values: points.filter(group.test).map((k) => ({ cost: first.reference[k], accuracy: shown(accuracy[k]!), set: group.name })) },
          mark: { type: 'point', filled: true, size: group.size, shape: group.shape, opacity: group.name === 'other candidates' ? 0.6 : 1 },
          encoding: {
            x: { field: 'cost', type: 'quantitative', scale: { type: 'log', nice: false }, title: `${first.metric} on the reference (${UNITS[first.metric]}, log)` },
            y: { field: 'accuracy', type: 'quantitative', scale: { zero: false }, title },
            color: { field: 'set', type: 'nominal', title: null, scale: { domain: groups.map((g) => g.name), range: groups.map((g) => g.color) }, legend: { labelLimit: 400, orient: 'bottom', columns: 2 } },
          },
        })),
      },
      join(out, 'reduced-set'),
    ),
  );
  for (const m of analysis.metrics) {
    const report = m.optimality.reference;
    const values = report.budgets.flatMap((b) => [
      { budget: b.budget, series: 'full space', accuracy: b.full === undefined ? null : shown(b.full.accuracy) },
      { budget: b.budget, series: `reference set (${m.sets.reference.length} architectures)`, accuracy: b.reduced === undefined ? null : shown(b.reduced.accuracy) },
    ]);
    const lostLabel = 'budget where the reference set loses the optimum';
    const lost = report.budgets.filter((b) => !b.agree && b.full !== undefined).map((b) => ({ budget: b.budget, accuracy: shown(b.full!.accuracy), series: lostLabel }));
    const series = ['full space', `reference set (${m.sets.reference.length} architectures)`, lostLabel];
    const spec: VegaLiteSpec = {
      title: `Best design within each ${m.metric} budget: full space vs the reference set (${report.agreements}/${report.budgets.length} budgets agree)`,
      width: 560,
      height: 300,
      encoding: {
        x: { field: 'budget', type: 'quantitative', scale: { type: 'log', nice: false }, title: `${m.metric} budget (${UNITS[m.metric]}, log)` },
        y: { field: 'accuracy', type: 'quantitative', scale: { zero: false }, title: `best ${title}` },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: ['#1f77b4', '#ff7f0e', '#d62728'] }, legend: { labelLimit: 400, orient: 'bottom' } },
        strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: [[1, 0], [6, 3], [1, 0]] }, legend: { labelLimit: 400, orient: 'bottom' } },
      },
      layer: [
        { data: { values }, mark: { type: 'line', interpolate: 'step-after' } },
        // The full space's optimum at each budget the reference set loses.
        { data: { values: lost }, mark: { type: 'point', shape: 'cross', size: 90, filled: true } },
      ],
    };
    plots.push(await renderPlot(spec, join(out, `optimality-${m.metric}`)));
  }
  return plots;
}

function renderMarkdown(options: SemiDecoupledExperimentOptions, s: Omit<SemiDecoupledSummary, 'reportPath'>, analysis: SemiDecoupledAnalysis, accuracy: readonly number[]): string {
  const caps = [
    options.maxAreaUm2 === undefined ? '' : `area at most ${options.maxAreaUm2} um^2`,
    options.maxPowerMW === undefined ? '' : `power at most ${options.maxPowerMW} mW`,
    options.enforceBufferSizes === true ? 'L1/L2 requirements within the buffer sizes' : '',
  ].filter((c) => c.length > 0);
  const budgetText = s.budgetChoice === 'breakpoints' ? 'every breakpoint (each distinct per-architecture best value: every step of the optimum)' : `${s.budgetChoice} quantiles of the breakpoints`;
  const fmt = (v: number): string => String(Number(v.toPrecision(6)));
  // Budgets are breakpoints, often a few units apart: whole cycles in full, nJ to 10 digits, so no two rows read alike.
  const fmtBudget = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10))));
  const id = (key: string | undefined): string => (key === undefined ? '-' : `#${analysis.keys.indexOf(key)}`);
  const summaryRows = s.metrics.flatMap((m) => m.sets.map((set) => ({ m, set })));
  let text = `# Semi-decoupled co-design: ${options.space} (${s.preset})

${s.candidates} candidate architectures, accuracy from \`${s.accuracySource}\`; reference accelerator
${probeName(options.reference)}; ${s.gridSize} accelerators in the grid${caps.length > 0 ? ` (${s.allowedAccelerators} within ${caps.join(', ')})` : ''},
searched exhaustively (every accelerator evaluates the candidates' distinct layer shapes once).
Budgets checked: ${budgetText}. Architectures appear as \`#i\`, their position in the candidate list
(\`candidates.jsonl\` has the full keys; \`budgets.jsonl\` every budget's optima).

## Reduced sets and the optimum they keep

${formatTable(summaryRows, [
  { header: 'metric', value: (r) => r.m.metric },
  { header: 'reduced set', value: (r) => r.set.name },
  { header: 'architectures', value: (r) => r.set.size },
  { header: 'size ratio', value: (r) => `${r.set.sizeRatio.toFixed(1)}x` },
  { header: 'budgets kept', value: (r) => `${r.set.kept}/${r.set.budgets}` },
  { header: 'worst gap', value: (r) => fmt(r.set.worstGap) },
])}
- **reference**: ${SET_LABELS.reference}; **probes**: ${SET_LABELS.probes};
  **certified**: ${SET_LABELS.certified}, the smallest set that keeps every co-design optimum;
  **per-accelerator**: ${SET_LABELS['per-accelerator']}, which also keeps the optimum on each fixed accelerator.
- The study's own claim: ${[...new Set(s.metrics.map((m) => `${m.metric}: ${m.studyClaim}`))].join('; ')}. At ${STUDY_BUDGETS} budgets as the study counts them (quantiles of the breakpoints; fewer where values repeat) the reference set keeps ${s.metrics.map((m) => `${m.studyBudgets.kept}/${m.studyBudgets.budgets} (${m.metric})`).join(', ')}.

![reduced set](reduced-set.png)
`;
  for (const m of s.metrics) {
    const analysed = analysis.metrics.find((a) => a.metric === m.metric)!;
    const lost = (['reference', 'probes'] as const).flatMap((name) => analysed.optimality[name].budgets.filter((b) => !b.agree).map((b) => ({ name, b })));
    const shown = lost.slice(0, 30);
    text += `
## ${m.metric[0]!.toUpperCase()}${m.metric.slice(1)} budgets (${m.unit})

${m.breakpoints} distinct best values over the grid; the full space's optimum steps ${m.steps} times.

![optimality](optimality-${m.metric}.png)

${
  lost.length === 0
    ? 'The reference set and the enlarged set keep the optimum at every budget checked.\n'
    : `Budgets where a set loses the optimum${lost.length > shown.length ? ` (the first ${shown.length} of ${lost.length}; all in \`budgets.jsonl\`)` : ''}:

${formatTable(shown, [
  { header: 'set', value: (r) => r.name },
  { header: `budget (${m.unit})`, value: (r) => fmtBudget(r.b.budget) },
  { header: 'full: optimum', value: (r) => id(r.b.full?.key) },
  { header: 'full: accuracy', value: (r) => (r.b.full === undefined ? '-' : fmt(r.b.full.accuracy)) },
  { header: 'reduced: best', value: (r) => id(r.b.reduced?.key) },
  { header: 'reduced: accuracy', value: (r) => (r.b.reduced === undefined ? '-' : fmt(r.b.reduced.accuracy)) },
  { header: 'gap', value: (r) => fmt(r.b.gap) },
])}`
}
Front stability of the reference set on the probes (Spearman for information):

${formatTable(m.probes, [
  { header: 'probe', value: (p) => p.probe },
  { header: 'Spearman', value: (p) => (p.spearman === null ? '-' : p.spearman.toFixed(4)) },
  { header: "probe's front", value: (p) => p.front },
  { header: 'held', value: (p) => `${(100 * p.frontShare).toFixed(1)}%` },
  { header: 'budgets kept', value: (p) => `${p.budgetsKept}/${p.budgets}` },
  { header: 'worst gap', value: (p) => fmt(p.worstGap) },
  { header: 'added', value: (p) => p.added },
])}`;
  }
  const union = [...new Set(analysis.metrics.flatMap((m) => SET_NAMES.flatMap((name) => m.sets[name])))].sort((a, b) => a - b);
  const sets = union.map((k) => ({ k, memberships: analysis.metrics.map((m) => SET_NAMES.filter((name) => m.sets[name].includes(k))) }));
  text += `
## Architectures in some reduced set

${formatTable(sets, [
  { header: 'id', value: (r) => `#${r.k}` },
  { header: 'accuracy', value: (r) => fmt(accuracy[r.k]!) },
  { header: 'latency on the reference', value: (r) => (analysis.referenceMetrics.feasible[r.k] === 1 ? analysis.referenceMetrics.latencyCycles[r.k]! : '-') },
  ...analysis.metrics.map((m, i) => ({ header: `${m.metric}: best over the grid`, value: (r: (typeof sets)[number]) => (Number.isFinite(m.best.value[r.k]!) ? fmt(m.best.value[r.k]!) : '-'), _i: i })),
  ...analysis.metrics.map((m, i) => ({ header: `${m.metric}: sets`, value: (r: (typeof sets)[number]) => r.memberships[i]!.join(', ') })),
])}`;
  return text;
}
