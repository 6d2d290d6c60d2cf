import { expect } from 'chai';
import { AccuracyError, defaultPublishedAccuracy, publishedAccuracy } from '../../src/accuracy/index.js';
import { nasbench201Accuracies } from '../../src/data/index.js';
import { createRng } from '../../src/random/rng.js';
import { AlphanetSpace, createSpace, DartsSpace, Nasbench201Space } from '../../src/workloads/index.js';

describe('accuracy/published', () => {
  const nb201 = new Nasbench201Space();

  it('nasbench201: every cell, each dataset and split, named in every result', () => {
    const test = publishedAccuracy('nasbench201');
    expect(test.keys).to.have.length(15_625);
    expect(test.architectureKeys).to.equal(test.keys);
    const best = nb201.fromKey(nasbench201Accuracies().keys[13714]!);
    expect(test.accuracy(best)).to.deep.equal({ kind: 'top1', top1: 94.37333, source: 'published', oracle: 'NAS-Bench-201 CIFAR-10 test accuracy, 200 epochs (NATS-Bench)' });
    const cell = nb201.fromKey(nasbench201Accuracies().keys[9930]!);
    expect(publishedAccuracy('nasbench201', { dataset: 'cifar100' }).accuracy(cell).top1).to.equal(73.51333);
    expect(publishedAccuracy('nasbench201', { dataset: 'imagenet16-120' }).accuracy(cell).top1).to.equal(46.34444);
    const valid = publishedAccuracy('nasbench201', { split: 'valid' });
    expect(valid.accuracy(nb201.fromKey(nasbench201Accuracies().keys[6111]!)).top1).to.equal(91.60667);
    expect(valid.description).to.equal('NAS-Bench-201 CIFAR-10 validation accuracy, cifar10-valid setting, 200 epochs');
  });

  it("darts and alphanet: the study's architectures, and a clear error for any other", () => {
    const darts = publishedAccuracy('darts');
    expect(darts.keys).to.have.length(1018);
    const space = new DartsSpace('codesign-study');
    expect(darts.accuracy(space.fromKey(darts.keys[0]!)).top1).to.equal(92.6078);
    const stranger = space.sample(createRng(3));
    expect(darts.has(stranger)).to.equal(false);
    expect(() => darts.accuracy(stranger)).to.throw(AccuracyError, /^no published accuracy for darts architecture normal=.*covers 1018 architectures \(see oracle\.keys\)$/);

    const selected = publishedAccuracy('alphanet');
    const all = publishedAccuracy('alphanet', { set: 'all' });
    expect([selected.keys.length, all.keys.length]).to.deep.equal([1046, 9999]);
    expect(all.keys).to.include.members(selected.keys);
    const alphanet = new AlphanetSpace('codesign-study');
    expect(all.accuracy(alphanet.fromKey(all.keys[0]!)).top1).to.equal(70.9357);
    // The selected oracle lists 1,046 samples but answers for every published one.
    expect(selected.accuracy(alphanet.fromKey(all.keys[0]!)).top1).to.equal(70.9357);
  });

  it("defaults to the preset's dataset", () => {
    expect(defaultPublishedAccuracy(createSpace('nasbench201', 'cifar100')).dataset).to.equal('cifar100');
    expect(defaultPublishedAccuracy(createSpace('nasbench201', 'ImageNet16-120')).dataset).to.equal('imagenet16-120');
    expect(defaultPublishedAccuracy(createSpace('darts')).keys).to.have.length(1018);
  });

  it('rejects bad arguments, listing the choices', () => {
    expect(() => publishedAccuracy('nasnet')).to.throw(AccuracyError, /no published accuracy for space "nasnet"; spaces: nasbench201, darts, alphanet/);
    expect(() => publishedAccuracy('nasbench201', { dataset: 'svhn' as never })).to.throw(AccuracyError, /`dataset` must be one of cifar10, cifar100, imagenet16-120, actual: "svhn"/);
    expect(() => publishedAccuracy('nasbench201', { split: 'train' as never })).to.throw(AccuracyError, /`split` must be one of test, valid/);
    expect(() => publishedAccuracy('nasbench201', { dataset: 'cifar100', split: 'valid' })).to.throw(AccuracyError, /`valid` split exists for cifar10 only/);
    expect(() => publishedAccuracy('alphanet', { set: 'pareto' as never })).to.throw(AccuracyError, /`set` must be one of selected, all/);
    expect(() => publishedAccuracy('darts', { seed: 1 } as never)).to.throw(AccuracyError, /unknown option `seed`/);
  });
});
