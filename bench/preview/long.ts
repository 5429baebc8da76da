// bench/preview/long: articles of many diagrams in the article panel's page alone (headless Chromium, the
// production-like bundle), against Mermaid alone on a blank page, same run:
//   - first screen: the update arriving → the diagrams near the viewport drawn (the page's visibleMs), against
//     a blank page drawing just those diagrams with mermaid.render;
//   - all drawn: the update arriving → every diagram drawn, with the CPU time of all Chromium's processes, against
//     the blank page drawing every diagram; and each half of the article's drawing timed apart (sampled), so a
//     cost per diagram that grows along the way shows even within one size.
// Usage: npm run bench:preview:long [-- --counts 250,500,1000,2000 --reference-max 500 --write]
import * as os from 'node:os';
import type { Browser, CDPSession } from 'playwright-core';
import { IncrementalRenderer } from '../../src/core/markdown/blocks';
import { extractConcepts } from '../../src/core/concepts';
import { createMarkdown } from '../../src/core/markdown/parser';
import type { HostToWebview, RenderStats } from '../../src/preview/protocol';
import { publishSection } from '../common';
import { generateDiagramArticle } from './article';
import { chromiumCpuMs, openBarePage, openOursPage, postedOfType, previewConfig, startPageBench, waitForStats } from './pageHarness';

interface OursLong {
  /** Navigation start → the page's script said ready. */
  readyMs: number;
  /** The update arriving → the diagrams near the viewport drawn. */
  visibleMs: number;
  /** How many diagrams were drawn when the first screen was reported. */
  drawnAtVisible: number;
  /** The update arriving → every diagram drawn. */
  allMs: number;
  /** CPU time of every Chromium process from navigation to every diagram drawn. */
  cpuMs: number;
  /** CPU time until half the diagrams were drawn, and after. */
  cpuHalves: [number, number];
  /** ms per diagram while the first half of the diagrams was drawn, and the second. */
  halves: [number, number];
  renders: number;
}

/** In the page: each diagram's drawing time (page clock) in order, and how many were drawn at the first screen. */
const WATCH_DRAWING = `(() => {
  const rec = { at: [], atVisible: undefined };
  window.__long = rec;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.attributeName === 'data-drawn' && r.target.dataset.drawn) rec.at.push(performance.now());
      else if (r.attributeName === 'data-visible-version' && rec.atVisible === undefined) rec.atVisible = rec.at.length;
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-drawn', 'data-visible-version'] });
})()`;

async function runOurs(browser: Browser, cpu: CDPSession, origin: string, update: HostToWebview, count: number): Promise<OursLong> {
  const cpuBefore = await chromiumCpuMs(cpu);
  const { context, page } = await openOursPage(browser, origin, update, WATCH_DRAWING);
  try {
    // The CPU time when half the diagrams are drawn: the second half should cost what the first did.
    let cpuAtHalf = NaN;
    while ((await page.evaluate<number>('window.__long.at.length')) < count / 2) await new Promise((r) => setTimeout(r, 100));
    cpuAtHalf = (await chromiumCpuMs(cpu)) - cpuBefore;
    const { stats } = (await waitForStats(page, 1, 1_800_000)).message;
    const cpuMs = (await chromiumCpuMs(cpu)) - cpuBefore;
    checkDrawn(stats, count);
    const readyMs = (await postedOfType(page, 'ready'))[0]?.at ?? NaN;
    const rec = (await page.evaluate('window.__long')) as { at: number[]; atVisible: number };
    const half = Math.floor(rec.at.length / 2);
    const perDiagram = (from: number, to: number) => (rec.at[to] - rec.at[from]) / (to - from);
    return {
      readyMs,
      visibleMs: stats.visibleMs,
      drawnAtVisible: rec.atVisible,
      allMs: stats.ms,
      cpuMs,
      cpuHalves: [cpuAtHalf, cpuMs - cpuAtHalf],
      halves: [perDiagram(0, half), perDiagram(half, rec.at.length - 1)],
      renders: stats.diagramRenders,
    };
  } finally {
    await context.close();
  }
}

function checkDrawn(stats: RenderStats, count: number): void {
  if (stats.diagrams !== count || stats.diagramErrors !== 0 || stats.diagramRenders !== count) {
    throw new Error(`long article: ${stats.diagrams} diagrams, ${stats.diagramErrors} errors, ${stats.diagramRenders} drawn, of ${count}`);
  }
}

/** Mermaid alone drawing `diagrams` into a blank page: ms of the drawing itself, and the CPU of the whole page. */
async function runBare(browser: Browser, cpu: CDPSession, origin: string, diagrams: string[]): Promise<{ workMs: number; cpuMs: number }> {
  const result = await openBarePage(browser, origin, [], diagrams, cpu);
  if (result.drawn !== diagrams.length) throw new Error(`bare drew ${result.drawn} of ${diagrams.length} diagrams`);
  return result;
}

