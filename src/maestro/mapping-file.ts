/** Reading and writing MAESTRO mapping (DFSL) files: Constants, a Network of Layers, and their Dataflows. */
import { MaestroParseError, type MaestroErrorCode } from './errors.js';
import {
  BlockCache,
  knownBody,
  knownDataflow,
  layerSpec,
  matchingBraceOffset,
  placeKnownBody,
  placeKnownDataflow,
  placeKnownNetwork,
  type KnownBody,
  type KnownDataflow,
  type KnownLayer,
  type KnownNetwork,
  type LayerBody,
} from './block-cache.js';
import { dimensionNameAt, SizeBlockReader } from './size-block.js';
import { endsTokenAt, scanThroughOpenBrace, TokenColumns } from './tokenizer.js';
import {
  DIMENSION_NAMES,
  LAYER_TYPES,
  UNSUPPORTED_LAYER_TYPES,
  type ClusterDirective,
  type DimensionName,
  type Dimensions,
  type Directive,
  type LayerSpec,
  type LayerType,
  type MapDirective,
  type NetworkSpec,
} from './types.js';

// The texts a parse names, built once (a cold batch parses thousands of directives and dimensions).
const TEMPORAL_MAP_PARTS = { size: 'the size of TemporalMap', offset: 'the offset of TemporalMap', dimension: 'the dimension of TemporalMap' };
const SPATIAL_MAP_PARTS = { size: 'the size of SpatialMap', offset: 'the offset of SpatialMap', dimension: 'the dimension of SpatialMap' };
const SIZE_OF_TEXT = Object.fromEntries(DIMENSION_NAMES.map((dim) => [dim, `Sz(${dim})`])) as Record<DimensionName, string>;
const STRIDE_OF = Object.fromEntries(DIMENSION_NAMES.map((dim) => [dim, `the stride of ${dim}`])) as Record<DimensionName, string>;
const SIZE_OF = Object.fromEntries(DIMENSION_NAMES.map((dim) => [dim, `the size of ${dim}`])) as Record<DimensionName, string>;

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** The token storage parses reuse (a parse runs to its end before the next starts). */
const scratch = new TokenColumns(4096);

/** Layer bodies and Dataflow blocks that parses in this process have read, for later parses to copy. */
const knownBodies = new BlockCache<KnownBody>();
const knownDataflows = new BlockCache<KnownDataflow>();
/** Reads plain Stride and Dimensions blocks without tokens. */
const sizeBlocks = new SizeBlockReader();
/** The text of the last parse whose network is known, since a batch often repeats a mapping under other hardware. */
let lastParse: { text: string; network: KnownNetwork } | undefined;

/**
 * Parses a mapping file into a network. Follows MAESTRO's grammar: tokens split on ` ,->():\t;`,
 * `//` comments, `Constant NAME value`, `Sz(D)`, Stride before Dimensions, the R/S TemporalMap check.
 * An `Accelerator { ... }` block is skipped, as MAESTRO does; other top-level tokens are ignored.
 *
 * @example
 * const net = parseMapping(`Network n { Layer L { Type: GEMM Dimensions { M: 4, N: 4, K: 4 }
 *   Dataflow { SpatialMap(1,1) M; } } }`);
 * net.layers[0].dimensions; // { M: 4, N: 4, K: 4 }
 */
export function parseMapping(text: string): NetworkSpec {
  if (lastParse !== undefined && lastParse.text === text) return placeKnownNetwork(lastParse.network);
  scratch.restart(text);
  try {
    const parser = new MappingParser(scratch);
    const network = parser.parseFile();
    const known = parser.knownNetwork();
    lastParse = known === undefined ? undefined : { text, network: known };
    return network;
  } finally {
    scratch.restart('');
  }
}

/**
 * Forgets the blocks earlier parses read: a parse copies a layer body or a Dataflow block whose
 * exact text it knows (see block-cache.ts), and the whole network of the text it read last.
 */
export function forgetKnownBlocks(): void {
  knownBodies.clear();
  knownDataflows.clear();
  lastParse = undefined;
}

