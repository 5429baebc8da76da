// The dashboard's page (dist/media/dashboard.js) in real headless Chromium, with the real CSP and nonce and
// its English strings, fed the snapshots the host sends: only acquireVsCodeApi is a stub. It checks what a
// finished training shows about its rows, kept epoch and calibration: the kept epoch marked on the curves,
// the facts, and the reliability diagram beside the confusion matrix with its table as text alternative.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { calibrationReport } from '../../../../src/core/calibration';
import { classificationReport } from '../../../../src/core/report';
import { compareRuns } from '../../../../src/core/runCompare';
import type { RunRecord } from '../../../../src/core/runStore';
import type { DashboardRun, DashboardState, DashboardStrings } from '../../../../src/training/dashboard/protocol';
import { buildPageHtml } from '../../../../src/webview/page';
import { repoRoot } from '../../../harness/paths';
import { WEBVIEW_ORIGIN as origin, launchWebviewBrowser, openWebviewPage, waitUntil, webviewPagesMissing } from '../../../harness/webviewPage';

/** The dashboard's English strings, read from strings.ts (the host module imports vscode, which a unit test cannot). */
function englishStrings(): DashboardStrings {
  const source = fs.readFileSync(path.join(repoRoot, 'src/training/dashboard/strings.ts'), 'utf8');
  const entries = [...source.matchAll(/^\s+(\w+): t\('((?:[^'\\]|\\.)*)'\),$/gm)].map((m) => [m[1], m[2].replace(/\\'/g, "'")]);
  return Object.fromEntries(entries) as unknown as DashboardStrings;
}

/** A finished cross-fit training of two classes: 40 test rows, probabilities spread over the confidence bins. */
function finishedRun(): DashboardRun {
  const labels = ['negative', 'positive'];
  const y: number[] = [];
  const probs: number[] = [];
  for (let i = 0; i < 40; i++) {
    const label = i % 2;
    const confidence = 0.55 + (i % 9) * 0.05; // 0.55 … 0.95
    const right = i % 5 !== 0;
    const predicted = right ? label : 1 - label;
    y.push(label);
    probs.push(predicted === 0 ? confidence : 1 - confidence, predicted === 1 ? confidence : 1 - confidence);
  }
  const pred = y.map((_, i) => (probs[2 * i + 1] > probs[2 * i] ? 1 : 0));
  const testRows = {
    format: 'neural-lens-test-rows' as const,
    file: '/w/reviews.csv',
    labels,
    total: 40,
    rows: y.map((truth, i) => ({ row: i * 3, line: i * 3 + 2, text: `review ${i}`, truth, predicted: pred[i], confidence: Math.max(probs[2 * i], probs[2 * i + 1]) })),
  };
  return {
    testRows,
    id: 'run-1',
    source: 'training',
    dataFile: '/w/reviews.csv',
    kind: 'fast',
    startedAt: '2026-12-05T00:00:00.000Z',
    status: 'done',
    epochs: [1, 2, 3, 4, 5, 6].map((epoch) => ({ epoch, loss: 1 / epoch, accuracy: 0.6 + epoch / 20, valLoss: 0.5 + Math.abs(epoch - 4) / 10, valAccuracy: 0.7 })),
    result: {
      modelName: 'reviews-fast',
      modelDir: '/w/.neural-lens/models/reviews-fast',
      report: classificationReport(labels, y, pred),
      backend: 'js',
      trainSeconds: 0.4,
      trainRows: 792,
      testRows: 40,
      skippedRows: 0,
      validationRows: 792,
      validation: { strategy: 'cross-fit', rows: 792, folds: 5 },
      fit: { epochsRun: 4, bestEpoch: 4, stopReason: 'cross-fit', foldBestEpochs: [3, 4, 4, 5, 6] },
      calibration: { temperature: 1.84, fittedOn: 'cross-fit', rows: 792 },
      reliability: calibrationReport(probs, 2, y),
      warnings: ['The labels "POSITIVE" and "positive" differ only by case.'],
    },
  };
}

