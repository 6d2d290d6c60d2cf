import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { REPO_ROOT } from '../support/fixtures.js';

/** The README's agent module, as printed (the ```js block that starts with `// my-agent.mjs`). */
function readmeAgentModule(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!).find((code) => code.startsWith('// my-agent.mjs'));
  if (block === undefined) throw new Error('README.md has no ```js block starting with // my-agent.mjs');
  return block;
}

describe('cli: codesign-gym benchmark, and agents from modules', function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'cg-benchmark-'));
  // The module imports 'codesign-gym': inside the repository, the package resolves itself by name.
  const moduleDir = mkdtempSync(join(REPO_ROOT, '.agent-module-'));
  const agentFile = join(moduleDir, 'my-agent.mjs');
  const env = { CODESIGN_GYM_CACHE: join(dir, 'cache') };

  before(() => writeFileSync(agentFile, readmeAgentModule()));
  after(() => rmSync(moduleDir, { recursive: true, force: true }));

  it("runs the README's agent module with `run --agent ./my-agent.mjs`", () => {
    const out = join(dir, 'greedy.jsonl');
    const run = cli(['run', '--env', 'AcceleratorDesign-v0', '--env-opt', 'objective=edp', '--agent', agentFile, '--budget', '30', '--out', out], { env });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^greedy on AcceleratorDesign-v0: 30 evaluations \(distinct designs; \d+ steps, \d+ repeats\)/);
    const steps = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; repeat?: boolean });
    expect(steps.filter((event) => event.type === 'step' && event.repeat === false)).to.have.length(30);
  });

  it('benchmarks shipped agents and a module agent: results, report, resume and one command to rebuild the report', () => {
    const out = join(dir, 'bench');
    const args = ['benchmark', '--quick', '--tasks', 'accelerator/resnet50-edp', '--agent', 'random', '--agent', agentFile, '--seeds', '3', '--workers', '2', '--out', out];
    const run = cli(args, { env });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^benchmark v1 \(quick\): 1 task\(s\) x 2 agent\(s\) x 3 seeds in \d+ s\n/);
    expect(run.stdout).to.match(/accelerator\/resnet50-edp +my-agent\.mjs +within 1% after/);
    const records = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { agent: string; agentName: string; bestQuality: number[]; budget: number });
    expect(records).to.have.length(6);
    expect(records.map((r) => r.agentName)).to.deep.equal(['random', 'random', 'random', 'greedy', 'greedy', 'greedy']);
    for (const record of records) {
      expect(record.bestQuality).to.have.length(100);
      for (let e = 1; e < record.bestQuality.length; e++) expect(record.bestQuality[e]).to.be.at.least(record.bestQuality[e - 1]!);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).to.include('| agent | runs | median evaluations to within 1% [95% CI] | success rate at budget | mean normalised regret | Mann-Whitney vs random: U, p |');
    expect(report).to.include('## Ranks across tasks');
    const resumed = cli([...args, '--resume'], { env });
    expect(resumed.status, resumed.stderr).to.equal(0);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n')).to.have.length(6);
    rmSync(join(out, 'report.md'));
    const rebuilt = cli(['report', out], { env });
    expect(rebuilt.status, rebuilt.stderr).to.equal(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).to.equal(report);
  });

  it('exits 1 with a one-line reason on bad input', () => {
    const cases: [string[], RegExp][] = [
      [['benchmark', '--tasks', 'accelerator/nope', '--out', join(dir, 'x')], /unknown task "accelerator\/nope"; expected some of accelerator\/resnet50-edp/],
      [['benchmark', '--agent', 'sgd', '--quick', '--out', join(dir, 'y')], /unknown agent "sgd"/],
      [['benchmark', '--agent', join(dir, 'missing.mjs'), '--quick', '--out', join(dir, 'z')], /missing\.mjs does not exist/],
      [['run', '--env', 'AcceleratorDesign-v0', '--agent', join(dir, 'missing.mjs'), '--budget', '2', '--out', join(dir, 'w.jsonl')], /Cannot load the agent module/],
    ];
    for (const [args, reason] of cases) {
      const run = cli(args, { env });
      expect(run.status, args.join(' ')).to.equal(1);
      expect(run.stderr.trim().split('\n'), run.stderr).to.have.length(1);
      expect(run.stderr).to.match(reason);
    }
  });
});
