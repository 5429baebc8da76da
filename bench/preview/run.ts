// bench/preview: the article panel against the bare libraries, in real headless Chromium, same run.
//
//  (a) first render: host render (markdown-it + KaTeX on the host, cold caches) + the page loading OUR
//      webview bundle (media/preview, built like dist/media/preview.js) until it reports every diagram
//      drawn; versus a blank page loading KaTeX + Mermaid alone and doing the same work (renderToString
//      of every formula, mermaid.render of every diagram, results put in the page). Ratio ours / bare.
//  (b) a one-character edit outside any diagram: host incremental update + the webview patching it,
//      until the DOM shows it and a frame has run; and how many diagrams were drawn again (target 0).
//
// Usage: npm run bench:preview [-- --runs 5 --sections 24 --write]
//   --write replaces the "## preview" section of bench/RESULTS.md with the figures.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { extractConcepts } from '../../src/core/concepts';
import { IncrementalRenderer } from '../../src/core/markdown/blocks';
import { clearKatexCache } from '../../src/core/markdown/katexRender';
import { createMarkdown } from '../../src/core/markdown/parser';
import { buildPreviewHtml } from '../../src/preview/previewHtml';
import { createNonce } from '../../src/webview/page';
import type { HostToWebview, PreviewConfig, RenderStats } from '../../src/preview/protocol';
import { median, publishSection } from '../common';
import { generateArticle, generateDiagramArticle } from './article';

