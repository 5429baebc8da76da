// What the page-level preview benches share: the article panel's page (built like dist/media, served with its
// strict CSP, VS Code's glue stood in for by pages/shim.js) and the bare libraries' page, in Debian's headless
// Chromium through playwright-core, and the clocks they are read with.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { buildPreviewHtml } from '../../src/preview/previewHtml';
import { createNonce } from '../../src/webview/page';
import type { HostToWebview, PreviewConfig, RenderStats } from '../../src/preview/protocol';
import { CHROMIUM, chromiumArgs } from '../../test/harness/browser';
import { repoRoot } from '../../test/harness/paths';

// NL_BENCH_CACHE: another folder for the bundles, so that a profile can run beside a bench without replacing its bundles.
export const cacheDir = process.env.NL_BENCH_CACHE ?? path.join(repoRoot, 'bench', '.cache', 'preview');
export const pagesDir = path.join(repoRoot, 'bench', 'preview', 'pages');

/** Both bundles built the same way (minified, browser IIFE, fonts as files), as `node esbuild.js --production` builds dist/media. */
async function buildBundles(): Promise<void> {
  const common: esbuild.BuildOptions = {
    bundle: true,
    // Unminified for a CPU profile's function names (profileLong.ts): NL_BENCH_MINIFY=0.
    minify: process.env.NL_BENCH_MINIFY !== '0',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file' },
    assetNames: 'fonts/[name]-[hash]',
  };
  await esbuild.build({ ...common, entryPoints: { preview: path.join(repoRoot, 'media/preview/index.ts') }, outdir: path.join(cacheDir, 'ours') });
  // As esbuild.js builds shared.js: Mermaid's `document` a binding the page may point at its scratch frame.
  await esbuild.build({
    ...common,
    entryPoints: { shared: path.join(repoRoot, 'media/shared/index.ts') },
    inject: [path.join(repoRoot, 'media/shared/mermaid/scratchDocument.ts')],
    outdir: path.join(cacheDir, 'ours'),
  });
  await esbuild.build({
    ...common,
    stdin: {
      contents: "import 'katex/dist/katex.min.css'; import katex from 'katex'; import mermaid from 'mermaid'; Object.assign(window, { katex, mermaid });",
      resolveDir: repoRoot,
      loader: 'ts',
    },
    outfile: path.join(cacheDir, 'bare', 'bare.js'),
  });
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
};

/** Serves the two pages, the bundles and the page scripts; nothing else. */
function serve(pages: Record<string, string>): Promise<{ origin: string; close: () => void }> {
  const roots: Record<string, string> = { '/cache/': cacheDir, '/pages/': pagesDir };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = pages[url.pathname];
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': types['.html'] });
      res.end(page);
      return;
    }
    for (const [prefix, dir] of Object.entries(roots)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const file = path.resolve(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
      if (!file.startsWith(dir + path.sep) || !fs.existsSync(file)) break;
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ origin: `http://127.0.0.1:${address.port}`, close: () => server.close() });
    });
  });
}

// What VS Code puts on a light-themed webview's <html>: the colours the Mermaid theme is derived from.
const themeStyle = [
  '--vscode-font-family: sans-serif',
  '--vscode-editor-background: #ffffff',
  '--vscode-editor-foreground: #1f1f1f',
  '--vscode-textLink-foreground: #005fb8',
  '--vscode-editorWidget-background: #f8f8f8',
].join('; ');

/**
 * The article panel's page as the extension builds it (buildPreviewHtml: nonce CSP, our CSS and script,
 * Mermaid's shared.js fetched as the page starts and run, in its scratch frame, on the first diagram), with the light theme VS Code would add.
 * The VS Code glue (acquireVsCodeApi) is the shim, added before any page script runs.
 */
function oursPage(origin: string): string {
  const html = buildPreviewHtml({
    cspSource: origin,
    nonce: createNonce((n) => randomBytes(n)),
    scriptUri: `${origin}/cache/ours/preview.js`,
    mermaidUri: `${origin}/cache/ours/shared.js`,
    styleUri: `${origin}/cache/ours/preview.css`,
    resource: 'file:///bench/article.md',
    title: 'article.md',
    lang: 'zh-cn',
    // As the extension opens an article with a diagram no drawing is kept of (articlePanel.ts needsMermaid).
    preloadMermaid: true,
  });
  return html.replace('<html ', `<html style="${themeStyle}" `).replace('<body ', '<body class="vscode-light" ');
}

function barePage(): string {
  return `<!DOCTYPE html><html lang="zh-cn" style="${themeStyle}"><head><meta charset="UTF-8">
<link rel="stylesheet" href="/cache/bare/bare.css"></head>
<body class="vscode-light"><div id="root"></div>
<script src="/cache/bare/bare.js"></script>
<script src="/pages/bare.js"></script></body></html>`;
}

