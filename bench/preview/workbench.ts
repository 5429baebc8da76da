// bench/preview in the real workbench: the article panel against VS Code's built-in Markdown preview, same
// workbench, same run (code-server + headless Chromium, 1400×900, explorer open; Neural Lens as a development
// extension). Measured in the page, from the Enter that runs "Open Preview to the Side" to
//   - text: the article's last heading is in the preview's DOM (the whole text is there),
//   - all drawn: every formula typeset and every diagram drawn (ours: also the page's data-settled-version;
//     VS Code 1.139's preview draws Mermaid itself, into pre.mermaid),
// on a seed-sized article (the issue's: one wide `graph TB`, 29 formulas) and a long one (20 diagrams, 200
// formulas). Cold = the first preview of its kind after the workbench starts; each article and order gets
// its own workbench (ours first, then the built-in first). Warm = opened again after closing, median of 3
// per workbench. And edit → visible: a keystroke in the first paragraph until the preview shows it.
//   npm run bench:preview:workbench [-- --write]   (builds dist/ as it ships: node esbuild.js --production)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startCodeServer } from '../../test/harness/codeServer';
import { launchBrowser, openWorkbench } from '../../test/harness/browser';
import { repoRoot } from '../../test/harness/paths';
import { Workbench } from '../../test/harness/workbench';
import { failureScreenshot, median, publishSection } from '../common';
import { diagram, generateSizedArticle, THREE_TREES } from './article';

type Kind = 'ours' | 'builtin';
const COMMANDS: Record<Kind, string> = {
  ours: 'Neural Lens: Open Preview to the Side',
  builtin: 'Markdown: Open Preview to the Side',
};
const f0 = (n: number) => n.toFixed(0);
const WARM_RUNS = Number(process.env.NL_BENCH_WARM_RUNS ?? 3);
const EDITS = Number(process.env.NL_BENCH_EDITS ?? 3);
/** Keystrokes per burst, and the time between two of them. */
const BURST = 6;
const TYPING_MS = Number(process.env.NL_BENCH_TYPING_MS ?? 100);

interface ArticleSpec {
  file: string;
  label: string;
  diagrams: number;
  formulas: number;
}
const ARTICLES: ArticleSpec[] = [
  { file: 'seed.md', label: 'seed-sized (1 diagram, 29 formulas)', diagrams: 1, formulas: 29 },
  { file: 'long.md', label: 'long (20 diagrams, 200 formulas)', diagrams: 20, formulas: 200 },
];

/**
 * Runs in every frame from its creation (Playwright init script; CDP, so the pages' CSP does not apply): in a
 * webview's frame, notes at each animation frame when the article's text, its formulas and its diagrams
 * appear, and the page's long tasks. Epoch milliseconds (timeOrigin + now), comparable across frames.
 */
const WATCHER = `(() => {
  // A webview's content frame starts as about:blank and gets its document written in: watch every subframe.
  if (window === window.top || /webWorkerExtensionHost/.test(location.href)) return;
  const now = () => performance.timeOrigin + performance.now();
  const rec = { created: now(), textAt: undefined, settledAt: undefined, katex: [], svgs: [], longTasks: [], updates: [] };
  window.__nl = rec;
  // When each update reaches the page (ours: 'update'; the built-in's: 'updateContent'). Added again at every
  // check (a no-op while it is there): writing the document in erases the window's listeners.
  const onMessage = (e) => {
    const type = e.data && e.data.type;
    if (type === 'update' || type === 'updateContent') rec.updates.push(now());
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longTasks.push([performance.timeOrigin + e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  let katex = -1;
  let svgs = -1;
  const check = () => {
    window.addEventListener('message', onMessage, true);
    const t = now();
    if (rec.textAt === undefined && document.getElementById('end-of-article')) rec.textAt = t;
    const k = document.getElementsByClassName('katex').length;
    if (k !== katex) rec.katex.push([(katex = k), t]);
    // Ours draws each diagram in its canvas's shadow root (zoomPan.ts).
    const s = document.querySelectorAll('pre.mermaid > svg').length + Array.from(document.getElementsByClassName('nl-diagram-canvas')).filter((c) => c.shadowRoot && c.shadowRoot.querySelector('svg')).length;
    if (s !== svgs) rec.svgs.push([(svgs = s), t]);
    if (rec.settledAt === undefined && document.body && document.body.dataset.settledVersion !== undefined) rec.settledAt = t;
  };
  // Checked at animation frames (what is about to be painted). Writing the document in (document.open) drops
  // pending frame callbacks, so a timer asks for the next frame again and again.
  const timer = setInterval(() => (window.__nlStop ? clearInterval(timer) : requestAnimationFrame(check)), 8);
})();`;

