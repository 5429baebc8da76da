// Runs trainings: each in its own engine worker (never on the extension host thread), at most one per data
// file, with a progress notification that can cancel, a status bar item (trainingStatusBar.ts; the texts are
// core/trainingText.ts), the dashboard fed live, the run logged, and on success the new model listed and
// made active. Cancel stops the worker at the next batch and, if it has not stopped within a second,
// terminates it; either way no model folder is left behind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EngineClient, EngineError } from '../engine/client';
import { leftoversOf } from '../core/bundleSiblings';
import { clientOptions } from './settings';
import { DEFAULT_MODEL_KIND, type ModelKind } from '../core/modelKind';
import { PaceMeter } from '../core/trainingPace';
import { dashboardLink, progressText, shownOptions } from '../core/trainingText';
import type { EngineErrorInfo, TrainOptions, TrainProgress, TrainResult } from '../engine/protocol';
import { architectureView } from './architectureView';
import type { DashboardPanel } from './dashboard/dashboardPanel';
import type { DashboardRun, LiveFigures } from './dashboard/protocol';
import { applyProgress, isMilestone, progressFraction } from './dashboard/runState';
import { errorInfo, logError, showEngineError } from './errors';
import { errorText, localiseCoreText } from '../errorText';
import { formatCoreText } from '../core/coreText';
import type { ModelInfo } from './modelRegistry';
import type { ModelStore } from './modelStore';
import { TrainingStatusBar } from './trainingStatusBar';
import type { RunHistory } from './runHistory';

/** A training request: the engine's options without `out` (the store picks the folder), plus UI switches. */
export interface TrainRequest extends Omit<TrainOptions, 'out'> {
  /** No notification, dashboard or message: for tests and callers with their own UI. */
  silent?: boolean;
  /** Make the new model the active one (default true). */
  activate?: boolean;
}

export type TrainOutcome =
  | { status: 'trained'; model: ModelInfo; result: TrainResult; runId?: string }
  | { status: 'failed'; error: EngineErrorInfo }
  | { status: 'cancelled' }
  | { status: 'skipped'; reason: 'busy' | 'untrusted' };

/** A running training as tests and the cancel command see it. */
export interface RunSnapshot {
  runId: string;
  dataFile: string;
  kind: ModelKind;
  out: string;
  live?: LiveFigures;
  epochsDone: number;
}

interface Session {
  key: string;
  run: DashboardRun;
  options: TrainOptions;
  controller: AbortController;
  client: EngineClient;
  lastProgress?: TrainProgress;
  lastNotified: number;
  reported: number;
  done: Promise<TrainOutcome>;
  report?: (message: string, fraction: number) => void;
  /** Rows per second and time left, for the dashboard. */
  pace: PaceMeter;
}

/** Longest wait between asking the worker to stop and terminating it. */
const CANCEL_GRACE_MS = 1000;
/** Notification and status bar updates while a training streams batches and epochs (phase changes go at once). */
const UI_THROTTLE_MS = 1000;

const t = vscode.l10n.t;

