/**
 * Runs the `@example` of every public class and function of some source folders. A line
 * `expression;   // literal` (a number, string, boolean, array or object literal, optionally
 * followed by ": explanation", a parenthesised note or " where ...") also checks that the
 * expression equals the literal. Examples are TypeScript (types are stripped, not checked) and may
 * `await`; import lines are dropped (the scope provides the names).
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface DocExample {
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

/** The examples of every `.ts` file below the folders, and the exported classes without one (`file: Name`). */
export function collectExamples(folders: readonly string[], base: string): { examples: DocExample[]; undocumented: string[] } {
  const examples: DocExample[] = [];
  const undocumented: string[] = [];
  for (const folder of folders) {
    const files = (readdirSync(folder, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
    for (const file of files) {
      const text = readFileSync(join(folder, file), 'utf8');
      const name = relative(base, join(folder, file));
      const documented = new Set<string>();
      for (const match of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n(export (?:abstract )?(?:class|function|async function) (\w+))/g)) {
        const code = exampleOf(match[1]!);
        if (code !== undefined) {
          examples.push({ file: name, owner: match[3]!, code });
          documented.add(match[3]!);
        }
      }
      for (const match of text.matchAll(/^export (?:abstract )?class (\w+)/gm)) {
        if (!documented.has(match[1]!)) undocumented.push(`${name}: ${match[1]}`);
      }
    }
  }
  return { examples, undocumented };
}

const LITERAL_START = /^(-?\d|'|"|\[|\{|true\b|false\b|null\b|undefined\b)/;
const STATEMENT_START = /^(const|let|var|class|function|return|if|for|while|try|import|export|await\s+new|\/\/|\}|\{)/;

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;

/** The example's TypeScript as JavaScript (types removed, not checked); undefined on a syntax error. */
function stripTypes(code: string): string | undefined {
  const output = ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    reportDiagnostics: true,
  });
  return output.diagnostics !== undefined && output.diagnostics.length > 0 ? undefined : output.outputText;
}

function compiles(text: string): boolean {
  const javascript = stripTypes(`(${text});`);
  if (javascript === undefined) return false;
  try {
    new AsyncFunction(javascript);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns `expression;   // literal` lines into checks, and `expression;` followed by a line
 * `// SomeError: message` into a check that it throws that error; drops import lines.
 */
export function instrument(code: string): { source: string; checks: number } {
  let checks = 0;
  const lines = code.split('\n');
  const source = lines
    .map((line, index) => {
      const trimmed = line.trim();
      if (trimmed.startsWith('import ')) return '';
      const thrown = /^\s*\/\/ (\w*Error): (.+)$/.exec(lines[index + 1] ?? '');
      const statement = /^(\s*)(.+);$/.exec(line);
      if (thrown !== null && statement !== null && !STATEMENT_START.test(trimmed) && compiles(statement[2]!)) {
        checks++;
        return `${statement[1]}__throws(() => (${statement[2]}), ${JSON.stringify(thrown[1])}, ${JSON.stringify(thrown[2])});`;
      }
      const match = /^(\s*)(.+?);\s+\/\/ (.+)$/.exec(line);
      if (match === null || STATEMENT_START.test(trimmed)) return line;
      const [, indent, expression, comment] = match as unknown as [string, string, string, string];
      const candidates = [comment, comment.split(': ')[0]!, comment.replace(/\s*\(.*\)$/, ''), comment.split(' where ')[0]!];
      const literal = candidates.find((text) => LITERAL_START.test(text) && compiles(text));
      if (literal === undefined || !compiles(expression)) return line;
      checks++;
      return `${indent}__check(${expression}, (${literal}), ${JSON.stringify(trimmed)});`;
    })
    .join('\n');
  return { source, checks };
}

/** Plain data for comparison (bigints as strings). */
function normal(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? 'null');
}

/** Numbers as documented: a documented 0.8126 matches any value that rounds to it. */
function asDocumented(actual: unknown, expected: unknown): unknown {
  if (typeof actual === 'number' && typeof expected === 'number' && actual !== expected) {
    const decimals = (String(expected).split('.')[1] ?? '').length;
    return Number(actual.toFixed(decimals)) === expected ? expected : actual;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) return actual.map((item, i) => asDocumented(item, expected[i]));
  if (actual !== null && expected !== null && typeof actual === 'object' && typeof expected === 'object' && !Array.isArray(actual)) {
    return Object.fromEntries(Object.entries(actual).map(([key, value]) => [key, asDocumented(value, (expected as Record<string, unknown>)[key])]));
  }
  return actual;
}

function check(actual: unknown, expected: unknown, line: string): void {
  const documented = normal(expected);
  expect(asDocumented(normal(actual), documented), line).to.deep.equal(documented);
}

function throws(run: () => unknown, name: string, message: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${name}: ${message}`).to.be.instanceOf(Error);
  expect(`${(caught as Error).name}: ${(caught as Error).message}`).to.equal(`${name}: ${message}`);
}

export interface DocExampleSuite {
  /** Source folders (absolute). */
  folders: readonly string[];
  /** The repository root, for readable file names. */
  base: string;
  /** Names the examples may use: the public API (a class in it must have an example). */
  scope: Record<string, unknown>;
  minExamples: number;
  timeoutMs?: number;
}

/** Runs an example with the names of `scope`, checking its documented results. */
export async function runExample(code: string, scope: Record<string, unknown>): Promise<void> {
  const source = stripTypes(instrument(code).source);
  expect(source, 'the example is valid TypeScript').to.be.a('string');
  const names = [...Object.keys(scope), '__check', '__throws'];
  const values = [...Object.values(scope), check, throws];
  // A block of its own, so that the example's declarations may shadow names of the scope.
  await new AsyncFunction(...names, `'use strict';\n{\n${source!}\n}`)(...values);
}

/** Registers the suite: every public class documented, every example running as documented. */
export function describeDocExamples(title: string, suite: DocExampleSuite): void {
  const { examples, undocumented } = collectExamples(suite.folders, suite.base);
  describe(title, function () {
    this.timeout(suite.timeoutMs ?? 30_000);

    it('every public class has an @example', () => {
      const isPublic = (entry: string): boolean => entry.split(': ')[1]! in suite.scope;
      expect(undocumented.filter(isPublic)).to.deep.equal([]);
      expect(examples.length).to.be.at.least(suite.minExamples);
    });

    for (const example of examples) {
      it(`${example.owner} (${example.file}) runs as documented`, async () => {
        await runExample(example.code, suite.scope);
      });
    }

    it('checks documented results in most examples', () => {
      const checked = examples.filter((example) => instrument(example.code).checks > 0);
      expect(checked.length).to.be.greaterThan(examples.length / 2);
    });
  });
}
