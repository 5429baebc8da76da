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