/**
 * Reads the token columns in place: tokens are indices, compared and converted where they lie in
 * the text, and only names that the network keeps become strings. Tokens are scanned as the reader
 * goes, a `{` at a time, so that a layer body whose text is known is copied without being scanned.
 */
class MappingParser {
  private position = 0;
  private readonly constants: Record<string, number> = {};
  private networkName = 'Network';
  private readonly layers: LayerSpec[] = [];
  /** The layers read so far, while every body is known. */
  private knownLayers: KnownLayer[] | undefined = [];
  /** The known body of the last layer body read, if it is known. */
  private lastKnownBody: KnownBody | undefined;
  private layerName: string | undefined;
  /** Tokens scanned so far. */
  private count = 0;
  /** How many times a Constant name gave a value. */
  private constantsResolved = 0;
  // What the last parseSize read: a value and, when not a plain integer, how it was written.
  private sizeValue = 0;
  private sizeText: string | undefined = undefined;

  constructor(private readonly tokens: TokenColumns) {}

  /** The network read, if it has no Constants and every layer body is known. */
  knownNetwork(): KnownNetwork | undefined {
    if (this.knownLayers === undefined || Object.keys(this.constants).length > 0) return undefined;
    return { name: this.networkName, layers: this.knownLayers };
  }

  parseFile(): NetworkSpec {
    const tokens = this.tokens;
    while (!this.atEnd()) {
      const token = this.next();
      if (tokens.is(token, 'Constant')) this.parseConstant();
      else if (tokens.is(token, 'Network')) this.parseNetwork();
      else if (tokens.is(token, 'Accelerator')) this.skipBlock(token);
      // MAESTRO ignores anything else at the top level.
    }
    const network: NetworkSpec = { name: this.networkName, layers: this.layers };
    if (Object.keys(this.constants).length > 0) network.constants = { ...this.constants };
    return network;
  }

  private parseConstant(): void {
    const name = this.tokens.tokenText(this.expectAny('a Constant name'));
    const value = this.expectAny(`the value of Constant ${name}`);
    this.constants[name] = this.resolveInteger(value, `Constant ${name}`);
  }

  private parseNetwork(): void {
    const tokens = this.tokens;
    const last = this.lastTokenBeforeOpenBrace('Network', '"{" after Network');
    if (last >= 0) this.networkName = tokens.tokenText(last);
    for (;;) {
      const token = this.expectAny('"Layer" or "}" in the Network block');
      if (this.isChar(token, CLOSE_BRACE)) return;
      if (tokens.is(token, 'Layer')) this.parseLayer(token);
      else if (tokens.is(token, 'Constant')) this.parseConstant();
      else this.fail('parse', token, `unexpected "${tokens.tokenText(token)}" in the Network block; expected "Layer" or "}"`);
    }
  }

  private parseLayer(keyword: number): void {
    const tokens = this.tokens;
    const last = this.lastTokenBeforeOpenBrace('Layer', '"{" after Layer');
    const name = last >= 0 ? tokens.tokenText(last) : 'Layer';
    const openBrace = this.position - 1;
    this.layerName = name;
    this.lastKnownBody = undefined;
    const body = this.copyKnownBody(openBrace) ?? this.parseLayerBody(keyword, openBrace);
    const line = tokens.lines[keyword]!;
    this.layers.push(layerSpec(name, line, body));
    const known = this.lastKnownBody;
    if (known === undefined) this.knownLayers = undefined;
    else this.knownLayers?.push({ name, line, openLine: tokens.lines[openBrace]!, body: known });
    this.layerName = undefined;
  }

  /** The body of the layer whose `{` is token `openBrace`, copied when its exact text was read before. */
  private copyKnownBody(openBrace: number): LayerBody | undefined {
    const close = this.unscannedBlockEnd(openBrace);
    if (close < 0) return undefined;
    const known = knownBodies.recall(this.tokens.text, this.tokens.starts[openBrace]!, close);
    if (known === undefined) return undefined;
    const openLine = this.tokens.lines[openBrace]!;
    this.skipBlockText(close, openLine + known.closeLineOffset);
    this.lastKnownBody = known;
    return placeKnownBody(known, openLine);
  }

