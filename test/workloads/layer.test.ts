import { expect } from 'chai';
import { createLayer, layerMacs, layerOutputChannels, layerOutputSize, layerParams, WorkloadError } from '../../src/workloads/index.js';

const conv = { name: 'c', type: 'CONV' as const, K: 64, C: 3, R: 7, S: 7, Y: 224, X: 224, stride: 2, padding: 3 };

describe('workloads/layer', () => {
  it('creates a frozen layer with defaults for the optional geometry', () => {
    const layer = createLayer({ name: 'fc', type: 'CONV', K: 10, C: 8, R: 1, S: 1, Y: 1, X: 1 });
    expect(Object.isFrozen(layer)).to.equal(true);
    expect(layer).to.include({ stride: 1, padding: 0, dilation: 1, linear: false, bias: false, batchNorm: false });
  });

  it('computes the true output size with padding, stride and dilation', () => {
    expect(layerOutputSize(createLayer(conv))).to.deep.equal({ Y: 112, X: 112 });
    const dilated = createLayer({ name: 'd', type: 'DSCONV', K: 1, C: 8, R: 3, S: 3, Y: 16, X: 16, padding: 2, dilation: 2, stride: 2 });
    expect(layerOutputSize(dilated)).to.deep.equal({ Y: 8, X: 8 });
    expect(layerOutputSize(createLayer({ ...conv, name: 'p', Y: 15, X: 13, R: 1, S: 1, padding: 0 }))).to.deep.equal({ Y: 8, X: 7 });
  });

  it('counts MACs and parameters of CONV and DSCONV layers', () => {
    expect(layerMacs(createLayer(conv))).to.equal(64 * 3 * 49 * 112 * 112);
    expect(layerParams(createLayer({ ...conv, bias: true, batchNorm: true }))).to.equal(64 * 3 * 49 + 64 + 128);
    const dw = createLayer({ name: 'dw', type: 'DSCONV', K: 1, C: 32, R: 3, S: 3, Y: 8, X: 8, padding: 1, batchNorm: true });
    expect(layerOutputChannels(dw)).to.equal(32);
    expect(layerMacs(dw)).to.equal(32 * 9 * 64);
    expect(layerParams(dw)).to.equal(32 * 9 + 64);
  });

  it('rejects bad input with what it expected and what arrived', () => {
    const bad: [object, RegExp][] = [
      [{ ...conv, K: 0 }, /layer "c": Expects K to be a positive integer, actual: 0/],
      [{ ...conv, C: 2.5 }, /Expects C to be a positive integer, actual: 2.5/],
      [{ ...conv, name: '' }, /Expects a layer name \(non-empty string\), actual: ""/],
      [{ ...conv, type: 'FC' }, /Expects type to be one of CONV, DSCONV, actual: "FC"/],
      [{ ...conv, type: 'DSCONV' }, /Expects K = 1 for a DSCONV \(depthwise\) layer, actual: 64/],
      [{ ...conv, padding: -1 }, /Expects padding to be a non-negative integer, actual: -1/],
      [{ ...conv, linear: true }, /Expects a linear layer to be a CONV with R = S = Y = X = 1/],
      [{ ...conv, Y: 3, X: 3, padding: 0 }, /Expects the kernel to fit the padded input \(output size >= 1\)/],
      [{ ...conv, stride: 0 }, /Expects stride to be a positive integer, actual: 0/],
      [{ ...conv, dilation: 0 }, /Expects dilation to be a positive integer, actual: 0/],
    ];
    for (const [init, message] of bad) {
      expect(() => createLayer(init as Parameters<typeof createLayer>[0])).to.throw(WorkloadError, message);
    }
  });
});
