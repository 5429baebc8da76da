// Dashboard webview entry: shows one training run (live curves, then report, confusion matrix and
// architecture) from the snapshots the host sends, and keeps the last one with setState so that hiding
// the panel or reloading the window shows the same thing before the host has said anything.
import './dashboard.css';
import type { DashboardRun, DashboardState, DashboardStrings, DashboardToHost, HostToDashboard } from '../../src/training/dashboard/protocol';
import { Host, pageStrings } from '../shared/host';
import { ArchitecturePanel } from './architecture';
import { Curves } from './curves';
import { ReliabilityDiagram } from './reliability';
import { fixed, format, h, percent } from './dom';
import { confusionHeatmap, factsList, reportTable } from './report';
import { TestRowsView } from './testRowsView';
import { ComparisonView } from './compare';
import { watchThemeChanges } from '../shared/mermaid/themeWatcher';
import { timeLeftIn } from '../../src/core/trainingPace';

const strings = pageStrings<DashboardStrings>();
const host = new Host<HostToDashboard, DashboardToHost, DashboardState>(() => ({ version: 1 }));

const title = h('h1', {});
const status = h('p', { class: 'status', 'data-status': 'none' });
const cancelButton = h('button', { class: 'secondary' }, strings.cancel);
const useButton = h('button', {}, strings.useModel);
const folderButton = h('button', { class: 'secondary' }, strings.openFolder);
const actions = h('div', { class: 'actions' }, cancelButton, useButton, folderButton);
const curves = new Curves(strings);
const facts = h('div', { class: 'facts-box' });
const reportBox = h('section', { class: 'results' });
const reliability = new ReliabilityDiagram(strings);
const architecture = new ArchitecturePanel(strings);
const testRows = new TestRowsView(strings, (line, file) => host.post({ type: 'openRow', line, ...(file ? { file } : {}) }));
const emptyNote = h('p', { class: 'muted empty' }, strings.empty);
const main = h('main', {}, h('header', {}, title, status, actions), curves.element, facts, reportBox, testRows.element, architecture.element);
const comparison = new ComparisonView(strings);
document.body.append(emptyNote, main, comparison.element);

let state: DashboardState = host.getState();

const copyButton = (format: 'markdown' | 'csv', label: string): HTMLButtonElement => {
  const b = h('button', { class: 'secondary', 'data-copy': format }, label);
  b.addEventListener('click', () => host.post({ type: 'copyReport', format }));
  return b;
};
const copyButtons = h('div', { class: 'actions copy' }, copyButton('markdown', strings.copyMarkdown), copyButton('csv', strings.copyCsv));

cancelButton.addEventListener('click', () => {
  if (state.run) host.post({ type: 'cancel', runId: state.run.id });
});
useButton.addEventListener('click', () => {
  const dir = state.run?.result?.modelDir;
  if (dir) host.post({ type: 'useModel', modelDir: dir });
});
folderButton.addEventListener('click', () => {
  const dir = state.run?.result?.modelDir;
  if (dir) host.post({ type: 'openModelFolder', modelDir: dir });
});

