/** Every public class and function of src/workloads, src/accuracy, src/data and src/tfjs runs its @example as documented. */
import { join } from 'node:path';
import * as accuracy from '../../src/accuracy/index.js';
import * as data from '../../src/data/index.js';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { DEFAULT_HARDWARE } from '../../src/maestro/types.js';
import { createRng } from '../../src/random/rng.js';
import * as tfjs from '../../src/tfjs/backend.js';
import * as workloads from '../../src/workloads/index.js';
import { describeDocExamples } from '../support/doc-examples.js';
import { REPO_ROOT } from '../support/fixtures.js';

describeDocExamples('workloads, accuracy, data and tfjs doc examples', {
  folders: ['workloads', 'accuracy', 'data', 'tfjs'].map((folder) => join(REPO_ROOT, 'src', folder)),
  base: REPO_ROOT,
  scope: { ...workloads, ...accuracy, ...data, ...tfjs, createRng, CostModel, DEFAULT_HARDWARE },
  minExamples: 28,
});
