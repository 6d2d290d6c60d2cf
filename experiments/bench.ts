/**
 * The benchmarks, side by side with MAESTRO's own binary where it applies: the cost model per layer,
 * new designs of the environments, the cold command line, memory over a long run, several cores,
 * and the agents.
 *
 *   npm run bench -- [--maestro PATH] [--only costmodel,envs,cli,memory,cores,agents] [--designs N] [--json]
 *
 * Without `--only` it runs costmodel, envs and cli (a few minutes); memory (N new designs, default
 * 100,000) and cores take longer. MAESTRO's path may also come from `$MAESTRO_BIN`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { findMaestro } from './maestro-binary.js';

export const BENCH_PARTS = ['costmodel', 'envs', 'cli', 'memory', 'cores', 'agents'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];
export const DEFAULT_BENCH_PARTS: readonly BenchPart[] = ['costmodel', 'envs', 'cli'];

export interface BenchOptions {
  parts: readonly BenchPart[];
  /** MAESTRO's binary, or undefined. */
  maestro: string | undefined;
  /** New designs of the memory benchmark. */
  designs?: number | undefined;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
}

/** The parts named in a comma-separated list; throws with the valid names on an unknown one. */
export function benchParts(list: string | undefined): BenchPart[] {
  if (list === undefined) return [...DEFAULT_BENCH_PARTS];
  const parts = list.split(',').map((part) => part.trim());
  for (const part of parts) {
    if (!(BENCH_PARTS as readonly string[]).includes(part)) throw new Error(`unknown bench part "${part}"; expected some of ${BENCH_PARTS.join(', ')}`);
  }
  return parts as BenchPart[];
}

/** Runs the parts in order; returns each part's report and the text to print. */
export async function runBench(options: BenchOptions): Promise<{ results: Record<string, unknown>; text: string }> {
  const results: Record<string, unknown> = {};
  const text: string[] = [];
  const log = options.log ?? ((): void => undefined);
  log(options.maestro === undefined ? 'MAESTRO: not given (--maestro PATH or $MAESTRO_BIN); our figures alone' : `MAESTRO: ${options.maestro}`);
  results['maestro'] = options.maestro ?? null;
  for (const part of options.parts) {
    log(`bench: ${part}...`);
    switch (part) {
      case 'costmodel': {
        const { benchCostModel, formatCostModelBench } = await import('./bench-costmodel.js');
        const report = benchCostModel({ maestro: options.maestro });
        results[part] = report;
        text.push(formatCostModelBench(report));
        break;
      }
      case 'envs': {
        const { benchEnvs, formatEnvBench } = await import('./bench-envs.js');
        const report = benchEnvs({ maestro: options.maestro });
        results[part] = report;
        text.push(formatEnvBench(report));
        break;
      }
      case 'cli': {
        const { benchCli, formatCliBench } = await import('./bench-cli.js');
        const report = benchCli({ maestro: options.maestro });
        results[part] = report;
        text.push(formatCliBench(report));
        break;
      }
      case 'memory': {
        const { benchMemory, formatMemoryBench } = await import('./bench-memory.js');
        const report = await benchMemory({ designs: options.designs, onCheckpoint: (c) => log(`  ${c.designs} designs: RSS ${c.rssMiB.toFixed(0)} MiB`) });
        results[part] = report;
        text.push(formatMemoryBench(report));
        break;
      }
      case 'cores': {
        const { benchCores, formatCoresBench } = await import('./bench-cores.js');
        const report = await benchCores();
        results[part] = report;
        text.push(formatCoresBench(report));
        break;
      }
      case 'agents': {
        const { benchAgents, formatAgentsBench } = await import('./bench-agents.js');
        const report = await benchAgents();
        results[part] = report;
        text.push(formatAgentsBench(report));
        break;
      }
    }
  }
  return { results, text: text.join('\n') };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { maestro: { type: 'string' }, only: { type: 'string' }, designs: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const designs = values.designs === undefined ? undefined : Number(values.designs);
  if (designs !== undefined && (!Number.isSafeInteger(designs) || designs < 1)) throw new Error(`--designs expects a positive integer, got ${values.designs}`);
  const { results, text } = await runBench({
    parts: benchParts(values.only),
    maestro: findMaestro(values.maestro),
    designs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json === true ? `${JSON.stringify(results, null, 2)}\n` : text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
