/** Applying a dataflow template to a layer on an accelerator, adapting it to the PE count. */
import { MaestroError } from '../maestro/errors.js';
import { freezeLayer, type Dimensions, type Directive, type HardwareSpec, type LayerSpec } from '../maestro/types.js';
import { DATAFLOW_NAMES, DATAFLOW_TEMPLATES, isDataflowName, type DataflowName, type TemplateSize } from './templates.js';

/** A change made to a template so that MAESTRO can evaluate it on the given hardware. */
export interface DataflowAdjustment {
  /** What changed, e.g. "Cluster(64) -> Cluster(32)". */
  change: string;
  reason: string;
}

export interface MappedLayer {
  /** The layer with its Dataflow (frozen). */
  layer: Readonly<LayerSpec>;
  dataflow: DataflowName;
  /** Empty when the template applied as written. */
  adjustments: DataflowAdjustment[];
}

export interface ApplyOptions {
  /** Use `dpt` for depthwise (DSCONV) layers whatever dataflow is asked for (default true, as the study did). */
  depthwiseAsDpt?: boolean;
}

/**
 * The layer with the named dataflow, written as MAESTRO text would write it (`Sz(R)` kept as text).
 * Where the template's cluster is larger than the accelerator's PE count (MAESTRO would divide by
 * zero), the cluster shrinks to the PE count, and the adjustment says so.
 *
 * @example
 * const { layer, adjustments } = applyDataflow(
 *   { name: 'conv1', type: 'CONV', dimensions: { K: 64, C: 3, R: 7, S: 7, Y: 224, X: 224 }, strides: { X: 2, Y: 2 } },
 *   'kcp_ws', { ...DEFAULT_HARDWARE, numPes: 32 });
 * adjustments[0].change; // 'Cluster(64) -> Cluster(32)'
 */
export function applyDataflow(
  layer: LayerSpec,
  dataflow: DataflowName | string,
  hardware: Pick<HardwareSpec, 'numPes'>,
  options: ApplyOptions = {},
): MappedLayer {
  if (!isDataflowName(dataflow)) {
    throw new MaestroError({
      code: 'invalid-value',
      layer: layer.name,
      reason: `unknown dataflow "${dataflow}"; expected one of ${DATAFLOW_NAMES.join(', ')}`,
    });
  }
  const name: DataflowName = layer.type === 'DSCONV' && (options.depthwiseAsDpt ?? true) ? 'dpt' : dataflow;
  const template = DATAFLOW_TEMPLATES[name];
  const adjustments: DataflowAdjustment[] = [];
  let clusterSize = 0;
  if (template.clusterSize !== undefined) {
    const wanted = resolve(template.clusterSize, layer.dimensions, 0, layer, name).value;
    clusterSize = wanted;
    if (wanted > hardware.numPes) {
      clusterSize = hardware.numPes;
      adjustments.push({
        change: `Cluster(${wanted}) -> Cluster(${clusterSize})`,
        reason: `the ${name} template groups ${wanted} PEs but the accelerator has ${hardware.numPes}; MAESTRO would divide by zero`,
      });
    }
  }
  const directives: Directive[] = template.directives.map((d) => {
    const size = resolve(d.size, layer.dimensions, clusterSize, layer, name);
    if (d.kind === 'Cluster') {
      return { kind: 'Cluster', size: size.value, clusterType: 'P', sizeText: size.text, line: undefined };
    }
    const offset = resolve(d.offset, layer.dimensions, clusterSize, layer, name);
    return { kind: d.kind, size: size.value, offset: offset.value, dim: d.dim, sizeText: size.text, offsetText: offset.text, line: undefined };
  });
  const mapped: LayerSpec = { name: layer.name, type: layer.type, dimensions: { ...layer.dimensions }, dataflow: directives };
  if (layer.strides !== undefined) mapped.strides = { ...layer.strides };
  if (layer.line !== undefined) mapped.line = layer.line;
  return { layer: freezeLayer(mapped), dataflow: name, adjustments };
}

function resolve(
  size: TemplateSize,
  dimensions: Dimensions,
  clusterSize: number,
  layer: LayerSpec,
  dataflow: DataflowName,
): { value: number; text: string | undefined } {
  if (typeof size === 'number') return { value: size, text: undefined };
  if (size === 'cluster') return { value: clusterSize, text: undefined };
  const value = dimensions[size.sz];
  if (value === undefined) {
    throw new MaestroError({
      code: 'missing-dimension',
      layer: layer.name,
      reason: `the ${dataflow} dataflow needs dimension ${size.sz}, which this ${layer.type} layer does not define`,
    });
  }
  return { value, text: `Sz(${size.sz})` };
}
