import { expect } from 'chai';
import { createLayer, Network, NetworkBuilder, WorkloadError } from '../../src/workloads/index.js';

const conv = createLayer({ name: 'conv', type: 'CONV', K: 8, C: 3, R: 3, S: 3, Y: 32, X: 32, padding: 1 });
const fc = createLayer({ name: 'fc', type: 'CONV', K: 10, C: 8, R: 1, S: 1, Y: 1, X: 1, linear: true, bias: true });

describe('workloads/network', () => {
  it('sums MACs and parameters and freezes its layers', () => {
    const net = new Network('tiny', [conv, fc]);
    expect(net.macs).to.equal(8 * 3 * 9 * 32 * 32 + 80);
    expect(net.params).to.equal(216 + 80 + 10);
    expect(net.length).to.equal(2);
    expect(net.maestroConvention).to.equal('exact');
    expect(Object.isFrozen(net.layers)).to.equal(true);
    expect(String(net)).to.match(/^Network\(tiny: 2 layers/);
    expect(new Network('n', [conv], { extraParams: 5 }).params).to.equal(221);
  });

  it('rejects bad networks with a clear message', () => {
    expect(() => new Network('', [conv])).to.throw(WorkloadError, /Expects a network name/);
    expect(() => new Network('n', [])).to.throw(WorkloadError, /network "n": Expects a non-empty array of layers, actual: \[\]/);
    expect(() => new Network('n', [{ ...conv }])).to.throw(WorkloadError, /Expects layers made by createLayer/);
    expect(() => new Network('n', [conv], { maestroConvention: 'padded' as 'exact' })).to.throw(WorkloadError, /Expects maestroConvention to be one of frontend, exact, actual: "padded"/);
    expect(() => new Network('n', [conv], { extraParams: -1 })).to.throw(WorkloadError, /Expects extraParams to be a non-negative integer/);
  });
});

describe('workloads/network-builder', () => {
  it('tracks the feature map through convs, pools and branches', () => {
    const b = new NetworkBuilder({ channels: 3, height: 32, width: 32 });
    b.conv('conv1', { out: 16, kernel: 3 });
    expect(b.map).to.deep.equal({ channels: 16, height: 32, width: 32 });
    const branch = b.map;
    b.depthwise('dw', { kernel: 3, stride: 2 });
    expect(b.map).to.deep.equal({ channels: 16, height: 16, width: 16 });
    b.at(branch).pool({ kernel: 3, stride: 2, ceil: true });
    expect(b.map.height).to.equal(16);
    b.pool({ kernel: 3, stride: 2, ceil: true });
    expect(b.map.height).to.equal(8);
    b.globalPool();
    b.linear('fc', 10);
    const net = b.build('tiny');
    expect(net.layers.map((l) => l.name)).to.deep.equal(['conv1', 'dw', 'fc']);
    expect(net.layers[2]!.linear).to.equal(true);
  });

  it('follows PyTorch ceil-mode pooling (a last window may not start in the padding)', () => {
    const b = new NetworkBuilder({ channels: 1, height: 109, width: 109 });
    expect(b.pool({ kernel: 3, stride: 2, ceil: true }).height).to.equal(54);
    const c = new NetworkBuilder({ channels: 1, height: 5, width: 5 });
    expect(c.pool({ kernel: 2, stride: 2, padding: 1, ceil: true }).height).to.equal(3);
  });

  it('rejects a linear layer on a spatial map and bad maps', () => {
    const b = new NetworkBuilder({ channels: 3, height: 4, width: 4 });
    expect(() => b.linear('fc', 10)).to.throw(WorkloadError, /layer "fc": Expects a 1x1 feature map before a linear layer/);
    expect(() => new NetworkBuilder({ channels: 0, height: 4, width: 4 })).to.throw(WorkloadError, /feature map: Expects channels to be a positive integer, actual: 0/);
  });
});