describe('dashboard page (headless Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  const csp: string[] = [];

  before(async function () {
    const missing = webviewPagesMissing(['dashboard.js', 'dashboard.css']);
    if (missing) {
      console.log(`    (skipped: ${missing})`);
      return this.skip();
    }
    browser = await launchWebviewBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    const html = buildPageHtml({
      page: 'dashboard',
      cspSource: origin,
      nonce: 'TestNonce123',
      scriptUri: `${origin}/media/dashboard.js`,
      styleUri: `${origin}/media/dashboard.css`,
      mermaidUri: `${origin}/media/shared.js`,
      title: 'Training Dashboard',
      strings: englishStrings(),
    }).replace('<body', '<body class="vscode-light"');
    await openWebviewPage(page, html);
  });

  after(async () => {
    await browser?.close();
  });

  let sent = 0;
  async function show(run: DashboardRun): Promise<void> {
    const state: DashboardState = { version: 1, run };
    const before = sent++;
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'state', state })}, '*')`);
    await waitUntil(page, `window.__posted.filter((m) => m.type === 'rendered').length > ${before}`);
  }

  const text = (selector: string): Promise<string> => page.locator(selector).first().innerText();

  it('says which fit of a cross-fitting runs', async () => {
    await show({ ...finishedRun(), status: 'running', result: undefined, live: { phase: 'training', epoch: 3, epochs: 10, fold: 2, folds: 5 } });
    assert.match(await text('.status'), /^Fold 2\/5 · Epoch 3\/10/);
    await show({ ...finishedRun(), status: 'running', result: undefined, live: { phase: 'training', epoch: 1, epochs: 4, refit: true } });
    assert.match(await text('.status'), /^Final fit on all training rows · Epoch 1\/4/);
  });

  it('shows the rows, the kept epoch, the temperature and the calibration of a finished cross-fit run', async () => {
    await show(finishedRun());
    const facts = await text('.facts');
    assert.match(facts, /5-fold cross-fit on 792 training rows \(each validates once, out of fold\), 40 test, 0 skipped/);
    assert.match(facts, /Kept epoch\s+4 epochs on all training rows, the median of the folds’ best epochs \(3, 4, 4, 5, 6\)/);
    assert.match(facts, /Temperature\s+1\.84, fitted on the out-of-fold scores of all 792 training rows/);
    const r = finishedRun().result!.reliability!;
    assert.match(facts, new RegExp(`ECE ${r.ece.toFixed(3)} · NLL ${r.nll.toFixed(3)} · Brier ${r.brier.toFixed(3)}`));
    assert.match(facts, /Warnings\s+The labels "POSITIVE" and "positive" differ only by case/);
    // The kept epoch is marked on the curves, which are fold 1's.
    assert.equal(await page.locator('.curves').getAttribute('data-kept-epoch'), '4');
    assert.match(await text('.curves-caption'), /Curves of fold 1 of 5/);
  });

  it('draws the reliability diagram beside the confusion matrix, with its bins as a table', async () => {
    await show(finishedRun());
    const r = finishedRun().result!.reliability!;
    // Beside the confusion matrix: the same results section, after it.
    const boxes = await page.locator('.results > div').evaluateAll((els) => els.map((e) => e.className));
    assert.deepEqual(boxes, ['report-box', 'confusion-box', 'reliability-box']);
    const canvas = page.locator('canvas[data-chart="reliability"]');
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `canvas box ${JSON.stringify(box)}`);
    assert.equal(await canvas.getAttribute('role'), 'img');
    assert.equal(await canvas.getAttribute('aria-label'), `Accuracy against confidence in 10 bins; ECE ${r.ece.toFixed(3)} on 40 rows. The table below lists the bins.`);
    // Something is drawn: the canvas differs from a blank one of its size.
    const drawn = await canvas.evaluate((c: HTMLCanvasElement) => {
      const blank = document.createElement('canvas');
      blank.width = c.width;
      blank.height = c.height;
      return c.toDataURL() !== blank.toDataURL();
    });
    assert.ok(drawn, 'the reliability canvas is blank');
    // Two classes: a top-class confidence is at least 0.5, so the bins from 0.5 up.
    const rows = await page.locator('table.reliability tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    assert.deepEqual(
      rows.map((cells) => cells[0]),
      ['0.5–0.6', '0.6–0.7', '0.7–0.8', '0.8–0.9', '0.9–1.0'],
    );
    assert.deepEqual(
      rows.map((cells) => Number(cells[1])),
      r.bins.slice(5).map((b) => b.count),
    );
    assert.deepEqual(
      rows.map((cells) => cells[3]),
      r.bins.slice(5).map((b) => (b.count ? b.accuracy.toFixed(2) : '–')),
    );
    assert.deepEqual(csp, [], 'CSP violations');
    if (process.env.NL_DASHBOARD_SHOT) await page.screenshot({ path: process.env.NL_DASHBOARD_SHOT, fullPage: true });
  });

  it('an evaluation shows its own calibration only; a model saved before calibration shows no diagram', async () => {
    const run = finishedRun();
    await show({ ...run, source: 'evaluation', epochs: [], result: { ...run.result!, evaluatedOn: '/w/other.csv' } });
    const facts = await text('.facts');
    assert.doesNotMatch(facts, /Kept epoch|Temperature/);
    assert.match(facts, /Calibration\s+ECE/);
    assert.equal(await page.locator('.reliability-box').isVisible(), true);
    const old = finishedRun().result!;
    for (const key of ['validationRows', 'validation', 'fit', 'calibration', 'reliability', 'warnings'] as const) delete old[key];
    await show({ ...run, result: old });
    assert.equal(await page.locator('.reliability-box').isVisible(), false);
    assert.equal(await page.locator('.curves').getAttribute('data-kept-epoch'), null);
    assert.match(await text('.facts'), /792 training, – validation, 40 test, 0 skipped/);
  });

  it('lists a confusion cell’s test rows, sorts them, and asks the host to open a row’s line', async () => {
    const run = finishedRun();
    await show(run);
    const t = run.testRows!;
    // Opens on the most confident mistakes.
    assert.equal(await text('.rows-caption'), 'Most confident mistakes');
    const mistakes = t.rows.filter((r) => r.truth !== r.predicted);
    assert.equal(await page.locator('table.test-rows tbody tr').count(), mistakes.length);
    // The cell true negative → predicted positive.
    await page.locator('table.confusion td[data-truth="0"][data-predicted="1"]').click();
    const cell = t.rows.filter((r) => r.truth === 0 && r.predicted === 1);
    assert.equal(await text('.rows-caption'), `True negative, predicted positive: ${cell.length} rows`);
    const lines = (): Promise<number[]> => page.locator('table.test-rows tbody tr').evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.line)));
    assert.deepEqual((await lines()).sort((a, b) => a - b), cell.map((r) => r.line).sort((a, b) => a - b));
    // Sorted by line, then the other way.
    await page.locator('table.test-rows th[data-key="line"]').click();
    assert.deepEqual(await lines(), cell.map((r) => r.line).sort((a, b) => a - b));
    await page.locator('table.test-rows th[data-key="line"]').click();
    assert.deepEqual(await lines(), cell.map((r) => r.line).sort((a, b) => b - a));
    // The least confident predictions, lowest first.
    await page.locator('button[data-list="uncertain"]').click();
    const confidences = await page.locator('table.test-rows tbody tr td:last-child').allInnerTexts();
    assert.deepEqual(confidences, [...confidences].sort((a, b) => parseFloat(a) - parseFloat(b)));
    // A row asks the host to open its line.
    const first = await lines();
    await page.locator('table.test-rows tbody tr').first().click();
    await waitUntil(page, `window.__posted.some((m) => m.type === 'openRow')`);
    const posted = (await page.evaluate('window.__posted.filter((m) => m.type === "openRow")')) as Array<{ line: number }>;
    assert.deepEqual(posted, [{ type: 'openRow', line: first[0] }]);
  });

  it('asks the host to copy the report as Markdown or CSV', async () => {
    await show(finishedRun());
    await page.locator('.report-box button[data-copy="markdown"]').click();
    await page.locator('.report-box button[data-copy="csv"]').click();
    await waitUntil(page, `window.__posted.filter((m) => m.type === 'copyReport').length === 2`);
    const posted = await page.evaluate('window.__posted.filter((m) => m.type === "copyReport").map((m) => m.format)');
    assert.deepEqual(posted, ['markdown', 'csv']);
  });

  it('says when the model kept no test rows, and keeps them to itself in an evaluation', async () => {
    await show({ ...finishedRun(), testRows: undefined });
    assert.match(await text('.rows-caption'), /did not record its test rows/);
    assert.equal(await page.locator('table.confusion td.clickable').count(), 0);
    const run = finishedRun();
    await show({ ...run, source: 'evaluation', result: { ...run.result!, evaluatedOn: '/w/other.csv' } });
    assert.equal(await page.locator('.test-rows-box').isVisible(), false);
  });

  it('compares runs: curves overlaid, figures with their changes, differing options marked, flipped rows', async () => {
    const base = finishedRun();
    const record = (createdAt: string, pred: number[], epochs: number): RunRecord => ({
      format: 'neural-lens-run',
      id: `run-${createdAt}`,
      createdAt,
      kind: 'fast',
      modelDir: '/w/m',
      modelName: `m-${epochs}`,
      data: { path: '/w/reviews.csv' },
      options: { epochs, seed: 42 },
      rows: { train: 10, test: 4 },
      report: classificationReport(['negative', 'positive'], [0, 0, 1, 1], pred),
      curves: Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1), valLoss: 1.1 / (i + 1), accuracy: 0.5, valAccuracy: 0.5 })),
    });
    const rows = (pred: number[]) => ({ ...base.testRows!, total: 4, rows: [0, 0, 1, 1].map((truth, i) => ({ row: i, line: i + 2, text: `t${i}`, truth, predicted: pred[i], confidence: 0.9 })) });
    const comparison = compareRuns([record('2026-12-05T07:00:00.000Z', [0, 1, 1, 1], 3), record('2026-12-05T08:00:00.000Z', [0, 0, 1, 1], 5)], [rows([0, 1, 1, 1]), rows([0, 0, 1, 1])]);
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'state', state: { version: 1, comparison } })}, '*')`);
    await waitUntil(page, `document.querySelector('.comparison h1')?.textContent === 'Comparing 2 runs'`);
    assert.equal(await page.locator('main.comparison').isVisible(), true);
    assert.equal(await page.locator('.compare-metrics tr[data-metric="accuracy"]').innerText(), 'accuracy\t0.750\t1.000 +0.250');
    assert.equal(await page.locator('.compare-metrics tr[data-metric="accuracy"] td.better').count(), 1);
    assert.equal(await page.locator('.compare-options tr.differs[data-option="epochs"]').count(), 1);
    assert.equal(await page.locator('.compare-options tr.differs[data-option="seed"]').count(), 0);
    assert.match(await text('.flipped-summary'), /^1 of the 4 test rows both runs scored changed prediction\.$/);
    assert.equal(await page.locator('table.flipped tbody tr').innerText(), 't1\tnegative\tpositive\tnegative');
    // Both runs' curves are drawn: the canvas is not blank.
    const drawn = await page.locator('canvas[data-compare="loss"]').evaluate((c: HTMLCanvasElement) => {
      const blank = document.createElement('canvas');
      blank.width = c.width;
      blank.height = c.height;
      return c.width > 100 && c.toDataURL() !== blank.toDataURL();
    });
    assert.ok(drawn, 'the overlaid loss chart is blank');
    // Back to a run: the comparison is gone.
    await show(base);
    assert.equal(await page.locator('main.comparison').isVisible(), false);
  });
});
