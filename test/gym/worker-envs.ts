/** Registers test environments; `AsyncVectorEnv` workers import this module through `imports`. */
import { register, registry } from '../../src/gym/index.js';
import { Countdown } from './fixtures.js';

if (!registry.has('test/Countdown-v0')) {
  register('test/Countdown-v0', ({ length }) => new Countdown(length), { length: 3 });
}
