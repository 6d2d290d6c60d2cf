/**
 * The proof behind SHORTCUT_PROOF: on every network the best-over-grid shortcut may be applied to
 * (the zoo; every NAS-Bench-201 cell; the study's 1,018 DARTS architectures; all 9,999 published
 * AlphaNet samples; each under every covered preset), one accelerator per PE count and dataflow at
 * the largest bandwidths finds the best latency, energy and EDP of the whole grid, with any L1/L2.
 */
import { expect } from 'chai';
import {
  allAccelerators,
  bestDesignCandidates,
  completeGrid,
  GridFold,
  hardwareSpec,
  SHORTCUT_PROOF,
  shortcutProof,
  type BudgetMetric,
  type HardwareDesign,
} from '../../envs/index.js';
import { LayerShapes, type ShapeCosts, type ShapeNetworkMetrics } from '../../src/analysis/index.js';
import { publishedAccuracy } from '../../src/accuracy/index.js';
import { CostModel } from '../../src/costmodel/index.js';
import type { HardwareSpec } from '../../src/maestro/types.js';
import { createSpace, ZOO_NAMES, zooNetwork, type ArchitectureSpace, type Network } from '../../src/workloads/index.js';

/** The proof's grid. L1 and L2 sizes are never read (see `withoutBufferSizes`), so any values give the same results. */
const GRID = completeGrid({ ...SHORTCUT_PROOF.grid, dataflows: [...SHORTCUT_PROOF.grid.dataflows], l1SizeElements: [64, 100, 512], l2SizeElements: [1024, 3000, 65536] });

/** A hardware description whose L1/L2 sizes cannot be read: whatever the cost model computes, it computes without them. */
function withoutBufferSizes(design: HardwareDesign): HardwareSpec {
  const spec = hardwareSpec(design);
  for (const field of ['l1SizeElements', 'l2SizeElements'] as const) {
    Object.defineProperty(spec, field, {
      enumerable: true,
      get: () => {
        throw new Error(`the cost model read ${field}`);
      },
    });
  }
  return spec;
}

interface ProvenSet {
  name: string;
  scope: Parameters<typeof shortcutProof>[0];
  networks: () => Network[];
}

function spaceSets(): ProvenSet[] {
  const sets: ProvenSet[] = [{ name: 'the zoo', scope: { zoo: [...ZOO_NAMES] }, networks: () => ZOO_NAMES.map((name) => zooNetwork(name)) }];
  for (const entry of SHORTCUT_PROOF.sets) {
    if (entry.space === 'zoo') continue;
    for (const preset of entry.presets) {
      const space = createSpace(entry.space, preset) as ArchitectureSpace<unknown>;
      const keys: readonly string[] =
        entry.space === 'nasbench201'
          ? [...space.enumerate!()].map((arch) => space.key(arch))
          : entry.space === 'darts'
            ? publishedAccuracy('darts').keys
            : publishedAccuracy('alphanet', { set: 'all' }).keys;
      sets.push({
        name: `${entry.space} (${preset}), ${keys.length} architectures`,
        scope: { space: entry.space, preset, keys },
        networks: () => keys.map((key) => space.toNetwork(space.fromKey(key))),
      });
    }
  }
  return sets;
}

describe('envs/grid-search: the shortcut is exact on every network it is applied to', function () {
  this.timeout(600_000);

  for (const set of spaceSets()) {
    it(`${set.name}: per layer shape, runtime never grows with either bandwidth, energy and feasibility never change; the shortcut finds every network's best`, () => {
      expect(shortcutProof(set.scope, GRID)).to.deep.equal({ proven: true });
      const shapes = LayerShapes.of(set.networks());
      // 1. Per shape and pair, for each PE count and dataflow, over the bandwidths (L1/L2 never read).
      const model = new CostModel();
      const noc = [...GRID.nocBandwidthElemsPerCycle].sort((a, b) => a - b);
      const offchip = [...GRID.offchipBandwidthElemsPerCycle].sort((a, b) => a - b);
      const fold = { exhaustive: new GridFold(shapes.networkCount), shortcut: new GridFold(shapes.networkCount) };
      const studyDesign = (numPes: number, dataflow: HardwareDesign['dataflow'], n: number, o: number): HardwareDesign => ({ numPes, l1SizeElements: 100, l2SizeElements: 3000, nocBandwidthElemsPerCycle: n, offchipBandwidthElemsPerCycle: o, dataflow });
      let metrics: ShapeNetworkMetrics | undefined;
      for (const numPes of GRID.numPes) {
        for (const dataflow of GRID.dataflows) {
          const costs: ShapeCosts[][] = noc.map((n) => offchip.map((o) => shapes.evaluate({ hardware: withoutBufferSizes(studyDesign(numPes, dataflow, n, o)), dataflow }, model)));
          const base = costs[0]![0]!;
          const where = `${numPes} PEs, ${dataflow}`;
          costs.forEach((row, i) =>
            row.forEach((c, j) => {
              expect(Array.from(c.feasible), where).to.deep.equal(Array.from(base.feasible));
              expect(Array.from(c.pairEnergyNJ), where).to.deep.equal(Array.from(base.pairEnergyNJ));
              expect(Array.from(c.l1SizeReqElements), where).to.deep.equal(Array.from(base.l1SizeReqElements));
              expect(Array.from(c.l2SizeReqElements), where).to.deep.equal(Array.from(base.l2SizeReqElements));
              for (let s = 0; s < shapes.shapeCount; s++) {
                if (c.feasible[s] === 0) continue;
                if (i > 0 && !(c.runtimeCycles[s]! <= costs[i - 1]![j]!.runtimeCycles[s]!)) expect.fail(`${where}, shape ${s}: runtime grows from NoC ${noc[i - 1]} to ${noc[i]}`);
                if (j > 0 && !(c.runtimeCycles[s]! <= row[j - 1]!.runtimeCycles[s]!)) expect.fail(`${where}, shape ${s}: runtime grows from off-chip ${offchip[j - 1]} to ${offchip[j]}`);
              }
              // 2. Every network's totals on this accelerator, into the exhaustive search and (at the largest bandwidths) the shortcut.
              const design = studyDesign(numPes, dataflow, noc[i]!, offchip[j]!);
              metrics = shapes.networkMetrics(c, metrics);
              fold.exhaustive.add(0, design, metrics);
              if (i === noc.length - 1 && j === offchip.length - 1) fold.shortcut.add(0, design, metrics);
            }),
          );
        }
      }
      const exhaustive = fold.exhaustive.result();
      const shortcut = fold.shortcut.result();
      expect(exhaustive.added).to.equal(allAccelerators(completeGrid({ ...GRID, l1SizeElements: [100], l2SizeElements: [3000] })).length);
      expect(shortcut.added).to.equal(bestDesignCandidates(GRID).length);
      for (const metric of ['latency', 'energy', 'edp'] as BudgetMetric[]) {
        const a = exhaustive.best[metric].value;
        const b = shortcut.best[metric].value;
        for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) expect.fail(`network ${k}: best ${metric} ${a[k]} over the grid, ${b[k]} by the shortcut`);
      }
    });
  }
});
