// Entry of the article panel's webview (and, without a webview, of the headless diagram renderer and
// sanitiser the CLI export drives). The host sends rendered blocks; this page patches them in, draws diagrams,
// keeps scroll sync, and reports what is on screen.
import 'katex/dist/katex.min.css';
import '../shared/mermaid.css';
import 'markdown-it-github-alerts/styles/github-base.css';
import './preview.css';
import { PREVIEW_DEFAULTS } from '../../src/core/markdown/previewSettings';
import type { HeadlessPreviewApi, HostToWebview, PreviewConfig, PreviewStrings, PreviewWebviewState, RenderStats, WebviewToHost } from '../../src/preview/protocol';
import { sanitizeArticleHtml } from './sanitize';
import { patchBlocks } from './blockPatcher';
import { OffscreenSkipping } from './offscreen';
import { DiagramController, renderDiagramsHeadless, type DiagramActionKind, type DrawnDiagram } from './diagrams';
import { editorColours, standaloneDiagramSvg, svgToPngBlob } from '../shared/exportImage';
import { Host, inWebview } from '../shared/host';
import { invalidateLineCache, lineAtOffset, scrollToLine } from './scrollSync';
import { ENGLISH_TOO_LARGE } from '../shared/mermaid/diagramRenderer';
import { mermaidFromGlobal, mermaidFromPage } from '../shared/mermaid/loader';
import { inScratchFrame } from '../shared/mermaid/scratchFrame';
import { watchThemeChanges } from '../shared/mermaid/themeWatcher';

declare global {
  interface Window {
    /** Set in a plain page (no webview): the CLI's headless browser calls it to draw diagrams and sanitise raw HTML. */
    neuralLensRender?: HeadlessPreviewApi;
  }
}

if (inWebview()) startPreview();
else window.neuralLensRender = { renderDiagrams: (d, theme, max) => renderDiagramsHeadless(d, theme, max, mermaidFromGlobal), sanitize: sanitizeArticleHtml };

