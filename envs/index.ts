/** The design environments (registered on import) and the semi-decoupled wrapper. */
import { register } from '../src/gym/default-registry.js';
import { AcceleratorDesign, ACCELERATOR_DESIGN_DEFAULTS, acceleratorDesignOptionsSchema } from './accelerator-design.js';
import {
  ARCHITECTURE_SELECTION_DEFAULTS,
  ArchitectureSelection,
  architectureSelectionOptionsSchema,
  CO_DESIGN_DEFAULTS,
  CoDesign,
  coDesignOptionsSchema,
} from './co-design.js';
import { semiDecoupledOptionsSchema, SemiDecoupled } from './semi-decoupled.js';
import * as z from 'zod';
import type { AcceleratorDesignOptions } from './accelerator-design.js';
import type { ArchitectureSelectionOptions, CoDesignOptions } from './co-design.js';

export * from './metrics.js';
export * from './objective.js';
export * from './design-env.js';
export * from './hardware-grid.js';
export * from './options.js';
export * from './architecture-choice.js';
export * from './accelerator-design.js';
export * from './co-design.js';
export * from './semi-decoupled.js';
export * from './grid-search.js';
export * from './verify-optimality.js';

/** CoDesign options plus the wrapper's, under `semiDecoupled`. */
export const semiDecoupledEnvOptionsSchema = coDesignOptionsSchema.extend({
  semiDecoupled: semiDecoupledOptionsSchema.partial().optional(),
});
export type SemiDecoupledEnvOptions = z.infer<typeof semiDecoupledEnvOptionsSchema>;

declare module '../src/gym/default-registry.js' {
  interface EnvRegistry {
    'AcceleratorDesign-v0': { env: AcceleratorDesign; options: Partial<AcceleratorDesignOptions> };
    'ArchitectureSelection-v0': { env: ArchitectureSelection; options: Partial<ArchitectureSelectionOptions> };
    'CoDesign-v0': { env: CoDesign; options: Partial<CoDesignOptions> };
    'SemiDecoupled-v0': { env: SemiDecoupled; options: Partial<SemiDecoupledEnvOptions> };
  }
}

const REGISTRATIONS = [
  ['AcceleratorDesign-v0', 'choose PEs, buffers, bandwidths and dataflow for a fixed workload (the study grid by default)'],
  ['ArchitectureSelection-v0', 'choose an architecture of a space for a fixed accelerator'],
  ['CoDesign-v0', 'choose an architecture and an accelerator together'],
  ['SemiDecoupled-v0', 'CoDesign over the reduced architecture set built on a reference accelerator'],
] as const;

function registerDesignEnvs(): void {
  const describe = (id: string): string => REGISTRATIONS.find((r) => r[0] === id)![1];
  register('AcceleratorDesign-v0', (options) => new AcceleratorDesign(options), ACCELERATOR_DESIGN_DEFAULTS, {
    schema: acceleratorDesignOptionsSchema,
    description: describe('AcceleratorDesign-v0'),
    overwrite: true,
  });
  register('ArchitectureSelection-v0', (options) => new ArchitectureSelection(options), ARCHITECTURE_SELECTION_DEFAULTS, {
    schema: architectureSelectionOptionsSchema,
    description: describe('ArchitectureSelection-v0'),
    overwrite: true,
  });
  register('CoDesign-v0', (options) => new CoDesign(options), CO_DESIGN_DEFAULTS, {
    schema: coDesignOptionsSchema,
    description: describe('CoDesign-v0'),
    overwrite: true,
  });
  register(
    'SemiDecoupled-v0',
    (options: SemiDecoupledEnvOptions) => {
      const { semiDecoupled, ...coDesign } = options;
      return new SemiDecoupled(new CoDesign(coDesign), semiDecoupled ?? {});
    },
    CO_DESIGN_DEFAULTS as SemiDecoupledEnvOptions,
    { schema: semiDecoupledEnvOptionsSchema, description: describe('SemiDecoupled-v0'), overwrite: true },
  );
}

registerDesignEnvs();
