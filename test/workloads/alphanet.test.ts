import { expect } from 'chai';
import { spearman } from '../../src/analysis/rank-correlation.js';
import { createRng } from '../../src/random/rng.js';
import { AlphanetSpace, makeDivisible, WorkloadError } from '../../src/workloads/index.js';
import { alphanetSamples } from '../../src/data/index.js';

const samples = alphanetSamples();

/** AttentiveNAS's Pareto models (its eval_attentive_nas_models.yml) and the paper's MFLOPs (Table 1 / Figure 1). */
const ATTENTIVENAS_MODELS = [
  { mflops: 203, resolution: 192, width: [16, 16, 24, 32, 64, 112, 192, 216, 1792], kernel_size: [3, 3, 3, 3, 3, 3, 3], expand_ratio: [1, 4, 4, 4, 4, 6, 6], depth: [1, 3, 3, 3, 3, 3, 1] },
  { mflops: 279, resolution: 224, width: [16, 16, 24, 32, 64, 112, 192, 216, 1984], kernel_size: [3, 3, 3, 5, 3, 5, 3], expand_ratio: [1, 4, 4, 4, 4, 6, 6], depth: [1, 3, 3, 3, 3, 3, 1] },
  { mflops: 317, resolution: 224, width: [16, 16, 24, 32, 64, 112, 200, 224, 1984], kernel_size: [3, 3, 3, 3, 3, 5, 3], expand_ratio: [1, 4, 5, 4, 4, 6, 6], depth: [1, 3, 3, 3, 3, 4, 1] },
  { mflops: 357, resolution: 224, width: [16, 16, 24, 32, 64, 112, 208, 224, 1984], kernel_size: [3, 3, 3, 5, 3, 3, 3], expand_ratio: [1, 4, 4, 4, 4, 6, 6], depth: [2, 3, 3, 4, 3, 5, 1] },
  { mflops: 444, resolution: 256, width: [16, 16, 24, 32, 64, 112, 192, 216, 1984], kernel_size: [3, 3, 3, 5, 3, 5, 3], expand_ratio: [1, 4, 4, 5, 4, 6, 6], depth: [1, 3, 3, 4, 3, 5, 1] },
  { mflops: 491, resolution: 256, width: [16, 16, 24, 32, 72, 112, 192, 216, 1792], kernel_size: [3, 3, 3, 5, 3, 3, 3], expand_ratio: [1, 4, 5, 4, 4, 6, 6], depth: [1, 3, 3, 3, 4, 6, 1] },
  { mflops: 709, resolution: 288, width: [16, 16, 24, 32, 64, 112, 216, 224, 1984], kernel_size: [3, 3, 3, 3, 3, 5, 3], expand_ratio: [1, 4, 6, 5, 4, 6, 6], depth: [1, 3, 3, 4, 4, 6, 1] },
];

