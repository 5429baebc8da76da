// The dashboard webview panel: one panel, showing one run at a time. The host keeps the authoritative
// snapshot and sends it whole through the panel's WebviewChannel: only after the webview has said it is
// ready (a hidden or reloading webview receives nothing, and re-asks when it comes back), and never faster
// than the webview draws: one snapshot in flight until the webview says it has rendered it, and at most one
// every THROTTLE_MS. A training can finish ten epochs a second; intermediate snapshots are simply
// superseded, never queued.
import * as vscode from 'vscode';
import { buildPageHtml } from '../../webview/page';
import { connectWebview, mediaRoot, pageResources, type WebviewConnection } from '../../webview/vscodeWebview';
import type { DashboardRun, DashboardState, DashboardToHost, HostToDashboard, RunComparison } from './protocol';
import { dashboardStrings } from './strings';
import { loadHistory } from '../../core/historyLoader';

export interface DashboardHandlers {
  useModel(modelDir: string): unknown;
  openModelFolder(modelDir: string): unknown;
  cancel(runId: string): unknown;
  /** Copies `run`'s report as `format`. */
  copyReport(run: DashboardRun, format: 'markdown' | 'csv'): unknown;
  /** Opens `file` (the shown run's test rows' CSV) at `line`. */
  openRow(file: string, line: number): unknown;
}

/** Minimum time between two snapshots while batches stream in; epoch ends and phase changes skip it. */
const THROTTLE_MS = 1000;

export class DashboardPanel implements vscode.Disposable {
  static readonly viewType = 'neuralLens.dashboard';

