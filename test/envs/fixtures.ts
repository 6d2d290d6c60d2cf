/** Shared fixtures for the environment tests: a deterministic stand-in oracle and small grids. */
import type { ArchitectureOracle } from '../../envs/architecture-choice.js';

/** A deterministic pseudo-accuracy in [60, 85) from the architecture's JSON (tests only). */
export const hashOracle: ArchitectureOracle<unknown> = {
  accuracy(arch: unknown) {
    const text = JSON.stringify(arch);
    let hash = 0;
    for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) % 1000;
    return { value: 60 + hash / 40, source: 'test:hash' };
  },
};

export const SMALL_GRID = {
  numPes: [64, 256],
  nocBandwidthElemsPerCycle: [300, 1000],
  offchipBandwidthElemsPerCycle: [50, 300],
  dataflows: ['kcp_ws', 'rs'] as ('kcp_ws' | 'rs')[],
};