interface FrameRecord {
  created: number;
  textAt?: number;
  settledAt?: number;
  katex: [number, number][];
  svgs: [number, number][];
  longTasks: [number, number][];
  /** when each update message reached the page. */
  updates: number[];
}

interface Open {
  kind: Kind;
  /** ms from the Enter to the webview frame's document. */
  frameMs: number;
  textMs: number;
  /** every formula typeset. */
  formulasMs: number;
  /** every diagram drawn. */
  diagramsMs: number;
  /** every formula typeset and every diagram drawn. */
  allMs: number;
  /** the preview frame's long tasks (≥ 50 ms) between its creation and all drawn: count and total ms. */
  longTasks: [number, number];
  /** scripts and styles the page fetched: how many, and when the last arrived (ms from the Enter). */
  resources: [number, number];
  /** ours: when Mermaid's shared.js arrived (ms from the Enter), if it was fetched. */
  mermaidMs?: number;
}

/** Epoch ms of the last key of this name pressed in the workbench page (a listener added once). */
async function lastKeyAt(page: Page, key: string): Promise<number> {
  return page.evaluate<number, string>((k) => (window as unknown as { __nlKeys: Record<string, number> }).__nlKeys[k], key);
}

async function listenToKeys(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__nlKeys = {};
    window.addEventListener('keydown', (e) => { window.__nlKeys[e.key] = performance.timeOrigin + e.timeStamp; }, true);
  })()`);
}

/** The newest webview frame holding the article (created after `since`), with its record. */
async function previewFrame(page: Page, since: number, done: (r: FrameRecord) => boolean, timeoutMs = 180_000): Promise<{ frame: Frame; rec: FrameRecord }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const rec = await frame.evaluate<FrameRecord | undefined>('window.__nl').catch(() => undefined);
      if (rec && rec.created >= since && rec.textAt !== undefined && done(rec)) return { frame, rec };
    }
    if (Date.now() > deadline) throw new Error(`no preview finished within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a palette command by pressing Enter on its row; resolves with the epoch ms of that Enter. */
