import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportMapping } from '../../src/cli/commands/export.js';
import { UsageError } from '../../src/cli/io.js';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { parseHardware } from '../../src/maestro/hardware-file.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';
import { dartsStudyArchitectures } from '../../src/data/index.js';
import { REPO_ROOT } from '../support/fixtures.js';

const main = join(REPO_ROOT, 'dist', 'src', 'cli', 'bin.cjs');
const study = dartsStudyArchitectures();
const example = JSON.stringify({ normal: study[0]!.normal, reduce: study[0]!.reduce });

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, 'export', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli/export', function () {
  // Each check spawns the CLI (about a second each on a quiet machine).
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'codesign-gym-export-'));
  const hwFile = join(dir, 'acc-a.m');
  writeFileSync(hwFile, 'num_pes: 256\nl1_size_cstr: 100\nl2_size_cstr: 3000\nnoc_bw_cstr: 1000\noffchip_bw_cstr: 300\n');

  it("prints the darts codesign-study mapping that gives the study's result", () => {
    const result = run('--space', 'darts', '--preset', 'codesign-study', '--arch', example, '--dataflow', 'kcp_ws', '--hw', hwFile);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.equal('');
    const network = parseMapping(result.stdout);
    expect(network.name).to.equal('nasbench.darts.model');
    expect(network.layers.length).to.equal(147);
    const cost = new CostModel().evaluateNetwork(network, parseHardware(readFileSync(hwFile, 'utf8')));
    expect(cost.runtimeCycles).to.equal(801136);
  });

  it('prints a zoo network, adapting the dataflow to the hardware and saying so on stderr', () => {
    const small = join(dir, 'small.m');
    writeFileSync(small, 'num_pes: 32\n');
    const result = run('--network', 'resnet50', '--dataflow', 'kcp_ws', '--hw', small);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.include('Cluster(32,P);');
    expect(result.stdout).to.not.include('Cluster(64,P);');
    expect(result.stderr).to.match(/^codesign-gym: note: 54 of 54 layers \(conv1, layer1\.0\.conv1, layer1\.0\.conv2, \.\.\.\): Cluster\(64\) -> Cluster\(32\)/);
    const plain = run('--network', 'resnet50', '--dataflow', 'kcp_ws');
    expect(plain.stdout).to.include('Cluster(64,P);');
  });

  it('accepts a key string, an @file and a convention', () => {
    const arch = '|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
    const byKey = run('--space', 'nasbench201', '--arch', arch, '--dataflow', 'rs');
    expect(byKey.status, byKey.stderr).to.equal(0);
    expect(parseMapping(byKey.stdout).layers[0]!.dimensions).to.deep.equal({ K: 16, C: 3, R: 3, S: 3, Y: 34, X: 34 });
    const file = join(dir, 'arch.json');
    writeFileSync(file, JSON.stringify({ ops: ['nor_conv_3x3', 'nor_conv_3x3', 'none', 'skip_connect', 'nor_conv_3x3', 'nor_conv_3x3'] }));
    const byFile = run('--space', 'nasbench201', '--arch', `@${file}`, '--dataflow', 'rs', '--convention', 'frontend');
    expect(byFile.status, byFile.stderr).to.equal(0);
    expect(parseMapping(byFile.stdout).layers[0]!.dimensions).to.deep.equal({ K: 16, C: 3, R: 3, S: 3, Y: 32, X: 32 });
  });

  it('exits 1 with a one-line reason on bad input', () => {
    const cases: [string[], RegExp][] = [
      [['--network', 'alexnet', '--dataflow', 'rs'], /Expects a zoo network name among .*actual: "alexnet"/],
      [['--network', 'resnet50', '--dataflow', 'zigzag'], /--dataflow expects one of kcp_ws, ykp_os, xp_ws, rs, dpt, actual: "zigzag"/],
      [['--network', 'resnet50'], /Missing required argument: dataflow/],
      [['--dataflow', 'rs'], /export needs --network NAME, or --space S with --arch JSON/],
      [['--network', 'resnet50', '--space', 'darts', '--arch', '{}', '--dataflow', 'rs'], /use either --network or --space with --arch, not both/],
      [['--space', 'darts', '--arch', '{"normal": [', '--dataflow', 'rs'], /--arch is not valid JSON/],
      [['--space', 'darts', '--arch', '{}', '--dataflow', 'rs'], /darts architecture\.normal: Expects the normal cell as an array of 8 edges/],
      [['--space', 'darts', '--preset', 'tiny', '--arch', example, '--dataflow', 'rs'], /darts space: Expects a preset among standard, codesign-study, actual: "tiny"/],
      [['--space', 'nas101', '--arch', '{}', '--dataflow', 'rs'], /Expects a space name among darts, nasbench201, alphanet, actual: "nas101"/],
      [['--network', 'resnet50', '--dataflow', 'rs', '--hw', join(dir, 'missing.m')], /cannot read hardware file .*missing\.m: no such file/],
      [['--network', 'resnet50', '--dataflow', 'rs', '--convention', 'padded'], /--convention expects one of frontend, exact, actual: "padded"/],
      [['--network', 'resnet50', '--preset', 'standard', '--dataflow', 'rs'], /--preset needs --space/],
    ];
    for (const [args, message] of cases) {
      const result = run(...args);
      expect(result.status, args.join(' ')).to.equal(1);
      expect(result.stdout).to.equal('');
      expect(result.stderr.trim().split('\n'), args.join(' ')).to.have.length(1);
      expect(result.stderr).to.match(/^codesign-gym: /);
      expect(result.stderr).to.match(message);
    }
  });

  it('exportMapping throws a UsageError in-process', () => {
    expect(() => exportMapping({ network: 'resnet50', dataflow: 'nope' })).to.throw(UsageError, /--dataflow expects/);
    expect(exportMapping({ network: 'squeezenet', dataflow: 'xp_ws' }).mapping).to.match(/^Network squeezenet \{/);
  });
});
