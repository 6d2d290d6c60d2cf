import { expect } from 'chai';
import { createRng } from '../../src/random/rng.js';
import {
  NASBENCH201_EDGES,
  NASBENCH201_OPS,
  Nasbench201Space,
  nasbench201FromKey,
  nasbench201Key,
  parseNasbench201Arch,
  WorkloadError,
} from '../../src/workloads/index.js';

const BEST = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';

describe('workloads/nasbench201', () => {
  const space = new Nasbench201Space();

  it('enumerates all 15,625 architectures with distinct arch-string keys', () => {
    const keys = new Set<string>();
    let index = 0;
    for (const arch of space.enumerate()) {
      expect(space.encode(arch)).to.deep.equal(space.encode(space.decode(space.encode(arch))));
      keys.add(space.key(arch));
      index++;
    }
    expect(index).to.equal(15_625);
    expect(keys.size).to.equal(15_625);
    expect(space.size).to.equal(15_625n);
    expect(space.nvec).to.deep.equal([5, 5, 5, 5, 5, 5]);
  });

  it("spans NAS-Bench-201's published CIFAR-10 ranges: 7.78-220.11 MFLOPs, 0.073-1.531 M parameters", () => {
    let minMacs = Infinity;
    let maxMacs = 0;
    let minParams = Infinity;
    let maxParams = 0;
    for (const arch of space.enumerate()) {
      const net = space.toNetwork(arch);
      minMacs = Math.min(minMacs, net.macs);
      maxMacs = Math.max(maxMacs, net.macs);
      minParams = Math.min(minParams, net.params);
      maxParams = Math.max(maxParams, net.params);
    }
    expect((minMacs / 1e6).toFixed(2)).to.equal('7.78');
    expect((maxMacs / 1e6).toFixed(2)).to.equal('220.12');
    expect(Math.floor(maxMacs / 1e4) / 100).to.equal(220.11);
    expect((minParams / 1e6).toFixed(3)).to.equal('0.073');
    expect(Math.floor(maxParams / 1e3) / 1000).to.equal(1.531);
  });

  it('emits the stem, the reduction blocks, one conv per conv edge of each of the 15 cells and the classifier', () => {
    const net = space.toNetwork(space.fromKey(BEST));
    expect(net.layers.length).to.equal(1 + 15 * 5 + 2 * 3 + 1);
    expect(net.layers[1]!.name).to.equal('cells.0.edge0.nor_conv_3x3');
    expect(net.layers.at(-1)!.linear).to.equal(true);
    const empty = space.toNetwork(space.fromKey('|none~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|none~1|skip_connect~2|'));
    expect(empty.layers.map((l) => l.name)).to.deep.equal([
      'stem',
      'reduction1.conv_a',
      'reduction1.conv_b',
      'reduction1.downsample',
      'reduction2.conv_a',
      'reduction2.conv_b',
      'reduction2.downsample',
      'classifier',
    ]);
  });

  it('gives cells with the same convolutions one network (729 for 15,625 cells), equal to the network built for each', () => {
    const networks = [...space.enumerate()].map((arch) => space.toNetwork(arch));
    expect(new Set(networks).size).to.equal(3 ** 6);
    const a = space.fromKey('|skip_connect~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|skip_connect~2|');
    const b = space.fromKey('|none~0|+|nor_conv_1x1~0|none~1|+|avg_pool_3x3~0|nor_conv_3x3~1|avg_pool_3x3~2|');
    const c = space.fromKey('|none~0|+|nor_conv_3x3~0|none~1|+|avg_pool_3x3~0|nor_conv_3x3~1|avg_pool_3x3~2|');
    expect(space.toNetwork(a)).to.equal(space.toNetwork(b));
    expect(space.toNetwork(c)).to.not.equal(space.toNetwork(b));
    // A space that has built nothing yet builds the same network, layer names included.
    const rng = createRng(3);
    for (let i = 0; i < 100; i++) {
      const arch = space.sample(rng);
      expect(JSON.stringify(new Nasbench201Space().toNetwork(arch))).to.equal(JSON.stringify(space.toNetwork(arch)));
    }
    expect(JSON.stringify(new Nasbench201Space().toNetwork(b))).to.equal(JSON.stringify(space.toNetwork(a)));
  });

  it('has presets for the three NAS-Bench-201 datasets', () => {
    const imagenet = new Nasbench201Space('ImageNet16-120');
    const net = imagenet.toNetwork(imagenet.fromKey(BEST));
    expect(net.layers[0]!.Y).to.equal(16);
    expect(net.layers.at(-1)!.K).to.equal(120);
    expect(new Nasbench201Space('cifar100').toNetwork(space.fromKey(BEST)).layers.at(-1)!.K).to.equal(100);
  });

  it('round-trips keys, parses arch strings and samples deterministically', () => {
    const arch = space.fromKey(BEST);
    expect(arch.ops).to.deep.equal(['nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'skip_connect', 'nor_conv_3x3', 'nor_conv_3x3']);
    expect(nasbench201Key(arch)).to.equal(BEST);
    expect(space.parse(BEST)).to.deep.equal(arch);
    expect(parseNasbench201Arch({ ops: [...arch.ops] })).to.deep.equal(arch);
    expect(nasbench201FromKey(BEST)).to.deep.equal(arch);
    expect(space.sample(createRng(4))).to.deep.equal(space.sample(createRng(4)));
    expect(NASBENCH201_EDGES.length).to.equal(6);
    expect(NASBENCH201_OPS.length).to.equal(5);
    expect(space.contains(arch)).to.equal(true);
    expect(space.contains(BEST)).to.equal(false);
  });

  it('rejects bad architectures, keys and vectors with a clear message', () => {
    expect(() => space.parse({ ops: ['none'] })).to.throw(WorkloadError, /nasbench201 architecture\.ops: Expects exactly 6 ops/);
    expect(() => space.parse({ ops: ['conv', 'none', 'none', 'none', 'none', 'none'] })).to.throw(WorkloadError, /\.ops\[0\]: Expects an op among none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3, actual: "conv"/);
    expect(() => space.parse(7)).to.throw(WorkloadError, /Expects an object \{"ops": \[6 ops\]\} or an arch string/);
    expect(() => space.fromKey('|none~0|+|none~0|')).to.throw(WorkloadError, /Expects an arch string/);
    expect(() => space.fromKey('|none~0|+|none~1|none~1|+|none~0|none~1|none~2|')).to.throw(WorkloadError, /arch string node 2: Expects edge 0 to read from node 0 \("op~0"\), actual: "none~1"/);
    expect(() => space.decode([0, 0, 0, 0, 0, 5])).to.throw(WorkloadError, /nasbench201 encoding\[5\]: Expects an integer in \[0, 4\], actual: 5/);
    expect(() => new Nasbench201Space('cifar11')).to.throw(WorkloadError, /Expects a preset among cifar10, cifar100, ImageNet16-120, actual: "cifar11"/);
  });
});
