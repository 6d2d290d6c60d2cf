import { expect } from 'chai';
import { MaestroParseError } from '../../src/maestro/errors.js';
import { forgetKnownBlocks, formatDirective, parseMapping, writeMapping } from '../../src/maestro/mapping-file.js';
import { tokenize } from '../../src/maestro/tokenizer.js';
import type { NetworkSpec } from '../../src/maestro/types.js';
import { loadGeneratedCases, loadHandCases } from '../support/maestro-reference.js';

const BASE = `Network net {
  Layer L1 {
    Type: CONV
    Stride { X: 2, Y: 2 }
    Dimensions { K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10 }
    Dataflow {
      SpatialMap(1,1) K;
      TemporalMap(1,1) C;
      TemporalMap(Sz(R),Sz(R)) R;
      TemporalMap(Sz(S),Sz(S)) S;
      TemporalMap(Sz(R),1) Y;
      TemporalMap(Sz(S),1) X;
    }
  }
}`;

function parseError(text: string): MaestroParseError {
  try {
    parseMapping(text);
  } catch (error) {
    expect(error).to.be.instanceOf(MaestroParseError);
    return error as MaestroParseError;
  }
  throw new Error('expected a parse error');
}

/** A one-layer network with the given layer body lines (line 3 onwards). */
function layer(body: string): string {
  return `Network n {\nLayer L {\n${body}\n}\n}`;
}

