import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGeneratedCases } from '../support/maestro-reference.js';
import { evaluateBatchLines, isInputError, leanEvaluateArgs } from '../../src/cli/commands/evaluate-run.js';
import { parseMaestroCsv } from '../../src/maestro/csv.js';
import { UsageError } from '../../src/cli/io.js';
import { MaestroParseError } from '../../src/maestro/errors.js';
import { cli } from '../support/cli.js';
import { fixturePath, REPO_ROOT } from '../support/fixtures.js';

const hand = (name: string): string => fixturePath('maestro', 'hand', name);

describe('cli: codesign-gym evaluate', function () {
  this.timeout(60_000);

  it("prints MAESTRO's CSV, byte for byte, for a hardware and a mapping file", () => {
    for (const id of ['01_base', '06_nondiv', '10b_twolayer']) {
      const out = cli(['evaluate', '--hw', hand(`inputs/${id}.hw.m`), '--mapping', hand(`inputs/${id}.m`)]);
      expect(out.status).to.equal(0);
      expect(out.stderr).to.equal('');
      expect(out.stdout).to.equal(readFileSync(hand(`outputs/${id}.csv`), 'utf8'));
    }
  });

  it('prints one JSON line per batch case; a bad case never stops the batch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-batch-'));
    const cases = loadGeneratedCases();
    const good = cases.find((c) => c.status === 'ok')!;
    const crashing = cases.find((c) => c.status !== 'ok')!;
    const lines = [
      JSON.stringify({ id: good.id, hw: good.hw, mapping: good.mapping }),
      '{not json',
      JSON.stringify({ id: crashing.id, hw: crashing.hw, mapping: crashing.mapping }),
      JSON.stringify({ id: 7, hw: 42, mapping: 'x' }),
      '',
      JSON.stringify({ id: 'last', hw: good.hw, mapping: good.mapping }),
    ];
    const path = join(dir, 'cases.jsonl');
    writeFileSync(path, lines.join('\n'));
    const out = cli(['evaluate', '--batch', path]);
    expect(out.status).to.equal(0);
    const results = out.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: unknown; ok: boolean; csv?: string; error?: string });
    expect(results.map((r) => [r.id, r.ok])).to.deep.equal([
      [good.id, true],
      [null, false],
      [crashing.id, false],
      [7, false],
      ['last', true],
    ]);
    expect(results[0]!.csv!.split('\n')[0]).to.match(/^Neural Network Name, Layer Number/);
    expect(results[1]!.error).to.equal('line 2: not valid JSON');
    expect(results[2]!.error).to.match(/layer "L\d+"/);
    expect(results[3]!.error).to.match(/"hw" must be the hardware file text/);
  });

  it('evaluates batch lines in one cost model, numbered from 1, with MAESTRO\'s rows', () => {
    const cases = loadGeneratedCases().slice(0, 20);
    const results = evaluateBatchLines(['{oops', ...cases.map((c) => JSON.stringify({ id: c.id, hw: c.hw, mapping: c.mapping }))], 1).map(
      (line) => JSON.parse(line) as { id: unknown; ok: boolean; csv?: string; error?: string },
    );
    expect(results[0]).to.deep.equal({ id: null, ok: false, error: 'line 1: not valid JSON' });
    cases.forEach((c, i) => {
      const result = results[i + 1]!;
      expect([result.id, result.ok], c.id).to.deep.equal([c.id, c.status === 'ok']);
      if (result.ok) expect(parseMaestroCsv(result.csv!), c.id).to.deep.equal(c.rows);
    });
  });

  it('numbers batch lines as readline does, at \\n, \\r\\n and a lone \\r', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-batch-'));
    const path = join(dir, 'cases.jsonl');
    writeFileSync(path, '{"id":1}\r\n\r{bad\n  \n{bad again\r');
    const out = cli(['evaluate', '--batch', path]);
    expect(out.status).to.equal(0);
    expect(out.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: unknown; error: string })).to.deep.equal([
      { id: 1, ok: false, error: '"hw" must be the hardware file text (a string)' },
      { id: null, ok: false, error: 'line 3: not valid JSON' },
      { id: null, ok: false, error: 'line 5: not valid JSON' },
    ]);
  });

  it('prints a per-layer table of a zoo network on the default accelerator (the main job)', () => {
    const out = cli(['evaluate', '--network', 'resnet50']);
    expect(out.status).to.equal(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).to.match(/^resnet50 \(\d+ layers, 4\.09 GMACs\) with kcp_ws on 256 PEs/);
    expect(lines[2]).to.match(/^layer\s+runtime \(cycles\)\s+energy \(nJ\)/);
    expect(out.stdout).to.match(/total: \d+ cycles, [\d.]+ nJ, 4\d{9} MACs/);
  });

  it('gives the same network as MAESTRO CSV or JSON, on a hardware file', () => {
    const csv = cli(['evaluate', '--network', 'mobilenet_v2', '--dataflow', 'rs', '--hw', hand('inputs/01_base.hw.m'), '--format', 'csv']);
    expect(csv.status).to.equal(0);
    expect(csv.stdout.split('\n')[1]).to.match(/^mobilenet_v2,/);
    const json = cli(['evaluate', '--network', 'squeezenet', '--dataflow', 'kcp_ws', '--hw', hand('inputs/01_base.hw.m'), '--format', 'json']);
    const parsed = JSON.parse(json.stdout) as { totals: { runtimeCycles: number }; adjustments: { change: string }[]; layers: unknown[] };
    expect(parsed.totals.runtimeCycles).to.be.greaterThan(0);
    expect(parsed.adjustments[0]!.change).to.equal('Cluster(64) -> Cluster(16)');
    expect(parsed.layers.length).to.be.greaterThan(20);
  });

  it('exits 1 with a one-line reason for each kind of bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-bad-'));
    const badMapping = join(dir, 'bad.m');
    writeFileSync(badMapping, 'Network n {\nLayer L {\nType: POOL\n}\n}\n');
    const badHw = join(dir, 'bad.hw.m');
    writeFileSync(badHw, 'num_pes: 4\nfrequency: 2\n');
    const crash = join(dir, 'crash.m');
    writeFileSync(crash, 'Network n {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, R: 1, S: 1, Y: 4, X: 4 }\nDataflow { SpatialMap(1,1) K; Cluster(64,P); SpatialMap(1,1) C; }\n}\n}\n');
    const cases: [string[], RegExp][] = [
      [['evaluate', '--hw', join(dir, 'missing.m'), '--mapping', badMapping], /cannot read hardware file .*missing\.m: no such file/],
      [['evaluate', '--hw', hand('inputs/01_base.hw.m'), '--mapping', badMapping], /mapping file line 3: layer type POOL is not supported/],
      [['evaluate', '--hw', badHw, '--mapping', hand('inputs/01_base.m')], /hardware file line 2: unknown key "frequency"/],
      [['evaluate', '--hw', hand('inputs/01_base.hw.m'), '--mapping', crash], /layer "L".*multiply to 64 PEs but the accelerator has 16/],
      [['evaluate', '--hw', hand('inputs/01_base.hw.m')], /evaluate needs --hw and --mapping, --batch, or --network/],
      [['evaluate', '--network', 'alexnet'], /unknown network "alexnet"; expected one of vgg16, resnet50/],
      [['evaluate', '--network', 'resnet50', '--dataflow', 'nvdla'], /unknown dataflow "nvdla"/],
      [['evaluate', '--network', 'resnet50', '--format', 'xml'], /Invalid values/],
      [['evaluate', '--mapping', hand('inputs/01_base.m')], /--mapping needs --hw/],
      [['evaluate', '--batch', join(dir, 'none.jsonl')], /cannot read batch file/],
      [['evaluate', '--batch', badMapping, '--hw', badHw], /carry their own hardware/],
      [['evaluate', '--batch', badMapping, '--network', 'resnet50'], /use one of --batch, --mapping/],
      [['frobnicate'], /Unknown argument: frobnicate/],
      [[], /name a command/],
    ];
    for (const [args, reason] of cases) {
      const out = cli(args);
      expect(out.status, args.join(' ')).to.equal(1);
      expect(out.stdout).to.equal('');
      expect(out.stderr.trim().split('\n'), args.join(' ')).to.have.length(1);
      expect(out.stderr, args.join(' ')).to.match(reason);
    }
  });

  it('reads --batch and --hw/--mapping without the full parser, with the same output as through it', () => {
    expect(leanEvaluateArgs(['evaluate', '--batch', 'cases.jsonl'])).to.deep.equal({ batch: 'cases.jsonl', hw: undefined, mapping: undefined, simdLanes: 1 });
    expect(leanEvaluateArgs(['evaluate', '--hw=a.m', '--mapping', 'b.m', '--simd-lanes', '4'])).to.deep.equal({ batch: undefined, hw: 'a.m', mapping: 'b.m', simdLanes: 4 });
    for (const args of [
      ['evaluate', '--batch'],
      ['evaluate', '--hw', 'a.m'],
      ['evaluate', '--batch', 'x', '--hw', 'a.m'],
      ['evaluate', '--batch', 'x', '--batch', 'y'],
      ['evaluate', '--batch', 'x', '--simd-lanes', '0'],
      ['evaluate', '--network', 'resnet50'],
      ['evaluate', '--help'],
      ['export', '--batch', 'x'],
    ]) {
      expect(leanEvaluateArgs(args), args.join(' ')).to.equal(undefined);
    }
    const id = '10b_twolayer';
    const lean = cli(['evaluate', '--hw', hand(`inputs/${id}.hw.m`), '--mapping', hand(`inputs/${id}.m`)]);
    const full = cli(['evaluate', '--hw', hand(`inputs/${id}.hw.m`), '--mapping', hand(`inputs/${id}.m`), '--format', 'csv']);
    expect(lean.stdout).to.equal(full.stdout);
    expect(lean.stdout).to.equal(readFileSync(hand(`outputs/${id}.csv`), 'utf8'));
    const missing = cli(['evaluate', '--batch', '/nonexistent/cases.jsonl']);
    expect([missing.status, missing.stderr]).to.deep.equal([1, 'codesign-gym: cannot read batch file /nonexistent/cases.jsonl: no such file\n']);
  });

  it('runs the lean path from one bundled file that needs nothing but Node', () => {
    const bundle = readFileSync(join(REPO_ROOT, 'dist', 'src', 'cli', 'evaluate-lean.cjs'), 'utf8');
    const required = [...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]!);
    expect(required).to.include('node:fs');
    expect(required.filter((name) => !name.startsWith('node:'))).to.deep.equal([]);
    expect(bundle).not.to.match(/\bimport\(/);
  });

  it('tells bad input from bugs among the lean path\'s errors', () => {
    expect(isInputError(new UsageError('no such file'))).to.equal(true);
    expect(isInputError(new MaestroParseError({ code: 'parse', reason: 'unexpected "}"', file: 'mapping', line: 3 }))).to.equal(true);
    expect(isInputError(new TypeError('x is undefined'))).to.equal(false);
    expect(isInputError('a string')).to.equal(false);
  });
});

