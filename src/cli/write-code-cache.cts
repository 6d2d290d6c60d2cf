/**
 * Writes the lean evaluate path's code cache (`npm run build` runs it after bundling): compiles the
 * bundle, runs it on every zoo network under every dataflow template (inputs of its own, none of
 * the benchmarks'), and saves V8's code cache of the bundle, which then holds every function those
 * runs compiled. It caches compiled code only, never a result.
 */
import { writeFileSync } from 'node:fs';
import { CODE_CACHE_PATH, loadLeanBundle, tuneV8ForEvaluate } from './lean-loader.cjs';

const HARDWARE = 'num_pes: 256\nl1_size_cstr: 512\nl2_size_cstr: 108000\nnoc_bw_cstr: 1000\noffchip_bw_cstr: 300\n';

async function writeCodeCache(): Promise<void> {
  tuneV8ForEvaluate();
  const bundle = loadLeanBundle(undefined);
  const [{ exportMapping }, { ZOO_NAMES }, { DATAFLOW_NAMES }] = await Promise.all([
    import('./commands/export.js'),
    import('../workloads/index.js'),
    import('../dataflows/index.js'),
  ]);
  const lines = ZOO_NAMES.flatMap((network) =>
    DATAFLOW_NAMES.map((dataflow) => JSON.stringify({ id: `${network} ${dataflow}`, hw: HARDWARE, mapping: exportMapping({ network, dataflow }).mapping })),
  );
  bundle.run.leanEvaluateArgs(['evaluate', '--batch', 'cases.jsonl']);
  const results = bundle.run.evaluateBatchLines(lines, 1).map((line) => JSON.parse(line) as { ok: boolean });
  if (!results.some((result) => result.ok)) throw new Error('no zoo network evaluated: the code cache would hold too little');
  const cache = bundle.script.createCachedData();
  writeFileSync(CODE_CACHE_PATH, cache);
  process.stdout.write(`code cache of the lean evaluate path: ${cache.length} bytes, after ${results.length} zoo networks\n`);
}

void writeCodeCache();
