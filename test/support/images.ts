/** Looking at rendered plots in tests: how much of a PNG is not white. */
import { Resvg } from '@resvg/resvg-js';
import { readFileSync } from 'node:fs';

/** Share of pixels that are not (near) white: a blank or text-less image scores about 0. */
export function inkFraction(pngPath: string): number {
  const png = readFileSync(pngPath);
  // Decode through resvg: an SVG holding the PNG as an <image>.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="300"><image width="400" height="300" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const pixels = new Resvg(svg).render().pixels;
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) ink++;
  return ink / (pixels.length / 4);
}
