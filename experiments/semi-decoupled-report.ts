/** The semi-decoupled experiment's report: the reduced set, space sizes, rank correlation, optimality. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paretoFront } from '../src/analysis/pareto.js';
import { objectivePoints } from '../src/analysis/reduced-set.js';
import { spearman } from '../src/analysis/rank-correlation.js';
import { readResults } from '../src/report/result-log.js';
import { renderPlot, type RenderedPlot, type VegaLiteSpec } from '../src/report/plots.js';
import { formatMarkdownTable as formatTable } from '../src/report/table.js';
import { createSpace, type ArchitectureSpace } from '../src/workloads/index.js';
import { completeGrid, gridSize } from '../envs/hardware-grid.js';
import { compareOptima, type OptimalityReport } from '../envs/verify-optimality.js';
import { mergedResults, readManifest } from './experiment.js';
import { nasbench201Accuracies, nasbench201DeviceLatencyMs } from '../src/data/nasbench201.js';
import { probeAccelerators, type CandidateRecord, type PointMetrics, type SemiDecoupledExperimentOptions } from './semi-decoupled.js';

export interface SemiDecoupledSummary {
  candidates: number;
  evaluable: number;
  reducedSet: string[];
  spaceArchitectures: string;
  gridSize: number;
  fullDesigns: number;
  reducedDesigns: number;
  reduction: number;
  probeCorrelations: { probe: string; latency: number | null; energy: number | null }[];
  /**
   * Each device's published latency against the reference latency (nasbench201): Spearman, and the
   * share of the device's accuracy-latency front that the reduced set holds.
   */
  deviceProbes: { device: string; latency: number | null; frontShare: number; front: number }[];
  latency: Omit<OptimalityReport, 'metric'>;
  energy: Omit<OptimalityReport, 'metric'>;
  /**
   * The reduced set enlarged with the fronts on every probe accelerator (what the wrapper's
   * `check: { enlarge: 'union' }` does when the ranking is too weak), and its optimality.
   */
  enlarged: { reducedSet: string[]; reducedDesigns: number; latency: Omit<OptimalityReport, 'metric'>; energy: Omit<OptimalityReport, 'metric'> };
  plots: RenderedPlot[];
  reportPath: string;
}

function probeName(p: { numPes: number; nocBandwidthElemsPerCycle: number; offchipBandwidthElemsPerCycle: number; dataflow: string }): string {
  return `${p.numPes} PEs, NoC ${p.nocBandwidthElemsPerCycle}, off-chip ${p.offchipBandwidthElemsPerCycle}, ${p.dataflow}`;
}

function correlation(x: number[], y: number[]): number | null {
  try {
    return spearman(x, y);
  } catch {
    return null;
  }
}

/** The keys of the Pareto front of accuracy against the objective, on one accelerator's metrics. */
function frontOn(records: readonly CandidateRecord[], on: (r: CandidateRecord) => PointMetrics, objective: SemiDecoupledExperimentOptions['objective']): string[] {
  const metrics = records.map((r) => {
    const { latencyCycles, energyNJ } = on(r);
    return { key: r.architecture, accuracy: r.accuracy, latencyCycles: latencyCycles!, energyNJ: energyNJ!, feasible: true };
  });
  const { points, senses } = objectivePoints(metrics, objective);
  return paretoFront(points, senses).map((i) => records[i]!.architecture);
}

