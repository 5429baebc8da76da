// Renders one Mermaid diagram into a container, with the theme following the editor and the strict
// security level (no click handlers, labels sanitised). Stale renders (a theme change while drawing) lose.
import mermaid from 'mermaid';
import { themeKind } from './theme';

let renderCount = 0;
let initializedFor: string | undefined;

export async function renderDiagram(container: HTMLElement, source: string): Promise<void> {
  const kind = themeKind();
  const theme = kind === 'dark' || kind === 'high-contrast' ? 'dark' : 'default';
  if (initializedFor !== theme) {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme, flowchart: { htmlLabels: true } });
    initializedFor = theme;
  }
  const id = `nl-arch-${++renderCount}`;
  const mine = renderCount;
  const { svg } = await mermaid.render(id, source);
  if (mine !== renderCount) return;
  // Mermaid's output in strict mode is sanitised SVG.
  container.innerHTML = svg;
}
