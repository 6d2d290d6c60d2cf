import { expect } from 'chai';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKeyValues } from '../../src/cli/commands/run.js';
import { cli } from '../support/cli.js';

describe('cli: codesign-gym envs, agents and run', function () {
  this.timeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'cg-run-'));

  it('lists the environments with their spaces and options, as text and JSON', () => {
    const text = cli(['envs']);
    expect(text.status).to.equal(0);
    expect(text.stdout).to.match(/^AcceleratorDesign-v0 {2}choose PEs/m).and.match(/action MultiDiscrete\(\[6, 8, 9, 4\]\)/);
    const json = JSON.parse(cli(['envs', '--json']).stdout) as { environments: { id: string }[]; spaces: Record<string, string[]> };
    expect(json.environments.map((e) => e.id)).to.include.members(['AcceleratorDesign-v0', 'ArchitectureSelection-v0', 'CoDesign-v0', 'SemiDecoupled-v0']);
    expect(json.spaces['darts']).to.deep.equal(['standard', 'codesign-study']);
  });

  it('lists the agents with their default hyperparameters', () => {
    const json = JSON.parse(cli(['agents', '--json']).stdout) as { name: string; tfjs: boolean; hyperparameters: object }[];
    expect(json.map((a) => a.name)).to.deep.equal(['random', 'evolution', 'bo', 'reinforce', 'ppo']);
    expect(json.find((a) => a.name === 'ppo')!.tfjs).to.equal(true);
    expect(cli(['agents']).stdout).to.match(/^bo +Bayesian optimisation/m);
  });

  it('writes a run as JSON lines of search events, identical for the same seed', () => {
    const args = ['run', '--env', 'AcceleratorDesign-v0', '--agent', 'evolution', '--budget', '25', '--seed', '3', '--env-opt', 'objective=edp', '--env-opt', 'grid.numPes=[64,256]'];
    const first = join(dir, 'a.jsonl');
    const run = cli([...args, '--out', first]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^evolution on AcceleratorDesign-v0: 25 evaluations \(distinct designs; \d+ steps, \d+ repeats\), best reward [-\d.e]+ at evaluation \d+\nbest design: \{"numPes":/);
    const events = readFileSync(first, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { index: number; type: string; wallTimeMs?: number });
    expect(events.map((e) => e.index)).to.deep.equal([...events.keys()]);
    expect(events.filter((e) => e.type === 'step')).to.have.length(25);
    expect(events.at(-1)!.type).to.equal('done');
    expect(events.every((e) => e.wallTimeMs === undefined)).to.equal(true);
    const second = join(dir, 'b.jsonl');
    const json = cli([...args, '--out', second, '--json']);
    expect((JSON.parse(json.stdout) as { type: string }).type).to.equal('done');
    expect(readFileSync(second, 'utf8')).to.equal(readFileSync(first, 'utf8'));
  });

  it('resumes a run by replaying it and appending only the events the file lacks', () => {
    const args = ['run', '--env', 'AcceleratorDesign-v0', '--agent', 'random', '--budget', '15', '--seed', '1'];
    const full = join(dir, 'full.jsonl');
    cli([...args, '--out', full]);
    const lines = readFileSync(full, 'utf8').split('\n');
    const cut = join(dir, 'cut.jsonl');
    // A run killed after 7 events and a half: its manifest was written when it started.
    writeFileSync(cut, `${lines.slice(0, 7).join('\n')}\n${lines[7]!.slice(0, 20)}`);
    copyFileSync(`${full}.manifest.json`, `${cut}.manifest.json`);
    expect(cli([...args, '--out', cut, '--resume']).status).to.equal(0);
    expect(readFileSync(cut, 'utf8')).to.equal(readFileSync(full, 'utf8'));
  });

  it('refuses to resume an events file written with other arguments, saying which', () => {
    const args = ['run', '--env', 'AcceleratorDesign-v0', '--agent', 'random', '--budget', '5', '--seed', '1'];
    const out = join(dir, 'guarded.jsonl');
    expect(cli([...args, '--out', out]).status).to.equal(0);
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest).to.deep.include({ env: 'AcceleratorDesign-v0', agent: 'random', seed: 1, budget: 5, tfjsBackend: null });
    const before = readFileSync(out, 'utf8');
    const cases: [string[], RegExp][] = [
      [['run', '--env', 'AcceleratorDesign-v0', '--agent', 'random', '--budget', '5', '--seed', '2'], /was written with other arguments: seed 2 \(the file has 1\); resume refused/],
      [['run', '--env', 'AcceleratorDesign-v0', '--agent', 'evolution', '--budget', '5', '--seed', '1'], /agent "evolution" \(the file has "random"\), hyperparameters/],
      [[...args, '--agent-opt', 'withoutReplacement=true'], /hyperparameters \{"withoutReplacement":true\}/],
      [[...args, '--env-opt', 'objective=edp'], /envOptions \{"objective":"edp"\} \(the file has \{\}\)/],
    ];
    for (const [changed, reason] of cases) {
      const run = cli([...changed, '--out', out, '--resume']);
      expect(run.status, changed.join(' ')).to.equal(1);
      expect(run.stderr.trim().split('\n')).to.have.length(1);
      expect(run.stderr).to.match(reason);
    }
    expect(readFileSync(out, 'utf8')).to.equal(before);
    const orphan = join(dir, 'orphan.jsonl');
    writeFileSync(orphan, before);
    expect(cli([...args, '--out', orphan, '--resume']).stderr).to.match(/has no .*orphan\.jsonl\.manifest\.json.*resume refused/);
  });

  it('runs an architecture environment with an accuracy oracle', () => {
    const out = join(dir, 'arch.jsonl');
    const run = cli(['run', '--env', 'ArchitectureSelection-v0', '--agent', 'random', '--budget', '4', '--accuracy', 'synflow', '--env-opt', 'objective=accuracy', '--out', out, '--json']);
    expect(run.status, run.stderr).to.equal(0);
    const done = JSON.parse(run.stdout) as { best: { metrics: { accuracyKind: string; accuracySource: string } } };
    expect(done.best.metrics.accuracyKind).to.equal('score');
    expect(done.best.metrics.accuracySource).to.match(/^synflow/);
  });

  it('parses key=value options with JSON values and nested keys', () => {
    expect(parseKeyValues(['a=1', 'b=text', 'c.d=[1,2]', 'c.e=true'], '--x')).to.deep.equal({ a: 1, b: 'text', c: { d: [1, 2], e: true } });
    expect(() => parseKeyValues(['novalue'], '--env-opt')).to.throw(/--env-opt expects key=value, got "novalue"/);
  });

  it('exits 1 with a one-line reason for each kind of bad input', () => {
    const out = join(dir, 'bad.jsonl');
    const base = ['--budget', '3', '--out', out];
    const cases: [string[], RegExp][] = [
      [['run', '--env', 'Nope-v0', '--agent', 'bo', ...base], /unknown environment "Nope-v0"; expected one of AcceleratorDesign-v0/],
      [['run', '--env', 'AcceleratorDesign-v0', '--agent', 'sgd', ...base], /unknown agent "sgd"; expected one of random, evolution, bo/],
      [['run', '--env', 'AcceleratorDesign-v0', '--agent', 'bo', '--budget', '0', '--out', out], /--budget expects a positive integer, got 0/],
      [['run', '--env', 'AcceleratorDesign-v0', '--agent', 'bo', ...base, '--env-opt', 'objective=speed'], /Invalid options for AcceleratorDesign-v0: `objective`/],
      [['run', '--env', 'AcceleratorDesign-v0', '--agent', 'bo', ...base, '--env-opt', 'colour=red'], /unknown option `colour`/],
      [['run', '--env', 'AcceleratorDesign-v0', '--agent', 'bo', ...base, '--agent-opt', 'acquisition=magic'], /acquisition/],
      [['run', '--env', 'AcceleratorDesign-v0', '--agent', 'bo', ...base, '--env-opt', 'oops'], /--env-opt expects key=value/],
      [['run', '--env', 'CoDesign-v0', '--agent', 'bo', ...base, '--accuracy', join(dir, 'missing.csv')], /missing\.csv/],
    ];
    for (const [args, reason] of cases) {
      const run = cli(args);
      expect(run.status, args.join(' ')).to.equal(1);
      expect(run.stderr.trim().split('\n'), `${args.join(' ')}: ${run.stderr}`).to.have.length(1);
      expect(run.stderr, args.join(' ')).to.match(reason);
    }
  });
});
