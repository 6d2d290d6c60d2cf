import { expect } from 'chai';
import { MaestroParseError } from '../../src/maestro/errors.js';
import { parseHardware, writeHardware } from '../../src/maestro/hardware-file.js';
import { DEFAULT_HARDWARE, INT_MAX } from '../../src/maestro/types.js';

function parseError(text: string): MaestroParseError {
  try {
    parseHardware(text);
  } catch (error) {
    expect(error).to.be.instanceOf(MaestroParseError);
    return error as MaestroParseError;
  }
  throw new Error('expected a parse error');
}

describe('maestro/hardware-file', () => {
  it('reads every key', () => {
    const hw = parseHardware('num_pes: 256\nl1_size_cstr: 100\nl2_size_cstr: 3000\nnoc_bw_cstr: 1000\noffchip_bw_cstr: 300\nNoC_NumHops: 3\n');
    expect(hw).to.deep.equal({
      numPes: 256,
      l1SizeElements: 100,
      l2SizeElements: 3000,
      nocBandwidthElemsPerCycle: 1000,
      offchipBandwidthElemsPerCycle: 300,
      nocLatencyCycles: 3,
      simdLanes: 1,
    });
  });

  it("takes MAESTRO's defaults for absent keys (1 PE, unconstrained, latency 1)", () => {
    expect(parseHardware('')).to.deep.equal(DEFAULT_HARDWARE);
    expect(parseHardware('num_pes 8').l2SizeElements).to.equal(INT_MAX);
  });

  it('accepts the vector width as an option, since the file has no key for it', () => {
    expect(parseHardware('num_pes: 4', { simdLanes: 4 }).simdLanes).to.equal(4);
    expect(() => parseHardware('num_pes: 4', { simdLanes: 0 })).to.throw(MaestroParseError, /vector width/);
  });

  it('ignores comments and lets a later key win', () => {
    expect(parseHardware('num_pes: 4 // four\n// num_pes: 8\nnum_pes: 16').numPes).to.equal(16);
  });

  it('rejects an unknown key with its line', () => {
    const error = parseError('num_pes: 4\nnum_simd_lanes: 2');
    expect(error.code).to.equal('unknown-key');
    expect(error.line).to.equal(2);
    expect(error.message).to.match(/line 2/).and.match(/unknown key "num_simd_lanes"/);
  });

  it('rejects a key without a value', () => {
    expect(parseError('num_pes: 4\nnoc_bw_cstr:').message).to.match(/line 2.*has no value/);
  });

  it('rejects a non-integer value', () => {
    const error = parseError('num_pes: four');
    expect(error.code).to.equal('invalid-value');
    expect(error.message).to.match(/non-negative integer, got "four"/);
  });

  it('rejects zero PEs or zero bandwidth, on which MAESTRO divides by zero', () => {
    expect(parseError('num_pes: 0').message).to.match(/num_pes.*\[1, 2147483647\], got 0/);
    expect(parseError('noc_bw_cstr: 0').message).to.match(/noc_bw_cstr/);
    expect(parseError('offchip_bw_cstr: 0').message).to.match(/offchip_bw_cstr/);
    expect(parseError('num_pes: 99999999999').message).to.match(/num_pes/);
  });

  it('writes a file that reads back to the same hardware', () => {
    for (const hw of [
      DEFAULT_HARDWARE,
      { ...DEFAULT_HARDWARE, numPes: 256, l1SizeElements: 100, nocBandwidthElemsPerCycle: 64, nocLatencyCycles: 3 },
    ]) {
      expect(parseHardware(writeHardware(hw))).to.deep.equal(hw);
    }
    expect(writeHardware({ ...DEFAULT_HARDWARE, numPes: 8, offchipBandwidthElemsPerCycle: 50 })).to.equal('num_pes: 8\noffchip_bw_cstr: 50\n');
  });
});
