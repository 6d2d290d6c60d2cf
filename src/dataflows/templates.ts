/** The named dataflow templates (MAESTRO's example dataflows, as the co-design study used them). */
import type { DimensionName, MapKind } from '../maestro/types.js';

/** A size in a template: a number, the layer's size of a dimension (`Sz(R)`), or the cluster size. */
export type TemplateSize = number | { sz: DimensionName } | 'cluster';

export type TemplateDirective =
  | { kind: MapKind; size: TemplateSize; offset: TemplateSize; dim: DimensionName }
  | { kind: 'Cluster'; size: TemplateSize };

export interface DataflowTemplate {
  name: DataflowName;
  description: string;
  /** The cluster size the template is written for (`'cluster'` sizes take it); absent if none. */
  clusterSize?: TemplateSize;
  directives: readonly TemplateDirective[];
}

export const DATAFLOW_NAMES = ['kcp_ws', 'ykp_os', 'xp_ws', 'rs', 'dpt'] as const;
export type DataflowName = (typeof DATAFLOW_NAMES)[number];

const R = { sz: 'R' } as const;
const S = { sz: 'S' } as const;

function t(size: TemplateSize, offset: TemplateSize, dim: DimensionName): TemplateDirective {
  return { kind: 'TemporalMap', size, offset, dim };
}
function s(size: TemplateSize, offset: TemplateSize, dim: DimensionName): TemplateDirective {
  return { kind: 'SpatialMap', size, offset, dim };
}
function cluster(size: TemplateSize): TemplateDirective {
  return { kind: 'Cluster', size };
}

/** The templates; their texts are those of the MAESTRO reference cases of kind `realistic`. */
export const DATAFLOW_TEMPLATES: Readonly<Record<DataflowName, DataflowTemplate>> = {
  kcp_ws: {
    name: 'kcp_ws',
    description: 'NVDLA-like weight stationary: K across clusters, C within a cluster of 64 PEs',
    clusterSize: 64,
    directives: [
      s(1, 1, 'K'),
      t('cluster', 'cluster', 'C'),
      t(R, R, 'R'),
      t(S, S, 'S'),
      t(R, 1, 'Y'),
      t(S, 1, 'X'),
      cluster('cluster'),
      s(1, 1, 'C'),
      t(R, 1, 'Y'),
      t(S, 1, 'X'),
      t(R, R, 'R'),
      t(S, S, 'S'),
    ],
  },
  ykp_os: {
    name: 'ykp_os',
    description: 'output stationary: output rows across clusters, K within a cluster of 16 PEs',
    clusterSize: 16,
    directives: [
      t('cluster', 'cluster', 'K'),
      s(R, 1, 'Y'),
      t(S, 1, 'X'),
      t(1, 1, 'C'),
      cluster('cluster'),
      s(1, 1, 'K'),
      t(R, 1, 'Y'),
      t(S, 1, 'X'),
      t(R, R, 'R'),
      t(S, S, 'S'),
    ],
  },
  xp_ws: {
    name: 'xp_ws',
    description: 'weight stationary: input columns across PEs',
    directives: [t(1, 1, 'K'), t(1, 1, 'C'), t(R, 1, 'Y'), s(S, 1, 'X'), t(R, R, 'R'), t(S, S, 'S')],
  },
  rs: {
    name: 'rs',
    description: "Eyeriss-like row stationary: output rows across clusters of Sz(R) PEs, filter rows within",
    clusterSize: R,
    directives: [
      s(1, 1, "Y'"),
      t(1, 1, "X'"),
      t(1, 1, 'C'),
      t(16, 16, 'K'),
      t(R, R, 'R'),
      t(S, S, 'S'),
      cluster('cluster'),
      s(1, 1, 'Y'),
      s(1, 1, 'R'),
      t(S, S, 'S'),
    ],
  },
  dpt: {
    name: 'dpt',
    description: 'depthwise: channels across PEs (for DSCONV layers)',
    directives: [s(1, 1, 'C'), t(R, 1, 'Y'), t(S, 1, 'X'), t(R, R, 'R'), t(S, S, 'S')],
  },
};

export function isDataflowName(name: string): name is DataflowName {
  return (DATAFLOW_NAMES as readonly string[]).includes(name);
}