  /**
   * The offset of the `}` that ends the block whose `{` is token `openBrace`, when no token after
   * that `{` is scanned yet and the text has a candidate `}` that is a token of its own; else -1.
   */
  private unscannedBlockEnd(openBrace: number): number {
    if (this.position !== this.count) return -1;
    const text = this.tokens.text;
    const close = matchingBraceOffset(text, this.tokens.starts[openBrace]!);
    return close >= 0 && endsTokenAt(text, close + 1) ? close : -1;
  }

  /** Goes on after a block read from a cache instead of the text: its `}` is at `close`, on `closeLine`. */
  private skipBlockText(close: number, closeLine: number): void {
    this.tokens.skipTo(close, closeLine);
    this.count = this.tokens.count;
    this.position = this.count;
  }

  /** Reads a layer body from the token after its `{` (token `openBrace`) through its `}`. */
  private parseLayerBody(keyword: number, openBrace: number): LayerBody {
    const tokens = this.tokens;
    const constantsResolvedBefore = this.constantsResolved;
    let type: LayerType | undefined;
    let strides: Dimensions | undefined;
    let dimensions: Dimensions | undefined;
    let dataflow: Directive[] | undefined;
    for (;;) {
      const token = this.expectAny('a layer entry or "}"');
      if (this.isChar(token, CLOSE_BRACE)) break;
      if (tokens.is(token, 'Type')) {
        type = this.parseType();
      } else if (tokens.is(token, 'Stride')) {
        if (dimensions !== undefined) {
          this.fail('parse', token, 'Stride must come before Dimensions (MAESTRO ignores a later Stride)');
        }
        strides = this.parseStride(strides ?? {});
      } else if (tokens.is(token, 'Dimensions')) {
        dimensions = this.parseDimensions(dimensions ?? {});
      } else if (tokens.is(token, 'Dataflow')) {
        if (dataflow !== undefined) this.fail('parse', token, 'a layer has at most one Dataflow block');
        if (dimensions === undefined) {
          this.fail('parse', token, 'Dimensions must come before Dataflow (Sz() and the R/S check read them)');
        }
        dataflow = this.parseDataflow(dimensions);
      } else {
        this.fail('unknown-key', token, `unexpected "${tokens.tokenText(token)}" in a layer; expected Type, Stride, Dimensions, Dataflow or "}"`);
      }
    }
    if (type === undefined) this.fail('parse', keyword, 'the layer has no Type');
    if (dimensions === undefined || Object.keys(dimensions).length === 0) {
      this.fail('parse', keyword, 'the layer has no Dimensions');
    }
    const body: LayerBody = { type, strides, dimensions, dataflow };
    // A body that names no Constant reads the same wherever it stands, whatever the constants.
    if (this.constantsResolved === constantsResolvedBefore) {
      const closeBrace = this.position - 1;
      const lines = tokens.lines;
      const known = knownBody(body, lines[openBrace]!, lines[closeBrace]!);
      knownBodies.remember(tokens.text, tokens.starts[openBrace]!, tokens.starts[closeBrace]!, known);
      this.lastKnownBody = known;
    }
    return body;
  }

  private parseType(): LayerType {
    const tokens = this.tokens;
    const token = this.expectAny('a layer type');
    for (const type of LAYER_TYPES) if (tokens.is(token, type)) return type;
    const text = tokens.tokenText(token);
    if ((UNSUPPORTED_LAYER_TYPES as readonly string[]).includes(text)) {
      this.fail(
        'unsupported-layer-type',
        token,
        `layer type ${text} is not supported by MAESTRO's cost model; write a fully connected layer as CONV with R=S=Y=X=1 or as GEMM`,
      );
    }
    return this.fail('unsupported-layer-type', token, `unknown layer type "${text}"; expected one of ${LAYER_TYPES.join(', ')}`);
  }

  private parseStride(strides: Dimensions): Dimensions {
    this.expectOpenBrace('Stride', '"{" after Stride');
    if (this.readPlainSizeBlock(strides)) return strides;
    for (;;) {
      const token = this.expectAny('a dimension or "}" in Stride');
      if (this.isChar(token, CLOSE_BRACE)) return strides;
      const dim = this.dimensionName(token);
      const valueToken = this.expectAny(STRIDE_OF[dim]);
      const value = this.resolveInteger(valueToken, STRIDE_OF[dim]);
      if (value < 1) this.fail('invalid-value', valueToken, `the stride of ${dim} must be at least 1, got ${value}`);
      strides[dim] = value;
    }
  }

