/** Every public class and function of src/gym runs its @example as documented. */
import { join } from 'node:path';
import * as gym from '../../src/gym/index.js';
import { createRng } from '../../src/random/rng.js';
import { describeDocExamples } from '../support/doc-examples.js';
import { REPO_ROOT } from '../support/fixtures.js';

describeDocExamples('gym doc examples', {
  folders: [join(REPO_ROOT, 'src', 'gym')],
  base: REPO_ROOT,
  scope: { ...gym, createRng },
  minExamples: 26,
});
