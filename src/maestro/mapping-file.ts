/** Reading and writing MAESTRO mapping (DFSL) files: Constants, a Network of Layers, and their Dataflows. */
import { MaestroParseError, type MaestroErrorCode } from './errors.js';
import { tokenize, type Token } from './tokenizer.js';
import {
  DIMENSION_NAMES,
  LAYER_TYPES,
  UNSUPPORTED_LAYER_TYPES,
  isDimensionName,
  type ClusterDirective,
  type DimensionName,
  type Dimensions,
  type Directive,
  type LayerSpec,
  type LayerType,
  type MapDirective,
  type NetworkSpec,
} from './types.js';

const INTEGER = /^[0-9]+$/;

// The texts a directive's parse names, built once (a cold batch parses thousands of directives).
const TEMPORAL_MAP_PARTS = { size: 'the size of TemporalMap', offset: 'the offset of TemporalMap', dimension: 'the dimension of TemporalMap' };
const SPATIAL_MAP_PARTS = { size: 'the size of SpatialMap', offset: 'the offset of SpatialMap', dimension: 'the dimension of SpatialMap' };
const SIZE_OF_TEXT = Object.fromEntries(DIMENSION_NAMES.map((dim) => [dim, `Sz(${dim})`])) as Record<DimensionName, string>;

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
  return new MappingParser(tokenize(text)).parseFile();
}

class MappingParser {
  private position = 0;
  private readonly constants: Record<string, number> = {};
  private networkName = 'Network';
  private readonly layers: LayerSpec[] = [];
  private layerName: string | undefined;

  constructor(private readonly tokens: Token[]) {}

  parseFile(): NetworkSpec {
    while (!this.atEnd()) {
      const token = this.next();
      switch (token.text) {
        case 'Constant':
          this.parseConstant();
          break;
        case 'Network':
          this.parseNetwork();
          break;
        case 'Accelerator':
          this.skipBlock(token);
          break;
        default:
          // MAESTRO ignores anything else at the top level.
          break;
      }
    }
    const network: NetworkSpec = { name: this.networkName, layers: this.layers };
    if (Object.keys(this.constants).length > 0) network.constants = { ...this.constants };
    return network;
  }

  private parseConstant(): void {
    const name = this.expectAny('a Constant name');
    const value = this.expectAny(`the value of Constant ${name.text}`);
    this.constants[name.text] = this.resolveInteger(value, `Constant ${name.text}`);
  }

  private parseNetwork(): void {
    const header = this.tokensUntilOpenBrace('Network');
    if (header.length > 0) this.networkName = header[header.length - 1]!.text;
    for (;;) {
      const token = this.expectAny('"Layer" or "}" in the Network block');
      if (token.text === '}') return;
      if (token.text === 'Layer') this.parseLayer(token);
      else if (token.text === 'Constant') this.parseConstant();
      else this.fail('parse', token, `unexpected "${token.text}" in the Network block; expected "Layer" or "}"`);
    }
  }

  private parseLayer(keyword: Token): void {
    const header = this.tokensUntilOpenBrace('Layer');
    const name = header.length > 0 ? header[header.length - 1]!.text : 'Layer';
    this.layerName = name;
    let type: LayerType | undefined;
    let strides: Dimensions | undefined;
    let dimensions: Dimensions | undefined;
    let dataflow: Directive[] | undefined;
    for (;;) {
      const token = this.expectAny('a layer entry or "}"');
      if (token.text === '}') break;
      switch (token.text) {
        case 'Type':
          type = this.parseType();
          break;
        case 'Stride':
          if (dimensions !== undefined) {
            this.fail('parse', token, 'Stride must come before Dimensions (MAESTRO ignores a later Stride)');
          }
          strides = this.parseStride(strides ?? {});
          break;
        case 'Dimensions':
          dimensions = this.parseDimensions(dimensions ?? {});
          break;
        case 'Dataflow':
          if (dataflow !== undefined) this.fail('parse', token, 'a layer has at most one Dataflow block');
          if (dimensions === undefined) {
            this.fail('parse', token, 'Dimensions must come before Dataflow (Sz() and the R/S check read them)');
          }
          dataflow = this.parseDataflow(dimensions);
          break;
        default:
          this.fail('unknown-key', token, `unexpected "${token.text}" in a layer; expected Type, Stride, Dimensions, Dataflow or "}"`);
      }
    }
    if (type === undefined) this.fail('parse', keyword, 'the layer has no Type');
    if (dimensions === undefined || Object.keys(dimensions).length === 0) {
      this.fail('parse', keyword, 'the layer has no Dimensions');
    }
    const layer: LayerSpec = { name, type, dimensions, line: keyword.line };
    if (strides !== undefined) layer.strides = strides;
    if (dataflow !== undefined) layer.dataflow = dataflow;
    this.layers.push(layer);
    this.layerName = undefined;
  }

