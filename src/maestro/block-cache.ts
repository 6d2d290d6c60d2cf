/**
 * Blocks of mapping text read before, by their exact text. Mapping files repeat the same layer body
 * (`{ Type ... Dimensions { ... } Dataflow { ... } }`) and, more often still, the same Dataflow block,
 * and a batch reads the same files again: a reader copies a known block instead of scanning and
 * reading it once more.
 *
 * A block is remembered only if reading it resolved no Constant name: such a block reads the same
 * under any constants, and wherever it stands but for its line numbers, which are kept relative
 * to the line of its `{`.
 */
import {
  DIMENSION_NAMES,
  type ClusterDirective,
  type DimensionName,
  type Dimensions,
  type Directive,
  type LayerSpec,
  type LayerType,
  type MapDirective,
  type NetworkSpec,
} from './types.js';

/** What a layer's braces hold. */
export interface LayerBody {
  type: LayerType;
  strides: Dimensions | undefined;
  dimensions: Dimensions;
  dataflow: Directive[] | undefined;
}

/** A layer body read before; its directives' lines count from its `{` (0 is that line). */
export interface KnownBody {
  readonly body: LayerBody;
  /** Line breaks between the body's `{` and its `}`. */
  readonly closeLineOffset: number;
}

/** A layer whose body is known: enough to build it again without reading its text. */
export interface KnownLayer {
  readonly name: string;
  /** 1-based line of its `Layer` keyword, and of its body's `{`. */
  readonly line: number;
  readonly openLine: number;
  readonly body: KnownBody;
}

/** A network all of whose layers are known, and which has no Constants. */
export interface KnownNetwork {
  readonly name: string;
  readonly layers: readonly KnownLayer[];
}

/** A directive of a Dataflow block read before: its line counts from the block's `{`. */
interface KnownDirective {
  readonly directive: Directive;
  /** D when the size was written `Sz(D)`, which a copy reads from its layer's dimensions. */
  readonly sizeDimension: DimensionName | undefined;
  readonly offsetDimension: DimensionName | undefined;
}

/** A Dataflow block read before. */
export interface KnownDataflow {
  readonly directives: readonly KnownDirective[];
  /** Line breaks between the block's `{` and its `}`. */
  readonly closeLineOffset: number;
}

/** Blocks kept at most; a cache starts afresh beyond this. */
const DEFAULT_MAX_BLOCKS = 4096;
/**
 * Characters of mapping text a cache may keep alive (a key is a slice of its file's text, and a
 * slice keeps the whole text); a cache starts afresh beyond this.
 */
const DEFAULT_MAX_TEXT_CHARS = 8 << 20;

/** The dimension D of the text `Sz(D)`. */
const SIZE_TEXT_DIMENSION = new Map<string | undefined, DimensionName>(
  DIMENSION_NAMES.map((dim) => [`Sz(${dim})`, dim]),
);

/**
 * The offset of the `}` that closes the `{` at `open`, counting every brace in the text (in
 * comments too), or -1. Only a candidate: a block is copied only when its exact text is known.
 */
export function matchingBraceOffset(text: string, open: number): number {
  let depth = 1;
  let from = open + 1;
  let nextOpen = text.indexOf('{', from);
  for (;;) {
    const close = text.indexOf('}', from);
    if (close < 0) return -1;
    while (nextOpen >= 0 && nextOpen < close) {
      depth++;
      nextOpen = text.indexOf('{', nextOpen + 1);
    }
    if (--depth === 0) return close;
    from = close + 1;
  }
}

/** Values by the text of a block from its `{` to its `}`, within bounds of count and memory. */
export class BlockCache<T> {
  private readonly blocks = new Map<string, T>();
  private lastText = '';
  private keptTextChars = 0;

  constructor(
    private readonly maxBlocks = DEFAULT_MAX_BLOCKS,
    private readonly maxTextChars = DEFAULT_MAX_TEXT_CHARS,
  ) {}

  /** The value of the block that runs from offset `open` to `close` (both braces) in `text`. */
  recall(text: string, open: number, close: number): T | undefined {
    return this.blocks.get(text.slice(open, close + 1));
  }

  remember(text: string, open: number, close: number, value: T): void {
    if (text !== this.lastText) {
      this.keptTextChars += text.length;
      this.lastText = text;
    }
    if (this.blocks.size >= this.maxBlocks || this.keptTextChars > this.maxTextChars) {
      this.blocks.clear();
      this.keptTextChars = text.length;
    }
    this.blocks.set(text.slice(open, close + 1), value);
  }

  get size(): number {
    return this.blocks.size;
  }

