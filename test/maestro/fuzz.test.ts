import { expect } from 'chai';
import fc from 'fast-check';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { MaestroError } from '../../src/maestro/errors.js';
import { parseHardware } from '../../src/maestro/hardware-file.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';
import { MAESTRO_NUMERIC_KEYS } from '../../src/maestro/csv.js';
import { loadGeneratedCases, loadHandCases } from '../support/maestro-reference.js';

/** MAESTRO itself prints NaN in these columns (0/0 ratios of degenerate layers, Q12). */
const NAN_ALLOWED = new Set([
  'throughputMacsPerCycle',
  'throughputPerEnergy',
  'avgBandwidthReqElemsPerCycle',
  'multicastFactorWeight',
  'multicastFactorInput',
  'inputReuseFactor',
  'filterReuseFactor',
  'outputReuseFactor',
  'opsPerJoule',
  'arithmeticIntensity',
]);

type Outcome = 'result' | 'error';

/** Parses and evaluates; anything but a result or a MaestroError fails the test. */
function outcome(model: CostModel, hwText: string, mappingText: string): Outcome {
  try {
    const cost = model.evaluateNetwork(parseMapping(mappingText), parseHardware(hwText));
    for (const row of cost.layers) {
      for (const key of MAESTRO_NUMERIC_KEYS) {
        const value = row[key];
        if (typeof value !== 'number' || (Number.isNaN(value) && !NAN_ALLOWED.has(key))) {
          throw new Error(`column ${key} is ${String(value)} in layer ${row.layerName}`);
        }
      }
    }
    return 'result';
  } catch (error) {
    if (error instanceof MaestroError) {
      expect(error.reason.length).to.be.greaterThan(0);
      return 'error';
    }
    throw new Error(`untyped failure on input:\n${hwText}\n---\n${mappingText}\n${(error as Error).stack}`);
  }
}

const VOCABULARY = [
  'Network', 'Layer', 'Type', 'CONV', 'DSCONV', 'GEMM', 'NGCONV', 'TRCONV', 'FC', 'Stride', 'Dimensions', 'Dataflow',
  'TemporalMap', 'SpatialMap', 'Cluster', 'Sz', 'Constant', 'Accelerator', 'P', 'L', '{', '}', '(', ')', ',', ';', ':',
  'K', 'C', 'R', 'S', 'Y', 'X', "Y'", "X'", 'N', 'G', 'M', '0', '1', '2', '3', '7', '16', '64', '//', '\n', 'x',
];

const MUTATION_TOKENS = ['{', '}', 'SpatialMap(1,1) K;', 'TemporalMap(3,1) Y;', 'Cluster(4,P);', 'Cluster(64,P);', '0', '99', "Y'", 'Sz(R)', 'Layer', '//', 'Type: FC', 'Stride { X: 3 }'];

describe('maestro readers and cost model under random and mutated input', function () {
  this.timeout(300_000);
  const seeds = [...loadHandCases(), ...loadGeneratedCases().filter((c) => c.kind !== 'network:Resnet50_kcp_ws.m')].filter(
    (c) => c.mapping.length < 4000,
  );
  const counts: Record<Outcome, number> = { result: 0, error: 0 };

  it('ends every random token sequence in a result or a typed error (5,000 inputs)', () => {
    const model = new CostModel({ cacheSize: 0 });
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 120 }), fc.array(fc.constantFrom('num_pes', 'noc_bw_cstr', ':', '4', '0', '64', 'x', '\n'), { maxLength: 12 }), (tokens, hwTokens) => {
        counts[outcome(model, hwTokens.join(' '), tokens.join(' '))]++;
      }),
      { numRuns: 5000, seed: 20261123 },
    );
  });

  it('ends every mutated reference input in a result or a typed error (5,000 inputs)', () => {
    const model = new CostModel({ cacheSize: 0 });
    const mutation = fc.record({
      kind: fc.constantFrom('delete-char', 'insert-token', 'replace-number', 'duplicate-line', 'delete-line', 'swap-lines'),
      at: fc.nat(),
      other: fc.nat(),
      token: fc.constantFrom(...MUTATION_TOKENS),
      number: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (index, mutations, mutateHardware) => {
        const seed = seeds[index]!;
        let mapping = seed.mapping;
        let hw = seed.hw;
        for (const m of mutations) {
          if (mutateHardware && m.kind === 'replace-number') hw = replaceNumber(hw, m.at, m.number);
          else mapping = mutate(mapping, m);
        }
        counts[outcome(model, hw, mapping)]++;
      }),
      { numRuns: 5000, seed: 42 },
    );
    console.log(`      10,000 inputs: ${counts.result} results, ${counts.error} typed errors`);
    expect(counts.result).to.be.greaterThan(500);
    expect(counts.error).to.be.greaterThan(500);
  });
});

function replaceNumber(text: string, at: number, value: number): string {
  const numbers = [...text.matchAll(/\d+/g)];
  if (numbers.length === 0) return text;
  const match = numbers[at % numbers.length]!;
  return text.slice(0, match.index) + String(value) + text.slice(match.index + match[0].length);
}

function mutate(text: string, m: { kind: string; at: number; other: number; token: string; number: number }): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'delete-char': {
      const i = m.at % Math.max(text.length, 1);
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 'insert-token': {
      const i = m.at % Math.max(text.length, 1);
      return `${text.slice(0, i)} ${m.token} ${text.slice(i)}`;
    }
    case 'replace-number':
      return replaceNumber(text, m.at, m.number);
    case 'duplicate-line': {
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    case 'delete-line':
      lines.splice(m.at % lines.length, 1);
      return lines.join('\n');
    default: {
      const i = m.at % lines.length;
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
  }
}
