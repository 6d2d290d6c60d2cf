import { expect } from 'chai';
import * as z from 'zod';
import {
  Bandit,
  GridWalk,
  InvalidOptionsError,
  Registry,
  RegistryError,
  TimeLimit,
  formatEnvId,
  listEnvs,
  make,
  parseEnvId,
  register,
  registry,
  envSpec,
} from '../../src/gym/index.js';
import { Countdown } from './fixtures.js';

describe('gym/registry', () => {
  describe('environment ids', () => {
    it('parses versioned ids with an optional namespace', () => {
      expect(parseEnvId('CoDesign-v0')).to.deep.equal({ namespace: undefined, name: 'CoDesign', version: 0 });
      expect(parseEnvId('codesign/Grid-Walk.2-v12')).to.deep.equal({ namespace: 'codesign', name: 'Grid-Walk.2', version: 12 });
      expect(formatEnvId({ namespace: 'a', name: 'B', version: 3 })).to.equal('a/B-v3');
    });

    it('rejects malformed ids, saying what an id looks like', () => {
      for (const bad of ['Bandit', 'Bandit-v', 'Bandit-v01', 'Bandit-vx', '-v0', '0Bandit-v0', 'a/b/C-v0', 'Band it-v0', '', 7]) {
        expect(() => parseEnvId(bad), String(bad)).to.throw(RegistryError, "Expects an environment id like 'Name-v0'");
      }
    });
  });

  describe('Registry', () => {
    it('registers, lists, describes and makes environments', () => {
      const local = new Registry();
      const registered = local.register('Countdown-v0', ({ length }) => new Countdown(length), { length: 3 }, { description: 'counts down' });
      expect(registered).to.deep.equal({ id: 'Countdown-v0', kwargs: { length: 3 }, maxEpisodeSteps: undefined, description: 'counts down' });
      expect(local.listEnvs()).to.deep.equal(['Countdown-v0']);
      expect(local.has('Countdown-v0')).to.equal(true);
      expect(local.spec('Countdown-v0').kwargs).to.deep.equal({ length: 3 });
      const env = local.make('Countdown-v0', { length: 5 });
      expect(env.reset().observation).to.equal(5);
      expect(env.spec).to.deep.equal({ id: 'Countdown-v0', kwargs: { length: 5 }, maxEpisodeSteps: undefined, description: 'counts down' });
    });

    it('wraps made environments in the registered time limit, which make() can override', () => {
      const local = new Registry();
      local.register('Countdown-v0', () => new Countdown(10), {}, { maxEpisodeSteps: 4 });
      const env = local.make('Countdown-v0');
      expect(env).to.be.instanceOf(TimeLimit);
      expect((env as TimeLimit<unknown, unknown>).maxEpisodeSteps).to.equal(4);
      expect(env.spec?.maxEpisodeSteps).to.equal(4);
      const longer = local.make('Countdown-v0', {}, { maxEpisodeSteps: 9 }) as TimeLimit<unknown, unknown>;
      expect(longer.maxEpisodeSteps).to.equal(9);
      expect(longer.spec?.maxEpisodeSteps).to.equal(9);
    });

    it('rejects unknown options, listing the known ones', () => {
      const local = new Registry();
      local.register('Countdown-v0', ({ length }) => new Countdown(length), { length: 3 });
      expect(() => local.make('Countdown-v0', { lenght: 4 })).to.throw(InvalidOptionsError, 'Invalid options for Countdown-v0: unknown option `lenght` (options: length)');
      expect(() => local.make('Countdown-v0', { a: 1, b: 2 })).to.throw(InvalidOptionsError, 'unknown options `a`, `b`');
    });

    it('checks option types against the defaults when there is no schema', () => {
      const local = new Registry();
      local.register('Countdown-v0', ({ length }) => new Countdown(length), { length: 3, label: 'x', fast: false, layers: [1] });
      expect(() => local.make('Countdown-v0', { length: 'four' })).to.throw(InvalidOptionsError, 'Invalid options for Countdown-v0: `length`: Invalid input: expected number, received string');
      expect(() => local.make('Countdown-v0', { fast: 1 })).to.throw(InvalidOptionsError, '`fast`: Invalid input: expected boolean, received number');
      expect(() => local.make('Countdown-v0', { layers: 'x' })).to.throw(InvalidOptionsError, '`layers`');
      expect(() => local.make('Countdown-v0', 'x' as never)).to.throw(InvalidOptionsError, 'Expects the options of Countdown-v0 to be an object, actual: "x"');
    });

    it('validates with the registration schema, whose messages say what is allowed', () => {
      const local = new Registry();
      const schema = z.strictObject({ length: z.number().int().min(1).max(10) });
      local.register('Countdown-v0', ({ length }) => new Countdown(length), { length: 3 }, { schema });
      expect(() => local.make('Countdown-v0', { length: 0 })).to.throw(InvalidOptionsError, '`length`: Too small: expected number to be >=1');
      expect(() => local.make('Countdown-v0', { length: 2.5 })).to.throw(InvalidOptionsError, '`length`: Invalid input: expected int, received number');
    });

    it('accepts options a schema declares beyond the defaults, and its transforms', () => {
      const local = new Registry();
      const schema = z.object({ length: z.number(), label: z.string().optional() }).transform((options) => ({ ...options, length: options.length + 1 }));
      local.register('Countdown-v0', ({ length }: { length: number }) => new Countdown(length), { length: 3 }, { schema });
      expect(local.make('Countdown-v0', { length: 1 }).reset().observation).to.equal(2);
      const declared = new Registry();
      declared.register('Countdown-v0', ({ length }) => new Countdown(length), { length: 3 }, { schema: z.object({ length: z.number(), label: z.string().optional() }) });
      expect(declared.make('Countdown-v0', { label: 'x' }).spec?.kwargs).to.deep.equal({ length: 3, label: 'x' });
    });

    it('says which ids exist when one is unknown', () => {
      const local = new Registry();
      local.register('Countdown-v0', () => new Countdown(), {});
      expect(() => local.make('Countdown-v1')).to.throw(RegistryError, 'No environment registered as Countdown-v1; registered versions: Countdown-v0');
      expect(() => local.make('countdown-v0')).to.throw(RegistryError, 'did you mean Countdown-v0?');
      expect(() => local.make('Other-v0')).to.throw(RegistryError, 'No environment registered as Other-v0; registered: Countdown-v0');
      expect(() => new Registry().make('Other-v0')).to.throw(RegistryError, 'registered: none');
      expect(() => local.make('Countdown')).to.throw(RegistryError, "Expects an environment id like 'Name-v0'");
    });

    it('rejects bad registrations clearly', () => {
      const local = new Registry();
      local.register('Countdown-v0', () => new Countdown(), {});
      expect(() => local.register('Countdown-v0', () => new Countdown(), {})).to.throw(RegistryError, 'Countdown-v0 is already registered; pass { overwrite: true } to replace it');
      expect(() => local.register('Countdown-v0', () => new Countdown(2), {}, { overwrite: true })).to.not.throw();
      expect(() => local.register('Bad id-v0', () => new Countdown(), {})).to.throw(RegistryError, "Expects an environment id like 'Name-v0'");
      expect(() => local.register('Other-v0', 'factory' as never, {})).to.throw(RegistryError, 'Expects the factory of Other-v0 to be a function, actual: "factory"');
      expect(() => local.register('Other-v0', () => new Countdown(), null as never)).to.throw(RegistryError, 'Expects the defaults of Other-v0 to be an object of options, actual: null');
      expect(() => local.register('Other-v0', () => new Countdown(), {}, { maxEpisodeSteps: 0 })).to.throw(RegistryError, 'Expects `maxEpisodeSteps` of Other-v0 to be a positive integer, actual: 0');
      expect(() => local.register('Other-v0', () => new Countdown(), { length: -1 }, { schema: z.strictObject({ length: z.number().min(0) }) })).to.throw(
        RegistryError,
        'The defaults of Other-v0 fail its schema: `length`: Too small',
      );
    });

    it('rejects factories that do not return an environment', () => {
      const local = new Registry();
      local.register('Broken-v0', () => ({ step() {} }) as never, {});
      expect(() => local.make('Broken-v0')).to.throw(RegistryError, 'Expects the factory of Broken-v0 to return an Env, actual: {');
    });
  });

  describe('default registry', () => {
    it('holds the toy environments', () => {
      expect(listEnvs()).to.include.members(['Bandit-v0', 'GridWalk-v0']);
      expect(envSpec('GridWalk-v0')).to.deep.include({ id: 'GridWalk-v0', maxEpisodeSteps: 100 });
      expect(make('Bandit-v0').unwrapped).to.be.instanceOf(Bandit);
      expect(make('GridWalk-v0').unwrapped).to.be.instanceOf(GridWalk);
      expect(registry.has('Bandit-v0')).to.equal(true);
    });

    it('registers into the same registry that make() reads', () => {
      register('test/Countdown-v3', ({ length }) => new Countdown(length), { length: 2 }, { overwrite: true });
      // An id outside EnvRegistry's types: `make<string>` makes it, untyped.
      expect(make<string>('test/Countdown-v3').reset().observation).to.equal(2);
      expect(listEnvs()).to.include('test/Countdown-v3');
    });
  });
});