describe('workloads/alphanet', () => {
  const study = new AlphanetSpace('codesign-study');
  const attentive = new AlphanetSpace('attentivenas');

  it("loads and converts all 9,999 study samples; MACs rank like the samples' mflops (Spearman >= 0.99)", () => {
    expect(samples.length).to.equal(9_999);
    const macs: number[] = [];
    const mflops: number[] = [];
    let largestDifference = 0;
    for (const sample of samples) {
      const net = study.toNetwork(study.parse(sample));
      macs.push(net.macs);
      mflops.push(sample.mflops);
      largestDifference = Math.max(largestDifference, Math.abs(net.macs / 1e6 - sample.mflops));
      expect(Math.abs(net.params / 1e6 / sample.mparams - 1), `sample ${sample.id} params`).to.be.below(0.03);
    }
    const rho = spearman(macs, mflops);
    console.log(`      AlphaNet MACs vs mflops: Spearman ${rho.toFixed(6)}, largest difference ${largestDifference.toFixed(5)} M`);
    expect(rho).to.be.at.least(0.99);
    // The study's mflops are printed with 4 decimals; the counts agree to that precision.
    expect(largestDifference).to.be.below(1e-4);
  });

  it("attentivenas: AttentiveNAS-A0..A6 have the paper's MFLOPs", () => {
    for (const model of ATTENTIVENAS_MODELS) {
      const net = attentive.toNetwork(attentive.parse(model));
      expect(Math.round(net.macs / 1e6)).to.equal(model.mflops);
    }
  });

  it('encodes only the fields with a choice, and round-trips', () => {
    expect(study.nvec).to.deep.equal([4, ...new Array<number>(15).fill(3)]);
    expect(study.size).to.equal(4n * 3n ** 15n);
    expect(attentive.nvec.length).to.equal(1 + 9 + 7 + 4 + 7);
    const rng = createRng(8);
    for (const space of [study, attentive]) {
      for (let i = 0; i < 200; i++) {
        const arch = space.sample(rng);
        expect(space.decode(space.encode(arch))).to.deep.equal(arch);
        expect(space.fromKey(space.key(arch))).to.deep.equal(arch);
        expect(space.contains(JSON.parse(JSON.stringify(arch)))).to.equal(true);
      }
    }
    const first = study.parse(samples[0]);
    expect(study.key(first)).to.equal('r288_w16-16-24-32-64-112-192-216-1792_k3-5-3-5-7-5-3_e1-5-5-5-5-6-6_d1-3-6-3-4-3-1');
  });

  it("runs a depth beyond the supernet's as the supernet's (the study's stage-2 depth 6 is 5 blocks)", () => {
    const six = study.parse({ ...samples[0], depth: [1, 6, 3, 3, 3, 3, 1] });
    const count = (arch: typeof six): number => study.toNetwork(arch).layers.filter((l) => l.name.startsWith('stage2.') && l.name.endsWith('.depthwise')).length;
    expect(count(six)).to.equal(5);
    expect(count(study.parse({ ...samples[0], depth: [1, 4, 3, 3, 3, 3, 1] }))).to.equal(4);
  });

  it('rounds channels like AttentiveNAS', () => {
    expect(makeDivisible(16 * 5)).to.equal(80);
    expect(makeDivisible(100)).to.equal(104);
    expect(makeDivisible(83)).to.equal(80);
    expect(makeDivisible(3)).to.equal(8);
  });

  it('rejects bad architectures, keys, vectors and presets with a clear message', () => {
    const good = samples[0]!;
    const cases: [unknown, RegExp][] = [
      [null, /alphanet architecture: Expects an object \{resolution, width\[9\]/],
      [{ ...good, resolution: 300 }, /alphanet architecture\.resolution: Expects one of \[192, 224, 256, 288\] \(preset codesign-study\), actual: 300/],
      [{ ...good, kernel_size: [3, 9, 3, 3, 3, 3, 3] }, /alphanet architecture\.kernel_size\[1\]: Expects one of \[3, 5, 7\] \(preset codesign-study\), actual: 9/],
      [{ ...good, width: [16] }, /alphanet architecture\.width: Expects exactly 9 values in width/],
      [{ ...good, depth: 'deep' }, /alphanet architecture\.depth: Expects depth as an array of 7 integers, actual: "deep"/],
      [{ ...good, expand_ratio: [1, 4.5, 4, 4, 4, 4, 6] }, /alphanet architecture\.expand_ratio\[1\]: Expects an integer, actual: 4.5/],
    ];
    for (const [json, message] of cases) {
      expect(() => study.parse(json)).to.throw(WorkloadError, message);
      expect(study.contains(json)).to.equal(false);
    }
    expect(() => attentive.parse(good)).to.throw(WorkloadError, /kernel_size\[1\]: Expects one of \[3, 5\] \(preset attentivenas\), actual: 5|kernel_size\[4\]: Expects one of \[3, 5\]/);
    expect(() => study.fromKey('r224')).to.throw(WorkloadError, /Expects an alphanet key/);
    expect(() => study.decode([4, ...new Array<number>(15).fill(0)])).to.throw(WorkloadError, /alphanet encoding\[0\]: Expects an integer in \[0, 3\], actual: 4/);
    expect(() => new AlphanetSpace('ofa')).to.throw(WorkloadError, /Expects a preset among codesign-study, attentivenas, actual: "ofa"/);
  });
});
