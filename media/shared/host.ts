// The page side of the webview kernel (the host side is src/webview/): typed access to the extension
// host for every page. acquireVsCodeApi may be called once per page load, so each page makes one Host.
import { STRINGS_ELEMENT_ID, type PageMessage, type PageReady } from '../../src/webview/webviewProtocol';

interface VsCodeApi<ToHost, State> {
  postMessage(message: ToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<ToHost, State>(): VsCodeApi<ToHost, State>;

/** True inside a VS Code webview; false in a plain page (the headless export renderer). */
export function inWebview(): boolean {
  return typeof acquireVsCodeApi === 'function';
}

/** The localised UI text the host put in the page (src/webview/page.ts). */
export function pageStrings<Strings>(): Strings {
  return JSON.parse(document.getElementById(STRINGS_ELEMENT_ID)?.textContent ?? '{}') as Strings;
}

/** Post messages to the host, receive its messages, keep state across webview reloads. */
export class Host<ToPage extends PageMessage, ToHost extends PageMessage, State extends object> {
  private readonly api = acquireVsCodeApi<ToHost | PageReady, State>();
  private state: State;

  /** `initial`: the state of a page that has none saved yet. */
  constructor(initial: () => State) {
    const saved = this.api.getState();
    this.state = saved ?? initial();
    // Saved at once: VS Code restores a panel after a reload only from state its webview has set, and a
    // page that was never touched would otherwise have set none (and been dropped by the serializer).
    if (!saved) this.api.setState(this.state);
  }

  post(message: ToHost): void {
    this.api.postMessage(message);
  }

  /** Asks the host for everything: the page has just loaded, or it lost track of what it was sent. */
  ready(): void {
    this.api.postMessage({ type: 'ready' });
  }

  onMessage(handler: (message: ToPage) => void): void {
    window.addEventListener('message', (event: MessageEvent<ToPage>) => {
      // Messages from the host arrive through the webview's own frame; anything else is not ours.
      if (event.data && typeof event.data === 'object' && 'type' in event.data) handler(event.data);
    });
  }

  getState(): State {
    return this.state;
  }

  setState(state: State): void {
    this.state = state;
    this.api.setState(state);
  }

  updateState(patch: Partial<State>): void {
    this.setState({ ...this.state, ...patch });
  }
}
