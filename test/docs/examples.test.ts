/**
 * Every public class and function of the MAESTRO formats, the cost model, the dataflows, analysis,
 * reports, random numbers and the environments runs its @example as documented.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as envs from '../../envs/index.js';
import * as analysis from '../../src/analysis/index.js';
import * as costmodel from '../../src/costmodel/index.js';
import * as dataflows from '../../src/dataflows/index.js';
import * as gym from '../../src/gym/index.js';
import * as maestro from '../../src/maestro/index.js';
import { createRng, Rng } from '../../src/random/rng.js';
import * as plots from '../../src/report/plots.js';
import * as results from '../../src/report/result-log.js';
import * as tables from '../../src/report/table.js';
import * as workloads from '../../src/workloads/index.js';
import { describeDocExamples } from '../support/doc-examples.js';
import { fixturePath, REPO_ROOT } from '../support/fixtures.js';

const hand = (file: string): string => readFileSync(fixturePath('maestro', 'hand', 'inputs', file), 'utf8');

describeDocExamples('formats, cost model, dataflows, analysis, reports and environments doc examples', {
  folders: [
    ...['maestro', 'costmodel', 'dataflows', 'analysis', 'report', 'random'].map((folder) => join(REPO_ROOT, 'src', folder)),
    join(REPO_ROOT, 'envs'),
  ],
  base: REPO_ROOT,
  scope: {
    ...maestro,
    ...costmodel,
    ...dataflows,
    ...analysis,
    ...plots,
    ...results,
    ...tables,
    ...gym,
    ...workloads,
    ...envs,
    createRng,
    Rng,
    mkdtempSync,
    readdirSync,
    tmpdir,
    join,
    // The hand-made MAESTRO case 01, which examples read.
    mappingText: hand('01_base.m'),
    hardwareText: hand('01_base.hw.m'),
  },
  minExamples: 25,
  timeoutMs: 120_000,
});
