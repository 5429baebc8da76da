import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * The view's bundled stylesheet (KaTeX's rules included) with every woff2 font inlined as a data: URL.
 * A formula exported as SVG carries it, so it renders with KaTeX's fonts in any browser, and an SVG
 * drawn on a canvas (PNG export) may not load external files at all. Other font formats are dropped:
 * every engine that renders SVG foreignObject reads woff2.
 */
export async function inlineFontStylesheet(cssFile: string): Promise<string> {
  const css = await fs.readFile(cssFile, 'utf8');
  const dir = path.dirname(cssFile);
  const fonts = new Map<string, string>();
  for (const match of css.matchAll(/url\(\s*["']?([^"')]+\.woff2)["']?\s*\)/g)) {
    const ref = match[1];
    if (fonts.has(ref)) continue;
    const data = await fs.readFile(path.resolve(dir, ref));
    fonts.set(ref, `url(data:font/woff2;base64,${data.toString('base64')})`);
  }
  return css
    .replace(/url\(\s*["']?([^"')]+\.woff2)["']?\s*\)/g, (all, ref: string) => fonts.get(ref) ?? all)
    .replace(/,\s*url\([^)]*\.(?:woff|ttf)["']?\)\s*format\(["']?(?:woff|truetype)["']?\)/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
}
