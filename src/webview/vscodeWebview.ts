// The VS Code side of the webview kernel, kept thin: the webview-dependent parts of a page (CSP source,
// URIs of its bundle, a fresh nonce, the editor's language) and the wiring of a WebviewChannel to a real
// panel or view. The decisions themselves are in page.ts and channel.ts, which tests run without VS Code.
import * as vscode from 'vscode';
import { WebviewChannel, type ChannelOptions } from './channel';
import { createNonce, type PageInput, type PageName } from './page';
import type { PageMessage, PageReady } from './webviewProtocol';

export function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'media');
}

/** What a page's HTML needs from its webview; the caller adds its title and strings. */
export function pageResources(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  page: PageName,
): Pick<PageInput, 'page' | 'cspSource' | 'nonce' | 'scriptUri' | 'styleUri' | 'mermaidUri' | 'lang'> {
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(extensionUri), file)).toString();
  return {
    page,
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: uri(`${page}.js`),
    styleUri: uri(`${page}.css`),
    mermaidUri: uri('shared.js'),
    lang: vscode.env.language,
  };
}

export interface WebviewConnection<Out extends PageMessage> extends vscode.Disposable {
  readonly channel: WebviewChannel<Out>;
}

/**
 * Connects a channel to a panel or view: posts go to its webview, its `ready` reaches the channel, its
 * other messages go to `onMessage`, and hiding it tells the channel (which knows whether that unloads it).
 */
export function connectWebview<Out extends PageMessage, In extends PageMessage>(
  target: vscode.WebviewPanel | vscode.WebviewView,
  options: Omit<ChannelOptions<Out>, 'deliver'>,
  onMessage: (message: Exclude<In, PageReady>) => void,
): WebviewConnection<Out> {
  const channel = new WebviewChannel<Out>({ ...options, deliver: (message) => void target.webview.postMessage(message) });
  const visibility = 'onDidChangeViewState' in target ? target.onDidChangeViewState : target.onDidChangeVisibility;
  const listeners = [
    target.webview.onDidReceiveMessage((message: In | PageReady) => {
      if (message.type === 'ready') channel.pageReady();
      else onMessage(message as Exclude<In, PageReady>);
    }),
    visibility(() => channel.visibilityChanged(target.visible)),
  ];
  return {
    channel,
    dispose() {
      channel.dispose();
      for (const l of listeners) l.dispose();
    },
  };
}
