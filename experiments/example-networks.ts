/** MAESTRO's 35 example network cases (hardware and mapping texts), the inputs of the side-by-side benchmarks. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** One case: MAESTRO's example mapping file with one of the hardware files it was run on. */
export interface ExampleNetwork {
  id: string;
  /** The mapping file's name in MAESTRO's examples. */
  file: string;
  hw: string;
  mapping: string;
}

/** The copy inside the package (see data/maestro-examples/README.md for its provenance). */
export const EXAMPLE_NETWORKS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'maestro-examples', 'networks.jsonl.gz');

/** The 35 cases, in the reference outputs' order. */
export function loadExampleNetworks(path = EXAMPLE_NETWORKS_PATH): ExampleNetwork[] {
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as ExampleNetwork);
}
