// Composes the training feature: the model store (the registry the sentiment feature reads), the dashboard,
// the training service, the train command, the Models view with its commands, and the Keras bridge.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EngineClient } from '../engine/client';
import { DashboardPanel } from './dashboard/dashboardPanel';
import type { DashboardRun } from './dashboard/protocol';
import { logError, showEngineError } from './errors';
import type { ModelRegistry } from './modelRegistry';
import { ModelsTreeProvider, modelArg, runFromModel, showReportOf } from './modelsView';
import { ModelStore } from './modelStore';
import { clientOptions, encodingSetting } from './settings';
import { DATA_FILE_EXTENSIONS, TrainCommand } from './trainCommand';
import { TrainingService, type TrainOutcome } from './trainingService';
import { retrainOptions } from '../core/retrainOptions';
import type { ModelKind } from '../core/modelKind';
import { invalidModelName } from '../core/modelName';
import { loadParsers } from '../core/parsersLoader';
import { registerKeras } from './keras/register';
import { RunHistory } from './runHistory';
import { RunsTreeProvider } from './runsView';
import { runsArg, showComparison } from './compareRunsCommand';

const t = vscode.l10n.t;

/** Train command, progress, dashboard, model list. Returns the registry the sentiment feature reads. */
export function registerTraining(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ModelRegistry {
  const workerPath = context.asAbsolutePath(path.join('dist', 'worker.js'));
  const store = new ModelStore(context, log);
  const dashboard: DashboardPanel = new DashboardPanel(
    context.extensionUri,
    {
      useModel: async (dir) => {
        await store.setActive(dir);
        const m = store.active;
        if (m) void vscode.window.showInformationMessage(t('Now using {0}.', m.name));
      },
      openModelFolder: (dir) => revealModel(dir),
      cancel: (runId): number => svc.cancel({ runId }),
      openRow: (file, line) => openCsvAt(file, line),
      copyReport: async (run, format) => {
        const r = run.result!;
        const rows = r.evaluatedOn ? r.reliability?.rows : r.testRows;
        await vscode.env.clipboard.writeText(loadParsers().formatReportAs(format, r.report, { model: `${r.modelName} (${run.kind})`, rows, reliability: r.reliability }));
        void vscode.window.showInformationMessage(format === 'csv' ? t('The report was copied as CSV.') : t('The report was copied as a Markdown table.'));
      },
    },
    log,
  );
  // Referenced by the dashboard's cancel handler above, which runs only after this line.
  const history = new RunHistory(store, log);
  const svc: TrainingService = new TrainingService(workerPath, store, dashboard, log, history);
  const trainCommand = new TrainCommand(context, svc);
  const tree = new ModelsTreeProvider(store);
  const view = vscode.window.createTreeView('neuralLens.models', { treeDataProvider: tree, showCollapseAll: true });
  const runsTree = new RunsTreeProvider(history, store);
  const runsView = vscode.window.createTreeView('neuralLens.runs', { treeDataProvider: runsTree, canSelectMany: true });
  // Context keys for `when` clauses and the walkthrough; an empty view shows package.json's viewsWelcome.
  const updateContext = (): void => {
    void vscode.commands.executeCommand('setContext', 'neuralLens.hasModels', store.models.length > 0);
    void vscode.commands.executeCommand('setContext', 'neuralLens.hasActiveModel', store.active !== undefined);
  };
  let evaluator: EngineClient | undefined;
  /** The worker for evaluations and exports (trainings have their own), started on first use. */
  const engine = (): EngineClient => (evaluator ??= new EngineClient(workerPath, clientOptions()));

  context.subscriptions.push(
    store,
    dashboard,
    svc,
    tree,
    view,
    history,
    runsTree,
    runsView,
    history.onDidChange(() => {
      runsView.message = history.runs.length === 0 ? t('Every training is kept here as a run, to compare with the next.') : undefined;
    }),
    vscode.commands.registerCommand('neuralLens.runs.refresh', () => history.refresh()),
    // The status bar's corrections count passes the labels file; from the palette it is the sentiment feature's.
    vscode.commands.registerCommand('neuralLens.training.retrainWithCorrections', async (labelsFile?: unknown) => {
      const file =
        typeof labelsFile === 'string' ? labelsFile : (await vscode.commands.executeCommand<{ labelsFile?: string } | undefined>('neuralLens.sentiment._corrections'))?.labelsFile;
      return retrainWithCorrections(file);
    }),
    // From the Runs view: (clicked node, selected nodes); programmatic callers may pass run ids.
    vscode.commands.registerCommand('neuralLens.runs.compare', async (arg?: unknown, selection?: unknown) => {
      const runs = await runsArg(history, arg, selection);
      return runs ? showComparison(dashboard, runs) : undefined;
    }),
    vscode.commands.registerCommand('neuralLens.runs.delete', async (arg?: unknown, selection?: unknown) => {
      const runs = Array.isArray(selection) || arg !== undefined ? await runsArg(history, arg, selection) : undefined;
      if (!runs?.length) return 0;
      await history.delete(runs);
      return runs.length;
    }),
    { dispose: () => evaluator?.dispose() },
    store.onDidChangeModels(updateContext),
    store.onDidChangeActive((m) => {
      dashboard.setActiveModel(m?.dir);
      updateContext();
    }),
    vscode.commands.registerCommand('neuralLens.training.train', (arg?: unknown) => trainCommand.run(arg)),
    vscode.commands.registerCommand('neuralLens.training.cancel', (arg?: unknown) => {
      const target = typeof arg === 'string' ? { runId: arg } : arg instanceof vscode.Uri ? { dataFile: arg.fsPath } : {};
      const n = svc.cancel(target);
      if (n === 0 && arg === undefined) void vscode.window.showInformationMessage(t('No training is running.'));
      return n;
    }),
    vscode.commands.registerCommand('neuralLens.training.showDashboard', (runId?: unknown) => {
      // Nothing trained or shown in this window yet: the active model's report rather than an empty page.
      if (svc.runs.length === 0 && !dashboard.run && store.active) return showReportOf(dashboard, store.active, false);
      svc.showDashboard(typeof runId === 'string' ? runId : undefined);
    }),
    // Not contributed (no palette entry): a read-only view of the state, for tests and automation.
    vscode.commands.registerCommand('neuralLens.training.inspect', () => ({
      runs: svc.runs,
      models: store.models.map((m) => ({ name: m.name, dir: m.dir, kind: m.kind, accuracy: m.accuracy, macroF1: m.macroF1 })),
      active: store.active?.dir,
      roots: store.roots(),
      history: history.runs.map((r) => ({ id: r.id, modelDir: r.modelDir, dataFile: r.data.path, accuracy: r.report.accuracy })),
      dashboard: dashboard.isOpen ? { runId: dashboard.run?.id, status: dashboard.run?.status, comparing: dashboard.comparison?.runs.map((r) => r.id) } : undefined,
    })),
    vscode.commands.registerCommand('neuralLens.models.refresh', () => store.refresh()),
    vscode.commands.registerCommand('neuralLens.models.use', async (arg?: unknown) => {
      const m = await modelArg(store, arg, t('Which model should score your text?'));
      if (m) await store.setActive(m.dir);
      return m?.dir;
    }),
    // A second argument answers the prompt (programmatic callers and tests): the new name.
    vscode.commands.registerCommand('neuralLens.models.rename', async (arg?: unknown, newName?: unknown) => {
      const m = await modelArg(store, arg, t('Which model to rename?'));
      if (!m) return undefined;
      const name =
        typeof newName === 'string'
          ? newName
          : await vscode.window.showInputBox({
              title: t('Rename Model'),
              value: m.name,
              valueSelection: [0, m.name.length],
              validateInput: (v) => (v === m.name ? undefined : invalidModelName(v)),
            });
      if (!name || name === m.name) return undefined;
      try {
        return await store.rename(m, name);
      } catch (e) {
        logError(log, `renaming ${m.dir}`, e);
        void vscode.window.showErrorMessage(t('Could not rename the model: {0}', e instanceof Error ? e.message : String(e)));
        return undefined;
      }
    }),
    // A second argument `{ confirmed: true, keepRun?: boolean }` skips the question (programmatic callers and
    // tests); its run is kept unless keepRun is false.
    vscode.commands.registerCommand('neuralLens.models.delete', async (arg?: unknown, options?: { confirmed?: boolean; keepRun?: boolean }) => {
      const m = await modelArg(store, arg, t('Which model to delete?'));
      if (!m) return false;
      const runs = history.runsOf(m.dir);
      let keepRun = options?.keepRun !== false;
      if (options?.confirmed !== true) {
        const del = t('Delete');
        const keep = t('Delete, Keep Its Run');
        const both = t('Delete Model and Run');
        const detail = store.isActive(m) ? t('It is the active model: sentiment decorations stop until another model is chosen.') : m.dir;
        const answer = runs.length
          ? await vscode.window.showWarningMessage(
              t('Delete the model "{0}"?', m.name),
              { modal: true, detail: `${detail}\n${t('Its run stays in the Runs view for comparisons unless you delete it too.')}` },
              keep,
              both,
            )
          : await vscode.window.showWarningMessage(t('Delete the model "{0}"?', m.name), { modal: true, detail }, del);
        if (answer !== del && answer !== keep && answer !== both) return false;
        keepRun = answer !== both;
      }
      try {
        await store.delete(m);
        if (!keepRun && runs.length) await history.delete(runs);
        else await history.refresh();
        return true;
      } catch (e) {
        logError(log, `deleting ${m.dir}`, e);
        void vscode.window.showErrorMessage(t('Could not delete the model: {0}', e instanceof Error ? e.message : String(e)));
        return false;
      }
    }),
    vscode.commands.registerCommand('neuralLens.models.reveal', async (arg?: unknown) => {
      const m = await modelArg(store, arg, t('Which model folder to reveal?'));
      if (m) await revealModel(m.dir);
    }),
    vscode.commands.registerCommand('neuralLens.models.showReport', async (arg?: unknown) => {
      const m = await modelArg(store, arg, t('Whose report?'));
      if (m) showReportOf(dashboard, m, arg !== undefined);
    }),
    vscode.commands.registerCommand('neuralLens.models.evaluate', async (arg?: unknown, csvArg?: unknown) => {
      const m = await modelArg(store, arg, t('Which model to evaluate?'));
      if (!m) return undefined;
      const csv =
        csvArg instanceof vscode.Uri
          ? csvArg
          : typeof csvArg === 'string'
            ? vscode.Uri.file(csvArg)
            : (
                await vscode.window.showOpenDialog({
                  canSelectMany: false,
                  openLabel: t('Evaluate on This File'),
                  title: t('Evaluate {0} on a labelled CSV', m.name),
                  filters: { [t('CSV files')]: DATA_FILE_EXTENSIONS },
                  defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
                })
              )?.[0];
      if (!csv) return undefined;
      const client = engine();
      log.info(`evaluating ${m.dir} on ${csv.fsPath}`);
      try {
        const { report, reliability } = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: t('Evaluating {0} on {1}', m.name, path.basename(csv.fsPath)) },
          () => client.evaluate(m.dir, csv.fsPath, encodingSetting()),
        );
        log.info(`evaluation of ${m.name} on ${csv.fsPath}: accuracy ${report.accuracy.toFixed(4)}, macro-F1 ${report.macro.f1.toFixed(4)}`);
        const run: DashboardRun = {
          ...runFromModel(m),
          id: `eval-${Date.now()}`,
          source: 'evaluation',
          epochs: [],
          result: { modelName: m.name, modelDir: m.dir, report, reliability, backend: m.backend ?? '–', evaluatedOn: csv.fsPath },
        };
        dashboard.setRun(run);
        dashboard.show(false);
        return report;
      } catch (e) {
        logError(log, `evaluating ${m.dir} on ${csv.fsPath}`, e);
        void showEngineError(log, t('Evaluation failed'), e);
        return undefined;
      }
    }),
    vscode.window.onDidChangeWindowState((s) => {
      // Models trained from a terminal (the CLI) appear when the window is back in focus.
      if (s.focused) void store.refresh();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void store.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('neuralLens.training.modelStorage')) {
        void store.refresh();
        void history.refresh();
      }
    }),
  );

  registerKeras(context, { store, dashboard, log, engine });

  dashboard.setActiveModel(store.active?.dir);
  updateContext();
  void store.refresh().catch((e: unknown) => logError(log, 'listing models', e));
  void history.refresh().catch((e: unknown) => logError(log, 'listing runs', e));
  return store;

  /**
   * Trains the active model again with the same options plus the labels file, then compares the two runs
   * (per-class F1 deltas, rows whose prediction flipped).
   */
  async function retrainWithCorrections(labelsFile: string | undefined): Promise<TrainOutcome | undefined> {
    const m = store.active;
    if (!m) {
      void vscode.window.showInformationMessage(t('No active model to retrain: choose one in the Models view first.'));
      return undefined;
    }
    if (!labelsFile) {
      void vscode.window.showInformationMessage(t('No corrections yet: label a line ("Label this line as …" on a scored line) first.'));
      return undefined;
    }
    const previous = history.runsOf(m.dir)[0];
    const outcome = await svc.train({ ...retrainOptions(m.options ?? {}), data: m.dataFile, model: m.kind as ModelKind, corrections: labelsFile });
    if (outcome.status === 'trained' && previous && outcome.runId) {
      const latest = history.find(outcome.runId);
      if (latest) await showComparison(dashboard, [previous, latest]);
    }
    return outcome;
  }

  /** Opens a test row's CSV in the first editor group with the row's line selected. */
  async function openCsvAt(file: string, line: number): Promise<void> {
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const at = Math.min(line - 1, doc.lineCount - 1);
      const range = doc.lineAt(at).range;
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Selection(range.start, range.end), preview: true });
    } catch (e) {
      logError(log, `opening ${file}:${line}`, e);
      void vscode.window.showErrorMessage(t('Could not open {0}: {1}', file, e instanceof Error ? e.message : String(e)));
    }
  }

  async function revealModel(dir: string): Promise<void> {
    const uri = vscode.Uri.file(dir);
    if (vscode.workspace.getWorkspaceFolder(uri)) {
      await vscode.commands.executeCommand('revealInExplorer', uri);
      return;
    }
    try {
      await vscode.commands.executeCommand('revealFileInOS', uri);
    } catch {
      // No OS file manager where the window runs (a browser): say where it is instead.
      const copy = t('Copy Path');
      if ((await vscode.window.showInformationMessage(t('The model is in {0}', dir), copy)) === copy) await vscode.env.clipboard.writeText(dir);
    }
  }
}
