import { expect } from 'chai';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchParts, DEFAULT_BENCH_PARTS } from '../../experiments/bench.js';
import { benchCores, formatCoresBench } from '../../experiments/bench-cores.js';
import { benchEnvs, formatEnvBench } from '../../experiments/bench-envs.js';
import { loadExampleNetworks } from '../../experiments/example-networks.js';
import { findMaestro, MaestroRunner } from '../../experiments/maestro-binary.js';
import { cli } from '../support/cli.js';

describe('cli: codesign-gym bench', function () {
  this.timeout(300_000);

  it('measures the cost model on the 35 example networks it ships; without MAESTRO it says so', () => {
    const run = cli(['bench', '--only', 'costmodel', '--json'], { env: { MAESTRO_BIN: '' } });
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as { maestro: null; costmodel: { source: string; layers: number; networks: number; figures: { name: string; microsPerLayer: number }[]; uncachedSpeedup: null } };
    expect(report.maestro).to.equal(null);
    expect([report.costmodel.networks, report.costmodel.layers]).to.deep.equal([35, 1631]);
    expect(report.costmodel.figures.map((f) => f.name)).to.deep.equal([
      'uncached (a fresh analysis of every layer)',
      'cached, per-layer rows',
      'cached, totals only',
      'cached frozen specs, per-layer rows',
      'cached frozen specs, totals only',
    ]);
    for (const figure of report.costmodel.figures) expect(figure.microsPerLayer).to.be.greaterThan(0);
    expect(report.costmodel.uncachedSpeedup).to.equal(null);
    const text = cli(['bench', '--only', 'costmodel'], { env: { MAESTRO_BIN: '' } });
    expect(text.stdout).to.match(/^Cost model per layer on MAESTRO's example networks \(35 networks, 1631 layers\)/);
    expect(text.stdout).to.include('MAESTRO not timed (give its binary with --maestro PATH or $MAESTRO_BIN): our figures alone.');
  });

  it('times a MAESTRO binary as a black box: one process per network, the CSV deleted before each run', () => {
    // A stand-in for MAESTRO that appends to the CSV, as MAESTRO does, and fails if the CSV is there already.
    const dir = mkdtempSync(join(tmpdir(), 'cg-fake-maestro-'));
    const fake = join(dir, 'maestro');
    writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do case "$a" in --Mapping_file=*) m="${a#--Mapping_file=}";; esac; done\ncsv="${m%.m}.csv"\n[ -e "$csv" ] && exit 3\necho header > "$csv"\n');
    chmodSync(fake, 0o755);
    expect(findMaestro(fake)).to.equal(fake);
    expect(findMaestro(undefined, { MAESTRO_BIN: fake })).to.equal(fake);
    expect(findMaestro(undefined, {})).to.equal(undefined);
    expect(() => findMaestro(join(dir, 'missing'))).to.throw(/does not exist or is not executable/);
    const example = loadExampleNetworks()[0]!;
    const runner = new MaestroRunner(fake, [{ name: example.id, hw: example.hw, mapping: example.mapping }]);
    try {
      expect(runner.run(0)).to.be.greaterThan(0);
      expect(runner.run(0)).to.be.greaterThan(0);
    } finally {
      runner.close();
    }
    const run = cli(['bench', '--only', 'costmodel', '--maestro', fake, '--json']);
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as { maestro: string; costmodel: { uncachedSpeedup: number; figures: { name: string }[] } };
    expect(report.maestro).to.equal(fake);
    expect(report.costmodel.uncachedSpeedup).to.be.greaterThan(0);
    expect(report.costmodel.figures.at(-1)!.name).to.equal('MAESTRO (one process per network, start included)');
  });

  it('names its parts and rejects an unknown part or binary with a one-line reason', () => {
    expect(benchParts(undefined)).to.deep.equal([...DEFAULT_BENCH_PARTS]);
    expect(benchParts('memory,cores')).to.deep.equal(['memory', 'cores']);
    const run = cli(['bench', '--only', 'gpu']);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.equal('codesign-gym: unknown bench part "gpu"; expected some of costmodel, envs, cli, memory, cores, agents\n');
    const missing = cli(['bench', '--only', 'costmodel', '--maestro', '/nonexistent/maestro']);
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.equal('codesign-gym: the MAESTRO binary /nonexistent/maestro does not exist or is not executable\n');
  });

  it('times new and revisited designs of the environments in rounds, and MAESTRO on networks of the same designs', () => {
    const alone = benchEnvs({ designs: 40, rounds: 2, revisits: 100 });
    expect(alone.rounds).to.equal(2);
    expect(alone.figures.map((f) => f.steps)).to.deep.equal([40, 100, 1728, 100]);
    for (const figure of alone.figures) {
      expect(figure.stepsPerSecond).to.be.closeTo(1000 / figure.millisPerStep, 1e-6);
      expect(figure.cpuMillisPerStep).to.be.greaterThan(0);
    }
    expect(alone.maestro).to.deep.equal([]);
    expect(formatEnvBench(alone)).to.include('best of 2 rounds').and.to.include('MAESTRO not timed');
    const dir = mkdtempSync(join(tmpdir(), 'cg-fake-maestro-'));
    const fake = join(dir, 'maestro');
    writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do case "$a" in --Mapping_file=*) m="${a#--Mapping_file=}";; esac; done\necho header > "${m%.m}.csv"\n');
    chmodSync(fake, 0o755);
    const side = benchEnvs({ maestro: fake, designs: 40, maestroNetworks: 2, rounds: 2, revisits: 100 });
    expect(side.maestro.map((c) => [c.networks, c.layersPerNetwork > 0, c.speedup > 0])).to.deep.equal([
      [2, true, true],
      [1, true, true],
    ]);
    expect(side.maestro[1]!.layersPerNetwork).to.equal(54);
    expect(formatEnvBench(side)).to.match(/layers\/network/);
  });

  it('measures designs per second and CPU time per design on one thread and on every core', async () => {
    const report = await benchCores({ rounds: 20, sweepArchitectures: 1 });
    expect(report.figures.map((f) => f.threads)).to.deep.equal([1, report.cores, 1, report.cores]);
    for (const figure of report.figures) {
      expect(figure.designsPerSecond).to.be.greaterThan(0);
      expect(figure.cpuMicrosPerDesign).to.be.greaterThan(0);
      expect(figure.perThread).to.be.closeTo(figure.designsPerSecond / figure.threads, 1e-9);
    }
    expect(report.figures[2]!.designs).to.equal(1728);
    expect(report.loadAverage).to.be.at.least(0);
    expect(formatCoresBench(report)).to.match(/CPU us\/design\n/).and.to.match(/Load average \d+\.\d on \d+ cores/);
  });

  it('ships the 35 example networks it times', () => {
    const networks = loadExampleNetworks();
    expect(networks).to.have.length(35);
    expect(networks.reduce((n, c) => n + (c.mapping.match(/\bLayer\b/g)?.length ?? 0), 0)).to.equal(1631);
    expect(new Set(networks.map((c) => c.file)).size).to.equal(19);
  });
});
