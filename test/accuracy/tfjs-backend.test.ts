import { expect } from 'chai';
import { activeTfjsBackend, loadTfjs, TFJS_BACKENDS } from '../../src/tfjs/backend.js';

describe('tfjs/backend', () => {
  it('picks tfjs-node if installed, else WASM (its .wasm files loaded from node_modules), else CPU, and says which', async () => {
    const runtime = await loadTfjs();
    expect(TFJS_BACKENDS).to.include(runtime.backend);
    expect(activeTfjsBackend()).to.equal(runtime.backend);
    expect(runtime.tf.getBackend()).to.equal(runtime.backend);
    if (runtime.backend !== 'tensorflow') {
      expect(runtime.skipped[0]!.backend).to.equal('tensorflow');
      expect(runtime.skipped[0]!.reason.length).to.be.greaterThan(0);
    }
    if (runtime.backend === 'wasm') expect(runtime.skipped.map((s) => s.backend)).to.deep.equal(['tensorflow']);
    expect(Array.from(runtime.tf.tensor([1, 2, 3]).sum().dataSync())).to.deep.equal([6]);
    expect(await loadTfjs()).to.equal(runtime);
  });

  it('can be forced to a backend, and reports a clear error for an unknown one', async () => {
    const original = (await loadTfjs()).backend;
    try {
      const cpu = await loadTfjs({ backend: 'cpu' });
      expect(cpu.backend).to.equal('cpu');
      expect(cpu.tf.getBackend()).to.equal('cpu');
    } finally {
      expect((await loadTfjs({ backend: original })).backend).to.equal(original);
    }
    let error: unknown;
    await loadTfjs({ backend: 'gpu' as 'cpu' }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal('Expects a TF.js backend among tensorflow, wasm, cpu, actual: "gpu"');
    expect((await loadTfjs()).backend).to.equal(original);
  });
});
