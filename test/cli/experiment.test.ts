import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { inkFraction } from '../support/images.js';
import { publishedAccuracy } from '../../src/accuracy/index.js';

const SMALL_GRID = ['--pes', '64,256', '--noc', '500,1000', '--offchip', '100,300', '--dataflows', 'kcp_ws,rs'];

describe('cli: codesign-gym experiment and report', function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'cg-exp-'));
  const cache = { CODESIGN_GYM_CACHE: join(dir, 'cache') };

  it("rank-correlation reproduces the study's heatmap on its 1,018 DARTS architectures by default (every pair >= 0.97)", () => {
    const out = join(dir, 'rank');
    const run = cli(['experiment', 'rank-correlation', '--space', 'darts', '--preset', 'codesign-study', '--out', out, '--json', '--workers', '2']);
    expect(run.status, run.stderr).to.equal(0);
    const summary = JSON.parse(run.stdout) as { used: number; minimum: { latencySpearman: number; energySpearman: number }; matrices: { latencySpearman: { labels: string[]; values: number[][] } }; plots: string[] };
    expect(summary.used).to.equal(1018);
    expect(summary.matrices.latencySpearman.labels).to.deep.equal(['acc-A/kcp_ws', 'acc-A/xp_ws', 'acc-A/rs', 'acc-B/kcp_ws', 'acc-B/xp_ws', 'acc-B/rs']);
    expect(summary.minimum.latencySpearman).to.be.at.least(0.97);
    console.log(`      latency Spearman (1,018 DARTS architectures), smallest ${summary.minimum.latencySpearman.toFixed(4)}:`);
    summary.matrices.latencySpearman.values.forEach((row, i) => console.log(`      ${summary.matrices.latencySpearman.labels[i]!.padEnd(13)} ${row.map((v) => v.toFixed(4)).join(' ')}`));
    for (const png of summary.plots) expect(inkFraction(png), png).to.be.within(0.1, 0.9);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).to.match(/^# Rank correlation across accelerators: darts \(codesign-study\)/).and.include('## Energy, Kendall tau-b');
    const text = cli(['report', out]);
    expect(text.status).to.equal(0);
    expect(text.stdout).to.match(/^rank correlation of latency \(Spearman\) over 1018 architectures:/).and.match(/report: .*report\.md\n$/);
  });

  it('semi-decoupled: the reduced sets, optimality at every breakpoint, plots; two shards merged give the same report', () => {
    const args = ['experiment', 'semi-decoupled', '--space', 'nasbench201', '--sample', '16', '--seed', '2', ...SMALL_GRID];
    const out = join(dir, 'semi');
    const run = cli([...args, '--out', out, '--workers', '2'], { env: cache });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^semi-decoupled: nasbench201 \(cifar10\), 16 candidates x 16 accelerators searched exhaustively, optimum compared at every breakpoint\nmetric +reduced set +architectures +size ratio +budgets kept +worst gap\n/);
    for (const metric of ['latency', 'energy', 'edp']) {
      for (const set of ['reference', 'probes', 'certified', 'per-accelerator']) expect(run.stdout).to.match(new RegExp(`\\n${metric} +${set} +\\d+ +[\\d.]+x +\\d+/\\d+ +[\\d.]+\\n`));
    }
    expect(run.stdout).to.match(/study \(latency\): not in the study \(NAS-Bench-301 and AlphaNet only\); at 50 quantile budgets the reference set keeps \d+\/\d+\nstudy \(energy\)/);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).to.include('## Reduced sets and the optimum they keep').and.include('| metric | reduced set | architectures | size ratio | budgets kept | worst gap |');
    expect(report).to.include('## Latency budgets (cycles)').and.include('## Energy budgets (nJ)').and.include('| probe | Spearman | probe\'s front | held | budgets kept | worst gap | added |');
    // Architectures appear by position; full keys only in the JSON lines.
    expect(report).not.to.include('nor_conv');
    expect(report).to.match(/\| #\d+ \| \d+(\.\d+)? \|/);
    const summary = JSON.parse(cli(['report', out, '--json']).stdout) as {
      candidates: number;
      budgetChoice: string;
      metrics: { metric: string; breakpoints: number; sets: { name: string; members: number[]; kept: number; budgets: number }[] }[];
    };
    expect(summary.candidates).to.equal(16);
    expect(summary.budgetChoice).to.equal('breakpoints');
    for (const m of summary.metrics) {
      const set = (name: string) => m.sets.find((s) => s.name === name)!;
      expect(set('probes').members).to.include.members(set('reference').members);
      expect(set('per-accelerator').members).to.include.members(set('certified').members);
      for (const name of ['certified', 'per-accelerator']) expect(set(name).kept).to.equal(set(name).budgets);
      expect(set('reference').budgets).to.equal(m.breakpoints);
    }
    const candidates = readFileSync(join(out, 'candidates.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { position: number; architecture: string; sets: Record<string, string[]> });
    expect(candidates).to.have.length(16);
    expect(candidates[0]!.architecture).to.match(/^\|/);
    const budgets = readFileSync(join(out, 'budgets.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { metric: string; full: { position: number; architecture: string }; sets: Record<string, { position: number; agree: boolean } | null> });
    expect(budgets).to.have.length(summary.metrics.reduce((n, m) => n + m.breakpoints, 0));
    for (const b of budgets) {
      expect(b.full.architecture).to.equal(candidates[b.full.position]!.architecture);
      expect(b.sets['certified']!.agree).to.equal(true);
    }
    for (const png of ['reduced-set.png', 'optimality-latency.png', 'optimality-energy.png', 'optimality-edp.png']) expect(inkFraction(join(out, png)), png).to.be.within(0.05, 0.9);

    const sharded = join(dir, 'semi-shards');
    for (const shard of ['0/2', '1/2']) {
      const part = cli([...args, '--out', sharded, '--shard', shard], { env: cache });
      expect(part.status, part.stderr).to.equal(0);
      expect(part.stdout).to.match(new RegExp(`^shard ${shard} of semi-decoupled done`));
    }
    const unmerged = cli(['report', sharded]);
    expect(unmerged.status).to.equal(1);
    expect(unmerged.stderr).to.match(/has no results\.jsonl; merge the shards first: codesign-gym merge .*results\.shard-0-of-2\.jsonl/);
    expect(cli(['merge', join(sharded, 'results.shard-0-of-2.jsonl'), join(sharded, 'results.shard-1-of-2.jsonl'), '--out', join(sharded, 'results.jsonl')]).status).to.equal(0);
    expect(readFileSync(join(sharded, 'results.jsonl'), 'utf8')).to.equal(readFileSync(join(out, 'results.jsonl'), 'utf8'));
    expect(cli(['report', sharded]).status).to.equal(0);
    expect(readFileSync(join(sharded, 'report.md'), 'utf8')).to.equal(report);
  });

  it('semi-decoupled under an area cap, on quantile budgets and chosen metrics', () => {
    const out = join(dir, 'semi-capped');
    const run = cli(['experiment', 'semi-decoupled', '--space', 'nasbench201', '--sample', '12', ...SMALL_GRID, '--max-area', '1.5e8', '--metrics', 'energy', '--budgets', '5', '--out', out, '--json']);
    expect(run.status, run.stderr).to.equal(0);
    const summary = JSON.parse(run.stdout) as { allowedAccelerators: number; gridSize: number; budgetChoice: number; metrics: { metric: string; sets: { budgets: number }[] }[] };
    expect(summary.gridSize).to.equal(16);
    expect(summary.allowedAccelerators).to.be.within(1, 15);
    expect(summary.budgetChoice).to.equal(5);
    expect(summary.metrics.map((m) => m.metric)).to.deep.equal(['energy']);
    expect(summary.metrics[0]!.sets[0]!.budgets).to.be.at.most(5);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).to.match(/16 accelerators in the grid \(\d+ within area at most 150000000 um\^2\)/);
  });

  it('rank-correlation compares the modelled accelerators with published device latencies (nasbench201)', () => {
    const out = join(dir, 'devices');
    const run = cli(['experiment', 'rank-correlation', '--space', 'nasbench201', '--sample', '40', '--devices', 'pixel3,eyeriss,gold_6226', '--out', out, '--json']);
    expect(run.status, run.stderr).to.equal(0);
    const summary = JSON.parse(run.stdout) as { used: number; devices: { instances: string[]; devices: string[]; spearman: number[][] }; matrices: { latencySpearman: { labels: string[] } } };
    expect(summary.used).to.equal(40);
    expect(summary.devices.devices).to.deep.equal(['pixel3', 'eyeriss', 'gold_6226']);
    expect(summary.devices.instances).to.have.length(6);
    expect(summary.devices.spearman.flat().every((rho) => rho >= -1 && rho <= 1)).to.equal(true);
    expect(summary.matrices.latencySpearman.labels.slice(6)).to.deep.equal(['device:pixel3', 'device:eyeriss', 'device:gold_6226']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).to.include('## Modelled accelerators against measured devices').and.include('| instance | pixel3 | eyeriss | gold_6226 |');
    const text = cli(['report', out]);
    expect(text.stdout).to.match(/\nagainst the published device latencies:\n +pixel3 +eyeriss +gold_6226\nacc-A\/kcp_ws /);
  });

  it('semi-decoupled defaults to published accuracies: on darts the 1,018 study architectures, with devices on nasbench201', () => {
    const keys = join(dir, 'darts-keys.txt');
    writeFileSync(keys, publishedAccuracy('darts').keys.slice(0, 3).join('\n'));
    const darts = cli(['experiment', 'semi-decoupled', '--space', 'darts', '--archs', keys, ...SMALL_GRID, '--budgets', '3', '--out', join(dir, 'darts'), '--json']);
    expect(darts.status, darts.stderr).to.equal(0);
    expect((JSON.parse(darts.stdout) as { accuracySource: string }).accuracySource).to.match(/^published: NAS-Bench-301 v0\.9 predicted CIFAR-10 accuracy/);
    const record = JSON.parse(readFileSync(join(dir, 'darts', 'candidates.jsonl'), 'utf8').split('\n')[0]!) as { position: number; accuracy: number };
    expect(record).to.deep.include({ position: 0, accuracy: 92.6078 });
    const nb201 = cli(['experiment', 'semi-decoupled', '--space', 'nasbench201', '--sample', '16', '--devices', 'pixel3', ...SMALL_GRID, '--budgets', '3', '--out', join(dir, 'semi-devices')]);
    expect(nb201.status, nb201.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'semi-devices', 'report.md'), 'utf8')).to.match(/\| device pixel3 \| -?[01]\.\d{4} \| \d+ \| [\d.]+% \| \d+\/\d+ \| [\d.]+ \| \d+ \|/);
  });

  it('semi-decoupled takes an accuracy table instead of synflow', () => {
    const table = join(dir, 'acc.json');
    const keys = ['|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|', '|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|', '|avg_pool_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|skip_connect~2|'];
    writeFileSync(table, JSON.stringify(keys.map((arch, i) => ({ arch, top1: 90 - 5 * i }))));
    const archs = join(dir, 'archs.txt');
    writeFileSync(archs, keys.join('\n'));
    const run = cli(['experiment', 'semi-decoupled', '--space', 'nasbench201', '--archs', archs, '--accuracy', table, '--arch-field', 'arch', ...SMALL_GRID, '--out', join(dir, 'table'), '--json']);
    expect(run.status, run.stderr).to.equal(0);
    const summary = JSON.parse(run.stdout) as { candidates: number; accuracySource: string; metrics: { sets: { name: string; members: number[] }[] }[] };
    expect(summary.candidates).to.equal(3);
    expect(summary.accuracySource).to.match(/^table: /);
    expect(summary.metrics[0]!.sets.find((s) => s.name === 'reference')!.members).to.include(0);
  });

  it('agents: every agent on the full and reduced space, through the benchmark runner and report', () => {
    const out = join(dir, 'agents');
    const run = cli(['experiment', 'agents', '--agents', 'random,evolution,bo', '--seeds', '2', '--budget', '12', '--sample', '10', ...SMALL_GRID, '--out', out], { env: cache });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^agents:\n {2}nasbench201\/full +random +within 1% after (\d+(\.5)?|>12) \[(\d+(\.5)?|>12), (\d+(\.5)?|>12)\] evaluations \(median, 95% CI\), \d+% of 2 runs by 12, regret \d\.\d{4}\n/);
    const runs = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { agent: string; task: string; bestQuality: number[] });
    expect(runs).to.have.length(12);
    expect(runs.every((r) => r.bestQuality.length === 12)).to.equal(true);
    expect(new Set(runs.map((r) => r.task))).to.deep.equal(new Set(['nasbench201/full', 'nasbench201/reduced']));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).to.include('| agent | runs | median evaluations to within 1% [95% CI] |');
    expect(inkFraction(join(out, 'best-so-far.png'))).to.be.within(0.01, 0.9);
    expect(inkFraction(join(out, 'success-rate.png'))).to.be.within(0.01, 0.9);
  });

  it('exits 1 with a one-line reason for each kind of bad input', () => {
    const taken = join(dir, 'semi');
    const cases: [string[], RegExp][] = [
      [['experiment', 'ablation', '--out', join(dir, 'x')], /Invalid values:.*name/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--objective', 'speed'], /unknown --objective "speed"/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--metrics', 'latency,power'], /unknown metric "power" in --metrics; expected some of latency, energy, edp/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--metrics', 'edp', '--objective', 'energy'], /use only one of --objective and --metrics/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--budgets', '0'], /--budgets expects breakpoints or a positive integer, got "0"/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'capped'), '--sample', '3', ...SMALL_GRID, '--max-power', '1'], /no accelerator of the grid meets the caps \(power 1 mW\)/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--accuracy', join(dir, 'missing.csv')], /cannot read accuracy table/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--space', 'nasnet'], /unknown space "nasnet"/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--sample', '3', '--all'], /only one of --archs FILE, --sample N and --all/],
      [['experiment', 'rank-correlation', '--out', taken, '--sample', '3'], /already holds the semi-decoupled experiment; use another --out/],
      [['experiment', 'agents', '--out', join(dir, 'x'), '--agents', 'random,sgd'], /unknown agent "sgd"/],
      [['experiment', 'rank-correlation', '--out', join(dir, 'x'), '--space', 'nasbench201', '--devices', 'pixel3,tpu'], /unknown device "tpu"; expected some of eyeriss, fpga, pixel3, raspi4, .* \(or all\)/],
      [['experiment', 'rank-correlation', '--out', join(dir, 'x'), '--devices', 'pixel3'], /--devices: device latencies are published for nasbench201 cells only, not darts/],
      [['experiment', 'rank-correlation', '--out', join(dir, 'x'), '--dataflows', 'rs'], /rank-correlation compares the accelerator instances of --instances FILE, not a grid: drop --dataflows/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--accuracy', 'synflo'], /unknown --accuracy "synflo"; expected one of published, synflow, fitted, none, or a table file/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--accuracy', 'none'], /needs accuracies: --accuracy none does not apply/],
      [['experiment', 'semi-decoupled', '--out', join(dir, 'x'), '--split', 'train'], /unknown --split "train"; expected one of test, valid/],
      [['report', join(dir, 'nowhere')], /has no experiment\.json: not an experiment folder/],
    ];
    for (const [args, reason] of cases) {
      const run = cli(args, { env: cache });
      expect(run.status, args.join(' ')).to.equal(1);
      expect(run.stderr.trim().split('\n'), `${args.join(' ')}: ${run.stderr}`).to.have.length(1);
      expect(run.stderr, args.join(' ')).to.match(reason);
    }
    expect(existsSync(join(dir, 'x', 'results.jsonl'))).to.equal(false);
  });
});
