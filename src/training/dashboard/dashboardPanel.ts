// The dashboard webview panel: one panel, showing one run at a time. The host keeps the authoritative
// snapshot and sends it whole through the panel's WebviewChannel: only after the webview has said it is
// ready (a hidden or reloading webview receives nothing, and re-asks when it comes back), and never faster
// than the webview draws: one snapshot in flight until the webview says it has rendered it, and at most one
// every THROTTLE_MS. A training can finish ten epochs a second; intermediate snapshots are simply
// superseded, never queued.
import * as vscode from 'vscode';
import { buildPageHtml } from '../../webview/page';
import { connectWebview, mediaRoot, pageResources, type WebviewConnection } from '../../webview/vscodeWebview';
import type { DashboardRun, DashboardState, DashboardToHost, HostToDashboard } from './protocol';
import { dashboardStrings } from './strings';

export interface DashboardHandlers {
  useModel(modelDir: string): unknown;
  openModelFolder(modelDir: string): unknown;
  cancel(runId: string): unknown;
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
    this.updateTitle();
    this.send(true);
  }

  /** `run` changed in place; sent if it is the one shown. */
  runChanged(run: DashboardRun, urgent: boolean): void {
    if (this.state.run !== run) return;
    this.send(urgent);
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
    if (!this.state.run && saved?.run) {
      // The extension host was restarted, so a training shown as running died with the old worker.
      this.state.run = saved.run.status === 'running' ? { ...saved.run, status: 'interrupted', live: undefined } : saved.run;
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
    }
  }

  /** The state changed: sent now when `urgent` (a run started or ended, an epoch finished), else throttled. */
  private send(urgent: boolean): void {
    if (urgent) this.connection?.channel.refreshNow();
    else this.connection?.channel.refresh();
  }

  private updateTitle(): void {
    if (!this.panel) return;
    const run = this.state.run;
    const base = run ? run.dataFile.split(/[\\/]/).pop() : undefined;
    this.panel.title = base ? vscode.l10n.t('Training: {0}', base) : vscode.l10n.t('Training Dashboard');
  }
}