function startPreview(): void {
  const host = new Host<HostToWebview, WebviewToHost, PreviewWebviewState>(() => ({ resource: document.body.dataset.resource ?? '' }));
  // Mermaid comes from dist/media/shared.js, fetched when the first diagram needs it, and draws its scratch
  // elements in a frame of its own: its measuring then costs the same whatever the article holds (scratchFrame.ts).
  const scratchFrame = inScratchFrame(mermaidFromPage());
  const loadMermaid = scratchFrame.load;
  const root = document.getElementById('nl-root') as HTMLElement;
  const savedZoom = host.getState().zoom ?? {};
  let config: PreviewConfig | undefined;
  let diagrams: DiagramController | undefined;
  let latestVersion = -1;
  let restoredScroll = false;
  let ignoreScrollUntil = 0;

  const offscreen = new OffscreenSkipping(root);
  const saveZoom = (zoom: Record<string, unknown>) => host.updateState({ zoom });
  const diagramSettings = (c: PreviewConfig) => ({ theme: c.mermaidTheme, maxTextSize: c.maxDiagramTextSize, minLabelSize: c.minDiagramLabelSize, strings: c.strings });
  const onDiagramAction = (action: DiagramActionKind, diagram: DrawnDiagram) => {
    if (action === 'openInTab') {
      host.post({ type: 'openDiagram', source: diagram.source, hash: diagram.hash, line: diagram.line, svg: diagram.svg, themeKey: diagram.themeKey });
      return;
    }
    const fail = (e: unknown) => host.post({ type: 'diagramActionFailed', message: e instanceof Error ? e.message : String(e) });
    try {
      const image = standaloneDiagramSvg(diagram.svg, editorColours());
      if (action === 'copySvg') return host.post({ type: 'copySvg', svg: image.svg });
      // The clipboard takes the PNG while the click still counts as the user's: hand it a promise of the image.
      navigator.clipboard
        .write([new ClipboardItem({ 'image/png': svgToPngBlob(image.svg, image.width, image.height) })])
        .then(() => host.post({ type: 'pngCopied' }), fail);
    } catch (e) {
      fail(e);
    }
  };

  const postStats = (version: number, started: number, patchMs: number, blocksReplaced: number, visibleMs: number) => {
    const stats: RenderStats = {
      version,
      blocks: root.children.length,
      blocksReplaced,
      diagrams: root.querySelectorAll('.nl-mermaid').length,
      diagramErrors: root.querySelectorAll('.nl-diagram-error').length,
      formulas: root.querySelectorAll('.katex').length,
      formulaErrors: root.querySelectorAll('.nl-math-error').length,
      diagramRenders: diagrams?.renderCount ?? 0,
      ms: performance.now() - started,
      patchMs,
      visibleMs,
    };
    // Also on the page, for UI tests and the benchmark that look at the real webview.
    document.body.dataset.settledVersion = String(version);
    document.body.dataset.diagramRenders = String(stats.diagramRenders);
    document.body.dataset.framedRenders = String(scratchFrame.framedRenders());
    host.post({ type: 'rendered', stats });
  };

  const applyUpdate = async (message: Extract<HostToWebview, { type: 'update' }>) => {
    const started = performance.now();
    latestVersion = message.version;
    config = message.config;
    if (!diagrams) {
      diagrams = new DiagramController(
        root,
        diagramSettings(config),
        savedZoom,
        saveZoom,
        loadMermaid,
        onDiagramAction,
        (placeholder) => offscreen.relayout(placeholder),
        (drawing) => host.post({ type: 'drawings', drawings: [drawing] }),
      );
    }
    if (message.drawings) diagrams.seed(message.drawings);
    const themeChanged = diagrams.setSettings(diagramSettings(config));
    if (host.getState().resource !== message.resource) host.updateState({ resource: message.resource });
    const sanitize = config.allowHtml ? sanitizeArticleHtml : (html: string) => html;
    const measure = (el: HTMLElement) => {
      for (const d of el.querySelectorAll<HTMLElement>('.nl-diagram')) d.dataset.height = String(d.getBoundingClientRect().height);
    };
    // New elements have no remembered size: lay everything out again until this update is drawn.
    if (message.full || themeChanged) offscreen.suspend();
    const patch = patchBlocks(root, message.blocks, message.full, sanitize, measure);
    if (patch.outOfSync) {
      // We were asked to keep a block we do not have: ask for everything again.
      host.ready();
      return;
    }
    invalidateLineCache();
    document.body.dataset.version = String(message.version);
    const patchMs = performance.now() - started;
    const line = host.getState().line;
    // A long article opening at its start: its far blocks skip the first layout (laid out for real after the first screen).
    if (message.full && !restoredScroll) offscreen.skipFirstLayout(line);
    if (!restoredScroll && line !== undefined) scrollToLine(line);
    const drawing = themeChanged ? diagrams.redrawAll() : diagrams.update(patch.removed);
    await drawing.visible;
    const visibleMs = performance.now() - started;
    // Only now: a block skipped before its diagram is drawn would keep its placeholder's size (a diagram
    // drawn later, far from the viewport, has its block laid out again: onDrawn).
    offscreen.add(patch.created.filter((el) => el.isConnected));
    if (message.version !== latestVersion) return;
    if (!restoredScroll) {
      // Diagrams change heights: put the restored line back at the top once those around it are drawn.
      restoredScroll = true;
      if (line !== undefined) {
        ignoreScrollUntil = performance.now() + 150;
        scrollToLine(line);
      }
    }
    invalidateLineCache();
    offscreen.resume();
    document.body.dataset.visibleVersion = String(message.version);
    await drawing.all;
    if (message.version !== latestVersion) return;
    invalidateLineCache();
    postStats(message.version, started, patchMs, patch.created.length, visibleMs);
  };

  host.onMessage((message) => {
    switch (message.type) {
      case 'update':
        // applyUpdate patches the DOM before it first waits (for the diagrams): the host may send the next one now.
        void applyUpdate(message);
        host.post({ type: 'patched', version: message.version });
        break;
      case 'scrollToLine':
        if (config?.scrollPreviewWithEditor) {
          ignoreScrollUntil = performance.now() + 150;
          scrollToLine(message.line);
          host.updateState({ line: message.line });
        }
        break;
      case 'renderDiagrams':
        void (diagrams ?? new DiagramController(root, { theme: 'default', maxTextSize: PREVIEW_DEFAULTS.maxDiagramTextSize, minLabelSize: 0, strings: emptyStrings }, {}, () => undefined, loadMermaid))
          .renderForExport(message.diagrams, message.theme)
          .then((results) => host.post({ type: 'diagramsRendered', requestId: message.requestId, results }));
        break;
      case 'sanitizeHtml':
        host.post({ type: 'htmlSanitized', requestId: message.requestId, html: sanitizeArticleHtml(message.html) });
        break;
    }
  });

  let scrollTimer: number | undefined;
  window.addEventListener(
    'scroll',
    () => {
      if (scrollTimer !== undefined) return;
      scrollTimer = window.setTimeout(() => {
        scrollTimer = undefined;
        const line = lineAtOffset(window.scrollY);
        if (line === undefined) return;
        host.updateState({ line });
        if (config?.scrollEditorWithPreview && performance.now() > ignoreScrollUntil) host.post({ type: 'revealLine', line });
      }, 50);
    },
    { passive: true },
  );

  document.addEventListener('dblclick', (event) => {
    if (!config?.doubleClickToSwitchToEditor) return;
    if (innermostTarget(event)?.closest('a, button, .nl-diagram-toolbar')) return;
    const line = lineAtOffset(event.pageY);
    if (line !== undefined) host.post({ type: 'doubleClick', line: Math.floor(line) });
  });

  document.addEventListener(
    'click',
    (event) => {
      // Every link, HTML or SVG (a diagram's `click` line): VS Code's own webview script would otherwise take
      // an SVG link, whose href it cannot post.
      const anchor = innermostTarget(event)?.closest('a');
      if (!anchor) return;
      event.preventDefault();
      event.stopPropagation();
      const href = anchor.getAttribute('href') ?? anchor.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '';
      if (!href) return;
      if (href.startsWith('#')) {
        // As in VS Code's preview, a fragment names a heading whatever its case.
        let id = href.slice(1);
        try {
          id = decodeURIComponent(id);
        } catch {
          // Not percent-encoded after all: the fragment as written.
        }
        (document.getElementById(id) ?? document.getElementById(id.toLowerCase()))?.scrollIntoView();
        return;
      }
      host.post({ type: 'openLink', href });
    },
    true,
  );

  watchThemeChanges(() => {
    if (!diagrams?.refreshTheme()) return;
    const started = performance.now();
    const version = latestVersion;
    offscreen.suspend();
    const drawing = diagrams.redrawAll();
    void drawing.visible.then(() => offscreen.resume());
    void drawing.all.then(() => {
      if (version === latestVersion) postStats(version, started, 0, 0, 0);
    });
  });

  host.ready();
}

/** The element an event happened on, inside a drawing's shadow root too (event.target is the root's host there). */
function innermostTarget(event: Event): Element | undefined {
  const first = event.composedPath()[0];
  return first instanceof Element ? first : undefined;
}

/** For diagrams drawn for the export before the first update brought the localised strings. */
const emptyStrings: PreviewStrings = {
  diagramError: 'Diagram error',
  diagramTooLarge: ENGLISH_TOO_LARGE,
  line: 'line {0}',
  zoomIn: '+',
  zoomOut: '-',
  fitWidth: 'fit',
  actualSize: '1:1',
  wideHint: '',
  openInTab: '',
  copySvg: '',
  copyPng: '',
};
