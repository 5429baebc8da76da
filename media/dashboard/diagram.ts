// The architecture diagram through the extension's shared Mermaid code (media/shared): the same renderer,
// theme and security settings as the article panel, and Mermaid itself (dist/media/shared.js) loaded with
// this page's nonce only when a diagram is first drawn, so the curves appear without waiting for it.
import { DiagramRenderer } from '../shared/mermaid/diagramRenderer';
import { mermaidFromPage } from '../shared/mermaid/loader';
import { chooseMermaidTheme } from '../shared/mermaid/theme';
import { currentThemeKind, readCssVariable } from '../shared/mermaid/themeWatcher';

// Created while the page's script first runs (mermaidFromPage reads the running script's nonce).
const renderer = new DiagramRenderer({ maxTextSize: 50_000, load: mermaidFromPage() });
let latest = 0;

/** Draws `source` into `container`; a newer call (a theme change mid-draw) wins. Throws Mermaid's error. */
export async function renderDiagram(container: HTMLElement, source: string): Promise<void> {
  const mine = ++latest;
  const theme = chooseMermaidTheme('auto', currentThemeKind(), readCssVariable);
  const outcome = await renderer.render({ hash: source, source, theme, isWanted: () => mine === latest });
  if (!outcome || mine !== latest) return;
  if ('error' in outcome) throw new Error(outcome.error);
  // Mermaid's output with securityLevel 'strict' and no HTML labels: sanitised SVG.
  container.innerHTML = outcome.svg;
}