function statusText(run: DashboardRun): string {
  const live = run.live;
  switch (run.status) {
    case 'running': {
      if (!live) return strings.phaseReading;
      const parts: string[] = [];
      switch (live.phase) {
        case 'reading':
          parts.push(strings.phaseReading);
          if (live.rowsRead) parts.push(`${strings.rowsRead} ${live.rowsRead.toLocaleString()}`);
          if (live.rowsPerSecond !== undefined) parts.push(format(strings.rowsPerSecond, Math.round(live.rowsPerSecond).toLocaleString()));
          break;
        case 'tokenising':
          parts.push(strings.phaseTokenising);
          break;
        case 'training':
          // Cross-fitting: which of the fits runs (core/validation.ts).
          if (live.fold !== undefined) parts.push(format(strings.phaseFold, live.fold, live.folds ?? '?'));
          if (live.refit) parts.push(strings.phaseRefit);
          parts.push(format(strings.phaseEpoch, live.epoch ?? 1, live.epochs ?? '?'));
          if (live.batch !== undefined && live.batches) parts.push(`${strings.batch} ${live.batch}/${live.batches}`);
          if (live.loss !== undefined) parts.push(`${strings.loss} ${fixed(live.loss)}`);
          if (live.accuracy !== undefined) parts.push(`${strings.accuracy} ${percent(live.accuracy)}`);
          break;
        case 'evaluating':
          parts.push(strings.phaseEvaluating);
          break;
        case 'saving':
          parts.push(strings.phaseSaving);
          break;
      }
      // A large file is minutes of reading and training: say how long the phase has left (core/trainingPace.ts).
      if (live.secondsLeft !== undefined) {
        const left = timeLeftIn(live.secondsLeft);
        parts.push(format(left.unit === 's' ? strings.secondsLeft : strings.minutesLeft, left.value));
      }
      return parts.join(' · ');
    }
    case 'done': {
      const r = run.result;
      const head = run.source === 'training' ? strings.statusDone : strings.statusReport;
      return r ? `${head} · ${strings.accuracy} ${percent(r.report.accuracy)} · macro-F1 ${fixed(r.report.macro.f1)}` : head;
    }
    case 'failed':
      return `${strings.statusFailed}: ${run.error ?? ''}`;
    case 'cancelled':
      return strings.statusCancelled;
    case 'interrupted':
      return strings.statusInterrupted;
  }
}

function render(): void {
  const run = state.run;
  const compared = state.comparison;
  emptyNote.hidden = !!run || !!compared;
  main.hidden = !run || !!compared;
  comparison.element.hidden = !compared;
  if (compared) return comparison.update(compared);
  if (!run) return;
  const base = run.dataFile.split(/[\\/]/).pop() ?? run.dataFile;
  title.textContent = `${base} · ${run.kind}`;
  status.textContent = statusText(run);
  status.dataset.status = run.status;
  cancelButton.hidden = run.status !== 'running';
  const result = run.result;
  useButton.hidden = folderButton.hidden = !result;
  const active = !!result && result.modelDir === state.activeModelDir;
  useButton.disabled = active;
  useButton.textContent = active ? strings.inUse : strings.useModel;
  // A stored model's report has no curves unless the bundle kept its history.
  curves.element.hidden = run.source !== 'training' && run.epochs.length === 0;
  const fit = result?.evaluatedOn ? undefined : result?.fit;
  curves.update(run.epochs, fit && { epoch: fit.bestEpoch, folds: result?.validation?.strategy === 'cross-fit' ? result.validation.folds : undefined });
  facts.replaceChildren(...(result ? [factsList(run, result, strings)] : []));
  // The reliability diagram is created once (a Chart.js chart) and moved along with the rebuilt boxes; it
  // draws once attached, so that Chart.js measures its box.
  reportBox.replaceChildren(
    ...(result
      ? [
          h('div', { class: 'report-box' }, h('h2', {}, strings.report), reportTable(result.report), copyButtons),
          h(
            'div',
            { class: 'confusion-box' },
            h('h2', {}, strings.confusion),
            confusionHeatmap(result.report, strings, run.testRows ? (truth, predicted) => testRows.show({ kind: 'cell', truth, predicted }) : undefined),
          ),
          reliability.element,
        ]
      : []),
  );
  reliability.update(result?.reliability, result?.report.labels.length ?? 2);
  // An evaluation's rows are another file's: the model's own test rows would not match its matrix.
  testRows.element.hidden = !result || run.source === 'evaluation';
  if (result && run.source !== 'evaluation') testRows.update(run.testRows, run.id);
  architecture.update(run.architecture);
}

host.onMessage((msg) => {
  if (msg.type !== 'state') return;
  state = msg.state;
  host.setState(state);
  render();
  // Flow control: the host sends the next snapshot only after this one is drawn.
  host.post({ type: 'rendered' });
});

watchThemeChanges(() => {
  curves.restyle();
  reliability.restyle();
  architecture.restyle();
  comparison.restyle();
});

render();
// The host sends nothing until it hears this: a webview created hidden receives no messages.
host.ready();