const repoRoot = path.resolve(__dirname, '../../..');
const cacheDir = path.join(repoRoot, 'bench', '.cache', 'preview');
const pagesDir = path.join(repoRoot, 'bench', 'preview', 'pages');

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Both bundles built the same way (minified, browser IIFE, fonts as files), as `node esbuild.js --production` builds dist/media. */
async function buildBundles(): Promise<void> {
  const common: esbuild.BuildOptions = {
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file' },
    assetNames: 'fonts/[name]-[hash]',
  };
  await esbuild.build({
    ...common,
    entryPoints: { preview: path.join(repoRoot, 'media/preview/index.ts'), shared: path.join(repoRoot, 'media/shared/index.ts') },
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
 * Mermaid's shared.js loaded by the page on the first diagram), with the light theme VS Code would add.
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

const previewConfig: PreviewConfig = {
  scrollPreviewWithEditor: false,
  scrollEditorWithPreview: false,
  doubleClickToSwitchToEditor: true,
  mermaidTheme: 'auto',
  maxDiagramTextSize: 50000,
  minDiagramLabelSize: 11,
  allowHtml: false,
  strings: { diagramError: 'Diagram error', diagramTooLarge: 'Too large: {0} > {1}', line: 'line {0}', zoomIn: '+', zoomOut: '-', fitWidth: 'Fit to width', actualSize: 'Actual size', wideHint: 'Wider than the panel', openInTab: 'Open in a tab', copySvg: 'Copy as SVG', copyPng: 'Copy as PNG' },
};

interface Posted {
  at: number;
  message: { type: string; stats?: RenderStats };
}

async function postedMessages(page: Page): Promise<Posted[]> {
  return page.evaluate('window.__bench.toHost') as Promise<Posted[]>;
}

async function waitForStats(page: Page, version: number, timeout = 120_000): Promise<Posted & { message: { stats: RenderStats } }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await postedMessages(page)).find((p) => p.message.type === 'rendered' && p.message.stats?.version === version);
    if (found) return found as Posted & { message: { stats: RenderStats } };
    if (Date.now() > deadline) throw new Error(`the preview never reported version ${version} rendered`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * CPU time used so far by all of Chromium's processes (browser, renderers, GPU, network), in ms, from
 * CDP SystemInfo.getProcessInfo (10 ms resolution). Unlike wall time, other work on the machine barely moves it.
 */
async function chromiumCpuMs(browserSession: CDPSession): Promise<number> {
  const { processInfo } = (await browserSession.send('SystemInfo.getProcessInfo')) as { processInfo: { cpuTime: number }[] };
  return processInfo.reduce((sum, p) => sum + p.cpuTime, 0) * 1000;
}

/** CPU time (user + system) this process spent in `work`, in ms, with its result. */
function hostCpu<T>(work: () => T): { result: T; cpuMs: number; wallMs: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = work();
  const used = process.cpuUsage(cpu);
  return { result, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

interface OursRun {
  hostMs: number;
  pageMs: number;
  /** Page clock: navigation start to the webview saying 'ready' (bundle loaded and started). */
  readyMs: number;
  totalMs: number;
  /** Host CPU + page main-thread busy time for the same span. */
  cpuMs: number;
  stats: RenderStats;
  edits: { hostMs: number; pageMs: number; patchMs: number; totalMs: number; cpuMs: number; diagramRenders: number; blocksReplaced: number; blocksSent: number }[];
}

async function runOurs(browser: Browser, cpu: CDPSession, origin: string, article: string, editCount: number): Promise<OursRun> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('preview page error:', e.message));
  // Host side, cold: a fresh markdown-it and an empty KaTeX cache, as after opening VS Code.
  clearKatexCache();
  const host = hostCpu(() => {
    const renderer = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: false }));
    return { renderer, first: renderer.update(article) };
  });
  const { renderer, first } = host.result;
  const hostMs = host.wallMs;
  let version = 1;
  const update: HostToWebview = { type: 'update', version, full: true, blocks: first.blocks, config: previewConfig, resource: 'file:///bench/article.md' };
  // The shim hands this to the page as soon as it says 'ready' (a webview gets nothing before), so the
  // page time holds no bench round trip.
  await page.addInitScript((message) => {
    (window as unknown as { __pendingUpdate: unknown }).__pendingUpdate = message;
  }, update);
  await page.addInitScript({ path: path.join(pagesDir, 'shim.js') });
  const cpuBefore = await chromiumCpuMs(cpu);
  await page.goto(`${origin}/ours.html`, { waitUntil: 'commit' });
  const rendered = await waitForStats(page, version);
  const pageMs = rendered.at;
  const cpuMs = host.cpuMs + (await chromiumCpuMs(cpu)) - cpuBefore;
  const readyMs = (await postedMessages(page)).find((p) => p.message.type === 'ready')?.at ?? NaN;

  // (b) one-character edits in prose, away from any diagram, each at a different place.
  const edits: OursRun['edits'] = [];
  let text = article;
  for (let e = 0; e < editCount; e++) {
    const marker = `在第 ${Math.floor(((e + 1) * 24) / (editCount + 1))} 层`;
    const at = text.indexOf(marker);
    if (at < 0) throw new Error(`edit marker ${marker} not found`);
    text = `${text.slice(0, at + marker.length)}改${text.slice(at + marker.length)}`;
    const before = (await waitForStats(page, version)).message.stats.diagramRenders;
    const edit = hostCpu(() => renderer.update(text));
    const result = edit.result;
    const editHostMs = edit.wallMs;
    version++;
    const busyBefore = await chromiumCpuMs(cpu);
    const message: HostToWebview = { type: 'update', version, full: false, blocks: result.blocks, config: previewConfig, resource: 'file:///bench/article.md' };
    const editPageMs = (await page.evaluate(([m, v]) => (window as unknown as { __bench: { deliver(m: unknown, v: number): Promise<number> } }).__bench.deliver(m, v), [message, version] as const)) as number;
    const editBusyMs = (await chromiumCpuMs(cpu)) - busyBefore;
    const shown = await page.evaluate((n) => (document.getElementById('nl-root')?.textContent ?? '').split('改').length - 1 === n, e + 1);
    if (!shown) throw new Error('the edit did not reach the page');
    const stats = (await waitForStats(page, version)).message.stats;
    edits.push({
      hostMs: editHostMs,
      pageMs: editPageMs,
      patchMs: stats.patchMs,
      totalMs: editHostMs + editPageMs,
      cpuMs: edit.cpuMs + editBusyMs,
      diagramRenders: stats.diagramRenders - before,
      blocksReplaced: stats.blocksReplaced,
      blocksSent: result.rendered,
    });
  }
  await context.close();
  return { hostMs, pageMs, readyMs, totalMs: hostMs + pageMs, cpuMs, stats: rendered.message.stats, edits };
}

