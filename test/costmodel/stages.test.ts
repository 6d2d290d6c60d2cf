import { expect } from 'chai';
import { analyzeLayer, buildLayerDims, LayerAnalyzer, spatialEdgeWidth } from '../../src/costmodel/clusters.js';
import { ceilDiv, Dim, dimName, tdiv, tmod } from '../../src/costmodel/dimensions.js';
import { Counter, planLayer } from '../../src/costmodel/engine.js';
import { CaseEnumerator, IterationStates, Position } from '../../src/costmodel/iterations.js';
import { accessEnergyNJ, areaPower } from '../../src/costmodel/metrics.js';
import { CaseView } from '../../src/costmodel/reuse.js';
import { TIMING_STRIDE, TimingField, timeLayer } from '../../src/costmodel/timing.js';
import { counterpart, DataClass, tensorTable, type TensorTable } from '../../src/costmodel/tensors.js';
import { loadGeneratedCases, loadHandCases, type ReferenceCase } from '../support/maestro-reference.js';
import { parseHardware } from '../../src/maestro/hardware-file.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';
import { DEFAULT_HARDWARE, type HardwareSpec, type LayerSpec } from '../../src/maestro/types.js';

/** Case 01 of the hand-made references (spec §7.1). */
const BASE_LAYER = parseMapping(`Network n { Layer L1 { Type: CONV Stride { X: 1, Y: 1 }
  Dimensions { K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10 }
  Dataflow { SpatialMap(1,1) K; TemporalMap(1,1) C; TemporalMap(Sz(R),Sz(R)) R; TemporalMap(Sz(S),Sz(S)) S;
             TemporalMap(Sz(R),1) Y; TemporalMap(Sz(S),1) X; } } }`).layers[0]!;
const BASE_HW: HardwareSpec = parseHardware('num_pes: 16\nnoc_bw_cstr: 64\noffchip_bw_cstr: 1000');

function directivesOf(layer: LayerSpec, hw: HardwareSpec, level = 0): string[] {
  const analysis = analyzeLayer(layer, hw, tensorTable(layer.type, false));
  return analysis.levels[level]!.directives.map((d) => `${d.spatial ? 'S' : 'T'}(${d.size},${d.ofs})${dimName(d.dim)}`);
}

/** What a test can compare of an analysis: every level's directives and tables, copied out. */
function snapshot(analysis: ReturnType<typeof analyzeLayer>): unknown {
  return JSON.parse(JSON.stringify({ ...analysis, levels: analysis.levels.map((level) => ({ ...level })), layerDims: { ...analysis.layerDims } }));
}

