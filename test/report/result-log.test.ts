import { expect } from 'chai';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatResults, inShard, mergeResults, parseShard, readResults, ResultLog, ResultLogError } from '../../src/report/result-log.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'cg-results-'));

describe('report/result-log', () => {
  it('parses shards i/n and picks tasks by index modulo n', () => {
    expect(parseShard('1/4')).to.deep.equal({ index: 1, count: 4 });
    expect([0, 1, 2, 3, 4, 5].filter((i) => inShard(i, { index: 1, count: 2 }))).to.deep.equal([1, 3, 5]);
    expect(inShard(7, undefined)).to.equal(true);
    for (const bad of ['4/4', '1', 'a/b', '1/0', '-1/2']) expect(() => parseShard(bad), bad).to.throw(ResultLogError, /--shard expects i\/n with 0 <= i < n/);
  });

  it('appends records as lines and refuses to overwrite an existing file without resume', () => {
    const path = join(dir(), 'r.jsonl');
    const log = ResultLog.open(path, { resume: false });
    log.write({ index: 0, value: 'a' });
    log.write({ index: 1, value: 'b' });
    log.close();
    expect(readFileSync(path, 'utf8')).to.equal('{"index":0,"value":"a"}\n{"index":1,"value":"b"}\n');
    expect(() => ResultLog.open(path, { resume: false })).to.throw(ResultLogError, /already exists; pass --resume/);
  });

  it('writes results arriving out of order in task order', () => {
    const path = join(dir(), 'r.jsonl');
    const log = ResultLog.open(path, { resume: false });
    expect(log.expect([0, 1, 2])).to.deep.equal([0, 1, 2]);
    log.write({ index: 2 });
    log.write({ index: 0 });
    expect(readFileSync(path, 'utf8')).to.equal('{"index":0}\n');
    log.write({ index: 1 });
    log.close();
    expect(readResults(path).records.map((r) => r.index)).to.deep.equal([0, 1, 2]);
  });

  it('resumes: done tasks are skipped and a line cut short by a kill is dropped', () => {
    const path = join(dir(), 'r.jsonl');
    writeFileSync(path, '{"index":0}\n{"index":1}\n{"ind');
    expect(readResults(path)).to.deep.include({ partialTail: true });
    const log = ResultLog.open(path, { resume: true });
    expect(log.has(1)).to.equal(true);
    expect(log.has(2)).to.equal(false);
    expect(log.expect([0, 1, 2, 3])).to.deep.equal([2, 3]);
    log.write({ index: 2 });
    log.write({ index: 3 });
    log.close();
    expect(readFileSync(path, 'utf8')).to.equal('{"index":0}\n{"index":1}\n{"index":2}\n{"index":3}\n');
  });

  it('rejects damaged files and a task written twice', () => {
    const path = join(dir(), 'r.jsonl');
    writeFileSync(path, '{"index":0}\nnot json\n');
    expect(() => readResults(path)).to.throw(ResultLogError, /line 2 is not valid JSON/);
    writeFileSync(path, '{"value":1}\n');
    expect(() => readResults(path)).to.throw(ResultLogError, /line 1 has no integer "index"/);
    writeFileSync(path, '{"index":0}\n');
    const log = ResultLog.open(path, { resume: true });
    expect(() => log.write({ index: 0 })).to.throw(ResultLogError, /task 0 is already in/);
    log.close();
  });

  it('merges shards into index order; conflicting or partial files are errors', () => {
    const d = dir();
    const a = join(d, 'a.jsonl');
    const b = join(d, 'b.jsonl');
    writeFileSync(a, '{"index":0,"v":1}\n{"index":2,"v":3}\n');
    writeFileSync(b, '{"index":1,"v":2}\n{"index":2,"v":3}\n');
    expect(formatResults(mergeResults([a, b]))).to.equal('{"index":0,"v":1}\n{"index":1,"v":2}\n{"index":2,"v":3}\n');
    appendFileSync(b, '{"index":0,"v":9}\n');
    expect(() => mergeResults([a, b])).to.throw(ResultLogError, /task 0 differs between/);
    writeFileSync(b, '{"index":1,"v"');
    expect(() => mergeResults([a, b])).to.throw(ResultLogError, /ends in a partial line/);
    expect(() => mergeResults([join(d, 'none.jsonl')])).to.throw(ResultLogError, /no such file/);
    expect(() => mergeResults([])).to.throw(ResultLogError, /at least one/);
  });
});