  private panel: vscode.WebviewPanel | undefined;
  private connection: WebviewConnection<HostToDashboard> | undefined;
  private readonly state: DashboardState = { version: 1 };
  private readonly disposables: vscode.Disposable[] = [];
  private panelDisposables: vscode.Disposable[] = [];
  /** Runs whose test rows were read (or found missing) already. */
  private readonly testRowsRead = new WeakSet<DashboardRun>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: DashboardHandlers,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, {
        deserializeWebviewPanel: async (panel, saved: unknown) => this.restore(panel, saved as DashboardState | undefined),
      }),
    );
  }

  get run(): DashboardRun | undefined {
    return this.state.run;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens the panel beside the editor, or reveals it; does not take focus unless asked. */
  show(preserveFocus = true): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      DashboardPanel.viewType,
      vscode.l10n.t('Training Dashboard'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, localResourceRoots: [mediaRoot(this.extensionUri)] },
    );
    this.adopt(panel);
  }

  /** Shows `run` (a new training, or a stored model's report). */
  setRun(run: DashboardRun | undefined): void {
    this.state.run = run;
    this.state.comparison = undefined;
    this.updateTitle();
    // A finished run is sent once its test rows are read (a moment), so that it never shows "no rows" first.
    if (!this.loadTestRows(run)) this.send(true);
  }

  /** Shows runs side by side (core/runCompare.ts) instead of one run. */
  setComparison(comparison: RunComparison): void {
    this.state.run = undefined;
    this.state.comparison = comparison;
    if (this.panel) this.panel.title = vscode.l10n.t('Compare Runs');
    this.send(true);
  }

  get comparison(): RunComparison | undefined {
    return this.state.comparison;
  }

  /** `run` changed in place; sent if it is the one shown. */
  runChanged(run: DashboardRun, urgent: boolean): void {
    if (this.state.run !== run) return;
    if (!this.loadTestRows(run)) this.send(urgent);
  }

  /**
   * Starts reading the test rows of a finished run's model (the bundle's testRows.json: after a reload too)
   * and returns true when it did; the snapshot follows when they are read.
   */
  private loadTestRows(run: DashboardRun | undefined): boolean {
    const dir = run?.result?.modelDir;
    if (!run || !dir || run.status !== 'done' || run.source === 'evaluation' || run.testRows || this.testRowsRead.has(run)) return false;
    this.testRowsRead.add(run);
    void loadHistory()
      .readTestRows(dir)
      .then((rows) => {
        run.testRows = rows;
        if (this.state.run === run) this.send(true);
      });
    return true;
  }

  setActiveModel(modelDir: string | undefined): void {
    if (this.state.activeModelDir === modelDir) return;
    this.state.activeModelDir = modelDir;
    this.send(true);
  }

  dispose(): void {
    this.connection?.dispose();
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private async restore(panel: vscode.WebviewPanel, saved: DashboardState | undefined): Promise<void> {
    if (this.panel) {
      // A second restored dashboard (from an older layout): keep one.
      panel.dispose();
      return;
    }
    if (!this.state.run && !this.state.comparison && saved?.comparison) this.state.comparison = saved.comparison;
    else if (!this.state.run && saved?.run) {
      // The extension host was restarted, so a training shown as running died with the old worker.
      this.state.run = saved.run.status === 'running' ? { ...saved.run, status: 'interrupted', live: undefined } : { ...saved.run, testRows: undefined };
      // The rows come from the model folder again, as it is now (retrained, or deleted, since).
      this.loadTestRows(this.state.run);
    }
    panel.webview.options = { enableScripts: true, localResourceRoots: [mediaRoot(this.extensionUri)] };
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.connection = connectWebview<HostToDashboard, DashboardToHost>(
      panel,
      {
        snapshot: (send) => void send({ type: 'state', state: this.state }),
        throttleMs: THROTTLE_MS,
        // Created without retainContextWhenHidden: a hidden dashboard is torn down and says ready when shown.
        unloadsWhenHidden: true,
        awaitAcknowledge: true,
      },
      (msg) => this.onMessage(msg),
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    panel.webview.html = buildPageHtml({
      ...pageResources(panel.webview, this.extensionUri, 'dashboard'),
      title: vscode.l10n.t('Training Dashboard'),
      strings: dashboardStrings(),
    });
    this.updateTitle();
    this.panelDisposables = [
      this.connection,
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.connection = undefined;
        for (const d of this.panelDisposables) d.dispose();
        this.panelDisposables = [];
      }),
    ];
  }

  private onMessage(msg: Exclude<DashboardToHost, { type: 'ready' }>): void {
    switch (msg.type) {
      case 'rendered':
        this.connection?.channel.acknowledge();
        return;
      case 'useModel':
        void Promise.resolve(this.handlers.useModel(msg.modelDir)).catch((e: unknown) => this.log.error('useModel failed', e));
        return;
      case 'openModelFolder':
        void Promise.resolve(this.handlers.openModelFolder(msg.modelDir)).catch((e: unknown) => this.log.error('openModelFolder failed', e));
        return;
      case 'cancel':
        this.handlers.cancel(msg.runId);
        return;
      case 'copyReport': {
        const run = this.state.run;
        if (run?.result && (msg.format === 'markdown' || msg.format === 'csv')) {
          void Promise.resolve(this.handlers.copyReport(run, msg.format)).catch((e: unknown) => this.log.error('copyReport failed', e));
        }
        return;
      }
      case 'openRow': {
        // Only the shown run's own CSVs (its data, or a correction's labels file), at a line number.
        const rows = this.state.run?.testRows;
        const file = msg.file === undefined ? rows?.file : rows?.rows.some((r) => r.file === msg.file) ? msg.file : undefined;
        if (file && Number.isInteger(msg.line) && msg.line >= 1) {
          void Promise.resolve(this.handlers.openRow(file, msg.line)).catch((e: unknown) => this.log.error('openRow failed', e));
        }
        return;
      }
    }
  }

  /** The state changed: sent now when `urgent` (a run started or ended, an epoch finished), else throttled. */
  private send(urgent: boolean): void {
    if (urgent) this.connection?.channel.refreshNow();
    else this.connection?.channel.refresh();
  }

  private updateTitle(): void {
    if (!this.panel) return;
    if (this.state.comparison) {
      this.panel.title = vscode.l10n.t('Compare Runs');
      return;
    }
    const run = this.state.run;
    const base = run ? run.dataFile.split(/[\\/]/).pop() : undefined;
    this.panel.title = base ? vscode.l10n.t('Training: {0}', base) : vscode.l10n.t('Training Dashboard');
  }
}