  private parseDimensions(dimensions: Dimensions): Dimensions {
    this.expectOpenBrace('Dimensions', '"{" after Dimensions');
    if (this.readPlainSizeBlock(dimensions)) return dimensions;
    for (;;) {
      const token = this.expectAny('a dimension or "}" in Dimensions');
      if (this.isChar(token, CLOSE_BRACE)) return dimensions;
      const dim = this.dimensionName(token);
      const valueToken = this.expectAny(SIZE_OF[dim]);
      const value = this.resolveInteger(valueToken, SIZE_OF[dim]);
      if (value < 1) this.fail('invalid-value', valueToken, `the size of ${dim} must be at least 1, got ${value}`);
      dimensions[dim] = value;
    }
  }

  /** Reads the size block whose `{` is the last token read straight from the text, if it is plain (see size-block.ts). */
  private readPlainSizeBlock(sizes: Dimensions): boolean {
    const tokens = this.tokens;
    const openBrace = this.position - 1;
    if (this.position !== this.count || !sizeBlocks.read(tokens.text, tokens.ends[openBrace]!, tokens.lines[openBrace]!, sizes)) return false;
    this.skipBlockText(sizeBlocks.closeOffset, sizeBlocks.closeLine);
    return true;
  }

  private parseDataflow(dimensions: Dimensions): Directive[] {
    this.expectOpenBrace('Dataflow', '"{" after Dataflow');
    const openBrace = this.position - 1;
    return this.copyKnownDataflow(openBrace, dimensions) ?? this.parseDirectives(openBrace, dimensions);
  }

  /** The Dataflow block whose `{` is token `openBrace`, copied when its exact text was read before and reads without error here. */
  private copyKnownDataflow(openBrace: number, dimensions: Dimensions): Directive[] | undefined {
    const close = this.unscannedBlockEnd(openBrace);
    if (close < 0) return undefined;
    const known = knownDataflows.recall(this.tokens.text, this.tokens.starts[openBrace]!, close);
    if (known === undefined) return undefined;
    const openLine = this.tokens.lines[openBrace]!;
    const directives = placeKnownDataflow(known, openLine, dimensions);
    if (directives !== undefined) this.skipBlockText(close, openLine + known.closeLineOffset);
    return directives;
  }

  /** Reads the directives of a Dataflow block from the token after its `{` (token `openBrace`) through its `}`. */
  private parseDirectives(openBrace: number, dimensions: Dimensions): Directive[] {
    const tokens = this.tokens;
    const constantsResolvedBefore = this.constantsResolved;
    const directives: Directive[] = [];
    for (;;) {
      const token = this.expectAny('a directive or "}" in Dataflow');
      if (this.isChar(token, CLOSE_BRACE)) {
        if (this.constantsResolved === constantsResolvedBefore) {
          const known = knownDataflow(directives, tokens.lines[openBrace]!, tokens.lines[token]!);
          knownDataflows.remember(tokens.text, tokens.starts[openBrace]!, tokens.starts[token]!, known);
        }
        return directives;
      }
      if (tokens.is(token, 'TemporalMap')) {
        directives.push(this.parseMap(token, 'TemporalMap', dimensions));
      } else if (tokens.is(token, 'SpatialMap')) {
        directives.push(this.parseMap(token, 'SpatialMap', dimensions));
      } else if (tokens.is(token, 'Cluster')) {
        directives.push(this.parseCluster(token, dimensions));
      } else {
        this.fail('unknown-key', token, `unexpected "${tokens.tokenText(token)}" in Dataflow; expected TemporalMap, SpatialMap, Cluster or "}"`);
      }
    }
  }