/** Rebuilds `report.md` and the plots of a semi-decoupled experiment folder from its results. */
export async function reportSemiDecoupled(out: string): Promise<SemiDecoupledSummary> {
  const options = readManifest(out).options as SemiDecoupledExperimentOptions;
  const records = readResults(mergedResults(out)).records as CandidateRecord[];
  const space = createSpace(options.space, options.preset) as ArchitectureSpace<unknown>;
  const grid = completeGrid(options.grid);
  const accelerators = Number(gridSize(grid));
  const usable = records.filter((r) => r.reference.feasible && r.reference.latencyCycles !== null && r.reference.energyNJ !== null);
  const reducedSet = frontOn(usable, (r) => r.reference, options.objective);
  const reducedKeys = new Set(reducedSet);

  const probes = probeAccelerators(options);
  const enlargedKeys = new Set(reducedSet);
  probes.forEach((_, p) => {
    const feasible = records.filter((r) => r.probes[p]?.feasible === true && r.probes[p]!.latencyCycles !== null && r.probes[p]!.energyNJ !== null);
    for (const key of frontOn(feasible, (r) => r.probes[p]!, options.objective)) enlargedKeys.add(key);
  });
  const enlargedSet = records.map((r) => r.architecture).filter((key) => enlargedKeys.has(key));
  const probeCorrelations = probes.map((probe, p) => {
    const both = records.filter((r) => r.reference.feasible && r.probes[p]?.feasible);
    return {
      probe: probeName(probe),
      latency: correlation(both.map((r) => r.reference.latencyCycles!), both.map((r) => r.probes[p]!.latencyCycles!)),
      energy: correlation(both.map((r) => r.reference.energyNJ!), both.map((r) => r.probes[p]!.energyNJ!)),
    };
  });

  const deviceProbes = (options.devices ?? []).map((device) => {
    const latencyMs = nasbench201DeviceLatencyMs(device);
    const index = nasbench201Accuracies().indexOf;
    const onDevice = (r: CandidateRecord): number => latencyMs[index.get(r.architecture)!]!;
    const { points, senses } = objectivePoints(usable.map((r) => ({ key: r.architecture, accuracy: r.accuracy, latencyCycles: onDevice(r), energyNJ: 0, feasible: true })), 'latency');
    const front = paretoFront(points, senses).map((i) => usable[i]!.architecture);
    return {
      device,
      latency: correlation(usable.map((r) => r.reference.latencyCycles!), usable.map(onDevice)),
      frontShare: front.filter((key) => reducedKeys.has(key)).length / front.length,
      front: front.length,
    };
  });

  const bests = (which: 'bestLatency' | 'bestEnergy'): { key: string; accuracy: number; best: { value: number; accelerator: NonNullable<CandidateRecord['bestLatency']>['accelerator'] } | undefined }[] =>
    records.map((r) => ({ key: r.architecture, accuracy: r.accuracy, best: r[which] ?? undefined }));
  const latency = compareOptima(bests('bestLatency'), reducedSet, options.budgets, accelerators);
  const energy = compareOptima(bests('bestEnergy'), reducedSet, options.budgets, accelerators);
  const enlarged = {
    reducedSet: enlargedSet,
    reducedDesigns: enlargedSet.length * accelerators,
    latency: compareOptima(bests('bestLatency'), enlargedSet, options.budgets, accelerators),
    energy: compareOptima(bests('bestEnergy'), enlargedSet, options.budgets, accelerators),
  };

  const isScore = records[0]?.accuracyKind === 'score';
  // Proxy scores span tens of orders of magnitude and include zeros: plot log10(1 + score).
  const shown = (accuracy: number): number => (isScore ? Math.log10(1 + Math.max(0, accuracy)) : accuracy);
  const accuracyTitle = isScore ? `log10(1 + ${records[0]!.accuracySource.split(':')[0]} score) (a proxy, not an accuracy)` : 'top-1 accuracy (%)';
  const scatter: VegaLiteSpec = {
    title: `Candidates on the reference accelerator (${probeName(options.reference)})`,
    width: 520,
    height: 340,
    data: { values: usable.map((r) => ({ latency: r.reference.latencyCycles, accuracy: shown(r.accuracy), set: reducedKeys.has(r.architecture) ? 'reduced set (Pareto front)' : 'other candidates' })) },
    mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
    encoding: {
      x: { field: 'latency', type: 'quantitative', scale: { type: 'log', nice: false }, title: 'latency on the reference (cycles, log)' },
      y: { field: 'accuracy', type: 'quantitative', scale: { zero: false }, title: accuracyTitle },
      color: { field: 'set', type: 'nominal', title: null, scale: { range: ['#1f77b4', '#d62728'], domain: ['other candidates', 'reduced set (Pareto front)'] }, legend: { labelLimit: 400, orient: 'bottom' } },
      shape: { field: 'set', type: 'nominal', title: null, legend: { labelLimit: 400, orient: 'bottom' } },
    },
  };
  const optimality: VegaLiteSpec = {
    title: `Best design within each latency budget: full vs reduced space (${latency.agreements}/${latency.budgets.length} agree)`,
    width: 520,
    height: 300,
    data: {
      values: latency.budgets.flatMap((b) => [
        { budget: b.budget, space: `full space (${records.length} architectures)`, accuracy: b.full === undefined ? null : shown(b.full.accuracy) },
        { budget: b.budget, space: `reduced space (${reducedSet.length} architectures)`, accuracy: b.reduced === undefined ? null : shown(b.reduced.accuracy) },
      ]),
    },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'budget', type: 'quantitative', scale: { type: 'log', nice: false }, title: 'latency budget (cycles, log)' },
      y: { field: 'accuracy', type: 'quantitative', scale: { zero: false }, title: `best ${accuracyTitle}` },
      color: { field: 'space', type: 'nominal', title: null, legend: { labelLimit: 400, orient: 'bottom' } },
      strokeDash: { field: 'space', type: 'nominal', title: null, legend: { labelLimit: 400, orient: 'bottom' } },
    },
  };
  const plots = [await renderPlot(scatter, join(out, 'reduced-set')), await renderPlot(optimality, join(out, 'optimality'))];

  const fullDesigns = records.length * accelerators;
  const reducedDesigns = reducedSet.length * accelerators;
  const summary: Omit<SemiDecoupledSummary, 'reportPath'> = {
    candidates: records.length,
    evaluable: usable.length,
    reducedSet,
    spaceArchitectures: space.size.toString(),
    gridSize: accelerators,
    fullDesigns,
    reducedDesigns,
    reduction: fullDesigns / reducedDesigns,
    probeCorrelations,
    deviceProbes,
    latency,
    energy,
    enlarged,
    plots,
  };
  const reportPath = join(out, 'report.md');
  writeFileSync(reportPath, renderMarkdown(options, summary));
  return { ...summary, reportPath };
}