describe('costmodel stages', () => {
  describe('LayerAnalyzer', () => {
    /** The analysis, or the error message, of every layer of the reference cases. */
    function analyses(analyze: (layer: LayerSpec, hw: HardwareSpec) => ReturnType<typeof analyzeLayer>, order: (cases: ReferenceCase[]) => ReferenceCase[]): unknown[] {
      const results: unknown[] = [];
      for (const c of order([...loadHandCases(), ...loadGeneratedCases()])) {
        let network;
        try {
          network = parseMapping(c.mapping);
        } catch {
          continue;
        }
        const hw = parseHardware(c.hw);
        for (const layer of network.layers) {
          try {
            results.push(snapshot(analyze(layer, hw)));
          } catch (error) {
            results.push((error as Error).message);
          }
        }
      }
      return results;
    }

    it('reuses its storage layer after layer and gives what a fresh analysis gives, errors included', () => {
      const analyzer = new LayerAnalyzer();
      const table = (layer: LayerSpec): TensorTable => tensorTable(layer.type, layer.dimensions.N !== undefined && layer.type !== 'GEMM');
      const forward = (cases: ReferenceCase[]): ReferenceCase[] => cases;
      const backward = (cases: ReferenceCase[]): ReferenceCase[] => cases.reverse();
      for (const order of [forward, backward]) {
        const reused = analyses((layer, hw) => analyzer.analyze(layer, hw, table(layer)), order);
        expect(reused.length).to.be.greaterThan(1000);
        expect(reused).to.deep.equal(analyses((layer, hw) => analyzeLayer(layer, hw, table(layer)), order));
      }
      // More level structures than the analyzer keeps (1,024): directive orders of one layer, each with one SpatialMap.
      const dims = ['K', 'C', 'R', 'S', 'Y', 'X'] as const;
      const orders: (typeof dims)[number][][] = [[]];
      for (let k = 0; k < dims.length; k++) orders.splice(0, orders.length, ...orders.flatMap((order) => dims.filter((d) => !order.includes(d)).map((d) => [...order, d])));
      const layers = orders.slice(0, 1500).map((order, i) => {
        const spatial = order.filter((d) => d !== 'R' && d !== 'S')[i % 4];
        const lines = order.map((d) => {
          const size = d === 'R' || d === 'S' ? `Sz(${d})` : '1';
          return `${d === spatial ? 'SpatialMap' : 'TemporalMap'}(${size},${size}) ${d};`;
        });
        return parseMapping(`Network n { Layer L${i} { Type: CONV Dimensions { K: 4, C: 3, R: 3, S: 3, Y: 8, X: 8 } Dataflow { ${lines.join(' ')} } } }`).layers[0]!;
      });
      const conv = tensorTable('CONV', false);
      const outcome = (analyze: () => ReturnType<typeof analyzeLayer>): unknown => {
        try {
          return snapshot(analyze());
        } catch (error) {
          return (error as Error).message;
        }
      };
      const many = new LayerAnalyzer();
      const results = [...layers, ...layers].map((layer) => outcome(() => many.analyze(layer, BASE_HW, conv)));
      expect(results.filter((result) => typeof result === 'string')).to.deep.equal([]);
      expect(results).to.deep.equal([...layers, ...layers].map((layer) => outcome(() => analyzeLayer(layer, BASE_HW, conv))));
      const first = analyzer.analyze(BASE_LAYER, BASE_HW, tensorTable('CONV', false));
      expect(analyzer.analyze(BASE_LAYER, BASE_HW, tensorTable('CONV', false))).to.equal(first);
    });
  });

  describe('C++ integer arithmetic', () => {
    it('truncates toward zero and takes the sign of the dividend', () => {
      expect(tdiv(7, 2)).to.equal(3);
      expect(tdiv(-7, 2)).to.equal(-3);
      expect(tmod(-7, 2)).to.equal(-1);
      expect(tmod(7, -2)).to.equal(1);
    });
    it("computes MAESTRO's ceiling division", () => {
      expect(ceilDiv(153, 64)).to.equal(3);
      expect(ceilDiv(128, 64)).to.equal(2);
      expect(ceilDiv(0, 64)).to.equal(0);
      expect(ceilDiv(-3, 2)).to.equal(0);
    });
  });

  describe('tensor tables', () => {
    it('couples CONV input to C,Y,X, filter to K,C,R,S, output to K,Y,X; input variables sorted', () => {
      const t = tensorTable('CONV', false);
      expect(t.coupled.map((dims) => dims.map(dimName))).to.deep.equal([['C', 'Y', 'X'], ['K', 'C', 'R', 'S'], ['K', 'Y', 'X']]);
      expect(t.inputVariables.map(dimName)).to.deep.equal(['C', 'K', 'R', 'S', 'X', 'Y']);
      expect(t.hasOverlap).to.equal(true);
    });
    it('has no K among the input variables of DSCONV, and batch N when asked', () => {
      expect(tensorTable('DSCONV', false).inputVariables.map(dimName)).to.deep.equal(['C', 'R', 'S', 'X', 'Y']);
      expect(tensorTable('DSCONV', true).coupled[0].map(dimName)).to.deep.equal(['N', 'C', 'Y', 'X']);
    });
    it('gives GEMM M,K x K,N = M,N without overlap, and NGCONV groups on every tensor', () => {
      const gemm = tensorTable('GEMM', false);
      expect(gemm.coupled.map((dims) => dims.map(dimName))).to.deep.equal([['M', 'K'], ['K', 'N'], ['M', 'N']]);
      expect(gemm.hasOverlap).to.equal(false);
      expect(tensorTable('NGCONV', false).coupled[2].map(dimName)).to.deep.equal(['G', 'K', 'C', 'Y', 'X']);
      expect(tensorTable('TRCONV', false)).to.equal(tensorTable('CONV', false));
    });
    it('pairs Y with R and X with S', () => {
      expect(counterpart(Dim.Y)).to.equal(Dim.R);
      expect(counterpart(Dim.S)).to.equal(Dim.X);
      expect(counterpart(Dim.K)).to.equal(-1);
    });
  });

  describe('dimension table', () => {
    it("derives Y' = Y - R + 1 ignoring stride, and Y from an output-centric Y'", () => {
      const dims = buildLayerDims({ ...BASE_LAYER, strides: { X: 2, Y: 2 } });
      expect(dims.get(Dim.YOut)).to.equal(8);
      expect(dims.stride[Dim.YOut]).to.equal(2);
      const outputCentric = buildLayerDims({ name: 'o', type: 'CONV', dimensions: { K: 1, C: 1, R: 3, S: 3, "Y'": 8, "X'": 8 } });
      expect(outputCentric.get(Dim.Y)).to.equal(10);
    });
  });

  describe('cluster levels and directive completion', () => {
    it('completes the worked example: one level of 16 PEs, directives in file order', () => {
      const analysis = analyzeLayer(BASE_LAYER, BASE_HW, tensorTable('CONV', false));
      expect(analysis.levels).to.have.length(1);
      expect(analysis.levels[0]!.width).to.equal(16);
      expect(directivesOf(BASE_LAYER, BASE_HW)).to.deep.equal(['S(1,1)K', 'T(1,1)C', 'T(3,3)R', 'T(3,3)S', 'T(3,1)Y', 'T(3,1)X']);
    });

    it('fills the tile tables (M, U, and R/S fully unrolled to U = 0)', () => {
      const level = analyzeLayer(BASE_LAYER, BASE_HW, tensorTable('CONV', false)).levels[0]!;
      expect([Dim.K, Dim.C, Dim.R, Dim.S, Dim.Y, Dim.X, Dim.YOut, Dim.XOut].map((d) => level.mapped[d])).to.deep.equal([1, 1, 3, 3, 3, 3, 1, 1]);
      expect([Dim.K, Dim.C, Dim.R, Dim.S, Dim.Y, Dim.X, Dim.YOut, Dim.XOut].map((d) => level.unique[d])).to.deep.equal([1, 1, 0, 0, 1, 1, 1, 1]);
    });

    it('splits at Cluster: top width num_pes / product, lower width the Cluster size', () => {
      const layer = parseMapping(`Network n { Layer L { Type: CONV Dimensions { K: 64, C: 128, R: 3, S: 3, Y: 16, X: 16 }
        Dataflow { SpatialMap(1,1) K; TemporalMap(64,64) C; Cluster(64, P); SpatialMap(1,1) C; } } }`).layers[0]!;
      const analysis = analyzeLayer(layer, { ...DEFAULT_HARDWARE, numPes: 256 }, tensorTable('CONV', false));
      expect(analysis.levels.map((l) => l.width)).to.deep.equal([4, 64]);
      // The lower level inherits missing directives from the top, prepended in reverse order, and
      // its dimension table is the top's tiles clamped to the layer.
      expect(directivesOf(layer, { ...DEFAULT_HARDWARE, numPes: 256 }, 1)).to.deep.equal([
        'T(16,16)Y', 'T(16,16)X', 'T(3,3)S', 'T(3,3)R', 'T(1,1)K', 'S(1,1)C',
      ]);
      expect(analysis.levels[1]!.dims.get(Dim.C)).to.equal(64);
      expect(analysis.levels[1]!.dims.get(Dim.Y)).to.equal(16);
      expect(analysis.levels[1]!.dims.has(Dim.YOut)).to.equal(false);
    });

    it('unrolls input dimensions without a directive (appended in sorted order)', () => {
      const layer = { ...BASE_LAYER, dataflow: [{ kind: 'SpatialMap' as const, size: 1, offset: 1, dim: 'K' as const }] };
      expect(directivesOf(layer, BASE_HW)).to.deep.equal(['S(1,1)K', 'T(8,8)C', 'T(3,3)R', 'T(3,3)S', 'T(10,10)X', 'T(10,10)Y']);
    });

    it("rewrites Y/X tiles for the outer stride, discarding the user's offset", () => {
      const strided = (ySize: number, yOfs: number, r: number): string =>
        directivesOf(
          {
            name: 's',
            type: 'CONV',
            strides: { X: 1, Y: 2 },
            dimensions: { K: 4, C: 1, R: r, S: 1, Y: 20, X: 4 },
            dataflow: [
              { kind: 'SpatialMap', size: 1, offset: 1, dim: 'K' },
              { kind: 'TemporalMap', size: ySize, offset: yOfs, dim: 'Y' },
            ],
          },
          BASE_HW,
        )[1]!;
      expect(strided(3, 1, 3)).to.equal('T(3,2)Y');
      expect(strided(5, 4, 3)).to.equal('T(5,4)Y');
      expect(strided(7, 1, 7)).to.equal('T(7,2)Y');
      expect(strided(2, 1, 3)).to.equal('T(2,1)Y');
    });

    it("turns a Y' directive into Y with the R tile added (Y' (1,1) is Y (Sz(R),1))", () => {
      const layer = parseMapping(`Network n { Layer L { Type: CONV Dimensions { K: 4, C: 2, R: 3, S: 3, Y: 10, X: 10 }
        Dataflow { SpatialMap(1,1) K; TemporalMap(Sz(R),Sz(R)) R; TemporalMap(Sz(S),Sz(S)) S; TemporalMap(1,1) Y'; TemporalMap(1,1) X'; } } }`).layers[0]!;
      expect(directivesOf(layer, BASE_HW).slice(3)).to.deep.equal(['T(3,1)Y', 'T(3,1)X', 'T(2,2)C']);
    });

    it('computes the active sub-clusters at the spatial edge', () => {
      expect(spatialEdgeWidth(20, 1, 1, 16)).to.equal(4);
      expect(spatialEdgeWidth(16, 1, 1, 32)).to.equal(16);
      expect(spatialEdgeWidth(16, 1, 1, 16)).to.equal(16);
      expect(spatialEdgeWidth(3, 4, 1, 8)).to.equal(1);
    });
  });

  describe('iteration states and cases', () => {
    it('enumerates the worked example: 8 cases with occurrences 1, 343, 49, 49, 7, 49, 7, 7', () => {
      const level = analyzeLayer(BASE_LAYER, BASE_HW, tensorTable('CONV', false)).levels[0]!;
      const states = new IterationStates(level.directives.length);
      states.compute(level, buildLayerDims(BASE_LAYER).size);
      expect([...states.count]).to.deep.equal([1, 2, 1, 1, 2, 2]);
      expect(states.totalCases).to.equal(8);
      const cases = new CaseEnumerator(level.directives.length);
      const view = new CaseView(level, tensorTable('CONV', false), 'L1');
      cases.reset(states);
      const seen: string[] = [];
      const occurrences: number[] = [];
      while (cases.next()) {
        view.load(states, cases.choice);
        seen.push([1, 4, 5].map((i) => (view.position[i] === Position.Init ? 'I' : 'S')).join(''));
        occurrences.push(view.occurrences);
      }
      expect(seen).to.deep.equal(['III', 'SSS', 'SSI', 'SIS', 'SII', 'ISS', 'ISI', 'IIS']);
      expect(occurrences).to.deep.equal([1, 343, 49, 49, 7, 49, 7, 7]);
    });

    it('counts over the directives with more than one state, and a case loaded incrementally equals one loaded in full', () => {
      const level = analyzeLayer(BASE_LAYER, BASE_HW, tensorTable('CONV', false)).levels[0]!;
      const states = new IterationStates(level.directives.length);
      states.compute(level, buildLayerDims(BASE_LAYER).size);
      const cases = new CaseEnumerator(level.directives.length);
      cases.reset(states);
      expect(cases.varying.slice(0, cases.varyingCount)).to.deep.equal([1, 4, 5]);
      const incremental = new CaseView(level, tensorTable('CONV', false), 'L1');
      const full = new CaseView(level, tensorTable('CONV', false), 'L1');
      const snapshot = (view: CaseView) => [[...view.position], [...view.isEdge], [...view.spatialEdgeEdge], view.occurrences, view.allInit, view.ingress(DataClass.Input), view.egress()];
      let count = 0;
      while (cases.next()) {
        incremental.loadCase(states, cases);
        full.load(states, cases.choice);
        expect(snapshot(incremental)).to.deep.equal(snapshot(full));
        count++;
      }
      expect(count).to.equal(8);
    });

    it('gives a non-divisible temporal dimension an Edge state (C = 8 in tiles of 3)', () => {
      const layer = { ...BASE_LAYER, dataflow: [{ kind: 'SpatialMap' as const, size: 1, offset: 1, dim: 'K' as const }, { kind: 'TemporalMap' as const, size: 3, offset: 3, dim: 'C' as const }] };
      const level = analyzeLayer(layer, BASE_HW, tensorTable('CONV', false)).levels[0]!;
      const states = new IterationStates(level.directives.length);
      states.compute(level, buildLayerDims(layer).size);
      expect(states.count[1]).to.equal(3);
      expect([states.position[3], states.position[4], states.position[5]]).to.deep.equal([Position.Init, Position.Steady, Position.Edge]);
      expect(level.edgeMapped[Dim.C]).to.equal(2);
    });
  });

  describe('per-case volumes (worked example)', () => {
    it('computes ingress, egress, partial sums and MACs of the all-Init and a steady case', () => {
      const level = analyzeLayer(BASE_LAYER, BASE_HW, tensorTable('CONV', false)).levels[0]!;
      const states = new IterationStates(level.directives.length);
      states.compute(level, buildLayerDims(BASE_LAYER).size);
      const cases = new CaseEnumerator(level.directives.length);
      const view = new CaseView(level, tensorTable('CONV', false), 'L1');
      cases.reset(states);
      const results: number[][] = [];
      while (cases.next()) {
        view.load(states, cases.choice);
        results.push([view.ingress(DataClass.Input), view.ingress(DataClass.Filter), view.egress(), view.partialSums(), view.macs()]);
      }
      expect(results[0]).to.deep.equal([9, 144, 16, 9, 144]);
      expect(results[1]).to.deep.equal([3, 0, 16, 9, 144]);
      expect(results[4]).to.deep.equal([9, 144, 16, 9, 144]);
      expect(view.mappedVolume(DataClass.Output)).to.equal(9);
    });

    it('runs the case loop to runtime 4611, 73728 MACs and the spec totals', () => {
      const analysis = analyzeLayer(BASE_LAYER, BASE_HW, tensorTable('CONV', false));
      const plan = planLayer(analysis, BASE_HW);
      expect(plan.macs).to.equal(73728);
      expect([plan.counters[Counter.L2Reads + DataClass.Input], plan.counters[Counter.L2Reads + DataClass.Filter]]).to.deep.equal([1920, 1152]);
      expect(plan.counters[Counter.L2Writes + DataClass.Output]).to.equal(8192);
      expect([plan.l2SizeInput, plan.l2SizeFilter, plan.l2SizeOutput]).to.deep.equal([18, 288, 32]);
      const timing = new Float64Array(TIMING_STRIDE);
      timeLayer(plan, BASE_HW, timing, 0);
      expect(timing[TimingField.RuntimeCycles]).to.equal(4611);
      expect(timing[TimingField.PeakBandwidth]).to.equal(17);
      expect(timing[TimingField.OffchipBandwidthReq]).to.equal(17);
    });

    it('times one plan on any bandwidth as a fresh analysis does', () => {
      const analysis = analyzeLayer(BASE_LAYER, BASE_HW, tensorTable('CONV', false));
      const plan = planLayer(analysis, BASE_HW);
      for (const noc of [1, 7, 64, 1000]) {
        for (const offchip of [1, 50, 1000]) {
          const hw = { ...BASE_HW, nocBandwidthElemsPerCycle: noc, offchipBandwidthElemsPerCycle: offchip };
          const timing = new Float64Array(TIMING_STRIDE);
          timeLayer(plan, hw, timing, 0);
          const fresh = new Float64Array(TIMING_STRIDE);
          timeLayer(planLayer(analyzeLayer(BASE_LAYER, hw, tensorTable('CONV', false)), hw), hw, fresh, 0);
          expect([...timing]).to.deep.equal([...fresh]);
        }
      }
    });
  });

  describe('energy, area and power', () => {
    it('gives the worked example 171.709 nJ, 1.87762e6 um^2 and 37.5342 mW', () => {
      expect(accessEnergyNJ(13216, 297984)).to.be.closeTo(171.709, 1e-3);
      const power = areaPower(BASE_HW, 54, 338);
      expect(power.areaUm2).to.be.closeTo(1.87762e6, 10);
      expect(power.powerMW).to.be.closeTo(37.5342, 1e-4);
      expect(power.nocPowerMW).to.be.closeTo(13.8305, 1e-4);
    });
    it('scales MAC area and power with the vector width', () => {
      const one = areaPower(BASE_HW, 54, 338);
      const four = areaPower({ ...BASE_HW, simdLanes: 4 }, 54, 338);
      expect(four.pePowerMW).to.be.closeTo(one.pePowerMW * 4, 1e-9);
      expect(four.areaUm2 - one.areaUm2).to.be.closeTo(16 * 283 * 3, 1e-6);
    });
  });
});
