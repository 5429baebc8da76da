// The diagram tab: one diagram of an article, full size, zoomable, exportable. It shows the article panel's
// drawing when the editor theme is the one it was drawn for, and draws it itself otherwise (and on a theme
// change) with the shared Mermaid renderer.
import '../shared/mermaid.css';
import './diagram.css';
import type { DiagramTabContent, DiagramTabState, DiagramTabStrings, DiagramTabToHost, HostToDiagramTab } from '../../src/preview/diagram/protocol';
import { editorColours, standaloneDiagramSvg, svgToPng } from '../shared/exportImage';
import { Host, pageStrings } from '../shared/host';
import { DiagramRenderer } from '../shared/mermaid/diagramRenderer';
import { mermaidFromPage } from '../shared/mermaid/loader';
import { chooseMermaidTheme } from '../shared/mermaid/theme';
import { currentThemeKind, readCssVariable, watchThemeChanges } from '../shared/mermaid/themeWatcher';
import { DiagramView, initialZoom, zoomStateFrom } from '../shared/mermaid/zoomPan';

const strings = pageStrings<DiagramTabStrings>();
const host = new Host<HostToDiagramTab, DiagramTabToHost, DiagramTabState>(() => ({}));
const load = mermaidFromPage();
let renderer: DiagramRenderer | undefined;
let content: DiagramTabContent | undefined;
let svg: string | undefined;
let generation = 0;

const actions = document.createElement('div');
actions.className = 'nl-tab-actions';
const button = (text: string, run: () => void) => {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'nl-diagram-button';
  b.textContent = text;
  b.addEventListener('click', run);
  actions.append(b);
};
button(strings.exportSvg, () => void exportImage('svg'));
button(strings.exportPng, () => void exportImage('png'));
button(strings.copySource, () => host.post({ type: 'copySource' }));

const error = document.createElement('div');
error.className = 'nl-error';
error.setAttribute('role', 'alert');
error.hidden = true;
const frame = document.createElement('div');
frame.className = 'nl-diagram';
document.body.append(actions, error, frame);

const saved = host.getState().zoom;
const zoom = saved === undefined ? initialZoom('actual') : zoomStateFrom(saved);
const view = new DiagramView(frame, zoom, { labels: strings, minLabelSize: 0, onChange: (state) => host.updateState({ zoom: state }) });
view.viewport.focus();

async function show(): Promise<void> {
  if (!content) return;
  const mine = ++generation;
  const theme = chooseMermaidTheme(content.mermaidTheme, currentThemeKind(), readCssVariable);
  let outcome: { svg: string } | { error: string } | undefined;
  if (content.svg && content.themeKey === theme.key) outcome = { svg: content.svg };
  else {
    renderer ??= new DiagramRenderer({ maxTextSize: content.maxDiagramTextSize, tooLarge: strings.diagramTooLarge, load });
    outcome = await renderer.render({ hash: content.hash, source: content.source, theme, isWanted: () => mine === generation });
  }
  if (!outcome || mine !== generation) return;
  if ('svg' in outcome) {
    svg = outcome.svg;
    error.hidden = true;
    view.setSvg(outcome.svg);
  } else {
    svg = undefined;
    error.textContent = `${strings.diagramError} (${strings.line.replace('{0}', String(content.line + 1))}): ${outcome.error}`;
    error.hidden = false;
  }
  // The scale is known once the box has been laid out.
  requestAnimationFrame(() =>
    host.post({ type: 'rendered', report: { drawn: svg !== undefined, error: 'error' in outcome ? outcome.error : undefined, scale: view.scale, renders: renderer?.renders ?? 0 } }),
  );
}

async function exportImage(format: 'svg' | 'png'): Promise<void> {
  try {
    if (!svg) throw new Error(strings.diagramError);
    const image = standaloneDiagramSvg(svg, editorColours());
    const data = format === 'svg' ? image.svg : await svgToPng(image.svg, image.width, image.height);
    host.post({ type: 'saveImage', format, data });
  } catch (e) {
    host.post({ type: 'exportFailed', message: e instanceof Error ? e.message : String(e) });
  }
}

host.onMessage((message) => {
  if (message.type !== 'show') return;
  content = message.diagram;
  void show();
});

// The diagram follows the editor's colour theme (when the setting says 'auto').
watchThemeChanges(() => void show());

host.ready();