  private parseType(): LayerType {
    const token = this.expectAny('a layer type');
    if ((LAYER_TYPES as readonly string[]).includes(token.text)) return token.text as LayerType;
    if ((UNSUPPORTED_LAYER_TYPES as readonly string[]).includes(token.text)) {
      this.fail(
        'unsupported-layer-type',
        token,
        `layer type ${token.text} is not supported by MAESTRO's cost model; write a fully connected layer as CONV with R=S=Y=X=1 or as GEMM`,
      );
    }
    return this.fail('unsupported-layer-type', token, `unknown layer type "${token.text}"; expected one of ${LAYER_TYPES.join(', ')}`);
  }

  private parseStride(strides: Dimensions): Dimensions {
    this.expectText('{', 'Stride');
    for (;;) {
      const token = this.expectAny('a dimension or "}" in Stride');
      if (token.text === '}') return strides;
      const dim = this.dimensionName(token);
      const valueToken = this.expectAny(`the stride of ${dim}`);
      const value = this.resolveInteger(valueToken, `the stride of ${dim}`);
      if (value < 1) this.fail('invalid-value', valueToken, `the stride of ${dim} must be at least 1, got ${value}`);
      strides[dim] = value;
    }
  }

  private parseDimensions(dimensions: Dimensions): Dimensions {
    this.expectText('{', 'Dimensions');
    for (;;) {
      const token = this.expectAny('a dimension or "}" in Dimensions');
      if (token.text === '}') return dimensions;
      const dim = this.dimensionName(token);
      const valueToken = this.expectAny(`the size of ${dim}`);
      const value = this.resolveInteger(valueToken, `the size of ${dim}`);
      if (value < 1) this.fail('invalid-value', valueToken, `the size of ${dim} must be at least 1, got ${value}`);
      dimensions[dim] = value;
    }
  }

  private parseDataflow(dimensions: Dimensions): Directive[] {
    this.expectText('{', 'Dataflow');
    const directives: Directive[] = [];
    for (;;) {
      const token = this.expectAny('a directive or "}" in Dataflow');
      if (token.text === '}') return directives;
      if (token.text === 'TemporalMap' || token.text === 'SpatialMap') {
        directives.push(this.parseMap(token, dimensions));
      } else if (token.text === 'Cluster') {
        directives.push(this.parseCluster(token, dimensions));
      } else {
        this.fail('unknown-key', token, `unexpected "${token.text}" in Dataflow; expected TemporalMap, SpatialMap, Cluster or "}"`);
      }
    }
  }

