import { expect } from 'chai';
import {
  alphanetSamples,
  alphanetSelectedIds,
  dartsStudyArchitectures,
  DataFileError,
  NASBENCH201_ACCURACY_COLUMNS,
  NASBENCH201_DEVICES,
  nasbench201Accuracies,
  nasbench201DeviceLatencyMs,
  readDataText,
} from '../../src/data/index.js';
import { Nasbench201Space } from '../../src/workloads/index.js';

/** Indices of the largest value (all of them, when tied). */
function argmax(values: ArrayLike<number>): { value: number; indices: number[] } {
  let value = -Infinity;
  let indices: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i]! > value) {
      value = values[i]!;
      indices = [i];
    } else if (values[i] === value) indices.push(i);
  }
  return { value, indices };
}

describe('data: the published data the package ships', () => {
  it("nasbench201 accuracies: every cell once, in NAS-Bench-201's order, with data/README.md's check values", () => {
    const table = nasbench201Accuracies();
    expect(table.keys).to.have.length(15_625);
    const space = new Nasbench201Space();
    expect(new Set(table.keys).size).to.equal(15_625);
    for (const key of table.keys) expect(space.key(space.fromKey(key))).to.equal(key);
    expect(table.keys[0]).to.equal('|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|');
    expect(table.indexOf.get(table.keys[9930]!)).to.equal(9930);
    expect(argmax(table.column('cifar10_test'))).to.deep.equal({ value: 94.37333, indices: [6111, 13714] });
    expect([table.column('cifar10_test')[9930], table.column('cifar100_test')[9930], table.column('imagenet16_120_test')[9930]]).to.deep.equal([94.36333, 73.51333, 46.34444]);
    expect(argmax(table.column('cifar10_valid_valid'))).to.deep.equal({ value: 91.60667, indices: [6111] });
    for (const column of NASBENCH201_ACCURACY_COLUMNS) {
      for (const value of table.column(column)) expect(value).to.be.within(0, 100);
    }
    expect(nasbench201Accuracies()).to.equal(table);
  });

  it('nasbench201 device latencies: 27 devices, every cell, positive milliseconds', () => {
    expect(NASBENCH201_DEVICES).to.have.length(27);
    expect(nasbench201DeviceLatencyMs('pixel3')[0]).to.equal(3.60585);
    for (const device of NASBENCH201_DEVICES) {
      const latency = nasbench201DeviceLatencyMs(device);
      expect(latency, device).to.have.length(15_625);
      expect(latency.every((ms) => ms > 0), device).to.equal(true);
    }
    expect(() => nasbench201DeviceLatencyMs('tpu' as never)).to.throw(DataFileError, /no device "tpu"; devices: eyeriss, fpga, pixel3, raspi4, 1080ti_1/);
  });

  it("darts: the study's 1,018 architectures in its order, with NB301 accuracies", () => {
    const archs = dartsStudyArchitectures();
    expect(archs).to.have.length(1018);
    expect(archs.map((a) => a.position)).to.deep.equal(archs.map((_, i) => i));
    expect([archs[0]!.seed_index, archs[0]!.nb301_predicted_top1]).to.deep.equal([8194, 92.6078]);
    for (const arch of archs) {
      expect(arch.normal).to.have.length(8);
      expect(arch.reduce).to.have.length(8);
      expect(arch.nb301_predicted_top1).to.be.within(80, 100);
    }
  });

  it("alphanet: 9,999 samples by id and the study's 1,046 selected ids", () => {
    const samples = alphanetSamples();
    expect(samples).to.have.length(9999);
    expect(samples[0]!.predicted_top1).to.equal(70.9357);
    const selected = alphanetSelectedIds();
    expect(selected).to.have.length(1046);
    expect(new Set(selected).size).to.equal(1046);
    expect(selected.slice(0, 3)).to.deep.equal([16, 39, 44]);
  });

  it('names a missing data file and says to reinstall', () => {
    expect(() => readDataText('nasbench201/missing.csv')).to.throw(DataFileError, /data file .*nasbench201\/missing\.csv cannot be read \(ENOENT\); reinstall codesign-gym/);
  });
});
