import { expect } from 'chai';
import { CostModel } from '../../src/costmodel/evaluate.js';
import { DATAFLOW_NAMES } from '../../src/dataflows/index.js';
import { MaestroError } from '../../src/maestro/errors.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';
import { DEFAULT_HARDWARE, isLayerFrozen } from '../../src/maestro/types.js';
import {
  createLayer,
  configureMappingCache,
  mapNetwork,
  MAPPINGS_PER_NETWORK,
  maestroInputSize,
  Network,
  toLayerSpec,
  toMaestroMapping,
  toMaestroModel,
  toNetworkSpec,
  WorkloadError,
  zooNetwork,
} from '../../src/workloads/index.js';

const hw = { ...DEFAULT_HARDWARE, numPes: 256, nocBandwidthElemsPerCycle: 1000, offchipBandwidthElemsPerCycle: 300 };
const padded = createLayer({ name: 'c3', type: 'CONV', K: 16, C: 8, R: 3, S: 3, Y: 4, X: 4, padding: 1 });
const strided = createLayer({ name: 's2', type: 'CONV', K: 16, C: 8, R: 3, S: 3, Y: 8, X: 8, padding: 1, stride: 2 });
const fc = createLayer({ name: 'fc', type: 'CONV', K: 10, C: 16, R: 1, S: 1, Y: 1, X: 1, linear: true, bias: true });