function referenceMax(): number {
  const i = process.argv.indexOf('--reference-max');
  return i > 0 ? Number(process.argv[i + 1]) : 500;
}

function counts(): number[] {
  const i = process.argv.indexOf('--counts');
  return (i > 0 ? process.argv[i + 1] : '250,500,1000,2000').split(',').map(Number);
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);

async function main(): Promise<void> {
  const sizes = counts();
  const { origin, browser, cpu, close } = await startPageBench();
  const load = [os.loadavg()[0]];
  const rows: string[] = [];
  const ready: number[] = [];
  const readyRange = () => `${f0(Math.min(...ready))}–${f0(Math.max(...ready))}`;
  try {
    for (const count of sizes) {
      const article = generateDiagramArticle(count);
      const diagrams = extractConcepts(article).filter((c) => c.kind === 'mermaid').map((c) => c.source);
      const { blocks } = new IncrementalRenderer(createMarkdown({ math: true, allowHtml: false })).update(article);
      const update: HostToWebview = { type: 'update', version: 1, full: true, blocks, config: previewConfig, resource: 'file:///bench/long.md' };
      const ours = await runOurs(browser, cpu, origin, update, count);
      ready.push(ours.readyMs);
      const firstScreen = await runBare(browser, cpu, origin, diagrams.slice(0, ours.drawnAtVisible));
      // Mermaid alone leaves every drawing's <style> in the document, and slows down with each: past
      // --reference-max diagrams it would take longer than everything else together.
      const all = count <= referenceMax() ? await runBare(browser, cpu, origin, diagrams) : undefined;
      load.push(os.loadavg()[0]);
      console.log(
        `${count} diagrams (load ${os.loadavg()[0].toFixed(1)}): ready ${f0(ours.readyMs)} ms, first screen ${f0(ours.visibleMs)} ms (${ours.drawnAtVisible} diagrams; Mermaid alone ${f0(firstScreen.workMs)}), ` +
          `all ${f0(ours.allMs)} ms, ${f1(ours.allMs / count)} ms each (halves ${f1(ours.halves[0])} / ${f1(ours.halves[1])}), CPU ${f0(ours.cpuMs)} ms (halves ${f0(ours.cpuHalves[0])} / ${f0(ours.cpuHalves[1])}) | Mermaid alone all ${all ? `${f0(all.workMs)} ms, CPU ${f0(all.cpuMs)} ms` : 'not run'}`,
      );
      rows.push(
        `| ${count} | ${f0(ours.visibleMs)} ms (${ours.drawnAtVisible} diagrams) | ${f0(firstScreen.workMs)} ms | ${(ours.allMs / 1000).toFixed(1)} s | ${f1(ours.allMs / count)} ms (${f1(ours.halves[0])} → ${f1(ours.halves[1])}) | ${(ours.cpuMs / 1000).toFixed(1)} s (${(ours.cpuHalves[0] / 1000).toFixed(1)} + ${(ours.cpuHalves[1] / 1000).toFixed(1)}) | ${all ? `${(all.workMs / 1000).toFixed(1)} s, CPU ${(all.cpuMs / 1000).toFixed(1)} s | ${(ours.cpuMs / all.cpuMs).toFixed(2)}×` : '(not run) |'} |`,
      );
    }
  } finally {
    await close();
  }
  const section = [
    '## preview: long articles — `npm run bench:preview:long`',
    '',
    '| diagrams | first screen drawn (diagrams in it) | Mermaid alone, those diagrams | all drawn | per diagram (first half → second half) | CPU, all drawn (first half + second) | Mermaid alone, every diagram | CPU ours ÷ alone |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `**Method.** Articles of N sections, each a heading, a sentence and a Mermaid diagram (the four shapes of bench/preview/article.ts, Chinese labels), opened in the article panel's page (headless Chromium \`/usr/bin/chromium\`, 900×1000, the production-like bundle, its CSP). Times from the update arriving in the page (its script had started ${readyRange()} ms after navigation); "per diagram" is each half of the drawings' span divided by its diagrams. Reference, same run and browser: a blank page with Mermaid alone (pages/bare.js) drawing the first screen's diagrams, then (up to ${referenceMax()} diagrams) every diagram, one after the other with mermaid.render, each put into the page with its <style>. CPU: all Chromium processes (CDP SystemInfo.getProcessInfo), navigation to all drawn. ${new Date().toISOString().slice(0, 16)}Z, \`npm run bench:preview:long -- --counts ${sizes.join(',')}\`, ${os.cpus().length} cores shared, load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}.`,
    '',
  ].join('\n');
  publishSection('preview: long articles', section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