interface BareRun {
  totalMs: number;
  workMs: number;
  cpuMs: number;
  drawn: number;
  formulas: number;
}

async function runBare(browser: Browser, cpu: CDPSession, origin: string, formulas: { source: string; display: boolean }[], diagrams: string[]): Promise<BareRun> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('bare page error:', e.message));
  // bare.js starts the work as soon as the libraries are loaded: no bench round trip in the page time.
  await page.addInitScript((input) => {
    (window as unknown as { __bareInput: unknown }).__bareInput = input;
  }, { formulas, diagrams });
  const cpuBefore = await chromiumCpuMs(cpu);
  await page.goto(`${origin}/bare.html`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => (window as unknown as { __bareResult?: unknown }).__bareResult, undefined, { timeout: 300_000, polling: 20 });
  const result = (await handle.jsonValue()) as { ms: number; at: number; drawn: number; formulas: number };
  const cpuMs = (await chromiumCpuMs(cpu)) - cpuBefore;
  await context.close();
  // `at` counts from navigation start: the libraries' load and parse are included, as for ours.
  return { totalMs: result.at, workMs: result.ms, cpuMs, drawn: result.drawn, formulas: result.formulas };
}

const f1 = (n: number) => n.toFixed(1);
const f0 = (n: number) => (n ?? NaN).toFixed(0);

interface LongRun {
  diagrams: number;
  /** Navigation start to the page saying 'ready'. */
  readyMs: number;
  /** The update arriving to the diagrams near the viewport drawn. */
  visibleMs: number;
  /** The update arriving to every diagram drawn. */
  allMs: number;
  renders: number;
}

/** (c) an article of `count` diagrams: how soon its first screen is drawn, and how long all of it takes. */
async function runLong(browser: Browser, origin: string, count: number): Promise<LongRun> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('preview page error:', e.message));
  const { blocks } = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: false })).update(generateDiagramArticle(count));
  const update: HostToWebview = { type: 'update', version: 1, full: true, blocks, config: previewConfig, resource: 'file:///bench/long.md' };
  await page.addInitScript((message) => {
    (window as unknown as { __pendingUpdate: unknown }).__pendingUpdate = message;
  }, update);
  await page.addInitScript({ path: path.join(pagesDir, 'shim.js') });
  await page.goto(`${origin}/ours.html`, { waitUntil: 'commit' });
  const { stats } = (await waitForStats(page, 1, 900_000)).message;
  const readyMs = (await postedMessages(page)).find((p) => p.message.type === 'ready')?.at ?? NaN;
  await context.close();
  if (stats.diagrams !== count || stats.diagramErrors !== 0) throw new Error(`long article: ${stats.diagrams} diagrams, ${stats.diagramErrors} errors`);
  return { diagrams: count, readyMs, visibleMs: stats.visibleMs, allMs: stats.ms, renders: stats.diagramRenders };
}

