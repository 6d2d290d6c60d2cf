import { expect } from 'chai';
import { CostModel, evaluateNetwork } from '../../src/costmodel/evaluate.js';
import { formatCsvRow, MAESTRO_CSV_COLUMNS, writeMaestroCsv } from '../../src/maestro/csv.js';
import { MaestroError } from '../../src/maestro/errors.js';
import { parseHardware } from '../../src/maestro/hardware-file.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';
import { compareRows, loadGeneratedCases, loadHandCases, type ReferenceCase } from '../support/maestro-reference.js';

/** Runs one case; returns the disagreements, or the error for a failing case. */
function run(c: ReferenceCase, model: CostModel): { rows?: ReturnType<CostModel['evaluateNetwork']>['layers']; error?: unknown } {
  try {
    return { rows: model.evaluateNetwork(parseMapping(c.mapping), parseHardware(c.hw)).layers };
  } catch (error) {
    return { error };
  }
}

describe('cost model against MAESTRO reference outputs', function () {
  this.timeout(120_000);
  const generated = loadGeneratedCases();
  const hand = loadHandCases();

  it('has the reference material: 852 generated and 15 hand-made cases', () => {
    expect(generated).to.have.length(852);
    expect(hand).to.have.length(15);
  });

  for (const [label, cases] of [
    ['hand-made', hand],
    ['generated', generated],
  ] as const) {
    it(`agrees on every numeric column of every layer of every ok ${label} case, and fails every failing one`, () => {
      const model = new CostModel({ cacheSize: 0 });
      let okCases = 0;
      let okLayers = 0;
      let cells = 0;
      let failing = 0;
      const problems: string[] = [];
      for (const c of cases) {
        const { rows, error } = run(c, model);
        if (c.status === 'ok') {
          if (rows === undefined) {
            problems.push(`${c.id}: threw ${(error as Error).message}`);
            continue;
          }
          const disagreements = compareRows(c.rows, rows);
          if (disagreements.length > 0) {
            const d = disagreements[0]!;
            problems.push(`${c.id} ${d.layer}.${d.column}: MAESTRO ${d.expected}, ours ${d.actual} (${disagreements.length} cells)`);
            continue;
          }
          okCases++;
          okLayers += rows.length;
          cells += rows.length * (MAESTRO_CSV_COLUMNS.length - 2);
        } else {
          if (!(error instanceof MaestroError) || error.reason.length === 0) {
            problems.push(`${c.id} (${c.status}): expected a typed error with a reason, got ${rows ? 'a result' : String(error)}`);
            continue;
          }
          failing++;
        }
      }
      const expectedOk = cases.filter((c) => c.status === 'ok').length;
      console.log(
        `      ${label}: ${okCases}/${expectedOk} ok cases agree (${okLayers} layers, ${cells} numeric cells); ` +
          `${failing}/${cases.length - expectedOk} failing cases give a typed error`,
      );
      expect(problems, problems.slice(0, 5).join('\n')).to.deep.equal([]);
    });
  }

  it('prints every cell exactly as MAESTRO printed it', () => {
    let cells = 0;
    const different: string[] = [];
    for (const c of generated.filter((x) => x.status === 'ok').slice(0, 300)) {
      const rows = evaluateNetwork(parseMapping(c.mapping), parseHardware(c.hw)).layers;
      rows.forEach((row, i) => {
        const printed = formatCsvRow(row).split(',').map((cell) => cell.trim());
        const reference = formatCsvRow(c.rows[i]!).split(',').map((cell) => cell.trim());
        printed.forEach((cell, j) => {
          cells++;
          if (cell !== reference[j]) different.push(`${c.id} ${MAESTRO_CSV_COLUMNS[j]!.key}: ${reference[j]} vs ${cell}`);
        });
      });
    }
    expect(cells).to.be.greaterThan(10_000);
    expect(different.slice(0, 5)).to.deep.equal([]);
  });

  it("prints every case's CSV straight from the cost model as writeMaestroCsv prints its rows, through the cache in both orders, errors included", () => {
    const csvModel = new CostModel();
    const rowModel = new CostModel();
    const all = [...hand, ...generated];
    let printed = 0;
    let failed = 0;
    for (const pass of [all, [...all].reverse()]) {
      for (const c of pass) {
        let network;
        let hw;
        try {
          network = parseMapping(c.mapping);
          hw = parseHardware(c.hw);
        } catch {
          continue;
        }
        const { rows, error } = run(c, rowModel);
        if (rows !== undefined) {
          expect(csvModel.evaluateNetworkCsv(network, hw), c.id).to.equal(writeMaestroCsv(rows));
          printed++;
        } else {
          expect(() => csvModel.evaluateNetworkCsv(network, hw), c.id).to.throw((error as Error).message);
          failed++;
        }
      }
    }
    expect(printed).to.be.greaterThan(1000);
    expect(failed).to.be.greaterThan(0);
  });

  it('gives the same results through the cache, in any order, on repeated evaluation', () => {
    const model = new CostModel();
    const cases = generated.filter((c) => c.status === 'ok');
    const shuffled = [...cases].reverse();
    for (const pass of [cases, shuffled]) {
      for (const c of pass) {
        const rows = model.evaluateNetwork(parseMapping(c.mapping), parseHardware(c.hw)).layers;
        expect(compareRows(c.rows, rows), c.id).to.deep.equal([]);
      }
    }
    expect(model.statistics.hits).to.be.greaterThan(0);
  });
});
