// bench/preview/profileLong: where a long article's drawing time goes, early against late. Opens the article panel's
// page on an N-diagram article (as bench:preview:long does) and, for the diagrams [0, w) and [N - w, N), records
// Chromium's own counters (CDP Performance.getMetrics: style recalcs, layouts, script, task time) per diagram drawn
// and a CPU profile (CDP Profiler) whose heaviest functions (self time) are printed side by side.
// With --trace, also a Chromium trace of 10 diagrams at the start of each window: style recalcs and layouts by frame.
// Usage: NL_BENCH_MINIFY=0 node out/bench/preview/profileLong.js [--count 1000] [--window 100] [--trace]
import type { Browser, CDPSession, Page } from 'playwright-core';
import { IncrementalRenderer } from '../../src/core/markdown/blocks';
import { createMarkdown } from '../../src/core/markdown/parser';
import type { HostToWebview } from '../../src/preview/protocol';
import { generateDiagramArticle } from './article';
import { openOursPage, previewConfig, startPageBench } from './pageHarness';

const WATCH = `(() => {
  const rec = { drawn: 0 };
  window.__long = rec;
  new MutationObserver((records) => {
    for (const r of records) if (r.attributeName === 'data-drawn' && r.target.dataset.drawn) rec.drawn++;
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-drawn'] });
})()`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function drawnCount(page: Page): Promise<number> {
  return page.evaluate<number>('window.__long.drawn');
}

async function waitDrawn(page: Page, n: number): Promise<void> {
  while ((await drawnCount(page)) < n) await new Promise((r) => setTimeout(r, 50));
}

async function metrics(session: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Self time (ms) by function, from a CPU profile. */
function selfTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

interface TraceArgs {
  elementCount?: number;
  beginData?: { frame?: string };
  endData?: { elementCount?: number };
  data?: { frame?: string };
}

/** A trace of the next 10 diagrams drawn: style recalcs and layouts, by frame, with the elements they restyled. */
async function traceSome(browser: Browser, page: Page, name: string): Promise<void> {
  const start = await drawnCount(page);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'blink.style', 'disabled-by-default-blink.debug', 'disabled-by-default-devtools.timeline.invalidationTracking'] });
  await waitDrawn(page, start + 10);
  const n = (await drawnCount(page)) - start;
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: { name: string; dur?: number; ph: string; args?: TraceArgs }[] };
  const byKey = new Map<string, { count: number; ms: number; elements: number }>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || !['UpdateLayoutTree', 'Layout', 'ParseAuthorStyleSheet', 'ScheduleStyleRecalculation', 'UpdateLayerTree', 'Paint', 'PrePaint', 'HitTest', 'IntersectionObserverController::computeIntersections', 'ResizeObserver::BroadcastObservations'].includes(e.name)) continue;
    const frame = e.args?.beginData?.frame ?? e.args?.data?.frame ?? '';
    const key = `${e.name} ${String(frame).slice(-6)}`;
    const v = byKey.get(key) ?? { count: 0, ms: 0, elements: 0 };
    v.count++;
    v.ms += (e.dur ?? 0) / 1000;
    v.elements += e.args?.elementCount ?? e.args?.endData?.elementCount ?? 0;
    byKey.set(key, v);
  }
  const names = new Map<string, number>();
  for (const e of trace.traceEvents) if (e.ph === 'X' && e.dur) names.set(e.name, (names.get(e.name) ?? 0) + e.dur / 1000);
  console.log(`trace ${name}, ${n} diagrams: per diagram`);
  for (const [k, v] of [...byKey].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${k}: ${(v.count / n).toFixed(1)} × , ${(v.ms / n).toFixed(2)} ms, ${(v.elements / n).toFixed(0)} elements`);
  console.log('  heaviest events (ms per diagram, nested counted twice):', [...names].sort((a, b) => b[1] - a[1]).slice(0, 45).map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join('; '));
}

async function main(): Promise<void> {
  const count = arg('--count', 1000);
  const w = arg('--window', 100);
  const article = generateDiagramArticle(count);
  const { blocks } = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: false })).update(article);
  const update: HostToWebview = { type: 'update', version: 1, full: true, blocks, config: previewConfig, resource: 'file:///bench/long.md' };
  const { origin, browser, close } = await startPageBench();
  try {
    const { page } = await openOursPage(browser, origin, update, WATCH);
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    const windows: { name: string; from: number; to: number }[] = [
      { name: 'early', from: 10, to: 10 + w },
      { name: 'late', from: count - w - 12, to: count },
    ];
    const results: { name: string; per: Record<string, number>; self: Map<string, number>; total: number }[] = [];
    for (const win of windows) {
      await waitDrawn(page, win.from);
      if (process.argv.includes('--trace')) await traceSome(browser, page, win.name);
      const before = await metrics(session);
      const startDrawn = await drawnCount(page);
      await session.send('Profiler.start');
      await waitDrawn(page, win.to);
      const { profile } = (await session.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
      const after = await metrics(session);
      const n = (await drawnCount(page)) - startDrawn;
      const per: Record<string, number> = {};
      for (const key of ['RecalcStyleCount', 'RecalcStyleDuration', 'LayoutCount', 'LayoutDuration', 'ScriptDuration', 'TaskDuration', 'Nodes', 'JSHeapUsedSize']) {
        const delta = after[key] - before[key];
        per[key] = key.endsWith('Duration') ? (delta * 1000) / n : key === 'Nodes' || key === 'JSHeapUsedSize' ? after[key] : delta / n;
      }
      const self = selfTimes(profile);
      const total = [...self.values()].reduce((a, b) => a + b, 0) / n;
      results.push({ name: win.name, per, self, total });
      console.log(`${win.name} [${startDrawn}, ${startDrawn + n}): per diagram`, JSON.stringify(per, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v)), `profile ${total.toFixed(1)} ms`);
    }
    const [early, late] = results;
    const nEarly = w;
    const keys = new Set([...early.self.keys(), ...late.self.keys()]);
    const rows = [...keys].map((k) => ({ k, e: (early.self.get(k) ?? 0) / nEarly, l: (late.self.get(k) ?? 0) / w }));
    rows.sort((a, b) => b.l - a.l);
    console.log('self ms per diagram: early → late');
    for (const r of rows.slice(0, 40)) console.log(`${r.e.toFixed(2).padStart(8)} → ${r.l.toFixed(2).padStart(8)}  ${r.k}`);
    rows.sort((a, b) => b.l - b.e - (a.l - a.e));
    console.log('largest growth:');
    for (const r of rows.slice(0, 20)) console.log(`${r.e.toFixed(2).padStart(8)} → ${r.l.toFixed(2).padStart(8)}  ${r.k}`);
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
