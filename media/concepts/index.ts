// Concepts side view: every diagram and formula of the followed Markdown document as a gallery of
// thumbnails. Formulas arrive typeset (KaTeX on the host); diagrams are drawn here with the shared Mermaid
// renderer (securityLevel 'strict', theme from the editor). A click reveals the source; each card can
// copy its source or be exported as SVG or PNG.
import 'katex/dist/katex.min.css';
import './concepts.css';
import { PREVIEW_DEFAULTS } from '../../src/core/markdown/previewSettings';
import type { ConceptItem, ConceptsConfig, ConceptsStrings, ConceptsToHost, ConceptsViewState, HostToConcepts } from '../../src/preview/concepts/protocol';
import { Host, pageStrings } from '../shared/host';
import { DiagramRenderer } from '../shared/mermaid/diagramRenderer';
import { mermaidFromPage } from '../shared/mermaid/loader';
import { chooseMermaidTheme, type MermaidThemeChoice } from '../shared/mermaid/theme';
import { currentThemeKind, readCssVariable, watchThemeChanges } from '../shared/mermaid/themeWatcher';
import { editorColours, standaloneDiagramSvg, standaloneFormulaSvg, svgToPng } from '../shared/exportImage';
import { Gallery, type Card, type CardAction } from './gallery';

const strings = pageStrings<ConceptsStrings>();
const host = new Host<HostToConcepts, ConceptsToHost, ConceptsViewState>(() => ({ filter: 'all' }));

let config: ConceptsConfig = { mermaidTheme: PREVIEW_DEFAULTS.mermaidTheme, maxDiagramTextSize: PREVIEW_DEFAULTS.maxDiagramTextSize };
let documentInfo: { uri: string; version: number } | undefined;
// Mermaid (dist/media/shared.js) is loaded on the first diagram, so formulas are on screen before its 3 MB are parsed.
const renderer = new DiagramRenderer({ maxTextSize: config.maxDiagramTextSize, tooLarge: strings.diagramTooLarge, load: mermaidFromPage() });
let generation = 0;

const toolbar = document.createElement('div');
toolbar.className = 'nl-toolbar';
const summary = document.createElement('span');
summary.className = 'nl-summary';
const filter = document.createElement('select');
filter.className = 'nl-filter';
filter.setAttribute('aria-label', strings.filterAll);
for (const [value, label] of [
  ['all', strings.filterAll],
  ['diagrams', strings.filterDiagrams],
  ['formulas', strings.filterFormulas],
] as const) {
  const option = document.createElement('option');
  option.value = value;
  option.textContent = label;
  filter.append(option);
}
// One-symbol inline formulas ($l$, $i$) are many and say little on their own: behind this toggle.
const oneSymbolToggle = document.createElement('label');
oneSymbolToggle.className = 'nl-one-symbol';
const oneSymbolBox = document.createElement('input');
oneSymbolBox.type = 'checkbox';
const oneSymbolText = document.createElement('span');
oneSymbolToggle.append(oneSymbolBox, oneSymbolText);
toolbar.append(summary, oneSymbolToggle, filter);
const emptyNote = document.createElement('p');
emptyNote.className = 'nl-empty';
emptyNote.textContent = strings.empty;
// The view's welcome while no Markdown document is followed (a webview view has no viewsWelcome).
const welcome = document.createElement('div');
welcome.className = 'nl-welcome';
for (const [label, type] of [
  [strings.openSample, 'openSample'],
  [strings.getStarted, 'openWalkthrough'],
] as const) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', () => host.post({ type }));
  welcome.append(button);
}
const gallery = new Gallery(strings, (card, action) => void onCardAction(card, action));
document.body.append(toolbar, emptyNote, welcome, gallery.element);

filter.value = host.getState().filter;
document.body.dataset.filter = filter.value;
oneSymbolBox.checked = host.getState().oneSymbol === true;
document.body.toggleAttribute('data-one-symbol', oneSymbolBox.checked);
oneSymbolBox.addEventListener('change', () => {
  document.body.toggleAttribute('data-one-symbol', oneSymbolBox.checked);
  host.updateState({ oneSymbol: oneSymbolBox.checked });
});
filter.addEventListener('change', () => {
  const value = filter.value as 'all' | 'diagrams' | 'formulas';
  document.body.dataset.filter = value;
  host.updateState({ filter: value });
});
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => host.updateState({ scrollY: window.scrollY }), 100);
});

function theme(): MermaidThemeChoice {
  return chooseMermaidTheme(config.mermaidTheme, currentThemeKind(), readCssVariable);
}

function diagramHash(item: ConceptItem): string {
  // The id without its occurrence suffix: same source, same drawing.
  return item.id.replace(/:\d+$/, '');
}

