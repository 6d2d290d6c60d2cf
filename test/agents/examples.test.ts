/**
 * Runs the `@example` of every public class and function of agents/. A line `expression;   // literal`
 * (a number, string, boolean, array or object literal, optionally followed by ": explanation")
 * also checks that the expression equals the literal. Examples may `await`.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, Observable, toArray } from 'rxjs';
import * as agents from '../../agents/index.js';
import '../../envs/index.js';
import * as gym from '../../src/gym/index.js';
import { createRng } from '../../src/random/rng.js';
import { loadTfjs, TFJS_BACKENDS } from '../../src/tfjs/backend.js';

const agentsSource = fileURLToPath(new URL('../../../agents/', import.meta.url));

interface Example {
  readonly file: string;
  readonly owner: string;
  readonly code: string;
}

function docComments(text: string): { body: string; follows: string }[] {
  const comments: { body: string; follows: string }[] = [];
  const pattern = /\/\*\*([\s\S]*?)\*\/(?=\s*\n([^\n]*))/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    comments.push({ body: match[1] as string, follows: match[2] as string });
  }
  return comments;
}

function exampleOf(body: string): string | undefined {
  const lines = body.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  const start = lines.findIndex((line) => line.trim().startsWith('@example'));
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.trim().startsWith('@'));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

function declaredName(line: string): string | undefined {
  return /^export (?:abstract )?(?:class|function|async function) (\w+)/.exec(line)?.[1];
}

const sourceFiles = (readdirSync(agentsSource, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
const examples: Example[] = [];
const undocumented: string[] = [];
for (const file of sourceFiles) {
  const text = readFileSync(join(agentsSource, file), 'utf8');
  const documented = new Set<string>();
  for (const { body, follows } of docComments(text)) {
    const owner = declaredName(follows);
    const code = exampleOf(body);
    if (owner !== undefined && code !== undefined) {
      examples.push({ file, owner, code });
      documented.add(owner);
    }
  }
  for (const match of text.matchAll(/^export (?:abstract )?class (\w+)/gm)) {
    if (!documented.has(match[1] as string)) undocumented.push(`${file}: ${match[1]}`);
  }
}

const LITERAL_START = /^(-?\d|'|"|\[|\{|true\b|false\b|null\b|undefined\b)/;
const STATEMENT_START = /^(const|let|var|class|function|return|if|for|while|try|import|export|await|\/\/|\}|\{)/;

function compilesAsExpression(text: string): boolean {
  try {
    new Function(`return (${text});`);
    return true;
  } catch {
    return false;
  }
}

function compilesAsAsyncExpression(text: string): boolean {
  try {
    new Function(`return (async () => (${text}));`);
    return true;
  } catch {
    return false;
  }
}

/** Turns `expression;   // literal` lines into checks. */
function instrument(code: string): { source: string; checks: number } {
  let checks = 0;
  const lines = code.split('\n').map((line) => {
    const trimmed = line.trim();
    const match = /^(\s*)(.+?);\s+\/\/ (.+)$/.exec(line);
    if (match === null || STATEMENT_START.test(trimmed)) return line;
    const [, indent, expression, comment] = match as unknown as [string, string, string, string];
    const candidates = [comment, comment.split(': ')[0] as string];
    const literal = candidates.find((text) => LITERAL_START.test(text) && compilesAsExpression(text));
    if (literal === undefined || !compilesAsAsyncExpression(expression)) return line;
    checks++;
    return `${indent}__check(${expression}, (${literal}), ${JSON.stringify(trimmed)});`;
  });
  return { source: lines.join('\n'), checks };
}

function check(actual: unknown, expected: unknown, line: string): void {
  if (!gym.deepEqual(JSON.parse(JSON.stringify(actual) ?? 'null'), JSON.parse(JSON.stringify(expected) ?? 'null'))) {
    throw new Error(`${line}\n  gave ${gym.describeValue(actual)}, expected ${gym.describeValue(expected)}`);
  }
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;

describe('agents doc examples', function () {
  this.timeout(60_000);

  it('every public class has an @example', () => {
    expect(undocumented).to.deep.equal([]);
    expect(examples.length).to.be.greaterThan(30);
  });

  const scope: Record<string, unknown> = {
    ...gym,
    ...agents,
    createRng,
    lastValueFrom,
    Observable,
    toArray,
    loadTfjs,
    TFJS_BACKENDS,
    tf,
    __check: check,
  };
  for (const example of examples) {
    it(`${example.owner} (${example.file}) runs as documented`, async () => {
      const { source } = instrument(example.code);
      const names = Object.keys(scope);
      const run = new AsyncFunction(...names, `'use strict';\n${source}`);
      await run(...names.map((name) => scope[name]));
    });
  }

  it('checks documented results in most examples', () => {
    const checked = examples.filter((example) => instrument(example.code).checks > 0);
    expect(checked.length).to.be.greaterThan(examples.length / 2);
  });
});