/** `--long 250,1000,2000`: only the long articles, one run each, written under "## preview: long articles". */
async function mainLong(counts: number[]): Promise<void> {
  await buildBundles();
  const loadBefore = os.loadavg()[0];
  const pages: Record<string, string> = {};
  const server = await serve(pages);
  pages['/ours.html'] = oursPage(server.origin);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const results: LongRun[] = [];
  try {
    for (const count of counts) {
      const r = await runLong(browser, server.origin, count);
      console.log(`${count} diagrams: ready ${f0(r.readyMs)} ms, first screen ${f0(r.visibleMs)} ms, all ${f0(r.allMs)} ms (${f1(r.allMs / count)} ms each, ${r.renders} renders)`);
      results.push(r);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const section = [
    '## preview: long articles',
    '',
    `Articles of N sections, each a heading, a sentence and a Mermaid diagram (the four shapes of bench/preview/article.ts, Chinese labels), opened in the article panel's page (headless Chromium, 900×1000, the production-like bundle). ${new Date().toISOString().slice(0, 16)}Z, \`node out/bench/preview/run.js --long ${counts.join(',')}\`, ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}. Times from the update arriving in the page (its script had started ${f0(median(results.map((r) => r.readyMs)))} ms after navigation).`,
    '',
    '| diagrams | first screen drawn | all drawn | per diagram |',
    '| ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.diagrams} | ${f0(r.visibleMs)} ms | ${(r.allMs / 1000).toFixed(1)} s | ${f1(r.allMs / r.diagrams)} ms |`),
    '',
    'The diagrams near the viewport (one screen above and below) are drawn first, the others one at a time in idle time (media/preview/drawQueue.ts), while blocks off screen skip layout: the first screen costs its own few diagrams whatever the length, and each further diagram costs about the same.',
    '',
  ].join('\n');
  publishSection('preview: long articles', section);
}

async function main(): Promise<void> {
  const long = process.argv.indexOf('--long');
  if (long > 0) return mainLong(process.argv[long + 1].split(',').map(Number));
  const runs = arg('runs', 5);
  const sections = arg('sections', 24);
  const article = generateArticle({ sections });
  const concepts = extractConcepts(article);
  const diagrams = concepts.filter((c) => c.kind === 'mermaid').map((c) => c.source);
  const formulas = concepts.filter((c) => c.kind !== 'mermaid').map((c) => ({ source: c.source, display: c.kind === 'displayMath' }));
  console.log(`article: ${article.split('\n').length} lines, ${diagrams.length} diagrams, ${formulas.length} formulas`);
  if (diagrams.length < 20 || formulas.length < 200) throw new Error('the article is smaller than the bench requires');

  await buildBundles();
  const loadBefore = os.loadavg()[0];
  const pages: Record<string, string> = { '/bare.html': barePage() };
  const final = await serve(pages);
  // The page's CSP names its own origin, known once the server listens.
  pages['/ours.html'] = oursPage(final.origin);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const cpu = await browser.newBrowserCDPSession();
  const ours: OursRun[] = [];
  const bare: BareRun[] = [];
  try {
    // One warm-up of each (disk cache, font cache), then alternate so background load hits both alike.
    await runBare(browser, cpu, final.origin, formulas, diagrams);
    await runOurs(browser, cpu, final.origin, article, 1);
    for (let i = 0; i < runs; i++) {
      const b = await runBare(browser, cpu, final.origin, formulas, diagrams);
      const o = await runOurs(browser, cpu, final.origin, article, 3);
      if (b.drawn !== diagrams.length) throw new Error(`bare drew ${b.drawn} of ${diagrams.length} diagrams`);
      if (o.stats.diagrams !== diagrams.length || o.stats.diagramErrors !== 0) throw new Error(`ours: ${o.stats.diagrams} diagrams, ${o.stats.diagramErrors} errors`);
      bare.push(b);
      ours.push(o);
      console.log(
        `run ${i + 1}: bare ${f0(b.totalMs)} ms (work ${f0(b.workMs)}, busy ${f0(b.cpuMs)}) | ours busy ${f0(o.cpuMs)}, wall ${f0(o.totalMs)} ms (host ${f0(o.hostMs)} + page ${f0(o.pageMs)}: ready ${f0(o.readyMs)}, patch ${f0(o.stats.patchMs)}, drawn ${f0(o.stats.ms)}) | ` +
          `edits ${o.edits.map((e) => `${f1(e.totalMs)} ms (busy ${f1(e.cpuMs)}, host ${f1(e.hostMs)}, patch ${f1(e.patchMs)}, to frame ${f1(e.pageMs)})/${e.diagramRenders} redraws`).join(', ')}`,
      );
    }
  } finally {
    await browser.close();
    final.close();
  }

  const loadAfter = os.loadavg()[0];
  const bareMs = median(bare.map((b) => b.totalMs));
  const oursMs = median(ours.map((o) => o.totalMs));
  // Paired: each run's ours / bare, so a burst of load on the machine hits both sides of a ratio.
  const wallRatios = ours.map((o, i) => o.totalMs / bare[i].totalMs);
  const cpuRatios = ours.map((o, i) => o.cpuMs / bare[i].cpuMs);
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
  const edits = ours.flatMap((o) => o.edits);
  const editMs = median(edits.map((e) => e.totalMs));
  const editCpu = median(edits.map((e) => e.cpuMs));
  const redraws = Math.max(...edits.map((e) => e.diagramRenders));
  const lastStats = ours[ours.length - 1].stats;
  const section = [
    '## preview — `npm run bench:preview`',
    '',
    '| measure | ours | bare libraries | ours ÷ bare | target |',
    '| --- | --- | --- | --- | --- |',
    `| first render, busy: load → every diagram drawn | ${f0(median(ours.map((o) => o.cpuMs)))} ms | ${f0(median(bare.map((b) => b.cpuMs)))} ms | ${median(cpuRatios).toFixed(2)}× (runs ${range(cpuRatios)}) | ≤ 1.3× |`,
    `| first render, wall | ${f0(oursMs)} ms (host ${f0(median(ours.map((o) => o.hostMs)))} + webview ${f0(median(ours.map((o) => o.pageMs)))}; bundle started at ${f0(median(ours.map((o) => o.readyMs)))}, blocks patched in ${f0(median(ours.map((o) => o.stats.patchMs)))}) | ${f0(bareMs)} ms (of which KaTeX + Mermaid work ${f0(median(bare.map((b) => b.workMs)))}) | ${median(wallRatios).toFixed(2)}× (runs ${range(wallRatios)}) | ≤ 1.3× |`,
    `| one-character edit outside diagrams → on screen, busy | ${f1(editCpu)} ms (max ${f1(Math.max(...edits.map((e) => e.cpuMs)))}) | ${f0(median(bare.map((b) => b.cpuMs)))} ms (a full re-render) | ${(editCpu / median(bare.map((b) => b.cpuMs))).toFixed(4)}× | < 50 ms |`,
    `| one-character edit, wall | ${f1(editMs)} ms (max ${f1(Math.max(...edits.map((e) => e.totalMs)))}; host ${f1(median(edits.map((e) => e.hostMs)))} + webview ${f1(median(edits.map((e) => e.pageMs)))}, of which the DOM patch ${f1(median(edits.map((e) => e.patchMs)))}) | ${f0(bareMs)} ms (a full re-render) | ${(editMs / bareMs).toFixed(4)}× | < 50 ms |`,
    `| diagrams drawn again by that edit | ${redraws} (max over ${edits.length} edits) | ${diagrams.length} | | 0 |`,
    '',
    `**Method.** Article: generated, ${article.split('\n').length} lines, ${diagrams.length} Mermaid diagrams (flowcharts, sequence, class; Chinese labels), ${formulas.length} formulas (${formulas.filter((f) => f.display).length} display). Headless Chromium (\`/usr/bin/chromium\`), ${runs} runs alternating after one warm-up; medians. ${new Date().toISOString().slice(0, 16)}Z, \`node out/bench/preview/run.js --runs ${runs}\`, ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}.`,
    '',
    'Two clocks: *wall* (what a user waits) and *busy* = CPU time (the host process\'s user + system time, plus all Chromium processes\' CPU time from CDP `SystemInfo.getProcessInfo`, 10 ms resolution), which other work on the machine barely moves. On a shared, loaded machine the busy figures are the ones to trust; the wall figures show what that load did.',
    '',
    `Ours = the host rendering blocks (markdown-it + KaTeX, cold cache) + the page loading the webview bundle (media/preview, minified like the production build) with its strict CSP (buildPreviewHtml), Mermaid's shared.js loaded on the first diagram, until it reports every diagram drawn (${lastStats.diagrams} diagrams, ${lastStats.formulas} KaTeX elements). Bare = a blank page loading KaTeX + Mermaid alone, typesetting every formula with renderToString and drawing every diagram with mermaid.render into the page, starting as soon as the libraries are loaded. Both counted from navigation start. Edits: ${edits.length} one-character insertions in prose at different places; each sends ${median(edits.map((e) => e.blocksSent))} block(s); "on screen" = the DOM shows the new version and a frame has run after it.`,
    '',
    '`-- --write` replaces this section\'s table and method with the new run\'s, keeping what the figures say.',
    '',
  ].join('\n');
  publishSection('preview', section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