async function runByEnter(wb: Workbench, title: string): Promise<number> {
  const page = wb.page;
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>' + title);
  const row = wb.quickInputRow(title);
  await row.waitFor({ state: 'visible', timeout: 60_000 });
  // Enter accepts the focused row: make sure it is this one.
  for (let i = 0; i < 10 && !(await row.evaluate((el) => el.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  return lastKeyAt(page, 'Enter');
}

async function openPreview(wb: Workbench, kind: Kind, spec: ArticleSpec): Promise<{ open: Open; frame: Frame }> {
  const enterAt = await runByEnter(wb, COMMANDS[kind]);
  const finished = (r: FrameRecord) =>
    (kind === 'builtin' || r.settledAt !== undefined) && (r.katex.at(-1)?.[0] ?? 0) >= spec.formulas && (r.svgs.at(-1)?.[0] ?? 0) >= spec.diagrams;
  const { frame, rec } = await previewFrame(wb.page, enterAt, finished);
  const formulasAt = rec.katex.find(([n]) => n >= spec.formulas)?.[1] ?? NaN;
  const diagramsAt = rec.svgs.find(([n]) => n >= spec.diagrams)?.[1] ?? NaN;
  const allAt = Math.max(formulasAt, diagramsAt, kind === 'ours' ? rec.settledAt! : 0);
  const tasks = rec.longTasks.filter(([at]) => at <= allAt);
  const fetched = await frame
    .evaluate<[string, number][]>(`performance.getEntriesByType('resource').filter((e) => /\\.(js|css)$/.test(new URL(e.name).pathname)).map((e) => [new URL(e.name).pathname.split('/').pop(), performance.timeOrigin + e.responseEnd])`)
    .catch(() => []);
  const mermaidAt = fetched.find(([name]) => name === 'shared.js')?.[1];
  await frame.evaluate('window.__nlStop = true').catch(() => undefined);
  return {
    frame,
    open: {
      kind,
      frameMs: rec.created - enterAt,
      textMs: rec.textAt! - enterAt,
      formulasMs: formulasAt - enterAt,
      diagramsMs: diagramsAt - enterAt,
      allMs: allAt - enterAt,
      longTasks: [tasks.length, tasks.reduce((s, [, d]) => s + d, 0)],
      resources: [fetched.length, Math.max(0, ...fetched.map(([, at]) => at)) - enterAt],
      mermaidMs: mermaidAt === undefined ? undefined : mermaidAt - enterAt,
    },
  };
}

/** One keystroke of a burst: from its keydown to the update that carried it reaching the page, and to the frame showing it. */
interface Keystroke {
  /** The first of its burst (after a quiet second): nothing of ours could hold it back. */
  first: boolean;
  /** keydown → the update carrying it arrives in the page (the workbench, the extension host, our host side, the transport). */
  toPageMs: number;
  /** that update's arrival → the animation frame showing it (the page). */
  inPageMs: number;
  totalMs: number;
}

/**
 * Typing at the end of the first paragraph: bursts of BURST keystrokes TYPING_MS apart (a fast typist), each burst
 * after a quiet second and undone after; for each keystroke, when the preview's first paragraph shows it, and when
 * the update that brought it arrived in the page (the latest one before that frame).
 */
async function editToVisible(wb: Workbench, frame: Frame): Promise<Keystroke[]> {
  const page = wb.page;
  const keys = 'abcdefgh'.slice(0, BURST);
  const strokes: Keystroke[] = [];
  // In the page: at each animation frame, the first paragraph's text when it changed (epoch ms).
  const record = () =>
    frame.evaluate(() => {
      const w = window as unknown as { __nlText: [number, string][]; __nlStopText?: boolean };
      w.__nlText = [];
      w.__nlStopText = false;
      let last = '';
      const tick = () => {
        const first = Array.from(document.getElementsByTagName('p')).find((p) => (p.textContent ?? '').includes('probe'));
        const text = (first?.textContent ?? '').trim();
        if (text !== last) w.__nlText.push([performance.timeOrigin + performance.now(), (last = text)]);
        if (!w.__nlStopText) requestAnimationFrame(tick);
      };
      tick();
    });
  const shows = (ending: string) => waitForText(frame, ending);
  for (let i = 0; i < EDITS; i++) {
    await page.locator('.monaco-editor .view-lines .view-line', { hasText: 'probe' }).first().click();
    await page.keyboard.press('End');
    await new Promise((r) => setTimeout(r, 1000));
    await record();
    await page.keyboard.type(keys, { delay: TYPING_MS });
    await shows(`开始。${keys}`);
    const keyAt = await page.evaluate<number[], string>((ks) => ks.split('').map((k) => (window as unknown as { __nlKeys: Record<string, number> }).__nlKeys[k]), keys);
    const texts = await frame.evaluate<[number, string][]>('(window.__nlStopText = true, window.__nlText)');
    const updates = (await frame.evaluate<FrameRecord>('window.__nl')).updates;
    for (let k = 0; k < keys.length; k++) {
      const shownAt = texts.find(([, text]) => text.includes(`开始。${keys.slice(0, k + 1)}`))?.[0];
      if (shownAt === undefined) throw new Error(`keystroke ${k + 1} never reached the preview`);
      const arrivedAt = Math.max(...updates.filter((t) => t <= shownAt));
      strokes.push({ first: k === 0, toPageMs: arrivedAt - keyAt[k], inPageMs: shownAt - arrivedAt, totalMs: shownAt - keyAt[k] });
    }
    for (let k = 0; k < keys.length; k++) await page.keyboard.press('Backspace');
    await shows('开始。');
  }
  return strokes;
}

/** Resolves once the preview's first paragraph ends with `ending` (30 s at most). */
function waitForText(frame: Frame, ending: string): Promise<unknown> {
  return frame.evaluate<boolean, string>(
    (end) =>
      new Promise<boolean>((resolve) => {
        const deadline = performance.now() + 30_000;
        const tick = () => {
          const first = Array.from(document.getElementsByTagName('p')).find((p) => (p.textContent ?? '').includes('probe'));
          if ((first?.textContent ?? '').trim().endsWith(end)) resolve(true);
          else if (performance.now() > deadline) resolve(false);
          else requestAnimationFrame(tick);
        };
        tick();
      }),
    ending,
  );
}

interface Session {
  article: ArticleSpec;
  order: Kind[];
  cold: Open[];
  warm: Open[];
  edits: Record<Kind, Keystroke[]>;
}

async function session(workspace: string, article: ArticleSpec, order: Kind[], withEdits: boolean): Promise<Session> {
  const server = await startCodeServer({ workspace, extensionDevelopmentPath: repoRoot });
  const browser = await launchBrowser();
  const result: Session = { article, order, cold: [], warm: [], edits: { ours: [], builtin: [] } };
  try {
    const { page } = browser;
    await browser.context.addInitScript(WATCHER);
    const wb = new Workbench(page);
    await openWorkbench(page, server.url);
    await listenToKeys(page);
    await wb.runCommand('View: Show Explorer');
    await wb.openFile(article.file);
    // Both Markdown features activate on the open editor; give the extension host time to settle (after 5 s,
    // the first webview of either kind still sometimes took 3-4 s to appear).
    await new Promise((r) => setTimeout(r, 10_000));
    const log = (what: string, o: Open) =>
      console.log(
        `  ${what} ${o.kind}: frame ${f0(o.frameMs)}, text ${f0(o.textMs)}, formulas ${f0(o.formulasMs)}, diagrams ${f0(o.diagramsMs)}, all ${f0(o.allMs)} ms; ` +
          `long tasks ${o.longTasks[0]} (${f0(o.longTasks[1])} ms); ${o.resources[0]} scripts/styles, the last at ${f0(o.resources[1])} ms` +
          (o.mermaidMs === undefined ? '' : `; Mermaid at ${f0(o.mermaidMs)} ms`),
      );
    const reopen = async () => {
      await wb.closeAllEditors();
      await wb.openFile(article.file);
      await new Promise((r) => setTimeout(r, 1000));
    };
    for (const kind of order) {
      const { open } = await openPreview(wb, kind, article);
      log('cold', open);
      result.cold.push(open);
      await reopen();
    }
    for (let i = 0; i < WARM_RUNS; i++) {
      for (const kind of order) {
        const { open, frame } = await openPreview(wb, kind, article);
        log('warm', open);
        result.warm.push(open);
        if (withEdits && i === WARM_RUNS - 1) {
          result.edits[kind] = await editToVisible(wb, frame);
          console.log(`  edit → visible ${kind}: ${result.edits[kind].map((t) => `${f0(t.totalMs)} (${f0(t.toPageMs)} + ${f0(t.inPageMs)})`).join(', ')} ms`);
        }
        await reopen();
      }
    }
  } catch (e) {
    await failureScreenshot(browser.page, 'preview-workbench');
    throw e;
  } finally {
    await browser.close();
    await server.stop();
  }
  return result;
}

const med = (opens: Open[], kind: Kind, key: 'allMs' | 'textMs') => median(opens.filter((o) => o.kind === kind).map((o) => o[key]));
const range = (xs: number[]) => (Math.min(...xs) === Math.max(...xs) ? f0(xs[0]) : `${f0(Math.min(...xs))}–${f0(Math.max(...xs))}`);
const ratioRange = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}×`;

function report(sessions: Session[], loadBefore: number): string {
  const rows: string[] = [];
  for (const article of ARTICLES.filter((a) => sessions.some((s) => s.article === a))) {
    const ss = sessions.filter((s) => s.article === article);
    const warm = (kind: Kind, key: 'allMs' | 'textMs') => ss.map((s) => med(s.warm, kind, key));
    const ratios = ss.map((s) => med(s.warm, 'ours', 'allMs') / med(s.warm, 'builtin', 'allMs'));
    rows.push(`| ${article.label}: warm open → all drawn (text shown) | ${range(warm('ours', 'allMs'))} ms (${range(warm('ours', 'textMs'))}) | ${range(warm('builtin', 'allMs'))} ms (${range(warm('builtin', 'textMs'))}) | ${ratioRange(ratios)} | ≤ 0.5× |`);
    // Cold: each kind's open in the workbench where it came first.
    const cold = (kind: Kind) => ss.filter((s) => s.order[0] === kind).map((s) => s.cold[0].allMs);
    const coldRatio = median(cold('ours')) / median(cold('builtin'));
    rows.push(`| ${article.label}: cold open → all drawn | ${range(cold('ours'))} ms | ${range(cold('builtin'))} ms | ${coldRatio.toFixed(2)}× | ≤ 1.0× |`);
  }
  const edits = (kind: Kind, which: (k: Keystroke) => boolean = () => true) => sessions.flatMap((s) => s.edits[kind]).filter(which);
  if (edits('ours').length > 0) {
    const cell = (kind: Kind, which?: (k: Keystroke) => boolean) => {
      const ks = edits(kind, which);
      return `${f0(median(ks.map((k) => k.totalMs)))} ms (max ${f0(Math.max(...ks.map((k) => k.totalMs)))}; to the page ${f0(median(ks.map((k) => k.toPageMs)))} + in it ${f0(median(ks.map((k) => k.inPageMs)))})`;
    };
    const ratio = (which?: (k: Keystroke) => boolean) => (median(edits('ours', which).map((k) => k.totalMs)) / median(edits('builtin', which).map((k) => k.totalMs))).toFixed(2);
    const typed = `long article, ${edits('ours').length} keystrokes in bursts of ${BURST}, ${TYPING_MS} ms apart`;
    rows.push(`| edit → visible, every keystroke (${typed}) | ${cell('ours')} | ${cell('builtin')} | ${ratio()}× | ≤ 50 ms |`);
    const first = (k: Keystroke) => k.first;
    const later = (k: Keystroke) => !k.first;
    rows.push(`| edit → visible, a burst's first keystroke | ${cell('ours', first)} | ${cell('builtin', first)} | ${ratio(first)}× | ≤ 50 ms |`);
    rows.push(`| edit → visible, the keystrokes after it | ${cell('ours', later)} | ${cell('builtin', later)} | ${ratio(later)}× | ≤ 50 ms |`);
  }
  return [
    '## preview in the workbench — `npm run bench:preview:workbench`',
    '',
    '| measure | ours | built-in preview | ours ÷ built-in | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `**Method.** code-server (VS Code 1.139) in headless Chromium, 1400×900, explorer open, Neural Lens as a development extension built as it ships (\`node esbuild.js --production\`: minified, Mermaid's shared.js 3.5 MB); each article in two fresh workbenches, one opening ours first, the other the built-in first. Times from the Enter on "Open Preview to the Side" in the command palette (the keydown's timestamp in the workbench page) to the animation frame at which the preview's frame holds the article's last heading (text), and to the frame at which every formula is typeset and every diagram drawn (VS Code's preview draws Mermaid itself) — for ours also the page's settled mark. Warm: the preview closed (all editors closed, the article reopened) and opened again, ${WARM_RUNS} times per workbench, alternating; the range is over the workbenches' medians. Cold: the first preview of its kind after the workbench started, in the workbench where it came first. Edit: bursts of keystrokes at the end of the first paragraph (long article), each keystroke from its keydown to the frame at which the preview shows it, split at the arrival of the update that carried it in the preview's page (a window message listener ahead of the page's own). ${new Date().toISOString().slice(0, 16)}Z, ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}.`,
    '',
    '`-- --write` replaces this section\'s table and method with the new run\'s, keeping what the figures say.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'neural-lens-bench-preview-'));
  fs.writeFileSync(path.join(workspace, 'seed.md'), generateSizedArticle([THREE_TREES], 29));
  fs.writeFileSync(path.join(workspace, 'long.md'), generateSizedArticle(Array.from({ length: 20 }, (_, i) => diagram(i)), 200));
  const only = process.env.NL_BENCH_ARTICLE;
  const loadBefore = os.loadavg()[0];
  const sessions: Session[] = [];
  try {
    for (const article of ARTICLES.filter((a) => !only || a.file === only)) {
      for (const order of ([['ours', 'builtin'], ['builtin', 'ours']] as Kind[][]).filter((o) => !process.env.NL_BENCH_FIRST || o[0] === process.env.NL_BENCH_FIRST)) {
        console.log(`${article.file}, ${order[0]} first`);
        sessions.push(await session(workspace, article, order, article.diagrams > 1));
      }
    }
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  publishSection('preview in the workbench', report(sessions, loadBefore));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
