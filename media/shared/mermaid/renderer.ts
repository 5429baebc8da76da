// DiagramRenderer with Mermaid bundled into the page's own script (simplest; the page's bundle grows
// by Mermaid's 3 MB). Pages that want text first use DiagramRenderer with mermaidFromScript instead.
import mermaid from 'mermaid';
import { DiagramRenderer } from './diagramRenderer';

export type { DiagramOutcome, RenderRequest } from './diagramRenderer';

export class MermaidRenderer extends DiagramRenderer {
  constructor(options: { maxTextSize: number }) {
    super({ ...options, load: () => Promise.resolve(mermaid) });
  }

  setOptions(options: { maxTextSize: number }): void {
    this.setMaxTextSize(options.maxTextSize);
  }
}
