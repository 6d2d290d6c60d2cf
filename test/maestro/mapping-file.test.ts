import { expect } from 'chai';
import { MaestroParseError } from '../../src/maestro/errors.js';
import { formatDirective, parseMapping, writeMapping } from '../../src/maestro/mapping-file.js';
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
