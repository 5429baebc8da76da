// Colours come from the editor theme's CSS variables, and everything drawn on a canvas or in an SVG is
// redrawn when the theme changes (index.ts, through the webviews' shared watcher in media/shared).
import { currentThemeKind } from '../shared/mermaid/themeWatcher';

export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export interface Palette {
  foreground: string;
  grid: string;
  train: string;
  validation: string;
  font: string;
}

export function palette(): Palette {
  const kind = currentThemeKind();
  const dark = kind === 'dark' || kind === 'high-contrast';
  return {
    foreground: cssVar('--vscode-foreground', dark ? '#cccccc' : '#333333'),
    grid: cssVar('--vscode-editorWidget-border', dark ? '#454545' : '#c8c8c8'),
    train: cssVar('--vscode-charts-blue', '#3794ff'),
    validation: cssVar('--vscode-charts-orange', '#d18616'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

/** The part of a chart's x or y scale the theme colours. */
interface ScaleColours {
  ticks?: object;
  grid?: object;
  title?: { color?: unknown };
}

/** The theme's text colour and font on a chart's legend and axes, and its grid colour: every dashboard chart alike. */
export function applyChartTheme(chart: { options: { color?: unknown; font?: unknown; scales?: { x?: unknown; y?: unknown } } }, p: Palette = palette()): void {
  const options = chart.options;
  options.color = p.foreground;
  options.font = { family: p.font };
  for (const axis of ['x', 'y'] as const) {
    const scale = options.scales?.[axis] as ScaleColours | undefined;
    if (!scale) continue;
    scale.ticks = { ...scale.ticks, color: p.foreground };
    scale.grid = { ...scale.grid, color: p.grid };
    if (scale.title) scale.title.color = p.foreground;
  }
}
