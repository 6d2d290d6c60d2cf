import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cli, startCli } from '../support/cli.js';

const GRID = ['--pes', '64,256', '--noc', '1000', '--offchip', '100,300', '--dataflows', 'kcp_ws,rs'];
const SMALL = ['sweep', '--space', 'nasbench201', '--sample', '20', '--seed', '4', ...GRID];

function lines(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

describe('cli: codesign-gym sweep and merge', function () {
  this.timeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'cg-sweep-'));

  it('writes one JSON line per architecture x accelerator, in task order, and says so', () => {
    const out = join(dir, 'small.jsonl');
    const run = cli([...SMALL, '--out', out]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(`160 result(s) written to ${out} (0 already there; 160 in the sweep: 20 architectures x 8 accelerators)\n`);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r['index'])).to.deep.equal([...Array(160).keys()]);
    expect(Object.keys(records[0]!)).to.deep.equal([
      'index', 'architecture', 'numPes', 'l1SizeElements', 'l2SizeElements', 'nocBandwidthElemsPerCycle', 'offchipBandwidthElemsPerCycle',
      'dataflow', 'feasible', 'latencyCycles', 'energyNJ', 'edp', 'areaUm2', 'powerMW', 'macs', 'reason',
    ]);
    expect(records[1]).to.include({ numPes: 64, offchipBandwidthElemsPerCycle: 100, dataflow: 'rs' });
    // Same options, same file.
    const again = join(dir, 'again.jsonl');
    expect(cli([...SMALL, '--out', again, '--workers', '2', '--json']).stdout).to.match(/^\{"out":/);
    expect(readFileSync(again, 'utf8')).to.equal(readFileSync(out, 'utf8'));
  });

  it('resumes a sweep killed midway (SIGKILL) into the file an uninterrupted run writes', async () => {
    const args = ['sweep', '--space', 'nasbench201', '--sample', '1200', '--seed', '9', ...GRID];
    const full = join(dir, 'full.jsonl');
    expect(cli([...args, '--out', full]).status).to.equal(0);
    const killed = join(dir, 'killed.jsonl');
    const child = startCli([...args, '--out', killed]);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const total = lines(full);
    while (lines(killed) < total / 4) await sleep(10);
    child.kill('SIGKILL');
    await exited;
    const partial = lines(killed);
    expect(partial).to.be.below(total);
    const resumed = cli([...args, '--out', killed, '--resume']);
    expect(resumed.status, resumed.stderr).to.equal(0);
    expect(resumed.stdout).to.match(new RegExp(`^${total - partial} result\\(s\\) written .*\\(${partial} already there; ${total} in the sweep`));
    expect(readFileSync(killed, 'utf8')).to.equal(readFileSync(full, 'utf8'));
  });

  it('gives, with two shards merged, the file of one unsharded run', () => {
    const whole = join(dir, 'small.jsonl');
    const shards = [0, 1].map((i) => join(dir, `shard${i}.jsonl`));
    shards.forEach((path, i) => expect(cli([...SMALL, '--shard', `${i}/2`, '--out', path]).status).to.equal(0));
    expect(lines(shards[0]!)).to.equal(80);
    const merged = cli(['merge', ...shards]);
    expect(merged.status).to.equal(0);
    expect(merged.stdout).to.equal(readFileSync(whole, 'utf8'));
    const out = join(dir, 'merged.jsonl');
    expect(cli(['merge', ...shards, '--out', out]).status).to.equal(0);
    expect(readFileSync(out, 'utf8')).to.equal(readFileSync(whole, 'utf8'));
  });

  it('reads architectures from a file of keys or of JSON architectures', () => {
    const keys = join(dir, 'keys.txt');
    writeFileSync(keys, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|\n');
    const out = join(dir, 'keys.jsonl');
    expect(cli(['sweep', '--space', 'nasbench201', '--archs', keys, ...GRID, '--out', out]).status).to.equal(0);
    expect(lines(out)).to.equal(8);
  });

  it('exits 1 with a one-line reason for each kind of bad input', () => {
    const existing = join(dir, 'small.jsonl');
    const badArchs = join(dir, 'bad.txt');
    writeFileSync(badArchs, '|not_an_op~0|\n');
    const cases: [string[], RegExp][] = [
      [['sweep', '--space', 'nasnet', '--sample', '2', '--out', join(dir, 'x.jsonl')], /unknown space "nasnet"/],
      [['sweep', '--space', 'darts', '--preset', 'huge', '--sample', '2', '--out', join(dir, 'x.jsonl')], /unknown preset "huge" of darts/],
      [['sweep', '--space', 'nasbench201', '--out', join(dir, 'x.jsonl')], /exactly one of --archs FILE, --sample N or --all/],
      [['sweep', '--space', 'darts', '--all', '--out', join(dir, 'x.jsonl')], /too large to enumerate/],
      [['sweep', '--space', 'nasbench201', '--sample', '2', '--pes', '64,zero', '--out', join(dir, 'x.jsonl')], /--pes expects positive integers separated by commas, got "64,zero"/],
      [['sweep', '--space', 'nasbench201', '--sample', '2', '--dataflows', 'dpt', '--out', join(dir, 'x.jsonl')], /invalid grid: dataflows.0/],
      [['sweep', '--space', 'nasbench201', '--sample', '2', '--shard', '2/2', '--out', join(dir, 'x.jsonl')], /--shard expects i\/n/],
      [['sweep', '--space', 'nasbench201', '--archs', join(dir, 'none.txt'), '--out', join(dir, 'x.jsonl')], /cannot read architectures file/],
      [['sweep', '--space', 'nasbench201', '--archs', badArchs, '--out', join(dir, 'x.jsonl')], /entry 1 is not a nasbench201 architecture/],
      [[...SMALL, '--out', existing], /already exists; pass --resume/],
      [['sweep', '--space', 'nasbench201', '--sample', '3', ...GRID, '--out', existing, '--resume'], /holds results of other options/],
      [['merge', join(dir, 'small.jsonl'), join(dir, 'none.jsonl')], /cannot read .*none\.jsonl: no such file/],
    ];
    for (const [args, reason] of cases) {
      const run = cli(args);
      expect(run.status, args.join(' ')).to.equal(1);
      expect(run.stderr.trim().split('\n'), args.join(' ')).to.have.length(1);
      expect(run.stderr, args.join(' ')).to.match(reason);
    }
  });
});