describe('workloads/maestro-export', () => {
  it('writes Y and X by convention: input before padding, or the rows the kernel reads', () => {
    expect(maestroInputSize(padded, 'frontend')).to.deep.equal({ Y: 4, X: 4 });
    expect(maestroInputSize(padded, 'exact')).to.deep.equal({ Y: 6, X: 6 });
    expect(maestroInputSize(strided, 'exact')).to.deep.equal({ Y: 9, X: 9 });
    expect(toLayerSpec(strided, 'frontend')).to.deep.equal({
      name: 's2',
      type: 'CONV',
      dimensions: { K: 16, C: 8, R: 3, S: 3, Y: 8, X: 8 },
      strides: { X: 2, Y: 2 },
    });
    expect(toLayerSpec(fc, 'exact').strides).to.equal(undefined);
  });

  it('gives frozen layers whose equal shapes share their parts, and caches the spec per network', () => {
    const net = new Network('n', [padded, strided, fc]);
    const spec = toNetworkSpec(net, 'kcp_ws', hw);
    expect(Object.isFrozen(spec)).to.equal(true);
    expect(spec.layers.every((layer) => isLayerFrozen(layer))).to.equal(true);
    expect(toNetworkSpec(net, 'kcp_ws', hw)).to.equal(spec);
    const renamed = createLayer({ name: 'other', type: 'CONV', K: 16, C: 8, R: 3, S: 3, Y: 4, X: 4, padding: 1 });
    const again = toNetworkSpec(new Network('n', [padded, strided, fc, renamed]), 'kcp_ws', hw);
    expect(again).to.not.equal(spec);
    spec.layers.forEach((layer, i) => {
      expect(again.layers[i]).to.deep.equal(layer);
      expect(again.layers[i]!.dimensions).to.equal(layer.dimensions);
      expect(again.layers[i]!.dataflow).to.equal(layer.dataflow);
    });
    expect(again.layers[3]!.name).to.equal('other');
    expect(again.layers[3]!.dataflow).to.equal(spec.layers[0]!.dataflow);
    expect(toNetworkSpec(net, 'rs', hw).layers[0]!.dataflow).to.not.equal(spec.layers[0]!.dataflow);
  });

  it('remembers a bounded number of mappings per network and keeps its shared shapes within a byte budget', () => {
    const net = new Network('n', [padded, strided, fc]);
    const first = toNetworkSpec(net, 'kcp_ws', { numPes: 1 });
    for (let pes = 2; pes <= MAPPINGS_PER_NETWORK + 1; pes++) toNetworkSpec(net, 'kcp_ws', { numPes: pes });
    expect(toNetworkSpec(net, 'kcp_ws', { numPes: 1 })).to.not.equal(first);
    expect(toNetworkSpec(net, 'kcp_ws', { numPes: 1 })).to.deep.equal(first);
    const before = configureMappingCache();
    try {
      expect(configureMappingCache({ maxBytes: 2000 }).maxBytes).to.equal(2000);
      for (let k = 1; k <= 40; k++) {
        toNetworkSpec(new Network('m', [createLayer({ name: 'c', type: 'CONV', K: k, C: 8, R: 3, S: 3, Y: 8, X: 8 })]), 'kcp_ws', hw);
        expect(configureMappingCache().bytes).to.be.at.most(2000);
      }
    } finally {
      configureMappingCache({ maxBytes: before.maxBytes });
    }
    expect(() => configureMappingCache({ maxBytes: -1 })).to.throw(WorkloadError, /maxBytes to be a non-negative integer or Infinity/);
  });

  it('uses dpt for depthwise layers and reports templates shrunk to the PE count', () => {
    const dw = createLayer({ name: 'dw', type: 'DSCONV', K: 1, C: 8, R: 3, S: 3, Y: 8, X: 8, padding: 1 });
    const net = new Network('n', [dw, padded]);
    const mapped = mapNetwork(net, 'kcp_ws', { numPes: 16 });
    expect(mapped.spec.layers[0]!.dataflow!.some((d) => d.kind === 'SpatialMap' && d.dim === 'C')).to.equal(true);
    expect(mapped.adjustments).to.deep.equal([
      { layer: 'c3', change: 'Cluster(64) -> Cluster(16)', reason: 'the kcp_ws template groups 64 PEs but the accelerator has 16; MAESTRO would divide by zero' },
    ]);
    expect(mapNetwork(net, 'kcp_ws', { numPes: 16 }, { depthwiseAsDpt: false }).spec.layers[0]!.dataflow).to.not.deep.equal(mapped.spec.layers[0]!.dataflow);
  });

  it('writes mapping and model files that parse back to the same layers', () => {
    const net = zooNetwork('mobilenet_v2');
    for (const dataflow of DATAFLOW_NAMES) {
      const parsed = parseMapping(toMaestroMapping(net, dataflow, hw));
      expect(parsed.layers.length).to.equal(net.layers.length);
      const spec = toNetworkSpec(net, dataflow, hw);
      parsed.layers.forEach((layer, i) => {
        expect(layer.dimensions).to.deep.equal(spec.layers[i]!.dimensions);
        expect(layer.dataflow!.length).to.equal(spec.layers[i]!.dataflow!.length);
      });
    }
    const model = parseMapping(toMaestroModel(net, { convention: 'frontend' }));
    expect(model.layers[0]!.dimensions).to.deep.equal({ K: 32, C: 3, R: 3, S: 3, Y: 224, X: 224 });
    expect(model.layers.every((layer) => layer.dataflow === undefined)).to.equal(true);
    expect(toMaestroMapping(new Network('n', [fc]), 'kcp_ws', hw)).to.not.include('Stride');
  });

  it("gives MAESTRO the network's MACs under the exact convention", () => {
    const model = new CostModel();
    for (const name of ['resnet50', 'mobilenet_v2'] as const) {
      const net = zooNetwork(name);
      expect(model.evaluateTotals(toNetworkSpec(net, 'kcp_ws', hw), hw).macs).to.equal(net.macs);
    }
  });

  it('rejects an unknown dataflow or convention', () => {
    const net = new Network('n', [padded]);
    expect(() => toNetworkSpec(net, 'zigzag' as 'rs', hw)).to.throw(MaestroError, /unknown dataflow "zigzag"/);
    expect(() => toNetworkSpec(net, 'rs', hw, { convention: 'padded' as 'exact' })).to.throw(WorkloadError, /Expects a convention among frontend, exact, actual: "padded"/);
    expect(() => toMaestroModel(net, { convention: 'x' as 'exact' })).to.throw(WorkloadError, /Expects a convention/);
  });
});
