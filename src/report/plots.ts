/** Plots: vega-lite specs rendered to SVG (vega, headless) and PNG (resvg), with the package's own font. */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A vega-lite specification (see https://vega.github.io/vega-lite/docs/). */
export type VegaLiteSpec = Record<string, unknown>;

export interface RenderedPlot {
  svgPath: string;
  pngPath: string;
  widthPx: number;
  heightPx: number;
}

/** The font every plot uses: shipped with the package (dejavu-fonts-ttf), so text renders without system fonts. */
export const PLOT_FONT = 'DejaVu Sans';

function fontFiles(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'));
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => join(root, 'ttf', file));
}

/** The spec with the package's font and a white background, unless it sets its own. */
export function withPlotDefaults(spec: VegaLiteSpec): VegaLiteSpec {
  const config = (spec['config'] as Record<string, unknown> | undefined) ?? {};
  return { background: 'white', ...spec, config: { font: PLOT_FONT, ...config } };
}

/** Renders a vega-lite spec to SVG text. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // vega and vega-lite are ESM-only and heavy: load them only when a plot is drawn.
  const vegaLite = await import('vega-lite');
  const vega = await import('vega');
  const compiled = vegaLite.compile(withPlotDefaults(spec) as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Turns SVG text into PNG bytes at `scale` times the SVG's size. */
export async function svgToPng(svg: string, scale = 2): Promise<{ png: Buffer; widthPx: number; heightPx: number }> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: PLOT_FONT, sansSerifFamily: PLOT_FONT },
  });
  const image = resvg.render();
  return { png: image.asPng(), widthPx: image.width, heightPx: image.height };
}

/**
 * Writes `<base>.svg` and `<base>.png` for a vega-lite spec.
 *
 * @example
 * const out = mkdtempSync(join(tmpdir(), 'plot-'));
 * await renderPlot({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x' }, y: { field: 'y' } } }, join(out, 'scatter'));
 * readdirSync(out).sort();   // ['scatter.png', 'scatter.svg']
 */
export async function renderPlot(spec: VegaLiteSpec, base: string, scale = 2): Promise<RenderedPlot> {
  const svg = await renderSvg(spec);
  const { png, widthPx, heightPx } = await svgToPng(svg, scale);
  const svgPath = `${base}.svg`;
  const pngPath = `${base}.png`;
  writeFileSync(svgPath, svg);
  writeFileSync(pngPath, png);
  return { svgPath, pngPath, widthPx, heightPx };
}

/** A correlation heatmap (labels on both axes, values printed in the cells). */
export function heatmapSpec(title: string, labels: readonly string[], values: readonly (readonly number[])[], valueTitle: string): VegaLiteSpec {
  const data = labels.flatMap((row, i) => labels.map((column, j) => ({ row, column, value: values[i]![j]! })));
  const min = Math.min(...data.map((d) => d.value));
  const low = Math.floor((min - 0.005) * 100) / 100;
  return {
    title,
    data: { values: data },
    width: 60 * labels.length,
    height: 60 * labels.length,
    encoding: {
      x: { field: 'column', type: 'nominal', sort: labels, title: null, axis: { labelAngle: -40 } },
      y: { field: 'row', type: 'nominal', sort: labels, title: null },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', title: valueTitle, scale: { scheme: 'blues', domain: [low, 1] } } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'value', type: 'quantitative', format: '.3f' },
          color: { condition: { test: `datum.value > ${(low + 1) / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
