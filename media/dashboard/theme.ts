// Colours come from the editor theme's CSS variables, and everything drawn on a canvas or in an SVG is
// redrawn when the theme changes (VS Code swaps the body class).

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

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
  const dark = themeKind() === 'dark' || themeKind() === 'high-contrast';
  return {
    foreground: cssVar('--vscode-foreground', dark ? '#cccccc' : '#333333'),
    grid: cssVar('--vscode-editorWidget-border', dark ? '#454545' : '#c8c8c8'),
    train: cssVar('--vscode-charts-blue', '#3794ff'),
    validation: cssVar('--vscode-charts-orange', '#d18616'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

/** Calls `onChange` when the editor's colour theme changes (the shared watcher of media/shared). */
export { watchThemeChanges as onThemeChange } from '../shared/mermaid/themeWatcher';