  private parseMap(keyword: number, kind: MapDirective['kind'], dimensions: Dimensions): MapDirective {
    const what = kind === 'TemporalMap' ? TEMPORAL_MAP_PARTS : SPATIAL_MAP_PARTS;
    this.parseSize(dimensions, what.size);
    const size = this.sizeValue;
    const sizeText = this.sizeText;
    this.parseSize(dimensions, what.offset);
    const offset = this.sizeValue;
    const offsetText = this.sizeText;
    const dimToken = this.expectAny(what.dimension);
    const dim = this.dimensionName(dimToken);
    if (kind === 'TemporalMap' && (dim === 'R' || dim === 'S')) {
      const full = dimensions[dim];
      if (size !== offset || size !== full) {
        this.fail(
          'rs-map-mismatch',
          keyword,
          `invalid mapping: TemporalMap on ${dim} must cover the whole filter (size = offset = ${full ?? `Sz(${dim})`}), got (${size},${offset})`,
        );
      }
    }
    // Every directive gets the same properties in the same order (one hidden class, fast reads).
    return { kind, size, offset, dim, sizeText, offsetText, line: this.tokens.lines[keyword]! };
  }

  private parseCluster(keyword: number, dimensions: Dimensions): ClusterDirective {
    this.parseSize(dimensions, 'the size of Cluster');
    const typeToken = this.expectAny('the Cluster type (P or L)');
    const tokens = this.tokens;
    let clusterType: ClusterDirective['clusterType'];
    if (tokens.is(typeToken, 'P')) clusterType = 'P';
    else if (tokens.is(typeToken, 'L')) clusterType = 'L';
    else return this.fail('parse', typeToken, `the Cluster type must be P or L, got "${tokens.tokenText(typeToken)}"`);
    return { kind: 'Cluster', size: this.sizeValue, clusterType, sizeText: this.sizeText, line: tokens.lines[keyword]! };
  }

  /** INT | CONSTANT | Sz DIM, which must be positive: sets `sizeValue` and `sizeText`. */
  private parseSize(dimensions: Dimensions, what: string): void {
    const tokens = this.tokens;
    const token = this.expectAny(what);
    let value: number;
    let text: string | undefined;
    if (tokens.is(token, 'Sz')) {
      const dimToken = this.expectAny('a dimension after Sz');
      const dim = this.dimensionName(dimToken);
      const size = dimensions[dim];
      if (size === undefined) {
        this.fail('missing-dimension', dimToken, `Sz(${dim}) refers to a dimension the layer's Dimensions do not define`);
      }
      value = size;
      text = SIZE_OF_TEXT[dim];
    } else {
      value = this.resolveInteger(token, what);
      if (tokens.digitsValue(token) < 0) text = tokens.tokenText(token);
    }
    if (value < 1) this.fail('invalid-value', token, `${what} must be at least 1, got ${value}`);
    this.sizeValue = value;
    this.sizeText = text;
  }

  private resolveInteger(token: number, what: string): number {
    const tokens = this.tokens;
    const value = tokens.digitsValue(token);
    if (value >= 0) {
      if (value > 2147483647) {
        this.fail('invalid-value', token, `${what} is too large (at most 2147483647), got ${tokens.tokenText(token)}`);
      }
      return value;
    }
    const text = tokens.tokenText(token);
    if (Object.hasOwn(this.constants, text)) {
      this.constantsResolved++;
      return this.constants[text]!;
    }
    return this.fail('invalid-value', token, `${what} expects an integer or a Constant name, got "${text}"`);
  }

  private dimensionName(token: number): DimensionName {
    const tokens = this.tokens;
    const dim = dimensionNameAt(tokens.text, tokens.starts[token]!, tokens.ends[token]!);
    if (dim !== undefined) return dim;
    return this.fail('unknown-key', token, `unknown dimension "${tokens.tokenText(token)}"; expected one of K, C, R, S, Y, X, Y', X', N, G, M`);
  }

  /** Reads a block's header up to its `{`: the index of its last token (the block's name), or -1. */
  private lastTokenBeforeOpenBrace(what: string, expected: string): number {
    let last = -1;
    for (;;) {
      const token = this.expectAny(expected);
      if (this.isChar(token, OPEN_BRACE)) return last;
      if (this.isChar(token, CLOSE_BRACE)) this.fail('parse', token, `expected "{" after ${what}, got "}"`);
      last = token;
    }
  }

