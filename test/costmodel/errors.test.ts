import { expect } from 'chai';
import { CostModelError } from '../../src/costmodel/errors.js';
import { CostModel, evaluateNetwork } from '../../src/costmodel/evaluate.js';
import { MaestroError, type MaestroErrorCode } from '../../src/maestro/errors.js';
import { parseHardware } from '../../src/maestro/hardware-file.js';
import { parseMapping } from '../../src/maestro/mapping-file.js';
import { DEFAULT_HARDWARE, type HardwareSpec, type LayerSpec } from '../../src/maestro/types.js';
import { loadGeneratedCases } from '../support/maestro-reference.js';

const HW: HardwareSpec = { ...DEFAULT_HARDWARE, numPes: 16, nocBandwidthElemsPerCycle: 64 };
const DIMS = 'Dimensions { K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10 }';

function failure(mapping: string, hw: HardwareSpec = HW): MaestroError {
  try {
    evaluateNetwork(parseMapping(mapping), hw);
  } catch (error) {
    expect(error).to.be.instanceOf(MaestroError);
    return error as MaestroError;
  }
  throw new Error('expected the evaluation to fail');
}

function expectFailure(error: MaestroError, code: MaestroErrorCode, layer: string, line: number | undefined, reason: RegExp): void {
  expect(error.code).to.equal(code);
  expect(error.layer).to.equal(layer);
  expect(error.line).to.equal(line);
  expect(error.message).to.match(reason);
  expect(error.message).to.include(`layer "${layer}"`);
}

/** A one-layer network named `bad` whose Dataflow block starts on line 4. */
function net(dataflow: string, type = 'CONV', dims = DIMS): string {
  return `Network n {\nLayer bad {\nType: ${type} ${dims}\nDataflow {\n${dataflow}\n}\n}\n}`;
}

