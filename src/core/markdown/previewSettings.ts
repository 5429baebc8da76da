// The `neuralLens.preview.*` settings without the editor: their defaults and the one normalisation every
// reader applies (src/preview/settings.ts reads them for the article panel, the Concepts view and the
// export). package.json contributes the same defaults for the Settings UI; a unit test keeps them equal.

export const MERMAID_THEME_SETTINGS = ['auto', 'default', 'dark', 'neutral', 'forest', 'base'] as const;
export type MermaidThemeSetting = (typeof MERMAID_THEME_SETTINGS)[number];

export const FRONT_MATTER_SETTINGS = ['hide', 'table'] as const;

export interface PreviewSettingValues {
  math: boolean;
  /** `\(…\)` and `\[…\]` delimit formulas too. */
  mathBrackets: boolean;
  frontMatter: (typeof FRONT_MATTER_SETTINGS)[number];
  katexMacros: Record<string, string>;
  mermaidTheme: MermaidThemeSetting;
  scrollPreviewWithEditor: boolean;
  scrollEditorWithPreview: boolean;
  doubleClickToSwitchToEditor: boolean;
  maxDiagramTextSize: number;
  maxFormulaSize: number;
  allowHtml: boolean;
  /**
   * Fitting a diagram to the panel's width never draws its smallest label below this size (px): a wider
   * diagram scrolls in its own box instead. 0 fits every diagram to the width, however small its text.
   */
  minDiagramLabelSize: number;
}

export const PREVIEW_DEFAULTS: Readonly<PreviewSettingValues> = Object.freeze({
  math: true,
  mathBrackets: true,
  frontMatter: 'hide',
  katexMacros: {},
  mermaidTheme: 'auto',
  scrollPreviewWithEditor: true,
  scrollEditorWithPreview: true,
  doubleClickToSwitchToEditor: true,
  maxDiagramTextSize: 50000,
  // KaTeX takes ~13 µs per character on the host's thread: 10,000 is ~0.15 s, ten times the largest matrix an article holds.
  maxFormulaSize: 10000,
  allowHtml: false,
  minDiagramLabelSize: 11,
});

/** The smallest diagram size limit honoured: below it, ordinary diagrams would be refused. */
export const MIN_DIAGRAM_TEXT_SIZE = 1000;
/** The smallest formula size limit honoured, for the same reason. */
export const MIN_FORMULA_SIZE = 1000;

/** The largest smallest-label size honoured (px): above it, most diagrams would not fit any panel. */
export const MAX_DIAGRAM_LABEL_SIZE = 32;

/**
 * The settings as given (any JSON a user may have written, or undefined when unset), made safe to use:
 * a value of the wrong type falls back to its default, the diagram and formula size limits are clamped to their minimum, the
 * smallest label size to [0, MAX_DIAGRAM_LABEL_SIZE],
 * and only string macros are kept (KaTeX expects strings).
 */
export function normalisePreviewSettings(read: (key: keyof PreviewSettingValues) => unknown): PreviewSettingValues {
  const flag = (key: 'math' | 'mathBrackets' | 'scrollPreviewWithEditor' | 'scrollEditorWithPreview' | 'doubleClickToSwitchToEditor' | 'allowHtml') => {
    const value = read(key);
    return typeof value === 'boolean' ? value : PREVIEW_DEFAULTS[key];
  };
  /** A number clamped to [min, max], or its default when it is not a finite number. */
  const number = (key: 'maxDiagramTextSize' | 'maxFormulaSize' | 'minDiagramLabelSize', min: number, max = Infinity) => {
    const value = read(key);
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : PREVIEW_DEFAULTS[key];
  };
  const theme = read('mermaidTheme');
  const macros = read('katexMacros');
  const frontMatter = read('frontMatter');
  return {
    math: flag('math'),
    mathBrackets: flag('mathBrackets'),
    frontMatter: FRONT_MATTER_SETTINGS.find((f) => f === frontMatter) ?? PREVIEW_DEFAULTS.frontMatter,
    katexMacros:
      macros && typeof macros === 'object' && !Array.isArray(macros)
        ? Object.fromEntries(Object.entries(macros).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : {},
    mermaidTheme: MERMAID_THEME_SETTINGS.find((t) => t === theme) ?? PREVIEW_DEFAULTS.mermaidTheme,
    scrollPreviewWithEditor: flag('scrollPreviewWithEditor'),
    scrollEditorWithPreview: flag('scrollEditorWithPreview'),
    doubleClickToSwitchToEditor: flag('doubleClickToSwitchToEditor'),
    maxDiagramTextSize: number('maxDiagramTextSize', MIN_DIAGRAM_TEXT_SIZE),
    maxFormulaSize: number('maxFormulaSize', MIN_FORMULA_SIZE),
    allowHtml: flag('allowHtml'),
    minDiagramLabelSize: number('minDiagramLabelSize', 0, MAX_DIAGRAM_LABEL_SIZE),
  };
}
