import { expect } from 'chai';
import {
  BlockCache,
  knownBody,
  knownDataflow,
  layerSpec,
  matchingBraceOffset,
  placeKnownBody,
  placeKnownDataflow,
  placeKnownNetwork,
  type LayerBody,
} from '../../src/maestro/block-cache.js';
import type { Directive } from '../../src/maestro/types.js';

const DIRECTIVES: Directive[] = [
  { kind: 'SpatialMap', size: 1, offset: 1, dim: 'K', sizeText: undefined, offsetText: undefined, line: 12 },
  { kind: 'TemporalMap', size: 3, offset: 3, dim: 'R', sizeText: 'Sz(R)', offsetText: 'Sz(R)', line: 13 },
  { kind: 'Cluster', size: 8, clusterType: 'P', sizeText: 'Sz(C)', line: 14 },
  { kind: 'TemporalMap', size: 3, offset: 1, dim: 'Y', sizeText: 'Sz(R)', offsetText: undefined, line: 14 },
];

describe('maestro/block-cache', () => {
  it('finds the "}" that closes a "{" by counting braces, or -1', () => {
    const text = '{ a { b } { c } } d }';
    expect(matchingBraceOffset(text, 0)).to.equal(16);
    expect(matchingBraceOffset(text, 4)).to.equal(8);
    expect(matchingBraceOffset('{ { }', 0)).to.equal(-1);
  });

  it('recalls a value by the exact text of its block', () => {
    const cache = new BlockCache<number>();
    const text = 'Layer A { x } Layer B { x } Layer C { y }';
    cache.remember(text, 8, 12, 1);
    expect(cache.recall(text, 22, 26)).to.equal(1);
    expect(cache.recall(text, 36, 40)).to.equal(undefined);
    expect(cache.recall('{ x }', 0, 4)).to.equal(1);
  });

  it('starts afresh beyond its number of blocks or its characters of text kept', () => {
    const byCount = new BlockCache<number>(2, 1000);
    const text = '{ a } { b } { c }';
    byCount.remember(text, 0, 4, 1);
    byCount.remember(text, 6, 10, 2);
    expect(byCount.size).to.equal(2);
    byCount.remember(text, 12, 16, 3);
    expect([byCount.size, byCount.recall(text, 0, 4), byCount.recall(text, 12, 16)]).to.deep.equal([1, undefined, 3]);
    const byText = new BlockCache<number>(100, 40);
    byText.remember(`${text}${' '.repeat(10)}`, 0, 4, 1);
    byText.remember(`${text}${' '.repeat(11)}`, 6, 10, 2);
    expect(byText.size).to.equal(1);
    byText.clear();
    expect(byText.size).to.equal(0);
  });

  it('places a known body at another line: fresh objects, lines shifted', () => {
    const body: LayerBody = { type: 'CONV', strides: { X: 2 }, dimensions: { K: 4, C: 8, R: 3 }, dataflow: DIRECTIVES };
    const known = knownBody(body, 10, 15);
    expect(known.closeLineOffset).to.equal(5);
    const placed = placeKnownBody(known, 30);
    expect(placed.dataflow!.map((d) => d.line)).to.deep.equal([32, 33, 34, 34]);
    expect({ ...placed, dataflow: undefined }).to.deep.equal({ ...body, dataflow: undefined });
    expect(placed.dimensions).to.not.equal(body.dimensions);
    expect(placed.strides).to.not.equal(body.strides);
    body.dimensions.K = 1;
    expect(placeKnownBody(known, 30).dimensions.K).to.equal(4);
  });

  it('places a known Dataflow block in a layer of other dimensions, or gives undefined where reading it would fail', () => {
    const known = knownDataflow(DIRECTIVES, 11, 15);
    expect(known.closeLineOffset).to.equal(4);
    const placed = placeKnownDataflow(known, 21, { K: 4, C: 16, R: 5, Y: 9 })!;
    expect(placed).to.deep.equal([
      { ...DIRECTIVES[0], line: 22 },
      { ...DIRECTIVES[1], size: 5, offset: 5, line: 23 },
      { ...DIRECTIVES[2], size: 16, line: 24 },
      { ...DIRECTIVES[3], size: 5, line: 24 },
    ]);
    expect(placeKnownDataflow(known, 21, { K: 4, R: 5, Y: 9 }), 'no C for Sz(C)').to.equal(undefined);
    const fixedFilter = knownDataflow([{ kind: 'TemporalMap', size: 3, offset: 3, dim: 'S', sizeText: undefined, offsetText: undefined, line: 2 }], 1, 3);
    expect(placeKnownDataflow(fixedFilter, 1, { S: 3 })).to.have.length(1);
    expect(placeKnownDataflow(fixedFilter, 1, { S: 5 }), 'the R/S check').to.equal(undefined);
  });

  it('builds a layer with its properties in the order a parse gives them, strides and dataflow only when present', () => {
    const body: LayerBody = { type: 'GEMM', strides: undefined, dimensions: { M: 2, N: 2, K: 2 }, dataflow: undefined };
    expect(Object.keys(layerSpec('L', 3, body))).to.deep.equal(['name', 'type', 'dimensions', 'line']);
    const full = layerSpec('L', 3, { ...body, strides: { X: 1 }, dataflow: [] });
    expect(Object.keys(full)).to.deep.equal(['name', 'type', 'dimensions', 'line', 'strides', 'dataflow']);
  });

  it('builds a known network again: each layer at its lines, fresh objects each time', () => {
    const body = knownBody({ type: 'CONV', strides: undefined, dimensions: { K: 4, R: 3 }, dataflow: DIRECTIVES }, 10, 15);
    const known = { name: 'net', layers: [{ name: 'A', line: 10, openLine: 10, body }, { name: 'B', line: 20, openLine: 21, body }] };
    const network = placeKnownNetwork(known);
    expect(network.name).to.equal('net');
    expect(network.layers.map((l) => [l.name, l.line, l.dataflow![0]!.line])).to.deep.equal([
      ['A', 10, 12],
      ['B', 20, 23],
    ]);
    expect(network.layers[0]!.dimensions).to.not.equal(network.layers[1]!.dimensions);
    expect(placeKnownNetwork(known)).to.deep.equal(network);
    expect(placeKnownNetwork(known).layers[0]).to.not.equal(network.layers[0]);
  });
});