export class TrainingService implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly statusBar = new TrainingStatusBar();
  private nextRun = 1;

  constructor(
    private readonly workerPath: string,
    private readonly store: ModelStore,
    private readonly dashboard: DashboardPanel,
    private readonly log: vscode.LogOutputChannel,
    private readonly history: RunHistory,
  ) {}

  get runs(): RunSnapshot[] {
    return [...this.sessions.values()].map((s) => ({
      runId: s.run.id,
      dataFile: s.options.data,
      kind: s.run.kind,
      out: s.options.out,
      live: s.run.live,
      epochsDone: s.run.epochs.length,
    }));
  }

  async train(request: TrainRequest): Promise<TrainOutcome> {
    // Training reads and writes the workspace's files: package.json's capabilities limit it to trusted
    // workspaces, and every way in (palette, wizard, lens, walkthrough) ends here.
    if (!vscode.workspace.isTrusted) {
      if (!request.silent) void vscode.window.showWarningMessage(t('Training needs a trusted workspace. Trust this workspace to train models in it.'));
      return { status: 'skipped', reason: 'untrusted' };
    }
    const data = path.resolve(request.data);
    const key = process.platform === 'win32' ? data.toLowerCase() : data;
    const busy = this.sessions.get(key);
    if (busy) {
      if (request.silent) return { status: 'skipped', reason: 'busy' };
      const stop = t('Cancel It and Start Again');
      const answer = await vscode.window.showWarningMessage(
        t('A model is already training on {0}. Cancel that training and start this one?', path.basename(data)),
        { modal: true },
        stop,
      );
      if (answer !== stop) return { status: 'skipped', reason: 'busy' };
      this.stop(busy);
      await busy.done;
    }

    const kind: ModelKind = request.model ?? DEFAULT_MODEL_KIND;
    const { silent, activate, ...engineOptions } = request;
    const options: TrainOptions = { ...engineOptions, data, model: kind, out: this.store.newModelDir(data, kind) };
    const run: DashboardRun = {
      id: `run-${Date.now()}-${this.nextRun++}`,
      source: 'training',
      dataFile: data,
      kind,
      startedAt: new Date().toISOString(),
      status: 'running',
      epochs: [],
      options: shownOptions(options, t),
    };
    const session: Session = {
      key,
      run,
      options,
      controller: new AbortController(),
      client: new EngineClient(this.workerPath, clientOptions()),
      lastNotified: 0,
      pace: new PaceMeter(),
      reported: 0,
      done: undefined as unknown as Promise<TrainOutcome>,
    };
    this.sessions.set(key, session);
    this.setRunningContext();
    this.log.info(`training ${kind} on ${data} -> ${options.out}`);
    this.log.info(`options: ${JSON.stringify(options)}`);

    if (!silent) {
      this.dashboard.setRun(run);
      this.dashboard.show(true);
    }
    this.updateStatusBar();

    session.done = silent
      ? this.execute(session, activate !== false, true)
      : Promise.resolve(
          vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: t('Training {0} on {1}', kind, path.basename(data)), cancellable: true },
            (progress, token) => {
              token.onCancellationRequested(() => this.stop(session));
              session.report = (message, fraction) => {
                const increment = Math.max(0, fraction * 100 - session.reported);
                session.reported += increment;
                progress.report({ message, increment });
              };
              session.report(`${t('starting the engine')} · ${dashboardLink(t)}`, 0);
              return this.execute(session, activate !== false, false);
            },
          ),
        );
    return session.done;
  }

  /** Cancels the training of `runId`, or on `dataFile`, or all of them; returns how many were asked to stop. */
  cancel(target: { runId?: string; dataFile?: string } = {}): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      const match =
        (target.runId === undefined || s.run.id === target.runId) && (target.dataFile === undefined || path.resolve(target.dataFile) === s.options.data);
      if (match && !s.controller.signal.aborted) {
        this.stop(s);
        n++;
      }
    }
    return n;
  }

  /** Shows the dashboard with the run of `dataFile` (or the latest running one, or whatever it shows). */
  showDashboard(runId?: string): void {
    const session = [...this.sessions.values()].find((s) => s.run.id === runId) ?? [...this.sessions.values()].at(-1);
    if (session && this.dashboard.run !== session.run) this.dashboard.setRun(session.run);
    this.dashboard.show(false);
  }

  dispose(): void {
    for (const s of this.sessions.values()) {
      s.controller.abort();
      s.client.dispose();
    }
    this.statusBar.dispose();
  }

  private stop(session: Session): void {
    if (session.controller.signal.aborted) return;
    this.log.info(`cancelling the training on ${session.options.data}`);
    session.controller.abort();
    // The worker stops at the next batch; a batch that runs long (or a stuck worker) is cut off.
    const timer = setTimeout(() => {
      if (this.sessions.get(session.key) === session) {
        this.log.warn(`the worker did not stop within ${CANCEL_GRACE_MS} ms: terminating it`);
        session.client.dispose();
      }
    }, CANCEL_GRACE_MS);
    void session.done?.finally(() => clearTimeout(timer));
  }

  private async execute(session: Session, activate: boolean, silent: boolean): Promise<TrainOutcome> {
    const { run, options } = session;
    const onProgress = (p: TrainProgress): void => this.onProgress(session, p);
    try {
      const result = await session.client.train(options, onProgress, session.controller.signal);
      if (session.controller.signal.aborted) throw new EngineError({ message: 'Training was cancelled.', code: 'cancelled' });
      return await this.finish(session, result, activate, silent);
    } catch (e) {
      if (session.controller.signal.aborted || (e instanceof EngineError && e.code === 'cancelled')) {
        await removeModelLeftovers(options.out);
        if (e instanceof EngineError && e.code === 'disposed') {
          // The worker was terminated, possibly mid-write: sweep again once it is surely gone.
          await new Promise((r) => setTimeout(r, 250));
          await removeModelLeftovers(options.out);
        }
        run.status = 'cancelled';
        run.live = undefined;
        this.log.info(`training on ${options.data} cancelled; no model saved`);
        this.dashboard.runChanged(run, true);
        if (!silent) void vscode.window.showInformationMessage(t('Training on {0} was cancelled. No model was saved.', path.basename(options.data)));
        return { status: 'cancelled' };
      }
      await removeModelLeftovers(options.out);
      run.status = 'failed';
      run.error = errorText(e);
      logError(this.log, `training on ${options.data} failed`, e);
      this.dashboard.runChanged(run, true);
      if (!silent) void showEngineError(this.log, t('Training failed'), e);
      return { status: 'failed', error: errorInfo(e) };
    } finally {
      this.sessions.delete(session.key);
      this.setRunningContext();
      session.client.dispose();
      this.updateStatusBar();
    }
  }

  private async finish(session: Session, result: TrainResult, activate: boolean, silent: boolean): Promise<TrainOutcome> {
    const { run } = session;
    const r = result.report;
    this.log.info(
      `trained ${result.model} in ${result.trainSeconds.toFixed(1)} s on ${result.backend}: ${result.trainRows} training rows, ${result.testRows} test rows, ${result.skippedRows} skipped`,
    );
    this.log.info(`accuracy ${r.accuracy.toFixed(4)}, macro-F1 ${r.macro.f1.toFixed(4)}, weighted-F1 ${r.weighted.f1.toFixed(4)}; labels ${r.labels.join(', ')}`);
    this.log.info(
      `validation ${result.validation.strategy} (${result.validationRows} rows), kept epoch ${result.fit.bestEpoch} (${result.fit.stopReason}), temperature ${result.calibration.temperature.toFixed(3)}; ECE ${result.reliability.ece.toFixed(4)}, NLL ${result.reliability.nll.toFixed(4)}, Brier ${result.reliability.brier.toFixed(4)} on the test rows`,
    );
    // Things about the data worth a second look (a skipped Excel "sep=" line, repeated header rows, labels
    // differing by case): logged, and said once.
    for (const warning of result.warnings) this.log.warn(formatCoreText(warning));
    if (result.warnings.length > 0 && !silent) void vscode.window.showWarningMessage(t('The training data was read with warnings: {0}', result.warnings.map(localiseCoreText).join(' ')));
    await this.store.refresh();
    const model = this.store.find(result.out);
    if (!model) throw new EngineError({ message: `The engine reported a model in ${result.out}, but no readable model is there.`, code: 'missing-model' });
    if (activate) await this.store.setActive(model.dir);
    run.status = 'done';
    run.live = undefined;
    run.result = {
      modelName: model.name,
      modelDir: model.dir,
      report: r,
      backend: result.backend,
      trainSeconds: result.trainSeconds,
      trainRows: result.trainRows,
      testRows: result.testRows,
      skippedRows: result.skippedRows,
      validationRows: result.validationRows,
      validation: result.validation,
      fit: result.fit,
      calibration: result.calibration,
      reliability: result.reliability,
      warnings: result.warnings.map(localiseCoreText),
    };
    run.architecture = architectureView(model);
    const recorded = await this.history.record(model, result, run.epochs);
    this.dashboard.runChanged(run, true);
    if (!silent) {
      const show = t('Show Dashboard');
      void vscode.window
        .showInformationMessage(
          t('Trained {0}: accuracy {1}, macro-F1 {2}.', model.name, (r.accuracy * 100).toFixed(1) + '%', r.macro.f1.toFixed(3)),
          show,
        )
        .then((c) => c === show && this.showDashboardFor(run));
    }
    return { status: 'trained', model, result, runId: recorded?.id };
  }

  private showDashboardFor(run: DashboardRun): void {
    if (this.dashboard.run !== run) this.dashboard.setRun(run);
    this.dashboard.show(false);
  }

  private onProgress(session: Session, p: TrainProgress): void {
    const { run } = session;
    const milestone = isMilestone(p, session.lastProgress);
    if (session.lastProgress?.phase !== p.phase) this.log.info(`phase: ${p.phase}${p.rowsRead ? ` (${p.rowsRead} rows)` : ''}`);
    if (p.epochEnd) {
      const f = (n: number | undefined): string => (n === undefined ? '–' : n.toFixed(4));
      this.log.info(`epoch ${p.epoch}/${p.epochs}: loss ${f(p.loss)} accuracy ${f(p.accuracy)} val_loss ${f(p.valLoss)} val_accuracy ${f(p.valAccuracy)}`);
    }
    session.lastProgress = p;
    applyProgress(run, p, session.pace.observe(p));
    this.dashboard.runChanged(run, milestone);
    // The notification and the status bar follow at a readable pace (a small model finishes epochs faster).
    const now = Date.now();
    if (now - session.lastNotified >= UI_THROTTLE_MS || (milestone && p.phase !== 'training')) {
      session.lastNotified = now;
      session.report?.(`${progressText(p, false, t)} · ${dashboardLink(t)}`, progressFraction(p));
      this.updateStatusBar();
    }
  }

  /** `neuralLens.trainingRunning`: Cancel Training is offered only while there is something to cancel. */
  private setRunningContext(): void {
    void vscode.commands.executeCommand('setContext', 'neuralLens.trainingRunning', this.sessions.size > 0);
  }

  private updateStatusBar(): void {
    this.statusBar.update([...this.sessions.values()].map((s) => ({ dataFile: s.options.data, kind: s.run.kind, lastProgress: s.lastProgress })));
  }
}

/**
 * Removes what a cancelled or failed run may have left: its own fresh folder (named for this run only, so
 * never someone else's model) and the engine's hidden temporary siblings of it.
 */
async function removeModelLeftovers(out: string): Promise<void> {
  await fs.promises.rm(out, { recursive: true, force: true });
  await Promise.all((await leftoversOf(out)).map((leftover) => fs.promises.rm(leftover, { recursive: true, force: true })));
}
