/** Every public class and function of agents/ runs its @example as documented. */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, Observable, toArray } from 'rxjs';
import * as agents from '../../agents/index.js';
import '../../envs/index.js';
import * as gym from '../../src/gym/index.js';
import { createRng } from '../../src/random/rng.js';
import { loadTfjs, TFJS_BACKENDS } from '../../src/tfjs/backend.js';
import { describeDocExamples } from '../support/doc-examples.js';
import { REPO_ROOT } from '../support/fixtures.js';

describeDocExamples('agents doc examples', {
  folders: [join(REPO_ROOT, 'agents')],
  base: REPO_ROOT,
  scope: { ...gym, ...agents, createRng, lastValueFrom, Observable, toArray, loadTfjs, TFJS_BACKENDS, tf, join, mkdtempSync, tmpdir, writeFileSync },
  minExamples: 31,
  timeoutMs: 60_000,
});
