/**
 * The workload and accuracy figures of the package, measured (not a test): zoo MACs against the
 * published ones, the DARTS worked example and the study's rank correlation of latency and energy
 * across its six accelerator instances (1,018 architectures), AlphaNet MACs against the study's
 * MFLOPs, the fitted oracle's held-out Spearman/RMSE, and synflow's speed.
 * Run: `npm run build && node dist/experiments/workloads-report.js [--quick]`; JSON lines on
 * stdout, progress on stderr. The study's data comes from the package's data/.
 */
import { FittedOracle, SynflowOracle, TableOracle } from '../src/accuracy/index.js';
import { alphanetSamples, dartsStudyArchitectures } from '../src/data/index.js';
import { spearman } from '../src/analysis/rank-correlation.js';
import { CostModel } from '../src/costmodel/evaluate.js';
import { parseMaestroCsv, writeMaestroCsv } from '../src/maestro/csv.js';
import { DEFAULT_HARDWARE, type HardwareSpec } from '../src/maestro/types.js';
import { createRng } from '../src/random/rng.js';
import { AlphanetSpace, DartsSpace, Nasbench201Space, PUBLISHED_FIGURES, toNetworkSpec, ZOO_NAMES, zooNetwork } from '../src/workloads/index.js';

const quick = process.argv.includes('--quick');

function emit(record: object): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

function studyHardware(numPes: number, noc: number, offchip: number): HardwareSpec {
  return { ...DEFAULT_HARDWARE, numPes, l1SizeElements: 100, l2SizeElements: 3000, nocBandwidthElemsPerCycle: noc, offchipBandwidthElemsPerCycle: offchip };
}

progress('zoo');
for (const name of ZOO_NAMES) {
  const net = zooNetwork(name);
  const published = PUBLISHED_FIGURES[name];
  emit({
    figure: 'zoo',
    network: name,
    layers: net.layers.length,
    macs: net.macs,
    publishedMacs: published.macs,
    macsError: net.macs / published.macs - 1,
    params: net.params,
    publishedParams: published.params,
    source: published.source,
  });
}

progress('darts: the study instances on its 1,018 architectures');
const archs = dartsStudyArchitectures();
const darts = new DartsSpace('codesign-study');
const instances = [
  { name: 'acc-A kcp_ws', hardware: studyHardware(256, 1000, 300), dataflow: 'kcp_ws' as const },
  { name: 'acc-B kcp_ws', hardware: studyHardware(128, 500, 500), dataflow: 'kcp_ws' as const },
  { name: 'acc-A xp_ws', hardware: studyHardware(256, 1000, 300), dataflow: 'xp_ws' as const },
  { name: 'acc-B xp_ws', hardware: studyHardware(128, 500, 500), dataflow: 'xp_ws' as const },
  { name: 'acc-A rs', hardware: studyHardware(256, 1000, 300), dataflow: 'rs' as const },
  { name: 'acc-B rs', hardware: studyHardware(128, 500, 500), dataflow: 'rs' as const },
];
const model = new CostModel();
const chosen = quick ? archs.slice(0, 100) : archs;
const latency = instances.map(() => [] as number[]);
const energy = instances.map(() => [] as number[]);
const started = performance.now();
chosen.forEach((entry, a) => {
  const net = darts.toNetwork(darts.parse(entry));
  instances.forEach((instance, i) => {
    const cost = model.evaluateNetwork(toNetworkSpec(net, instance.dataflow, instance.hardware), instance.hardware);
    latency[i]!.push(cost.runtimeCycles);
    // As the study summed them: MAESTRO's printed per-layer energies.
    energy[i]!.push(parseMaestroCsv(writeMaestroCsv(cost.layers)).reduce((sum, row) => sum + row.energyNJ, 0));
    if (a === 0) emit({ figure: 'darts-worked-example', instance: instance.name, layers: net.layers.length, runtimeCycles: cost.runtimeCycles, energyNJ: Number(energy[i]![0]!.toFixed(4)) });
  });
});
emit({ figure: 'darts-evaluation-time', architectures: chosen.length, instances: instances.length, ms: Math.round(performance.now() - started) });
for (let i = 0; i < instances.length; i++) {
  for (let j = i + 1; j < instances.length; j++) {
    emit({
      figure: 'darts-rank-correlation',
      pair: [instances[i]!.name, instances[j]!.name],
      latencySpearman: Number(spearman(latency[i]!, latency[j]!).toFixed(4)),
      energySpearman: Number(spearman(energy[i]!, energy[j]!).toFixed(4)),
    });
  }
}

progress('alphanet');
const samples = alphanetSamples();
const alphanet = new AlphanetSpace('codesign-study');
const macs = samples.map((sample) => alphanet.toNetwork(alphanet.parse(sample)).macs);
emit({
  figure: 'alphanet-macs-vs-mflops',
  samples: samples.length,
  spearman: spearman(macs, samples.map((s) => s.mflops)),
  largestDifferenceM: Math.max(...macs.map((m, i) => Math.abs(m / 1e6 - samples[i]!.mflops))),
});

progress('fitted oracles');
const table = TableOracle.fromRecords(alphanet, samples, { top1Field: 'predicted_top1', name: 'samples.json' });
const fitted = await FittedOracle.fit(alphanet, table.rows, { seed: 0, tableName: 'samples.json' });
emit({ figure: 'fitted-alphanet', ...fitted.report });
fitted.oracle.dispose();
const dartsTable = TableOracle.fromRecords(darts, archs, { top1Field: 'nb301_predicted_top1', name: 'archs.json' });
const fittedDarts = await FittedOracle.fit(darts, dartsTable.rows, { seed: 0, epochs: 100, tableName: 'archs.json' });
emit({ figure: 'fitted-darts', ...fittedDarts.report });
fittedDarts.oracle.dispose();

progress('synflow');
const nasbench = new Nasbench201Space();
const synflow = await SynflowOracle.create(nasbench, { cacheDir: null });
const rng = createRng(0);
synflow.accuracy(nasbench.sample(rng));
const times: number[] = [];
for (let i = 0; i < (quick ? 10 : 50); i++) {
  const arch = nasbench.sample(rng);
  const t = performance.now();
  synflow.accuracy(arch);
  times.push(performance.now() - t);
}
times.sort((x, y) => x - y);
emit({ figure: 'synflow-nasbench201', backend: synflow.backend, runs: times.length, medianMs: Math.round(times[times.length >> 1]!), slowestMs: Math.round(times.at(-1)!) });