export const previewConfig: PreviewConfig = {
  scrollPreviewWithEditor: false,
  scrollEditorWithPreview: false,
  doubleClickToSwitchToEditor: true,
  mermaidTheme: 'auto',
  maxDiagramTextSize: 50000,
  minDiagramLabelSize: 11,
  allowHtml: false,
  strings: { diagramError: 'Diagram error', diagramTooLarge: 'Too large: {0} > {1}', line: 'line {0}', zoomIn: '+', zoomOut: '-', fitWidth: 'Fit to width', actualSize: 'Actual size', wideHint: 'Wider than the panel', openInTab: 'Open in a tab', copySvg: 'Copy as SVG', copyPng: 'Copy as PNG' },
};

export interface Posted {
  at: number;
  message: { type: string; stats?: RenderStats };
}

/**
 * What the page posted of one type. Picked in the page: the page also posts every drawing it makes (an SVG each),
 * and copying all of them out on every poll made the bench's own cost grow with the square of the diagrams.
 */
export async function postedOfType(page: Page, type: string): Promise<Posted[]> {
  return page.evaluate((t) => (window as unknown as { __bench: { toHost: Posted[] } }).__bench.toHost.filter((p) => p.message.type === t), type);
}

export async function waitForStats(page: Page, version: number, timeout = 120_000): Promise<Posted & { message: { stats: RenderStats } }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await postedOfType(page, 'rendered')).find((p) => p.message.stats?.version === version);
    if (found) return found as Posted & { message: { stats: RenderStats } };
    if (Date.now() > deadline) throw new Error(`the preview never reported version ${version} rendered`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * CPU time used so far by all of Chromium's processes (browser, renderers, GPU, network), in ms, from
 * CDP SystemInfo.getProcessInfo (10 ms resolution). Unlike wall time, other work on the machine barely moves it.
 */
export async function chromiumCpuMs(browserSession: CDPSession): Promise<number> {
  const { processInfo } = (await browserSession.send('SystemInfo.getProcessInfo')) as { processInfo: { cpuTime: number }[] };
  return processInfo.reduce((sum, p) => sum + p.cpuTime, 0) * 1000;
}

/** Headless Chromium as the page benches run it. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
}

/** A page bench's setup: the bundles built, both pages served, Chromium started with a CDP session for its CPU time. */
export async function startPageBench(): Promise<{ origin: string; browser: Browser; cpu: CDPSession; close(): Promise<void> }> {
  await buildBundles();
  const pages: Record<string, string> = { '/bare.html': barePage() };
  const server = await serve(pages);
  // The page's CSP names its own origin, known once the server listens.
  pages['/ours.html'] = oursPage(server.origin);
  const browser = await launchChromium();
  const cpu = await browser.newBrowserCDPSession();
  return {
    origin: server.origin,
    browser,
    cpu,
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}

/**
 * Opens the article panel's page (at `${origin}/ours.html`) in a fresh 900×1000 context; the shim answers its
 * 'ready' with `update` at once, as a webview's host would, so the page's clock holds no bench round trip.
 */
export async function openOursPage(browser: Browser, origin: string, update: HostToWebview, initScript?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('preview page error:', e.message));
  if (initScript) await page.addInitScript(initScript);
  await page.addInitScript((message) => {
    (window as unknown as { __pendingUpdate: unknown }).__pendingUpdate = message;
  }, update);
  await page.addInitScript({ path: path.join(pagesDir, 'shim.js') });
  await page.goto(`${origin}/ours.html`, { waitUntil: 'commit' });
  return { context, page };
}

/** What the bare libraries' page did: from navigation start, and the KaTeX + Mermaid work alone. */
export interface BareResult {
  totalMs: number;
  workMs: number;
  /** CPU time of every Chromium process, navigation to done (the page's own process still open). */
  cpuMs: number;
  drawn: number;
  formulas: number;
}

/** The bare libraries' page (`${origin}/bare.html`) typesetting `formulas` and drawing `diagrams`, in a fresh context. */
export async function openBarePage(browser: Browser, origin: string, formulas: { source: string; display: boolean }[], diagrams: string[], cpu: CDPSession): Promise<BareResult> {
  const cpuBefore = await chromiumCpuMs(cpu);
  const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('bare page error:', e.message));
    // bare.js starts the work as soon as the libraries are loaded: no bench round trip in the page time.
    await page.addInitScript((input) => {
      (window as unknown as { __bareInput: unknown }).__bareInput = input;
    }, { formulas, diagrams });
    await page.goto(`${origin}/bare.html`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(() => (window as unknown as { __bareResult?: unknown }).__bareResult, undefined, { timeout: 1_800_000, polling: 20 });
    const result = (await handle.jsonValue()) as { ms: number; at: number; drawn: number; formulas: number };
    const cpuMs = (await chromiumCpuMs(cpu)) - cpuBefore;
    // `at` counts from navigation start: the libraries' load and parse are included, as for ours.
    return { totalMs: result.at, workMs: result.ms, cpuMs, drawn: result.drawn, formulas: result.formulas };
  } finally {
    await context.close();
  }
}