  private skipBlock(keyword: number): void {
    const name = this.tokens.tokenText(keyword);
    this.lastTokenBeforeOpenBrace(name, `"{" after ${name}`);
    const closing = `"}" closing the ${name} block`;
    let depth = 1;
    while (depth > 0) {
      const token = this.expectAny(closing);
      if (this.isChar(token, OPEN_BRACE)) depth++;
      else if (this.isChar(token, CLOSE_BRACE)) depth--;
    }
  }

  private isChar(token: number, code: number): boolean {
    const tokens = this.tokens;
    const start = tokens.starts[token]!;
    return tokens.ends[token]! - start === 1 && tokens.text.charCodeAt(start) === code;
  }

  private atEnd(): boolean {
    return this.position >= this.count && !this.scanMore();
  }

  private scanMore(): boolean {
    const scanned = scanThroughOpenBrace(this.tokens);
    this.count = this.tokens.count;
    return scanned;
  }

  private next(): number {
    return this.position++;
  }

  private expectAny(what: string): number {
    if (this.atEnd()) this.fail('parse', this.count - 1, `unexpected end of file; expected ${what}`);
    return this.position++;
  }

  private expectOpenBrace(what: string, expected: string): void {
    const token = this.expectAny(expected);
    if (!this.isChar(token, OPEN_BRACE)) this.fail('parse', token, `expected "{" after ${what}, got "${this.tokens.tokenText(token)}"`);
  }

  /** Fails at a token (or, with -1, at no line). */
  private fail(code: MaestroErrorCode, token: number, reason: string): never {
    const line = token >= 0 ? this.tokens.lines[token] : undefined;
    throw new MaestroParseError({ code, reason, file: 'mapping', line, layer: this.layerName });
  }
}

/**
 * A name must not break the block structure. Names containing separators (`Conv2d-1`) are written
 * as they are; MAESTRO, and `parseMapping`, read them back as their last token (`1`).
 */
function checkName(name: string, what: string): void {
  if (name.trim().length === 0 || /[{}\r\n]/.test(name) || name.trimStart().startsWith('//')) {
    throw new MaestroParseError({
      code: 'invalid-value',
      reason: `${what} name "${name}" cannot be written: it must be non-empty, without braces, line breaks or a leading //`,
    });
  }
}

function formatSize(value: number, text: string | undefined): string {
  return text ?? String(value);
}

function formatDimensions(values: Dimensions): string {
  return Object.entries(values)
    .map(([dim, size]) => `${dim}: ${size}`)
    .join(', ');
}

/** Writes one directive as MAESTRO text, e.g. `TemporalMap(Sz(R),1) Y;`. */
export function formatDirective(directive: Directive): string {
  if (directive.kind === 'Cluster') {
    return `Cluster(${formatSize(directive.size, directive.sizeText)},${directive.clusterType});`;
  }
  return `${directive.kind}(${formatSize(directive.size, directive.sizeText)},${formatSize(directive.offset, directive.offsetText)}) ${directive.dim};`;
}

/**
 * Writes a network as a MAESTRO mapping file (a model file when layers have no dataflow).
 * Parsing the text gives the same network back.
 */
export function writeMapping(network: NetworkSpec): string {
  checkName(network.name, 'network');
  for (const layer of network.layers) checkName(layer.name, 'layer');
  const lines: string[] = [];
  for (const [name, value] of Object.entries(network.constants ?? {})) lines.push(`Constant ${name} ${value};`);
  lines.push(`Network ${network.name} {`);
  for (const layer of network.layers) {
    lines.push(`\tLayer ${layer.name} {`);
    lines.push(`\t\tType: ${layer.type}`);
    if (layer.strides !== undefined && Object.keys(layer.strides).length > 0) {
      lines.push(`\t\tStride { ${formatDimensions(layer.strides)} }`);
    }
    lines.push(`\t\tDimensions { ${formatDimensions(layer.dimensions)} }`);
    if (layer.dataflow !== undefined) {
      lines.push('\t\tDataflow {');
      for (const directive of layer.dataflow) lines.push(`\t\t\t${formatDirective(directive)}`);
      lines.push('\t\t}');
    }
    lines.push('\t}');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
