// Pure (no DOM): picks the Mermaid theme for the editor's colour theme. Used by the article panel,
// the Concepts view and the dashboard, so every diagram of the extension looks the same.
import { luminance, mix, parseColor, toHex, type Rgba } from '../color';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
export type MermaidThemeName = 'auto' | 'default' | 'dark' | 'neutral' | 'forest' | 'base';

export interface MermaidThemeChoice {
  theme: Exclude<MermaidThemeName, 'auto'>;
  themeVariables: Record<string, string | boolean>;
  fontFamily?: string;
  /** Changes whenever the drawn result would: part of the SVG cache key. */
  key: string;
}

/** The theme kind from the webview body's classes (VS Code sets vscode-light/-dark/-high-contrast[-light]). */
export function themeKindFromClasses(classes: Iterable<string>): ThemeKind {
  const set = new Set(classes);
  if (set.has('vscode-high-contrast-light')) return 'high-contrast-light';
  if (set.has('vscode-high-contrast')) return 'high-contrast';
  if (set.has('vscode-dark')) return 'dark';
  return 'light';
}

const fallbacks: Record<ThemeKind, { background: string; foreground: string; accent: string; border?: string }> = {
  light: { background: '#ffffff', foreground: '#1f1f1f', accent: '#005fb8' },
  dark: { background: '#1f1f1f', foreground: '#cccccc', accent: '#4daafc' },
  'high-contrast': { background: '#000000', foreground: '#ffffff', accent: '#21a6ff', border: '#6fc3df' },
  'high-contrast-light': { background: '#ffffff', foreground: '#292929', accent: '#0f4a85', border: '#0f4a85' },
};

/**
 * The Mermaid theme for a setting and an editor theme. `readVar` reads a CSS custom property such as
 * `--vscode-editor-background` (empty string when unset, e.g. in an exported page).
 * 'auto' builds Mermaid's 'base' theme from the editor's own colours; any other setting is used as is.
 */
export function chooseMermaidTheme(setting: MermaidThemeName, kind: ThemeKind, readVar: (name: string) => string): MermaidThemeChoice {
  const fontFamily = readVar('--vscode-font-family').trim() || undefined;
  if (setting !== 'auto') {
    return { theme: setting, themeVariables: {}, fontFamily, key: `${setting}|${fontFamily ?? ''}` };
  }
  const themeVariables = themeVariablesFromEditor(kind, readVar);
  const key = `auto|${kind}|${fontFamily ?? ''}|${Object.values(themeVariables).join(',')}`;
  return { theme: 'base', themeVariables, fontFamily, key };
}

export function themeVariablesFromEditor(kind: ThemeKind, readVar: (name: string) => string): Record<string, string | boolean> {
  const fb = fallbacks[kind];
  const read = (name: string, fallback: string): Rgba => {
    const parsed = parseColor(readVar(name));
    return parsed ?? (parseColor(fallback) as Rgba);
  };
  const background = read('--vscode-editor-background', fb.background);
  const opaque = (c: Rgba) => mix(c, background);
  const foreground = opaque(read('--vscode-editor-foreground', fb.foreground));
  const accent = opaque(read('--vscode-textLink-foreground', fb.accent));
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const dark = luminance(background) < 0.4;
  const contrastBorder = parseColor(readVar('--vscode-contrastBorder')) ?? (fb.border ? parseColor(fb.border) : undefined);

  // Nodes: a quiet tint of the link colour, outlined in it; in high contrast, no tint and a hard border.
  const nodeFill = highContrast ? background : mix(accent, background, dark ? 0.22 : 0.12);
  const nodeBorder = highContrast && contrastBorder ? opaque(contrastBorder) : accent;
  const secondaryFill = highContrast ? background : mix(foreground, background, dark ? 0.12 : 0.06);
  const tertiaryFill = highContrast ? background : mix(foreground, background, dark ? 0.07 : 0.03);
  const line = highContrast ? foreground : mix(foreground, background, 0.75);
  const widget = opaque(read('--vscode-editorWidget-background', toHex(secondaryFill)));

  return {
    darkMode: dark,
    background: toHex(background),
    primaryColor: toHex(nodeFill),
    primaryTextColor: toHex(foreground),
    primaryBorderColor: toHex(nodeBorder),
    secondaryColor: toHex(secondaryFill),
    secondaryTextColor: toHex(foreground),
    secondaryBorderColor: toHex(line),
    tertiaryColor: toHex(tertiaryFill),
    tertiaryTextColor: toHex(foreground),
    tertiaryBorderColor: toHex(line),
    lineColor: toHex(line),
    textColor: toHex(foreground),
    mainBkg: toHex(nodeFill),
    nodeBorder: toHex(nodeBorder),
    clusterBkg: toHex(tertiaryFill),
    clusterBorder: toHex(line),
    titleColor: toHex(foreground),
    edgeLabelBackground: toHex(background),
    noteBkgColor: toHex(widget),
    noteTextColor: toHex(foreground),
    noteBorderColor: toHex(line),
    actorBkg: toHex(nodeFill),
    actorBorder: toHex(nodeBorder),
    actorTextColor: toHex(foreground),
    actorLineColor: toHex(line),
    signalColor: toHex(foreground),
    signalTextColor: toHex(foreground),
    labelBoxBkgColor: toHex(nodeFill),
    labelBoxBorderColor: toHex(nodeBorder),
    labelTextColor: toHex(foreground),
    loopTextColor: toHex(foreground),
    activationBkgColor: toHex(secondaryFill),
    activationBorderColor: toHex(line),
    sequenceNumberColor: toHex(background),
    classText: toHex(foreground),
  };
}
