// What every page initialises Mermaid with (DiagramRenderer.configure): pure data, so the unit tests can
// run it through Mermaid's own config merge in Node.
import type { MermaidConfig } from 'mermaid' with { 'resolution-mode': 'import' };
import type { MermaidThemeChoice } from './theme';

/**
 * The keys a diagram's own `%%{init: …}%%` directive may not change (Mermaid removes them from directives,
 * at every depth, so `flowchart.htmlLabels` too): Mermaid's defaults, plus HTML labels (off: labels stay
 * plain SVG text) and DOMPurify's configuration.
 */
export const SECURE_KEYS = ['secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'suppressErrorRendering', 'maxEdges', 'htmlLabels', 'dompurifyConfig'];

export function mermaidConfig(theme: MermaidThemeChoice, maxTextSize: number): MermaidConfig {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    secure: SECURE_KEYS,
    suppressErrorRendering: true,
    htmlLabels: false,
    maxTextSize,
    theme: theme.theme,
    themeVariables: theme.themeVariables,
    ...(theme.fontFamily ? { fontFamily: theme.fontFamily } : {}),
  };
}
