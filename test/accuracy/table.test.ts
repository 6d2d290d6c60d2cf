import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccuracyError, splitCsvLine, TableOracle } from '../../src/accuracy/index.js';
import { createRng } from '../../src/random/rng.js';
import { AlphanetSpace, DartsSpace, Nasbench201Space } from '../../src/workloads/index.js';
import { alphanetSamples, dartsStudyArchitectures } from '../../src/data/index.js';

const KEY = '|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|';

describe('accuracy/table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codesign-gym-table-'));

  it("loads the study's AlphaNet samples and DARTS archs, answering with the published figure and its source", () => {
    const alphanet = new AlphanetSpace('codesign-study');
    const samplesFile = join(dir, 'samples.json');
    writeFileSync(samplesFile, JSON.stringify(alphanetSamples()));
    const samples = TableOracle.fromFile(alphanet, samplesFile, { top1Field: 'predicted_top1' });
    expect(samples.size).to.equal(9_999);
    const first = samples.rows[0]!;
    expect(samples.accuracy(first.arch)).to.deep.equal({ kind: 'top1', top1: 70.9357, source: 'table', oracle: 'table "samples.json" (9999 alphanet architectures)' });
    const darts = new DartsSpace('codesign-study');
    const archsFile = join(dir, 'archs.json');
    writeFileSync(archsFile, JSON.stringify(dartsStudyArchitectures()));
    const archs = TableOracle.fromFile(darts, archsFile, { top1Field: 'nb301_predicted_top1', name: 'nb301' });
    expect(archs.size).to.equal(1_018);
    expect(archs.accuracy(archs.rows[0]!.arch).top1).to.equal(92.6078);
    const missing = darts.sample(createRng(3));
    expect(archs.has(missing)).to.equal(false);
    expect(() => archs.accuracy(missing)).to.throw(AccuracyError, /^table "nb301" has no entry for darts architecture normal=.* \(it holds 1018\)$/);
  });

  it('reads JSON lines and CSV with keys or JSON architectures', () => {
    const space = new Nasbench201Space();
    const jsonl = join(dir, 'nb.jsonl');
    writeFileSync(jsonl, `${JSON.stringify({ arch: KEY, acc: 85.5 })}\n${JSON.stringify({ arch: { ops: ['none', 'none', 'none', 'skip_connect', 'none', 'none'] }, acc: 10 })}\n`);
    const fromJsonl = TableOracle.fromFile(space, jsonl, { top1Field: 'acc', archField: 'arch' });
    expect(fromJsonl.accuracy(space.fromKey(KEY)).top1).to.equal(85.5);
    expect(fromJsonl.size).to.equal(2);
    const csv = join(dir, 'nb.csv');
    writeFileSync(csv, `arch,top1\n${KEY},85.5\n"{""ops"": [""none"", ""none"", ""none"", ""skip_connect"", ""none"", ""none""]}",10\n`);
    const fromCsv = TableOracle.fromFile(space, csv, { top1Field: 'top1', archField: 'arch' });
    expect(fromCsv.rows.map((row) => row.top1)).to.deep.equal([85.5, 10]);
    expect(fromCsv.description).to.equal('table "nb.csv" (2 nasbench201 architectures)');
    expect(splitCsvLine('a,"b,c","d""e"')).to.deep.equal(['a', 'b,c', 'd"e']);
  });

  it('rejects bad tables with what it expected and what arrived', () => {
    const space = new Nasbench201Space();
    const records = (rows: unknown[]): (() => TableOracle<unknown>) => () => TableOracle.fromRecords(space, rows, { top1Field: 'top1', archField: 'arch', name: 't' });
    expect(records([{ arch: KEY, top1: 'high' }])).to.throw(AccuracyError, /table "t" row 0: Expects a number in field "top1", actual: "high"/);
    expect(records([{ arch: KEY }])).to.throw(AccuracyError, /row 0: Expects a number in field "top1", actual: undefined/);
    expect(records([7])).to.throw(AccuracyError, /row 0: Expects an object, actual: 7/);
    expect(records([{ arch: '|bad|', top1: 1 }])).to.throw(AccuracyError, /table "t" row 0: Expects an arch string/);
    expect(records([{ arch: KEY, top1: 1 }, { arch: KEY, top1: 2 }])).to.throw(AccuracyError, /row 1: Expects one accuracy per architecture, actual: 1 and 2/);
    expect(() => TableOracle.fromFile(space, join(dir, 'none.json'), { top1Field: 'top1' })).to.throw(AccuracyError, /cannot read accuracy table .*none\.json: no such file/);
    const notArray = join(dir, 'obj.json');
    writeFileSync(notArray, '{"a": 1}');
    expect(() => TableOracle.fromFile(space, notArray, { top1Field: 'top1' })).to.throw(AccuracyError, /Expects a JSON array of records, actual: \{ a: 1 \}/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{');
    expect(() => TableOracle.fromFile(space, broken, { top1Field: 'top1' })).to.throw(AccuracyError, /broken\.json: not valid JSON/);
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'arch,top1\na,b,c\n');
    expect(() => TableOracle.fromFile(space, ragged, { top1Field: 'top1' })).to.throw(AccuracyError, /ragged\.csv line 2: Expects 2 cells, actual: 3/);
  });
});