describe('costmodel errors: a typed error where MAESTRO crashes or exits', () => {
  it('a layer without a Dataflow block', () => {
    expectFailure(failure(`Network n {\nLayer bad {\nType: CONV ${DIMS}\n}\n}`), 'no-dataflow', 'bad', 2, /no Dataflow block/);
  });

  it('more than three Cluster directives', () => {
    const e = failure(net('SpatialMap(1,1) K;\nCluster(1,P);\nSpatialMap(1,1) C;\nCluster(1,P);\nSpatialMap(1,1) Y;\nCluster(1,P);\nSpatialMap(1,1) X;\nCluster(1,P);\nSpatialMap(1,1) R;'));
    expectFailure(e, 'too-many-cluster-levels', 'bad', 12, /at most 3 Cluster directives/);
  });

  it('fewer PEs than the product of the Cluster sizes', () => {
    const e = failure(net('SpatialMap(1,1) K;\nCluster(64,P);\nSpatialMap(1,1) C;'));
    expectFailure(e, 'too-few-pes', 'bad', 2, /multiply to 64 PEs but the accelerator has 16/);
  });

  it('a cluster level without a SpatialMap', () => {
    expectFailure(failure(net('TemporalMap(1,1) K;')), 'no-spatial-map', 'bad', 2, /cluster level 0 has no SpatialMap/);
  });

  it('three SpatialMaps in a level', () => {
    expectFailure(failure(net('SpatialMap(1,1) K;\nSpatialMap(1,1) C;\nSpatialMap(3,1) Y;')), 'too-many-spatial-maps', 'bad', 7, /3 SpatialMaps/);
  });

  it('a dimension the level does not have (K below the top of a depthwise layer)', () => {
    const e = failure(net('SpatialMap(1,1) C;\nCluster(4,P);\nSpatialMap(1,1) Y;\nTemporalMap(1,1) K;', 'DSCONV'));
    expectFailure(e, 'missing-dimension', 'bad', 8, /dimension K not found/);
  });

  it('a layer missing a dimension its type needs', () => {
    const e = failure(net('SpatialMap(1,1) K;', 'CONV', 'Dimensions { K: 4, C: 2, S: 3, Y: 5, X: 5 }'));
    expectFailure(e, 'missing-dimension', 'bad', 2, /CONV layers need dimension R/);
  });

  it("a Y' directive in a level without an R directive (undefined behaviour in MAESTRO)", () => {
    const e = failure(net("SpatialMap(1,1) K;\nCluster(4,P);\nSpatialMap(1,1) Y';"));
    expectFailure(e, 'undefined-behaviour', 'bad', 7, /needs a R directive/);
  });

  it('a sub-cluster whose every iteration is invalid (MAESTRO divides by zero)', () => {
    const c = loadGeneratedCases().find((x) => x.id === 's1-500')!;
    const e = failure(c.mapping, parseHardware(c.hw));
    expectFailure(e, 'division-by-zero', 'L0', 2, /runtime is 0 and MAESTRO divides by zero/);
  });

  it('a dimension that advances although its tile covers it (MAESTRO exits)', () => {
    const c = loadGeneratedCases().find((x) => x.id === 's1-530')!;
    const e = failure(c.mapping, parseHardware(c.hw));
    expect(e.code).to.equal('zero-unique-volume');
    expect(e.layer).to.equal('L1');
    expect(e.message).to.match(/advances at cluster level 1/);
  });

  it('a level with more iteration cases than can be enumerated', () => {
    const many = Array.from({ length: 21 }, (_, i) => `TemporalMap(${i % 2 === 0 ? 3 : 2},1) ${i % 2 === 0 ? 'Y' : 'X'};`).join('\n');
    const e = failure(net(`SpatialMap(1,1) K;\n${many}`));
    expectFailure(e, 'too-many-cases', 'bad', 2, /iteration cases/);
  });

  it('bad values in programmatic specs and hardware', () => {
    const layer: LayerSpec = { name: 'p', type: 'CONV', dimensions: { K: 4, C: 2, R: 1, S: 1, Y: 4, X: 4 }, dataflow: [{ kind: 'SpatialMap', size: 1, offset: 1, dim: 'K' }] };
    const model = new CostModel();
    const expectCode = (spec: LayerSpec, hw: HardwareSpec, code: MaestroErrorCode, message: RegExp): void => {
      expect(() => model.evaluateLayer(spec, hw)).to.throw(MaestroError, message).with.property('code', code);
    };
    expectCode({ ...layer, dimensions: { ...layer.dimensions, K: 0 } }, HW, 'invalid-value', /size of K must be a positive integer, got 0/);
    expectCode({ ...layer, dimensions: { ...layer.dimensions, K: 2.5 } }, HW, 'invalid-value', /got 2.5/);
    expectCode({ ...layer, strides: { Y: 0 } }, HW, 'invalid-value', /strides must be positive integers/);
    expectCode({ ...layer, dataflow: [{ kind: 'SpatialMap', size: 1, offset: 0, dim: 'K' }] }, HW, 'invalid-value', /offset must be a positive integer/);
    expectCode({ ...layer, dimensions: { ...layer.dimensions, Q: 3 } as LayerSpec['dimensions'] }, HW, 'unknown-key', /unknown dimension "Q"/);
    expectCode({ ...layer, type: 'POOL' as LayerSpec['type'] }, HW, 'unsupported-layer-type', /unknown layer type "POOL"/);
    expectCode(layer, { ...HW, numPes: 0 }, 'invalid-value', /numPes must be a positive integer, got 0/);
    expectCode(layer, { ...HW, nocBandwidthElemsPerCycle: Number.NaN }, 'invalid-value', /nocBandwidthElemsPerCycle/);
    expectCode(layer, { ...HW, nocLatencyCycles: -1 }, 'invalid-value', /nocLatencyCycles must be a non-negative integer/);
  });

  it('reports a cached failure under the name of the layer that met it', () => {
    const model = new CostModel();
    const text = (name: string): string => net('TemporalMap(1,1) K;').replace('Layer bad', `Layer ${name}`);
    expect(() => model.evaluateNetwork(parseMapping(text('first')), HW)).to.throw(CostModelError, /layer "first"/);
    expect(() => model.evaluateNetwork(parseMapping(text('second')), HW)).to.throw(CostModelError, /layer "second"/);
    expect(model.statistics.hits).to.equal(1);
  });

  it('stops at the first layer in MAESTRO order: dataflow errors of any layer before cost errors', () => {
    const c = loadGeneratedCases().find((x) => x.id === 's1-500')!;
    const broken = c.mapping.replace(/\}\s*\}\s*$/, `}\nLayer late {\nType: CONV ${DIMS}\nDataflow { TemporalMap(1,1) K; }\n}\n}\n`);
    expect(failure(broken, parseHardware(c.hw)).layer).to.equal('late');
  });
});