async function draw(card: Card, choice: MermaidThemeChoice): Promise<void> {
  if (card.themeKey === choice.key && (card.svg || card.failed)) return;
  const outcome = await renderer.render({
    hash: diagramHash(card.item),
    source: card.item.source,
    theme: choice,
    isWanted: () => gallery.get(card.item.id) === card,
  });
  if (!outcome || gallery.get(card.item.id) !== card) return;
  card.themeKey = choice.key;
  if ('svg' in outcome) {
    card.svg = outcome.svg;
    card.failed = false;
    // Mermaid's own output, sanitised by it under securityLevel 'strict'.
    card.thumb.innerHTML = outcome.svg;
    card.element.classList.remove('nl-card-error');
  } else {
    card.svg = undefined;
    card.failed = true;
    const box = document.createElement('div');
    box.className = 'nl-error';
    box.setAttribute('role', 'alert');
    box.textContent = `${strings.diagramError}: ${outcome.error}`;
    const source = document.createElement('pre');
    source.className = 'nl-card-source';
    source.textContent = card.item.source;
    card.thumb.replaceChildren(box, source);
    card.element.classList.add('nl-card-error');
  }
}

/** Draws every diagram not drawn with the current theme (in document order), then reports. */
async function drawAll(): Promise<void> {
  const mine = ++generation;
  const choice = theme();
  const diagrams = gallery.all().filter((card) => card.item.kind === 'mermaid');
  for (const card of diagrams) {
    if (mine !== generation) return;
    await draw(card, choice);
  }
  if (mine !== generation || !documentInfo) return;
  const cards = gallery.all();
  host.post({
    type: 'rendered',
    report: {
      uri: documentInfo.uri,
      documentVersion: documentInfo.version,
      cards: cards.length,
      diagramsDrawn: diagrams.filter((c) => c.svg && gallery.get(c.item.id) === c).length,
      diagramErrors: diagrams.filter((c) => c.failed).length,
      formulas: cards.filter((c) => c.item.kind !== 'mermaid' && c.thumb.querySelector('.katex')).length,
      shown: cards.filter((c) => c.element.checkVisibility()).length,
      diagramRenders: renderer.renders,
    },
  });
}

function showUpdate(items: ConceptItem[]): void {
  if (!gallery.update(items)) {
    // We were sent a formula without its HTML that we do not have: start over with a full update.
    host.ready();
    return;
  }
  const diagrams = items.filter((i) => i.kind === 'mermaid').length;
  const oneSymbol = items.filter((i) => i.oneSymbol).length;
  summary.textContent = strings.summary.replace('{0}', String(diagrams)).replace('{1}', String(items.length - diagrams - oneSymbol));
  oneSymbolText.textContent = strings.oneSymbolFormulas.replace('{0}', String(oneSymbol));
  oneSymbolToggle.hidden = oneSymbol === 0;
  emptyNote.textContent = strings.noConcepts;
  emptyNote.hidden = items.length > 0;
  welcome.hidden = true;
  void drawAll();
}

let exportCss: Promise<string> | undefined;
let nextRequestId = 1;
const pendingStyles = new Map<number, (css: string) => void>();

function katexExportCss(): Promise<string> {
  exportCss ??= new Promise<string>((resolve) => {
    const requestId = nextRequestId++;
    pendingStyles.set(requestId, resolve);
    host.post({ type: 'requestExportStyles', requestId });
  });
  return exportCss;
}

async function standaloneSvg(card: Card): Promise<{ svg: string; width: number; height: number }> {
  if (card.item.kind === 'mermaid') {
    if (!card.svg) throw new Error(strings.diagramError);
    return standaloneDiagramSvg(card.svg, editorColours());
  }
  const formula = card.thumb.querySelector<HTMLElement>('.katex-display, .katex');
  if (!formula) throw new Error(strings.diagramError);
  return standaloneFormulaSvg(formula, await katexExportCss(), editorColours());
}

async function onCardAction(card: Card, action: CardAction): Promise<void> {
  const id = card.item.id;
  if (action === 'reveal') return host.post({ type: 'reveal', id });
  if (action === 'copy') return host.post({ type: 'copySource', id });
  try {
    const image = await standaloneSvg(card);
    const data = action === 'svg' ? image.svg : await svgToPng(image.svg, image.width, image.height);
    host.post({ type: 'saveImage', id, format: action, data });
  } catch (e) {
    host.post({ type: 'exportFailed', id, message: e instanceof Error ? e.message : String(e) });
  }
}

host.onMessage((message: HostToConcepts) => {
  switch (message.type) {
    case 'update': {
      const settingsChanged = message.config.mermaidTheme !== config.mermaidTheme || message.config.maxDiagramTextSize !== config.maxDiagramTextSize;
      config = message.config;
      renderer.setMaxTextSize(config.maxDiagramTextSize);
      if (settingsChanged) for (const card of gallery.all()) card.themeKey = undefined;
      const firstOfDocument = documentInfo?.uri !== message.document.uri;
      documentInfo = { uri: message.document.uri, version: message.document.version };
      showUpdate(message.items);
      if (firstOfDocument) {
        const y = host.getState().scrollY;
        window.scrollTo(0, y ?? 0);
      }
      break;
    }
    case 'clear':
      documentInfo = undefined;
      generation++;
      gallery.update([]);
      summary.textContent = '';
      emptyNote.textContent = strings.empty;
      emptyNote.hidden = false;
      welcome.hidden = false;
      break;
    case 'exportStyles':
      pendingStyles.get(message.requestId)?.(message.css);
      pendingStyles.delete(message.requestId);
      break;
  }
});

// Diagrams follow the editor's colour theme (when the setting says 'auto').
watchThemeChanges(() => void drawAll());

host.ready();
