/**
 * Runs the `@example` of every public class and function of src/workloads, src/accuracy and
 * src/tfjs. A line `expression;   // literal` (optionally followed by ": explanation" or a
 * parenthesised note) also checks that the expression equals the literal.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as accuracy from '../../src/accuracy/index.js';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { DEFAULT_HARDWARE } from '../../src/maestro/types.js';
import { createRng } from '../../src/random/rng.js';
import * as tfjs from '../../src/tfjs/backend.js';
import * as workloads from '../../src/workloads/index.js';

const sourceRoot = fileURLToPath(new URL('../../../src/', import.meta.url));
const FOLDERS = ['workloads', 'accuracy', 'tfjs'];

interface Example {
  readonly file: string;
  readonly owner: string;
  readonly code: string;
}

function exampleOf(body: string): string | undefined {
  const lines = body.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  const start = lines.findIndex((line) => line.trim().startsWith('@example'));
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.trim().startsWith('@'));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

const examples: Example[] = [];
const undocumented: string[] = [];
for (const folder of FOLDERS) {
  const files = (readdirSync(join(sourceRoot, folder), { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(join(sourceRoot, folder, file), 'utf8');
    const documented = new Set<string>();
    for (const match of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n(export (?:abstract )?(?:class|function) (\w+))/g)) {
      const code = exampleOf(match[1]!);
      if (code !== undefined) {
        examples.push({ file: `${folder}/${file}`, owner: match[3]!, code });
        documented.add(match[3]!);
      }
    }
    for (const match of text.matchAll(/^export (?:abstract )?class (\w+)/gm)) {
      if (!documented.has(match[1]!)) undocumented.push(`${folder}/${file}: ${match[1]}`);
    }
  }
}

function compiles(text: string): boolean {
  try {
    new Function(`return (${text});`);
    return true;
  } catch {
    return false;
  }
}

/** Turns `expression;   // literal` lines into checks. */
function instrument(code: string): { source: string; checks: number } {
  let checks = 0;
  const source = code
    .split('\n')
    .map((line) => {
      const match = /^(\s*)(.+?);\s+\/\/ (.+)$/.exec(line);
      if (match === null || /^(const|let|var|if|for|try|return|\/\/|\}|\{)/.test(line.trim())) return line;
      const [, indent, expression, comment] = match as unknown as [string, string, string, string];
      const candidates = [comment, comment.split(': ')[0]!, comment.replace(/\s*\(.*\)$/, ''), comment.split(' where ')[0]!];
      const literal = candidates.find((text) => /^(-?\d|'|"|\[|\{|true\b|false\b|null\b)/.test(text) && compiles(text));
      if (literal === undefined || !compiles(expression)) return line;
      checks++;
      return `${indent}__check(${expression}, (${literal}), ${JSON.stringify(line.trim())});`;
    })
    .join('\n');
  return { source, checks };
}

function check(actual: unknown, expected: unknown, line: string): void {
  expect(JSON.parse(JSON.stringify(actual) ?? 'null'), line).to.deep.equal(JSON.parse(JSON.stringify(expected) ?? 'null'));
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;

describe('workloads, accuracy and tfjs doc examples', function () {
  this.timeout(30_000);

  it('every public class has an @example', () => {
    expect(undocumented).to.deep.equal([]);
    expect(examples.length).to.be.greaterThan(20);
  });

  const scope: Record<string, unknown> = { ...workloads, ...accuracy, ...tfjs, createRng, CostModel, DEFAULT_HARDWARE, __check: check };
  for (const example of examples) {
    it(`${example.owner} (${example.file}) runs as documented`, async () => {
      const { source } = instrument(example.code);
      const names = Object.keys(scope);
      await new AsyncFunction(...names, `'use strict';\n${source}`)(...names.map((name) => scope[name]));
    });
  }

  it('checks documented results in most examples', () => {
    const checked = examples.filter((example) => instrument(example.code).checks > 0);
    expect(checked.length).to.be.greaterThan(examples.length / 2);
  });
});