describe('maestro/mapping-file', () => {
  describe('grammar', () => {
    it('reads a network, its layer, type, strides, dimensions and directives', () => {
      const net = parseMapping(BASE);
      expect(net.name).to.equal('net');
      expect(net.layers).to.have.length(1);
      const l = net.layers[0]!;
      expect(l).to.include({ name: 'L1', type: 'CONV', line: 2 });
      expect(l.strides).to.deep.equal({ X: 2, Y: 2 });
      expect(l.dimensions).to.deep.equal({ K: 16, C: 8, R: 3, S: 3, Y: 10, X: 10 });
      expect(l.dataflow).to.have.length(6);
      expect(l.dataflow![2]).to.deep.equal({ kind: 'TemporalMap', size: 3, offset: 3, dim: 'R', sizeText: 'Sz(R)', offsetText: 'Sz(R)', line: 9 });
      expect(l.dataflow![0]).to.deep.equal({ kind: 'SpatialMap', size: 1, offset: 1, dim: 'K', sizeText: undefined, offsetText: undefined, line: 7 });
    });

    it('resolves Constants in dimensions and directive sizes, and keeps their names', () => {
      const net = parseMapping(`Constant SzM 100;\nConstant T 10;\nNetwork g { Layer L { Type: GEMM\nDimensions { K: SzM, M: 7, N: 5 }\nDataflow { TemporalMap(T,T) K; SpatialMap(1,1) M; } } }`);
      expect(net.constants).to.deep.equal({ SzM: 100, T: 10 });
      expect(net.layers[0]!.dimensions.K).to.equal(100);
      expect(net.layers[0]!.dataflow![0]).to.include({ size: 10, offset: 10, sizeText: 'T' });
    });

    it("reads Sz(D) as the layer's size of D", () => {
      const d = parseMapping(BASE).layers[0]!.dataflow![4]!;
      expect(d).to.include({ kind: 'TemporalMap', size: 3, offset: 1, dim: 'Y' });
    });

    it("reads Y' and X' directives and output-centric dimensions", () => {
      const net = parseMapping(layer("Type: CONV\nDimensions { K: 4, C: 2, R: 3, S: 3, Y': 8, X': 8 }\nDataflow { SpatialMap(1,1) Y'; TemporalMap(1,1) X'; }"));
      expect(net.layers[0]!.dimensions).to.deep.equal({ K: 4, C: 2, R: 3, S: 3, "Y'": 8, "X'": 8 });
      expect(net.layers[0]!.dataflow!.map((d) => (d.kind === 'Cluster' ? 'C' : d.dim))).to.deep.equal(["Y'", "X'"]);
    });

    it('reads Cluster directives of type P and L, and several cluster levels', () => {
      const net = parseMapping(layer('Type: CONV\nDimensions { K: 4, C: 4, R: 1, S: 1, Y: 4, X: 4 }\nDataflow { SpatialMap(1,1) K; Cluster(Sz(C),P); SpatialMap(1,1) C; Cluster(2, L); SpatialMap(1,1) Y; }'));
      const clusters = net.layers[0]!.dataflow!.filter((d) => d.kind === 'Cluster');
      expect(clusters).to.deep.equal([
        { kind: 'Cluster', size: 4, clusterType: 'P', sizeText: 'Sz(C)', line: 5 },
        { kind: 'Cluster', size: 2, clusterType: 'L', sizeText: undefined, line: 5 },
      ]);
    });

    it('takes the last token before "{" as the name, with defaults when absent', () => {
      const net = parseMapping('Network { Layer Conv2d-7 { Type: GEMM Dimensions { M: 1, N: 1, K: 1 } } }');
      expect(net.name).to.equal('Network');
      expect(net.layers[0]!.name).to.equal('7');
      expect(parseMapping('Network n { Layer { Type: GEMM Dimensions { M: 1, N: 1, K: 1 } } }').layers[0]!.name).to.equal('Layer');
    });

    it('reads every supported layer type; TRCONV stays TRCONV in the spec', () => {
      for (const type of ['CONV', 'DSCONV', 'NGCONV', 'GEMM', 'TRCONV']) {
        expect(parseMapping(layer(`Type: ${type}\nDimensions { K: 1 }`)).layers[0]!.type).to.equal(type);
      }
    });

    it('keeps a layer without a Dataflow block (the cost model rejects it later)', () => {
      expect(parseMapping(layer('Type: CONV\nDimensions { K: 1 }')).layers[0]!.dataflow).to.equal(undefined);
    });

    it('ignores comments, other top-level tokens and an Accelerator block', () => {
      const net = parseMapping(`// header\nsome stray tokens\nAccelerator { PE { NumPEs: 128 } Buffer { L2: 2 } }\n${BASE} // trailing`);
      expect(net.layers).to.have.length(1);
    });

    it('puts the layers of several Network blocks into one network with the last name', () => {
      const net = parseMapping(`${BASE}\n${BASE.replace('Network net', 'Network second').replace('L1', 'L2')}`);
      expect(net.name).to.equal('second');
      expect(net.layers.map((l) => l.name)).to.deep.equal(['L1', 'L2']);
    });
  });

  describe('errors (each names the line)', () => {
    it('rejects Stride after Dimensions', () => {
      const e = parseError(layer('Type: CONV\nDimensions { K: 1 }\nStride { X: 2 }'));
      expect(e.message).to.match(/line 5.*Stride must come before Dimensions/);
    });

    it('rejects a stride or a dimension below 1', () => {
      expect(parseError(layer('Type: CONV\nStride { X: 0 }')).message).to.match(/line 4.*stride of X must be at least 1, got 0/);
      expect(parseError(layer('Type: CONV\nDimensions { K: 0 }')).message).to.match(/line 4.*size of K must be at least 1, got 0/);
    });

    it('rejects an unknown dimension name', () => {
      const e = parseError(layer('Type: CONV\nDimensions { Z: 3 }'));
      expect(e.code).to.equal('unknown-key');
      expect(e.message).to.match(/line 4.*unknown dimension "Z"/);
    });

    it('rejects a value that is neither an integer nor a Constant', () => {
      expect(parseError(layer('Type: CONV\nDimensions { K: many }')).message).to.match(/line 4.*integer or a Constant name, got "many"/);
      expect(parseError('Constant A x').message).to.match(/line 1/);
    });

    it('rejects Sz() of a dimension the layer does not define', () => {
      expect(parseError(layer('Type: CONV\nDimensions { K: 2 }\nDataflow { TemporalMap(Sz(R),1) K; }')).message).to.match(/line 5.*Sz\(R\)/);
    });

    it('rejects Dataflow before Dimensions, and two Dataflow blocks', () => {
      expect(parseError(layer('Type: CONV\nDataflow { SpatialMap(1,1) K; }')).message).to.match(/line 4.*Dimensions must come before Dataflow/);
      expect(parseError(layer('Type: CONV\nDimensions { K: 2 }\nDataflow { }\nDataflow { }')).message).to.match(/line 6.*at most one Dataflow/);
    });

    it('rejects a TemporalMap on R or S that does not cover the whole filter (the R/S check)', () => {
      const e = parseError(layer('Type: CONV\nDimensions { K: 2, R: 3, S: 3 }\nDataflow {\nSpatialMap(1,1) K;\nTemporalMap(1,1) R; }'));
      expect(e.code).to.equal('rs-map-mismatch');
      expect(e.message).to.match(/line 7.*TemporalMap on R must cover the whole filter \(size = offset = 3\), got \(1,1\)/);
      expect(() => parseMapping(layer('Type: CONV\nDimensions { K: 2, R: 3 }\nDataflow { SpatialMap(1,1) R; }'))).to.not.throw();
    });

    it('rejects FC, LSTM and POOL, which MAESTRO cannot analyse, and unknown types', () => {
      for (const type of ['FC', 'LSTM', 'POOL']) {
        const e = parseError(layer(`Type: ${type}`));
        expect(e.code).to.equal('unsupported-layer-type');
        expect(e.message).to.match(new RegExp(`line 3.*${type} is not supported`));
      }
      expect(parseError(layer('Type: ATTN')).message).to.match(/unknown layer type "ATTN"/);
    });

    it('rejects a directive with a size or offset of 0 and a Cluster type other than P or L', () => {
      expect(parseError(layer('Type: CONV\nDimensions { K: 2 }\nDataflow { SpatialMap(0,1) K; }')).message).to.match(/line 5.*size of SpatialMap must be at least 1/);
      expect(parseError(layer('Type: CONV\nDimensions { K: 2 }\nDataflow { Cluster(2,Q); }')).message).to.match(/line 5.*Cluster type must be P or L, got "Q"/);
    });

    it('rejects unknown entries in a layer or a dataflow', () => {
      expect(parseError(layer('Type: CONV\nPadding { X: 1 }')).message).to.match(/line 4.*unexpected "Padding" in a layer/);
      expect(parseError(layer('Type: CONV\nDimensions { K: 2 }\nDataflow { Unroll(1,1) K; }')).message).to.match(/line 5.*unexpected "Unroll" in Dataflow/);
      expect(parseError('Network n { Lyer L { } }').message).to.match(/line 1.*expected "Layer" or "}"/);
    });

    it('rejects a layer without a Type or without Dimensions', () => {
      expect(parseError('Network n {\nLayer L {\nDimensions { K: 1 }\n}\n}').message).to.match(/line 2.*no Type/);
      expect(parseError('Network n {\nLayer L {\nType: CONV\n}\n}').message).to.match(/line 2.*no Dimensions/);
    });

    it('rejects text that ends inside a block, naming the last line', () => {
      const e = parseError('Network n {\nLayer L {\nType: CONV');
      expect(e.message).to.match(/line 3.*unexpected end of file/);
    });

    it('names the layer an error belongs to', () => {
      expect(parseError(layer('Type: CONV\nDimensions { K: 0 }')).layer).to.equal('L');
    });
  });

  describe('copying blocks read before', () => {
    /** The layer body of BASE, from its `{` on line 2 to its `}` on line 14. */
    const BODY = BASE.slice(BASE.indexOf('{', BASE.indexOf('Layer')), BASE.lastIndexOf('}')).trimEnd();
    /** Two layers of one body text: the second's `Layer` keyword on line 17, 15 lines below the first's. */
    const TWICE = `Network net {\n  Layer L1 ${BODY}\n\n  // between\n  Layer L2 ${BODY}\n}`;

    beforeEach(() => forgetKnownBlocks());

    it('gives a repeated layer body its own line numbers, as a parse that copies nothing does', () => {
      const net = parseMapping(TWICE);
      const [first, second] = net.layers;
      expect([first!.line, second!.line]).to.deep.equal([2, 17]);
      expect(second!.dataflow!.map((d) => d.line)).to.deep.equal(first!.dataflow!.map((d) => d.line! + 15));
      expectSameParse(net, parseMapping(withUniqueBlocks(TWICE)));
      expectDirectiveLinesFromTokens(TWICE, net);
      // A later parse copies both bodies from the first parse.
      expectSameParse(parseMapping(TWICE), net);
    });

    it('copies every reference mapping to the same network as a parse that copies nothing', () => {
      const cases = [...loadHandCases(), ...loadGeneratedCases()];
      let layers = 0;
      for (const c of cases) {
        let fresh: NetworkSpec;
        try {
          fresh = parseMapping(withUniqueBlocks(c.mapping));
        } catch (error) {
          expect(() => parseMapping(c.mapping), c.id).to.throw((error as Error).message);
          continue;
        }
        const copied = parseMapping(c.mapping);
        expectSameParse(copied, fresh);
        expectSameParse(parseMapping(c.mapping), fresh);
        expectDirectiveLinesFromTokens(c.mapping, copied);
        layers += copied.layers.length;
      }
      expect(layers).to.be.greaterThan(1000);
    });

    it('builds the network of the text read last again, fresh, unless the text has Constants', () => {
      const text = `Accelerator { PE { NumPEs: 4 } }\n${TWICE}\nNetwork last { Layer L3 ${BODY.replace('K: 16', 'K: 4')}\n}`;
      const first = parseMapping(text);
      const again = parseMapping(text);
      expectSameParse(again, first);
      expectSameParse(again, parseMapping(withUniqueBlocks(text)));
      expect(again.name).to.equal('last');
      expect(again.layers[2]!.dataflow![0]).to.not.equal(first.layers[2]!.dataflow![0]);
      first.layers.length = 0;
      expect(parseMapping(text).layers).to.have.length(3);
      const withConstant = `Constant T 3;\n${text}`;
      expectSameParse(parseMapping(withConstant), parseMapping(withConstant));
      expect(parseMapping(withConstant).constants).to.deep.equal({ T: 3 });
      expect(parseMapping(`${text}\n}`).layers).to.have.length(3);
      expect(parseError(text.slice(0, -2)).message).to.match(/unexpected end of file/);
      expectSameParse(parseMapping(text), again);
    });

    it('hands out fresh objects: changing one parse changes no other layer or parse', () => {
      const net = parseMapping(TWICE);
      const [first, second] = net.layers;
      expect(second!.dimensions).to.not.equal(first!.dimensions);
      expect(second!.strides).to.not.equal(first!.strides);
      expect(second!.dataflow![0]).to.not.equal(first!.dataflow![0]);
      first!.dimensions.K = 99;
      first!.dataflow![0]!.size = 99;
      first!.dataflow!.length = 1;
      const again = parseMapping(TWICE);
      expect(again.layers[0]!.dimensions.K).to.equal(16);
      expect(again.layers[0]!.dataflow![0]!.size).to.equal(1);
      expect(again.layers[1]!.dataflow).to.have.length(6);
    });

    it('copies a Dataflow block into a layer of other dimensions, reading Sz() from that layer', () => {
      const other = BODY.replace('R: 3, S: 3, Y: 10', 'R: 5, S: 5, Y: 12');
      const net = parseMapping(`Network n {\nLayer A ${BODY}\nLayer B ${other}\n}`);
      const fresh = parseMapping(withUniqueBlocks(`Network n {\nLayer A ${BODY}\nLayer B ${other}\n}`));
      expectSameParse(net, fresh);
      expect(net.layers[1]!.dataflow![2]).to.deep.equal({ kind: 'TemporalMap', size: 5, offset: 5, dim: 'R', sizeText: 'Sz(R)', offsetText: 'Sz(R)', line: 22 });
    });

    it('reads a known Dataflow block again where Sz() names a missing dimension or the R/S check fails', () => {
      parseMapping(BASE);
      const noR = BODY.replace('R: 3, ', '');
      expect(parseError(`Network n {\nLayer A ${noR}\n}`).message).to.match(/line 9.*Sz\(R\) refers to a dimension/);
      const fixedFilter = layer('Type: CONV\nDimensions { K: 2, R: 3 }\nDataflow {\nTemporalMap(3,3) R;\n}');
      parseMapping(fixedFilter);
      const e = parseError(`\n\n${fixedFilter.replace('R: 3', 'R: 5')}`);
      expect(e.code).to.equal('rs-map-mismatch');
      expect(e.message).to.match(/line 8.*size = offset = 5\), got \(3,3\)/);
    });

    it('copies no block that read a Constant, so a later Constant gives later layers its value', () => {
      const body = '{ Type: GEMM Dimensions { M: T, N: 4, K: 4 } Dataflow { TemporalMap(T,T) M; SpatialMap(1,1) N; } }';
      const net = parseMapping(`Constant T 2;\nNetwork n {\nLayer A ${body}\nConstant T 8;\nLayer B ${body}\n}`);
      expect(net.layers.map((l) => [l.dimensions.M, l.dataflow![0]!.size])).to.deep.equal([
        [2, 2],
        [8, 8],
      ]);
      // A body that read no Constant reads the same in a file that defines some.
      const copied = parseMapping(`Constant K 7;\n${TWICE}`);
      expectSameParse(copied, parseMapping(withUniqueBlocks(`Constant K 7;\n${TWICE}`)));
    });

    it('reads bodies with comments, braces inside comments and Windows line endings like a parse that copies nothing', () => {
      const commented = BODY.replace('Type: CONV', 'Type: CONV // a comment');
      const bracesInComments = BODY.replace('Type: CONV', 'Type: CONV // a { in a comment').replace('K;', 'K; // }}');
      const crlf = BODY.replace(/\n/g, '\r\n');
      for (const body of [commented, bracesInComments, crlf]) {
        const text = `Network n {\nLayer A ${body}\n// {\nLayer B ${body}\nLayer C ${body}\n}`;
        const net = parseMapping(text);
        expectSameParse(net, parseMapping(withUniqueBlocks(text)));
        expectDirectiveLinesFromTokens(text, net);
        expect(net.layers.map((l) => l.line)).to.deep.equal([2, 16, 29]);
      }
    });

    it('reads a plain Stride or Dimensions block straight from the text as token by token', () => {
      // A comment makes a block not plain, so it is read token by token.
      const tokenByToken = (text: string): string => text.replace(/(Stride|Dimensions) \{/g, '$1 { // not plain\n');
      const text = `Network n {\nLayer A { Type: CONV\r\nStride { X: 2,\n Y: 2 }\tDimensions { K: 16, C: 8,\n R: 3, S: 3, Y: 10, X: 10 }\nDataflow {\n SpatialMap(1,1) K; }\n}\n}`;
      const plain = parseMapping(text);
      const read = parseMapping(tokenByToken(text));
      expect(read.layers[0]!.dataflow![0]!.line).to.equal(plain.layers[0]!.dataflow![0]!.line! + 2);
      expectSameParse({ ...plain, layers: [{ ...plain.layers[0]!, dataflow: [] }] }, { ...read, layers: [{ ...read.layers[0]!, dataflow: [] }] });
      expectDirectiveLinesFromTokens(text, plain);
      expect(parseError(text.slice(0, -4)).message).to.match(/line 7.*unexpected end of file/);
    });

    it('reports an error after a copied body at the line a parse that copies nothing names', () => {
      // The text ends after the second body: the last token is that body's `}`.
      expect(parseError(TWICE.slice(0, -2)).message).to.match(/line 29.*unexpected end of file; expected "Layer" or "}"/);
      // A `}` joined to the next characters is no token of its own, so the body does not end there.
      expect(parseError(`${TWICE.slice(0, -2)}//x\n}`).message).to.match(/line 29.*unexpected "}\/\/x" in a layer/);
      expect(parseError(`${TWICE.slice(0, -2)}\n// a comment after the last token`).message).to.match(/line 29.*unexpected end of file/);
    });
  });

  describe('writing', () => {
    it('writes directives as MAESTRO text', () => {
      expect(formatDirective({ kind: 'TemporalMap', size: 3, offset: 1, dim: 'Y', sizeText: 'Sz(R)' })).to.equal('TemporalMap(Sz(R),1) Y;');
      expect(formatDirective({ kind: 'Cluster', size: 64, clusterType: 'P' })).to.equal('Cluster(64,P);');
    });

    it('gives the same network back when writing then reading (all reference mappings)', () => {
      const cases = [...loadHandCases(), ...loadGeneratedCases()].filter((c) => !c.kind.startsWith('network'));
      let layers = 0;
      for (const c of cases) {
        let network: NetworkSpec;
        try {
          network = parseMapping(c.mapping);
        } catch {
          continue;
        }
        expect(parseMapping(writeMapping(network)), c.id).to.deep.equal(relined(network, parseMapping(writeMapping(network))));
        layers += network.layers.length;
      }
      expect(layers).to.be.greaterThan(1000);
    });

    it('round-trips constants, models without dataflows, and names MAESTRO reads as their last token', () => {
      const net: NetworkSpec = {
        name: 'zoo.resnet',
        constants: { T: 4 },
        layers: [{ name: 'Conv2d-1', type: 'DSCONV', dimensions: { K: 1, C: 8, R: 3, S: 3, Y: 8, X: 8 }, strides: { X: 2, Y: 2 } }],
      };
      const back = parseMapping(writeMapping(net));
      expect(back.constants).to.deep.equal({ T: 4 });
      expect(back.layers[0]!.name).to.equal('1');
      expect(back.layers[0]!.dimensions).to.deep.equal(net.layers[0]!.dimensions);
      expect(back.layers[0]!.dataflow).to.equal(undefined);
    });

    it('refuses names that would break the file structure', () => {
      expect(() => writeMapping({ name: 'a { b', layers: [] })).to.throw(MaestroParseError, /network name "a \{ b" cannot be written/);
      expect(() => writeMapping({ name: 'n', layers: [{ name: '', type: 'CONV', dimensions: { K: 1 } }] })).to.throw(MaestroParseError, /layer name/);
    });
  });
});

