import { expect } from 'chai';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { applyDataflow, DATAFLOW_NAMES, DATAFLOW_TEMPLATES, isDataflowName } from '../../src/dataflows/index.js';
import { MaestroError } from '../../src/maestro/errors.js';
import { parseHardware } from '../../src/maestro/hardware-file.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';
import { DEFAULT_HARDWARE, isLayerFrozen, type Directive, type LayerSpec } from '../../src/maestro/types.js';
import { loadGeneratedCases } from '../support/maestro-reference.js';

const signature = (directives: readonly Directive[]): string =>
  JSON.stringify(directives.map((d) => (d.kind === 'Cluster' ? ['Cluster', d.size] : [d.kind, d.size, d.offset, d.dim])));

const CONV: LayerSpec = { name: 'conv', type: 'CONV', dimensions: { K: 64, C: 32, R: 3, S: 3, Y: 16, X: 16 }, strides: { X: 1, Y: 1 } };

describe('dataflows', () => {
  it('has the five named templates', () => {
    expect([...DATAFLOW_NAMES]).to.deep.equal(['kcp_ws', 'ykp_os', 'xp_ws', 'rs', 'dpt']);
    expect(isDataflowName('rs')).to.equal(true);
    expect(isDataflowName('os')).to.equal(false);
    for (const name of DATAFLOW_NAMES) expect(DATAFLOW_TEMPLATES[name].description.length).to.be.greaterThan(10);
  });

  it('reproduces the directives of every realistic reference case MAESTRO could run', () => {
    let layers = 0;
    const used = new Set<string>();
    for (const c of loadGeneratedCases().filter((x) => x.kind === 'realistic' && x.status === 'ok')) {
      const hw = parseHardware(c.hw);
      for (const layer of parseMapping(c.mapping).layers) {
        const wanted = signature(layer.dataflow!);
        const match = DATAFLOW_NAMES.find((name) => signature(applyDataflow(layer, name, hw, { depthwiseAsDpt: false }).layer.dataflow!) === wanted);
        expect(match, `${c.id} ${layer.name}`).to.not.equal(undefined);
        used.add(match!);
        layers++;
      }
    }
    expect(layers).to.be.greaterThan(600);
    expect([...used].sort()).to.deep.equal(['dpt', 'kcp_ws', 'rs', 'xp_ws', 'ykp_os']);
  });

  it("keeps Sz() as text so the mapping file reads like MAESTRO's", () => {
    const { layer } = applyDataflow(CONV, 'xp_ws', DEFAULT_HARDWARE);
    expect(layer.dataflow![2]).to.include({ kind: 'TemporalMap', size: 3, offset: 1, dim: 'Y', sizeText: 'Sz(R)' });
  });

  it('returns a frozen layer and leaves the input untouched', () => {
    const input = { ...CONV };
    const { layer } = applyDataflow(input, 'rs', { numPes: 256 });
    expect(isLayerFrozen(layer)).to.equal(true);
    expect(input.dataflow).to.equal(undefined);
  });

  it('maps depthwise layers with dpt unless told otherwise', () => {
    const dw: LayerSpec = { name: 'dw', type: 'DSCONV', dimensions: { K: 1, C: 32, R: 3, S: 3, Y: 16, X: 16 } };
    expect(applyDataflow(dw, 'kcp_ws', { numPes: 64 }).dataflow).to.equal('dpt');
    expect(applyDataflow(dw, 'xp_ws', { numPes: 64 }, { depthwiseAsDpt: false }).dataflow).to.equal('xp_ws');
  });

  it('shrinks a cluster larger than the PE count, says so, and then evaluates where MAESTRO would crash', () => {
    const hw = { ...DEFAULT_HARDWARE, numPes: 32, nocBandwidthElemsPerCycle: 64 };
    const { layer, adjustments } = applyDataflow(CONV, 'kcp_ws', hw);
    expect(adjustments).to.deep.equal([
      { change: 'Cluster(64) -> Cluster(32)', reason: 'the kcp_ws template groups 64 PEs but the accelerator has 32; MAESTRO would divide by zero' },
    ]);
    expect(signature(layer.dataflow!)).to.include('["TemporalMap",32,32,"C"]').and.include('["Cluster",32]');
    const row = new CostModel().evaluateLayer(layer, hw);
    expect(row.runtimeCycles).to.be.greaterThan(0);
    expect(row.numMacs).to.equal(64 * 32 * 9 * 14 * 14);
    expect(applyDataflow(CONV, 'kcp_ws', { numPes: 64 }).adjustments).to.deep.equal([]);
    expect(applyDataflow({ ...CONV, dimensions: { ...CONV.dimensions, R: 7, S: 7 } }, 'rs', { numPes: 4 }).adjustments[0]!.change).to.equal(
      'Cluster(7) -> Cluster(4)',
    );
  });

  it('rejects an unknown dataflow and a layer without the dimensions a template needs', () => {
    expect(() => applyDataflow(CONV, 'nvdla', DEFAULT_HARDWARE)).to.throw(MaestroError, /unknown dataflow "nvdla"; expected one of kcp_ws/);
    const gemm: LayerSpec = { name: 'fc', type: 'GEMM', dimensions: { M: 4, N: 4, K: 4 } };
    expect(() => applyDataflow(gemm, 'xp_ws', DEFAULT_HARDWARE)).to.throw(MaestroError, /needs dimension R, which this GEMM layer does not define/);
  });
});
