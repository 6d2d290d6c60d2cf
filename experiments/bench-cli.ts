/**
 * The command line from a cold process: `codesign-gym evaluate --batch` on MAESTRO's 35 example
 * networks (one process, Node's start included) and `evaluate --hw --mapping` once per network,
 * against MAESTRO on the same networks (one process per network) in the same run; and the same
 * batch in a warm process.
 *
 *   npm run bench -- --only cli [--maestro PATH] [--json]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CostModel } from '../src/costmodel/evaluate.js';
import { evaluateBatchLine } from '../src/cli/commands/evaluate-run.js';
import { formatTable } from '../src/report/table.js';
import { loadExampleNetworks } from './example-networks.js';
import { MaestroRunner, timeShell } from './maestro-binary.js';
import { best, nowSeconds, ratioLine } from './bench-support.js';

const CLI_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'bin.cjs');

/** Runs `codesign-gym` once per argument list, one fresh Node process after another; returns the wall time in seconds. */
function timeCli(runs: readonly (readonly string[])[], cwd: string): number {
  const node = `'${process.execPath}' '${CLI_PATH}'`;
  return timeShell(['set -e', ...runs.map((args) => `${node} ${args.join(' ')} > /dev/null`)].join('\n'), cwd, 'codesign-gym');
}

export interface CliFigure {
  name: string;
  /** Seconds for the 35 networks (the best round). */
  seconds: number;
}

export interface CliBench {
  node: string;
  networks: number;
  layers: number;
  rounds: number;
  figures: CliFigure[];
  /** MAESTRO's time over ours for the cold batch, and for one process per network (null without a binary). */
  batchSpeedup: number | null;
  perNetworkSpeedup: number | null;
}

export interface CliBenchOptions {
  maestro?: string | undefined;
  /** Rounds, MAESTRO and ours alternating (default 5). */
  rounds?: number;
}

/** Times the cold command line against MAESTRO on its example networks. */
export function benchCli(options: CliBenchOptions = {}): CliBench {
  const cases = loadExampleNetworks();
  const rounds = options.rounds ?? 5;
  const layers = cases.reduce((n, c) => n + (c.mapping.match(/\bLayer\b/g)?.length ?? 0), 0);
  const dir = mkdtempSync(join(tmpdir(), 'codesign-gym-cli-bench-'));
  const runner = options.maestro === undefined ? undefined : new MaestroRunner(options.maestro, cases.map((c) => ({ name: c.id, hw: c.hw, mapping: c.mapping })));
  try {
    const lines = cases.map((c) => JSON.stringify({ id: c.id, hw: c.hw, mapping: c.mapping }));
    writeFileSync(join(dir, 'cases.jsonl'), `${lines.join('\n')}\n`);
    cases.forEach((c, i) => {
      writeFileSync(join(dir, `${i}.m`), c.mapping);
      writeFileSync(join(dir, `${i}.hw.m`), c.hw);
    });
    const batch: number[] = [];
    const perNetwork: number[] = [];
    const maestro: number[] = [];
    const warm: number[] = [];
    const batchRun = [['evaluate', '--batch', 'cases.jsonl']];
    const networkRuns = cases.map((_, i) => ['evaluate', '--hw', `${i}.hw.m`, '--mapping', `${i}.m`]);
    timeCli(batchRun, dir);
    for (let r = 0; r < rounds; r++) {
      if (runner !== undefined) maestro.push(runner.runAll());
      batch.push(timeCli(batchRun, dir));
      perNetwork.push(timeCli(networkRuns, dir));
      // The same batch in this (warm) process: a fresh cost model, code already compiled.
      const start = nowSeconds();
      const model = new CostModel();
      lines.forEach((line, i) => evaluateBatchLine(line, i + 1, model, 1));
      warm.push(nowSeconds() - start);
    }
    const figures: CliFigure[] = [
      { name: 'codesign-gym evaluate --batch, cold (one process, Node start included)', seconds: best(batch) },
      { name: 'codesign-gym evaluate --hw --mapping, cold (one process per network)', seconds: best(perNetwork) },
      { name: 'the same batch in a warm process (fresh cache)', seconds: best(warm) },
    ];
    const maestroSeconds = runner === undefined ? null : best(maestro);
    if (maestroSeconds !== null) figures.push({ name: 'MAESTRO (one process per network)', seconds: maestroSeconds });
    return {
      node: process.version,
      networks: cases.length,
      layers,
      rounds,
      figures,
      batchSpeedup: maestroSeconds === null ? null : maestroSeconds / figures[0]!.seconds,
      perNetworkSpeedup: maestroSeconds === null ? null : maestroSeconds / figures[1]!.seconds,
    };
  } finally {
    runner?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatCliBench(report: CliBench): string {
  return (
    `Command line on MAESTRO's example networks (${report.networks} networks, ${report.layers} layers, CSV out), Node ${report.node}, best of ${report.rounds} alternating rounds\n\n` +
    formatTable(report.figures, [
      { header: 'run', value: (f) => f.name },
      { header: 'seconds', value: (f) => f.seconds, digits: 3 },
      { header: 'ms/network', value: (f) => (f.seconds / report.networks) * 1000, digits: 2 },
    ]) +
    ratioLine(
      report.batchSpeedup,
      (ratio) => `Cold --batch: ${ratio.toFixed(1)}x MAESTRO's speed on the same networks; one process per network: ${report.perNetworkSpeedup!.toFixed(2)}x (Node's start each time).`,
    )
  );
}