function renderMarkdown(options: SemiDecoupledExperimentOptions, s: Omit<SemiDecoupledSummary, 'reportPath'>): string {
  const budgetRows = (report: Omit<OptimalityReport, 'metric'>, unit: string): string =>
    formatTable(report.budgets, [
      { header: `budget (${unit})`, value: (b) => Math.round(b.budget) },
      { header: 'full: best', value: (b) => (b.full === undefined ? '-' : b.full.accuracy.toPrecision(6)) },
      { header: 'full: architecture', value: (b) => b.full?.key ?? '-' },
      { header: 'reduced: best', value: (b) => (b.reduced === undefined ? '-' : b.reduced.accuracy.toPrecision(6)) },
      { header: 'agree', value: (b) => (b.agree ? 'yes' : 'no') },
    ]);
  return `# Semi-decoupled co-design: ${options.space}${options.preset ? ` (${options.preset})` : ''}

${s.candidates} candidate architectures (${s.evaluable} evaluable on the reference), accuracy from \`${options.accuracy.kind}\`,
reference accelerator ${probeName(options.reference)}, reduced set against ${options.objective}.

## Space sizes

| space | architectures | accelerators | designs |
|---|---|---|---|
| whole ${options.space} space | ${s.spaceArchitectures} | ${s.gridSize} | ${(BigInt(s.spaceArchitectures) * BigInt(s.gridSize)).toString()} |
| full (all candidates) | ${s.candidates} | ${s.gridSize} | ${s.fullDesigns} |
| reduced (Pareto front on the reference) | ${s.reducedSet.length} | ${s.gridSize} | ${s.reducedDesigns} |

The reduced space is **${s.reduction.toFixed(1)}x** smaller than the full one.

![reduced set](reduced-set.png)

## Does the ranking hold on other accelerators?

Spearman correlation of the candidates' metrics on the reference and on each probe accelerator:

${formatTable(s.probeCorrelations, [
  { header: 'probe accelerator', value: (p) => p.probe },
  { header: 'latency', value: (p) => (p.latency === null ? '-' : p.latency.toFixed(4)) },
  { header: 'energy', value: (p) => (p.energy === null ? '-' : p.energy.toFixed(4)) },
])}${
    s.deviceProbes.length === 0
      ? ''
      : `
Published device latencies (data/README.md) against the latency on the reference: Spearman, and how
much of the device's own accuracy-latency front the reduced set holds:

${formatTable(s.deviceProbes, [
  { header: 'device', value: (d) => d.device },
  { header: 'latency Spearman', value: (d) => (d.latency === null ? '-' : d.latency.toFixed(4)) },
  { header: "device's front", value: (d) => d.front },
  { header: 'held by the reduced set', value: (d) => `${(100 * d.frontShare).toFixed(1)}%` },
])}`
  }
## Is the co-design optimum kept?

For each budget, the most accurate design (architecture x accelerator of the grid) within it, in the
full and in the reduced space (exhaustive search).

Latency budgets: **${s.latency.agreements}/${s.latency.budgets.length}** agree, worst gap ${s.latency.worstGap.toPrecision(4)}.

![optimality](optimality.png)

${budgetRows(s.latency, 'cycles')}
Energy budgets: **${s.energy.agreements}/${s.energy.budgets.length}** agree, worst gap ${s.energy.worstGap.toPrecision(4)}.

${budgetRows(s.energy, 'nJ')}
## Enlarged with the probes' fronts

Where the ranking is not trusted, the \`SemiDecoupled\` wrapper's check (\`check: { enlarge: 'union' }\`)
adds the Pareto front on every probe accelerator to the reduced set:

| reduced set | architectures | designs | latency budgets kept | energy budgets kept |
|---|---|---|---|---|
| front on the reference | ${s.reducedSet.length} | ${s.reducedDesigns} | ${s.latency.agreements}/${s.latency.budgets.length} | ${s.energy.agreements}/${s.energy.budgets.length} |
| with the probes' fronts | ${s.enlarged.reducedSet.length} | ${s.enlarged.reducedDesigns} | ${s.enlarged.latency.agreements}/${s.enlarged.latency.budgets.length} | ${s.enlarged.energy.agreements}/${s.enlarged.energy.budgets.length} |

## Reduced set

${s.reducedSet.map((k) => `- \`${k}\``).join('\n')}
`;
}
