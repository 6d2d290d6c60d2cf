/** Shared fixtures for the environment tests: a deterministic stand-in oracle and small grids. */
import type { AccuracyOracle, Top1Result } from '../../src/accuracy/oracle.js';

/** A deterministic pseudo-accuracy in [60, 85) from the architecture's JSON (tests only). */
export const hashOracle: AccuracyOracle<unknown> = {
  kind: 'top1',
  source: 'table',
  description: 'test hash',
  accuracy(arch: unknown): Top1Result {
    const text = JSON.stringify(arch);
    let hash = 0;
    for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) % 1000;
    return { kind: 'top1', top1: 60 + hash / 40, source: 'table', oracle: 'test hash' };
  },
};

/** The pseudo-accuracy of an architecture. */
export function hashAccuracy(arch: unknown): number {
  return (hashOracle.accuracy(arch) as Top1Result).top1;
}

export const SMALL_GRID = {
  numPes: [64, 256],
  nocBandwidthElemsPerCycle: [300, 1000],
  offchipBandwidthElemsPerCycle: [50, 300],
  dataflows: ['kcp_ws', 'rs'] as ('kcp_ws' | 'rs')[],
};
