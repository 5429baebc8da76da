import type { HostToWebview, PreviewWebviewState, WebviewToHost } from '../../src/preview/protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PreviewWebviewState | undefined;
  setState(state: PreviewWebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** True inside a VS Code webview; false in a plain page (the headless export renderer). */
export function inWebview(): boolean {
  return typeof acquireVsCodeApi === 'function';
}

/** Typed access to the host: post messages, receive them, keep state across webview reloads. */
export class Host {
  private readonly api = acquireVsCodeApi();
  private state: PreviewWebviewState;

  constructor() {
    const saved = this.api.getState();
    this.state = saved ?? { resource: document.body.dataset.resource ?? '' };
    // Saved at once: VS Code restores a panel after a reload only from state its webview has set, and a
    // preview that was never scrolled would otherwise have set none (and been dropped by the serializer).
    if (!saved) this.api.setState(this.state);
  }

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  onMessage(handler: (message: HostToWebview) => void): void {
    window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
      // Messages from the host arrive through the webview's own frame; anything else is not ours.
      if (event.data && typeof event.data === 'object' && 'type' in event.data) handler(event.data);
    });
  }

  getState(): PreviewWebviewState {
    return this.state;
  }

  updateState(patch: Partial<PreviewWebviewState>): void {
    this.state = { ...this.state, ...patch };
    this.api.setState(this.state);
  }
}
