/**
 * The package as a user gets it: `npm pack`, then `npm install` of the tarball into an empty
 * project. Checks what the tarball holds, that every shipped module is reachable from the entry
 * points, and that the CLI, `import` and `require` work from the installed copy.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { REPO_ROOT } from '../support/fixtures.js';

interface PackResult {
  filename: string;
  files: { path: string }[];
  size: number;
  unpackedSize: number;
  entryCount: number;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 120_000): Run {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? String(result.error ?? '') };
}

function succeed(command: string, args: readonly string[], cwd: string, timeoutMs?: number): string {
  const result = run(command, args, cwd, timeoutMs);
  expect(result.status, `${command} ${args.join(' ')}\n${result.stderr}`).to.equal(0);
  return result.stdout;
}

/** The relative modules one module imports: static and dynamic imports, re-exports and worker URLs. */
function importedModules(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/new URL\(\s*['"]([^'"]+)['"],\s*import\.meta\.url\s*\)/g),
    ...source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]!);
  // Files a CommonJS module names beside itself (`join(__dirname, 'name')`).
  const besides = [...source.matchAll(/\(__dirname,\s*['"]([^'"./][^'"]*)['"]\)/g)].map((match) => `./${match[1]!}`);
  return [...specifiers, ...besides].filter((specifier) => specifier.startsWith('.'));
}

describe('the installed package (npm pack, npm install in an empty project)', function () {
  this.timeout(600_000);
  let work: string;
  let project: string;
  let installed: string;
  let packed: PackResult;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'codesign-gym-package-'));
    // The tarball of the current build (a publish builds it afresh with `prepack`).
    const output = succeed(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO_ROOT);
    packed = (JSON.parse(output) as PackResult[])[0]!;
    project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
    succeed(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(work, packed.filename)], project, 480_000);
    installed = join(project, 'node_modules', 'codesign-gym');
  });

  after(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  describe('the tarball', () => {
    it('ships the licence, the README and the package metadata', () => {
      const paths = packed.files.map((file) => file.path);
      expect(paths).to.include.members(['LICENSE', 'README.md', 'package.json', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/bin.cjs', 'dist/src/cli/evaluate-lean.cjs']);
      expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).to.match(/^MIT License/);
    });

    it('ships the published data with its provenance and licences', () => {
      const paths = packed.files.map((file) => file.path);
      expect(paths).to.include('data/README.md');
      expect(paths.filter((path) => path.startsWith('data/'))).to.have.length.greaterThan(3);
      expect(readFileSync(join(installed, 'data', 'README.md'), 'utf8')).to.match(/MIT/);
    });

    it('ships no source maps, no tests and nothing outside the listed folders', () => {
      const paths = packed.files.map((file) => file.path);
      expect(paths.filter((path) => path.endsWith('.map'))).to.deep.equal([]);
      const outside = paths.filter((path) => !/^(dist\/(src|envs|agents|experiments)\/|data\/|LICENSE$|README\.md$|package\.json$)/.test(path));
      expect(outside).to.deep.equal([]);
    });

    it('ships only modules the entry points or the CLI reach', () => {
      const shipped = packed.files.map((file) => file.path).filter((path) => /\.c?js$/.test(path));
      const reached = new Set<string>();
      const pending = ['dist/src/index.js', 'dist/src/cli/bin.cjs'];
      while (pending.length > 0) {
        const path = pending.pop()!;
        if (reached.has(path) || !/\.c?js$/.test(path)) continue;
        reached.add(path);
        const source = readFileSync(join(installed, path), 'utf8');
        for (const specifier of importedModules(source)) pending.push(posix.normalize(posix.join(posix.dirname(path), specifier)));
      }
      // Modules of types only compile to an empty module; their declarations are what ships.
      const typesOnly = (path: string): boolean => readFileSync(join(installed, path), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').trim() === 'export {};';
      expect(shipped.filter((path) => !reached.has(path) && !typesOnly(path))).to.deep.equal([]);
      expect([...reached].filter((path) => !shipped.includes(path))).to.deep.equal([]);
    });

    it('needs no build when installed', () => {
      const installedManifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
      for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(installedManifest.scripts ?? {}).not.to.have.property(hook);
    });
  });

  describe('the command line', () => {
    it('prints the package version, not the project version', () => {
      const version = succeed(join(project, 'node_modules', '.bin', 'codesign-gym'), ['--version'], project);
      expect(version.trim()).to.equal(manifest.version);
    });

    it('evaluates a zoo network', () => {
      const table = succeed(join(project, 'node_modules', '.bin', 'codesign-gym'), ['evaluate', '--network', 'resnet50', '--dataflow', 'kcp_ws'], project);
      expect(table).to.match(/^resnet50 \(54 layers, 4\.09 GMACs\) with kcp_ws on 256 PEs/);
      expect(table).to.match(/total: 35440342 cycles/);
    });

    it('runs the semi-decoupled experiment on its shipped data, on worker threads', () => {
      const out = join(project, 'semi-decoupled');
      const grid = ['--pes', '64,256', '--noc', '500,1000', '--offchip', '100,300', '--dataflows', 'kcp_ws,rs'];
      const text = succeed(join(project, 'node_modules', '.bin', 'codesign-gym'), ['experiment', 'semi-decoupled', '--sample', '12', ...grid, '--workers', '2', '--out', out], project);
      expect(text).to.match(/^semi-decoupled: nasbench201 \(cifar10\), 12 candidates x 16 accelerators searched exhaustively, optimum compared at every breakpoint\n/);
      expect(text).to.match(/\nlatency +certified +\d+ +[\d.]+x +(\d+)\/\1 +0\n/);
      expect(readFileSync(join(out, 'report.md'), 'utf8')).to.include('## Reduced sets and the optimum they keep');
    });
  });

  describe('the library', () => {
    it('gives make to import() from an ES module', () => {
      writeFileSync(join(project, 'esm.js'), "import { make } from 'codesign-gym';\nconst env = make('GridWalk-v0');\nenv.reset({ seed: 0 });\nconsole.log(typeof make, JSON.stringify(env.step(1).observation));\n");
      expect(succeed(process.execPath, ['esm.js'], project)).to.equal('function [1,0]\n');
      expect(succeed(process.execPath, ['--input-type=module', '-e', "const { make } = await import('codesign-gym'); console.log(typeof make);"], project)).to.equal('function\n');
    });

    it('builds the certified reduced set with the SemiDecoupled wrapper', () => {
      const script = [
        "import { CoDesign, SemiDecoupled } from 'codesign-gym';",
        "const full = new CoDesign({ space: 'nasbench201', objective: 'accuracy', grid: { numPes: [64, 256], dataflows: ['kcp_ws'] } });",
        "const env = new SemiDecoupled(full, { reducedSet: 'certified' });",
        'console.log(env.report.mode, env.report.search.method, env.report.reducedSet.length > 0);',
      ].join('\n');
      expect(succeed(process.execPath, ['--input-type=module', '-e', script], project)).to.equal('certified shortcut true\n');
    });

    it('reads the published data it ships', () => {
      const script = "import { publishedAccuracy } from 'codesign-gym'; console.log(publishedAccuracy('nasbench201').keys.length);";
      expect(succeed(process.execPath, ['--input-type=module', '-e', script], project)).to.equal('15625\n');
    });

    it('gives make to require() from a CommonJS module, without warnings', () => {
      writeFileSync(join(project, 'cjs.cjs'), "const { make, listEnvs } = require('codesign-gym');\nconsole.log(typeof make, listEnvs().includes('AcceleratorDesign-v0'));\n");
      const result = run(process.execPath, ['cjs.cjs'], project);
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.equal('function true\n');
      expect(result.stderr).to.equal('');
    });

    it("exposes package.json", () => {
      const script = "console.log(require('codesign-gym/package.json').version)";
      expect(succeed(process.execPath, ['--input-type=commonjs', '-e', script], project).trim()).to.equal(manifest.version);
    });
  });

  describe('its types (tsc --strict, as a user project sees them)', () => {
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    let readmeFiles: string[];
    let errors: string[];

    /**
     * One `tsc --strict` run (module nodenext, library checking on) over every file: the README's
     * TypeScript examples, the typed API examples and a CommonJS consumer. The errors kept are those
     * of these files and of the package's declarations; third-party declarations are the
     * dependencies' business.
     */
    before(() => {
      const folder = join(project, 'typescript');
      mkdirSync(folder);
      const readme = readFileSync(join(installed, 'README.md'), 'utf8');
      const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
      readmeFiles = blocks.map((_, index) => `readme-example-${index + 1}.ts`);
      blocks.forEach((block, index) => writeFileSync(join(folder, readmeFiles[index]!), block));
      const typedApi = readFileSync(join(REPO_ROOT, 'test', 'types', 'typed-api.ts'), 'utf8').replaceAll("'../../src/index.js'", "'codesign-gym'");
      writeFileSync(join(folder, 'typed-api.ts'), typedApi);
      const consumer = [
        "import { make } from 'codesign-gym';",
        "import gym = require('codesign-gym');",
        "const env = make('AcceleratorDesign-v0', { networks: ['resnet50'] });",
        'env.reset();',
        'const latencyCycles: number = env.step([0, 0, 0, 0]).info.metrics.latencyCycles;',
        'console.log(gym.listEnvs(), latencyCycles);',
        '',
      ].join('\n');
      writeFileSync(join(folder, 'consumer.cts'), consumer);
      const compilerOptions = {
        strict: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
      };
      const files = [...readmeFiles, 'typed-api.ts', 'consumer.cts'];
      writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }, null, 2));
      const result = run(process.execPath, [tsc, '-p', folder], folder, 300_000);
      errors = result.stdout
        .split(/\n(?=\S)/)
        .filter((error) => error.trim() !== '')
        .filter((error) => !/^(\.\.\/)?node_modules\//.test(error) || /^(\.\.\/)?node_modules\/codesign-gym\//.test(error));
      expect(typedApi).not.to.include('../');
    });

    it("finds no error in the package's own declarations", () => {
      expect(errors.filter((error) => error.includes('node_modules/codesign-gym/'))).to.deep.equal([]);
    });

    it('type-checks every TypeScript example of the README', () => {
      expect(readmeFiles.length).to.be.at.least(5);
      expect(errors.filter((error) => error.startsWith('readme-example-'))).to.deep.equal([]);
    });

    it('type-checks the typed API examples, whose mistakes fail to compile (an unused @ts-expect-error is an error)', () => {
      expect(errors.filter((error) => error.startsWith('typed-api.ts'))).to.deep.equal([]);
    });

    it('type-checks a CommonJS consumer', () => {
      expect(errors.filter((error) => error.startsWith('consumer.cts'))).to.deep.equal([]);
    });

    it('reports nothing else', () => {
      expect(errors.filter((error) => !/^(readme-example-|typed-api\.ts|consumer\.cts|(\.\.\/)?node_modules\/codesign-gym\/)/.test(error))).to.deep.equal([]);
    });
  });
});