  clear(): void {
    this.blocks.clear();
    this.lastText = '';
    this.keptTextChars = 0;
  }
}

/** What to remember of a body just read with its `{` on line `openLine` and its `}` on `closeLine`. */
export function knownBody(body: LayerBody, openLine: number, closeLine: number): KnownBody {
  return { body: copyLayerBody(body, -openLine), closeLineOffset: closeLine - openLine };
}

/** A known body as read at a `{` on line `openLine`: fresh objects, nothing shared with the cache. */
export function placeKnownBody(known: KnownBody, openLine: number): LayerBody {
  return copyLayerBody(known.body, openLine);
}

/** A known network built again: fresh objects, as a parse of its text gives them. */
export function placeKnownNetwork(known: KnownNetwork): NetworkSpec {
  const layers: LayerSpec[] = [];
  for (const layer of known.layers) layers.push(layerSpec(layer.name, layer.line, placeKnownBody(layer.body, layer.openLine)));
  return { name: known.name, layers };
}

/** A layer of a body, with its properties in the order a parse gives them. */
export function layerSpec(name: string, line: number, body: LayerBody): LayerSpec {
  const layer: LayerSpec = { name, type: body.type, dimensions: body.dimensions, line };
  if (body.strides !== undefined) layer.strides = body.strides;
  if (body.dataflow !== undefined) layer.dataflow = body.dataflow;
  return layer;
}

/** What to remember of a Dataflow block just read with its `{` on line `openLine` and its `}` on `closeLine`. */
export function knownDataflow(directives: readonly Directive[], openLine: number, closeLine: number): KnownDataflow {
  const known: KnownDirective[] = [];
  for (const directive of directives) {
    known.push({
      directive: shiftedDirective(directive, -openLine),
      sizeDimension: SIZE_TEXT_DIMENSION.get(directive.sizeText),
      offsetDimension: directive.kind === 'Cluster' ? undefined : SIZE_TEXT_DIMENSION.get(directive.offsetText),
    });
  }
  return { directives: known, closeLineOffset: closeLine - openLine };
}

/**
 * A known Dataflow block as read at a `{` on line `openLine` in a layer of `dimensions`, or
 * undefined when reading it there would fail (an `Sz()` of a missing dimension, a TemporalMap on R
 * or S that does not cover the filter): the reader then reads the block and reports the error.
 */
export function placeKnownDataflow(known: KnownDataflow, openLine: number, dimensions: Dimensions): Directive[] | undefined {
  const placed: Directive[] = [];
  const directives = known.directives;
  for (let i = 0; i < directives.length; i++) {
    const { directive, sizeDimension, offsetDimension } = directives[i]!;
    const size = sizeDimension === undefined ? directive.size : dimensions[sizeDimension];
    if (size === undefined) return undefined;
    const line = directive.line! + openLine;
    if (directive.kind === 'Cluster') {
      placed.push(clusterDirective(directive, size, line));
      continue;
    }
    const offset = offsetDimension === undefined ? directive.offset : dimensions[offsetDimension];
    if (offset === undefined) return undefined;
    const dim = directive.dim;
    if (directive.kind === 'TemporalMap' && (dim === 'R' || dim === 'S') && (size !== offset || size !== dimensions[dim])) return undefined;
    placed.push(mapDirective(directive, size, offset, line));
  }
  return placed;
}

function copyLayerBody(body: LayerBody, lineShift: number): LayerBody {
  const dataflow = body.dataflow;
  let directives: Directive[] | undefined;
  if (dataflow !== undefined) {
    directives = [];
    for (let i = 0; i < dataflow.length; i++) directives.push(shiftedDirective(dataflow[i]!, lineShift));
  }
  return {
    type: body.type,
    strides: body.strides === undefined ? undefined : Object.assign({}, body.strides),
    dimensions: Object.assign({}, body.dimensions),
    dataflow: directives,
  };
}

function shiftedDirective(directive: Directive, lineShift: number): Directive {
  const line = directive.line! + lineShift;
  if (directive.kind === 'Cluster') return clusterDirective(directive, directive.size, line);
  return mapDirective(directive, directive.size, directive.offset, line);
}

// The properties in the order a parse gives them (one hidden class for parsed and copied directives).
function mapDirective(directive: MapDirective, size: number, offset: number, line: number): MapDirective {
  return { kind: directive.kind, size, offset, dim: directive.dim, sizeText: directive.sizeText, offsetText: directive.offsetText, line };
}

function clusterDirective(directive: ClusterDirective, size: number, line: number): ClusterDirective {
  return { kind: 'Cluster', size, clusterType: directive.clusterType, sizeText: directive.sizeText, line };
}
