/** Interning layers: equal layer descriptions give the same frozen Layer object. */
import { createLayer, type Layer, type LayerInit } from './layer.js';

function sameLayer(layer: Layer, init: LayerInit): boolean {
  return (
    layer.type === init.type &&
    layer.K === init.K &&
    layer.C === init.C &&
    layer.R === init.R &&
    layer.S === init.S &&
    layer.Y === init.Y &&
    layer.X === init.X &&
    layer.stride === (init.stride ?? 1) &&
    layer.padding === (init.padding ?? 0) &&
    layer.dilation === (init.dilation ?? 1) &&
    layer.linear === (init.linear ?? false) &&
    layer.bias === (init.bias ?? false) &&
    layer.batchNorm === (init.batchNorm ?? false)
  );
}

/**
 * A pool of frozen layers, so that the many networks of an architecture space share one object per
 * distinct layer: building a network then validates only new layers, and caches keyed by layer
 * identity hit across networks. Layers are found by name, then compared field by field. Bounded:
 * past `capacity` distinct layers the pool starts afresh (layers already handed out stay valid).
 *
 * @example
 * const pool = new LayerPool();
 * const a = pool.layer({ name: 'conv', type: 'CONV', K: 8, C: 3, R: 3, S: 3, Y: 32, X: 32, padding: 1 });
 * const b = pool.layer({ name: 'conv', type: 'CONV', K: 8, C: 3, R: 3, S: 3, Y: 32, X: 32, padding: 1 });
 * a === b;   // true
 */
export class LayerPool {
  private readonly byName = new Map<string, Layer[]>();
  private count = 0;

  constructor(readonly capacity = 100_000) {}

  layer(init: LayerInit): Layer {
    let named = this.byName.get(init.name);
    if (named !== undefined) {
      for (const layer of named) if (sameLayer(layer, init)) return layer;
    }
    const layer = createLayer(init);
    if (this.count >= this.capacity) {
      this.byName.clear();
      this.count = 0;
      named = undefined;
    }
    if (named === undefined) this.byName.set(init.name, [layer]);
    else named.push(layer);
    this.count++;
    return layer;
  }

  /** Distinct layers held. */
  get size(): number {
    return this.count;
  }
}
