/** Progress on stderr: a bar on a terminal, plain lines otherwise; nothing for work under a second. */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const DELAY_MS = 1000;
const PLAIN_INTERVAL_MS = 5000;

/**
 * A progress reporter for `label`. The bar (or the first plain line) appears only once the work has
 * run for a second, so short commands stay quiet; stdout is never touched.
 */
export function progress(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  const started = now();
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = 0;
  let last = { done: 0, total: 0 };
  return {
    update(done: number, total: number): void {
      last = { done, total };
      const elapsed = now() - started;
      if (elapsed < DELAY_MS) return;
      if (stream.isTTY) {
        if (bar === undefined) {
          bar = new cliProgress.SingleBar(
            { stream, format: `${label} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}`, hideCursor: true, clearOnComplete: false },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, done);
        }
        bar.setTotal(total);
        bar.update(done);
      } else if (now() - lastLine >= PLAIN_INTERVAL_MS || done === total) {
        lastLine = now();
        stream.write(`${label}: ${done}/${total} (${total === 0 ? 100 : Math.floor((100 * done) / total)}%)\n`);
      }
    },
    stop(): void {
      if (bar !== undefined) {
        bar.update(last.done);
        bar.stop();
      }
    },
  };
}