/** Line numbers differ between the original text and the written one; compare everything else. */
function relined(original: NetworkSpec, written: NetworkSpec): NetworkSpec {
  return {
    ...original,
    layers: original.layers.map((l, i) => ({
      ...l,
      line: written.layers[i]!.line,
      ...(l.dataflow ? { dataflow: l.dataflow.map((d, j) => ({ ...d, line: written.layers[i]!.dataflow![j]!.line })) } : {}),
    })),
  };
}

let uniqueBlocks = 0;

/**
 * The same mapping with a comment of its own after every `{` that ends a line, so that no layer
 * body or Dataflow block has the text of one read before, and a parse copies nothing.
 */
function withUniqueBlocks(text: string): string {
  return text.replace(/\{(\r?\n)/g, (_, lineBreak: string) => `{ //unique block ${++uniqueBlocks}${lineBreak}`);
}

/** Equal values, properties in the same order, and the same line numbers. */
function expectSameParse(actual: NetworkSpec, expected: NetworkSpec): void {
  expect(actual).to.deep.equal(expected);
  expect(JSON.stringify(actual)).to.equal(JSON.stringify(expected));
}

/** Each layer's line is that of its `Layer` keyword and each directive's that of its keyword, by the tokenizer. */
function expectDirectiveLinesFromTokens(text: string, network: NetworkSpec): void {
  const tokens = tokenize(text);
  const layerLines = tokens.filter((t) => t.text === 'Layer').map((t) => t.line);
  const directiveLines = tokens.filter((t) => ['TemporalMap', 'SpatialMap', 'Cluster'].includes(t.text)).map((t) => t.line);
  expect(network.layers.map((l) => l.line)).to.deep.equal(layerLines);
  expect(network.layers.flatMap((l) => (l.dataflow ?? []).map((d) => d.line))).to.deep.equal(directiveLines);
}
