import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heatmapSpec, PLOT_FONT, renderPlot, renderSvg, svgToPng, withPlotDefaults } from '../../src/report/plots.js';
import { formatMarkdownTable, formatTable } from '../../src/report/table.js';
import { inkFraction } from '../support/images.js';

describe('report/plots and tables', function () {
  this.timeout(60_000);

  it('adds the shipped font and a white background to specs', () => {
    expect(withPlotDefaults({ mark: 'point' })).to.deep.equal({ background: 'white', mark: 'point', config: { font: PLOT_FONT } });
    expect(withPlotDefaults({ config: { font: 'Mono' } })['config']).to.deep.equal({ font: 'Mono' });
  });

  it('renders a heatmap to SVG (with its text) and PNG (with ink)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cg-plot-'));
    const plot = await renderPlot(heatmapSpec('Spearman', ['a', 'b'], [[1, 0.97], [0.97, 1]], 'rho'), join(out, 'heat'));
    expect(plot.widthPx).to.be.greaterThan(200);
    expect(readFileSync(plot.svgPath, 'utf8')).to.include('Spearman').and.include('0.970');
    const ink = inkFraction(plot.pngPath);
    expect(ink).to.be.within(0.05, 0.9);
  });

  it('turns SVG text into PNG bytes at a scale', async () => {
    const svg = await renderSvg({ data: { values: [{ x: 1, y: 1 }, { x: 2, y: 3 }] }, mark: 'line', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
    const one = await svgToPng(svg, 1);
    const two = await svgToPng(svg, 2);
    expect(two.widthPx).to.equal(one.widthPx * 2);
    expect(one.png.subarray(1, 4).toString()).to.equal('PNG');
  });

  it('formats aligned text tables', () => {
    expect(formatTable([{ name: 'a', n: 1 }, { name: 'bb', n: 22.5 }], [{ header: 'name', value: (r) => r.name }, { header: 'n', value: (r) => r.n }])).to.equal(
      'name      n\n----  -----\na         1\nbb    22.50\n',
    );
    expect(formatTable([], [{ header: 'x', value: () => 1 }])).to.equal('x\n-\n');
  });
});

describe('report/table markdown', () => {
  it('formats markdown tables with numbers right-aligned and pipes escaped', () => {
    expect(formatMarkdownTable([{ k: 'a|b', n: 2 }], [{ header: 'key', value: (r) => r.k }, { header: 'n', value: (r) => r.n }])).to.equal('| key | n |\n|---|---:|\n| a\\|b | 2 |\n');
  });
});
