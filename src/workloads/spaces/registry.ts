/** The architecture spaces by name, with their presets. */
import { fail } from '../errors.js';
import { ALPHANET_PRESETS, AlphanetSpace } from './alphanet.js';
import { DARTS_PRESETS, DartsSpace } from './darts.js';
import { NASBENCH201_PRESETS, Nasbench201Space } from './nasbench201.js';

export const SPACE_NAMES = ['darts', 'nasbench201', 'alphanet'] as const;
export type SpaceName = (typeof SPACE_NAMES)[number];

/** Every preset of every space; the first is the default. */
export const SPACE_PRESETS: Readonly<Record<SpaceName, readonly string[]>> = Object.freeze({
  darts: ['standard', ...DARTS_PRESETS.filter((p) => p !== 'standard')],
  nasbench201: NASBENCH201_PRESETS,
  alphanet: ALPHANET_PRESETS,
});

export type AnyArchitectureSpace = DartsSpace | Nasbench201Space | AlphanetSpace;

export function isSpaceName(name: string): name is SpaceName {
  return (SPACE_NAMES as readonly string[]).includes(name);
}

/**
 * A space by name, with a preset (default: the first of `SPACE_PRESETS[name]`).
 *
 * @example
 * createSpace('darts', 'codesign-study').preset; // 'codesign-study'
 * createSpace('nasbench201').nvec.length;        // 6
 */
export function createSpace(name: 'darts', preset?: string): DartsSpace;
export function createSpace(name: 'nasbench201', preset?: string): Nasbench201Space;
export function createSpace(name: 'alphanet', preset?: string): AlphanetSpace;
export function createSpace(name: string, preset?: string): AnyArchitectureSpace;
export function createSpace(name: string, preset?: string): AnyArchitectureSpace {
  if (!isSpaceName(name)) fail(undefined, `a space name among ${SPACE_NAMES.join(', ')}`, name);
  const chosen = preset ?? SPACE_PRESETS[name][0]!;
  if (!SPACE_PRESETS[name].includes(chosen)) fail(`${name} space`, `a preset among ${SPACE_PRESETS[name].join(', ')}`, chosen);
  switch (name) {
    case 'darts':
      return new DartsSpace(chosen);
    case 'nasbench201':
      return new Nasbench201Space(chosen);
    case 'alphanet':
      return new AlphanetSpace(chosen);
  }
}
