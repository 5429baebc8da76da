// The dashboard webview panel: one panel, showing one run at a time. The host keeps the authoritative
// snapshot and sends it whole, only after the webview has said it is ready (a hidden or reloading webview
// receives nothing, and re-asks when it comes back), and never faster than the webview draws: one snapshot
// in flight until the webview says it has rendered it, and at most one every THROTTLE_MS. A training can
// finish ten epochs a second; intermediate snapshots are simply superseded, never queued.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
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
  private ready = false;
  /** A snapshot was posted and the webview has not yet said it rendered it. */
  private inFlight = false;
  /** The state changed while a snapshot was in flight. */
  private dirty = false;
  private readonly state: DashboardState = { version: 1 };
  private lastPost = 0;
  private timer: NodeJS.Timeout | undefined;
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
      { enableScripts: true, localResourceRoots: [this.mediaRoot()] },
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
    clearTimeout(this.timer);
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
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.mediaRoot()] };
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    panel.webview.html = this.html(panel.webview);
    this.updateTitle();
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((msg: DashboardToHost) => this.onMessage(msg)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is torn down; it says 'ready' again when shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        this.inFlight = false;
        for (const d of this.panelDisposables) d.dispose();
        this.panelDisposables = [];
      }),
    ];
  }

  private onMessage(msg: DashboardToHost): void {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.inFlight = false;
        this.send(true);
        return;
      case 'rendered':
        this.inFlight = false;
        if (this.dirty) this.send(false);
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

  private send(urgent: boolean): void {
    if (!this.panel || !this.ready) return; // the snapshot goes out on 'ready'
    if (this.inFlight) {
      this.dirty = true; // sent when the webview has drawn the previous one
      return;
    }
    const wait = THROTTLE_MS - (Date.now() - this.lastPost);
    if (!urgent && wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.send(true);
      }, wait);
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastPost = Date.now();
    this.dirty = false;
    this.inFlight = true;
    const message: HostToDashboard = { type: 'state', state: this.state };
    void this.panel.webview.postMessage(message);
  }

  private updateTitle(): void {
    if (!this.panel) return;
    const run = this.state.run;
    const base = run ? run.dataFile.split(/[\\/]/).pop() : undefined;
    this.panel.title = base ? vscode.l10n.t('Training: {0}', base) : vscode.l10n.t('Training Dashboard');
  }

  private mediaRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', 'media');
  }

  /** The page: strict CSP, scripts only by nonce, styles from the extension (Mermaid needs inline SVG styles). */
  private html(webview: vscode.Webview): string {
    const nonce = makeNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot(), 'dashboard.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot(), 'dashboard.css'));
    // Mermaid (the architecture diagram): loaded by the page with its nonce when first needed.
    const mermaid = webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot(), 'shared.js'));
    const csp = [
      `default-src 'none'`,
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'unsafe-inline'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    // JSON in a data block: `<` escaped so no string can close the element.
    const strings = JSON.stringify(dashboardStrings()).replace(/</g, '\\u003c');
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${vscode.l10n.t('Training Dashboard')}</title>
</head>
<body data-mermaid-src="${mermaid}">
<script type="application/json" id="nl-strings">${strings}</script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }
}

function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}