  private parseMap(keyword: Token, dimensions: Dimensions): MapDirective {
    const kind = keyword.text as MapDirective['kind'];
    const what = kind === 'TemporalMap' ? TEMPORAL_MAP_PARTS : SPATIAL_MAP_PARTS;
    const size = this.parseSize(dimensions, what.size);
    const offset = this.parseSize(dimensions, what.offset);
    const dimToken = this.expectAny(what.dimension);
    const dim = this.dimensionName(dimToken);
    if (kind === 'TemporalMap' && (dim === 'R' || dim === 'S')) {
      const full = dimensions[dim];
      if (size.value !== offset.value || size.value !== full) {
        this.fail(
          'rs-map-mismatch',
          keyword,
          `invalid mapping: TemporalMap on ${dim} must cover the whole filter (size = offset = ${full ?? `Sz(${dim})`}), got (${size.value},${offset.value})`,
        );
      }
    }
    // Every directive gets the same properties in the same order (one hidden class, fast reads).
    return { kind, size: size.value, offset: offset.value, dim, sizeText: size.text, offsetText: offset.text, line: keyword.line };
  }

  private parseCluster(keyword: Token, dimensions: Dimensions): ClusterDirective {
    const size = this.parseSize(dimensions, 'the size of Cluster');
    const typeToken = this.expectAny('the Cluster type (P or L)');
    if (typeToken.text !== 'P' && typeToken.text !== 'L') {
      this.fail('parse', typeToken, `the Cluster type must be P or L, got "${typeToken.text}"`);
    }
    return { kind: 'Cluster', size: size.value, clusterType: typeToken.text, sizeText: size.text, line: keyword.line };
  }

  /** INT | CONSTANT | Sz DIM, which must be positive. */
  private parseSize(dimensions: Dimensions, what: string): { value: number; text: string | undefined } {
    const token = this.expectAny(what);
    let value: number;
    let text: string | undefined;
    if (token.text === 'Sz') {
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
      if (!INTEGER.test(token.text)) text = token.text;
    }
    if (value < 1) this.fail('invalid-value', token, `${what} must be at least 1, got ${value}`);
    return { value, text };
  }

  private resolveInteger(token: Token, what: string): number {
    if (INTEGER.test(token.text)) {
      const value = Number(token.text);
      if (!Number.isSafeInteger(value) || value > 2147483647) {
        this.fail('invalid-value', token, `${what} is too large (at most 2147483647), got ${token.text}`);
      }
      return value;
    }
    if (Object.hasOwn(this.constants, token.text)) return this.constants[token.text]!;
    return this.fail('invalid-value', token, `${what} expects an integer or a Constant name, got "${token.text}"`);
  }

  private dimensionName(token: Token): DimensionName {
    if (isDimensionName(token.text)) return token.text;
    return this.fail('unknown-key', token, `unknown dimension "${token.text}"; expected one of K, C, R, S, Y, X, Y', X', N, G, M`);
  }

  /** Tokens between a keyword and its `{` (the block's optional name). */
  private tokensUntilOpenBrace(what: string): Token[] {
    const header: Token[] = [];
    for (;;) {
      const token = this.expectAny(`"{" after ${what}`);
      if (token.text === '{') return header;
      if (token.text === '}') this.fail('parse', token, `expected "{" after ${what}, got "}"`);
      header.push(token);
    }
  }

  private skipBlock(keyword: Token): void {
    this.tokensUntilOpenBrace(keyword.text);
    let depth = 1;
    while (depth > 0) {
      const token = this.expectAny(`"}" closing the ${keyword.text} block`);
      if (token.text === '{') depth++;
      else if (token.text === '}') depth--;
    }
  }

  private atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  private next(): Token {
    return this.tokens[this.position++]!;
  }

  private expectAny(what: string): Token {
    if (this.atEnd()) {
      const last = this.tokens[this.tokens.length - 1];
      this.fail('parse', last, `unexpected end of file; expected ${what}`);
    }
    return this.next();
  }

  private expectText(text: string, what: string): void {
    const token = this.expectAny(`"${text}" after ${what}`);
    if (token.text !== text) this.fail('parse', token, `expected "${text}" after ${what}, got "${token.text}"`);
  }

  private fail(code: MaestroErrorCode, token: Token | undefined, reason: string): never {
    throw new MaestroParseError({ code, reason, file: 'mapping', line: token?.line, layer: this.layerName });
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
