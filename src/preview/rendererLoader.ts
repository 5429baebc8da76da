import * as vscode from 'vscode';
import type * as RendererBundle from '../core/markdown/rendererBundle';

export type RendererModule = typeof RendererBundle;

let loaded: RendererModule | undefined;

/**
 * markdown-it, KaTeX and highlight.js live in dist/renderer.js, loaded on the first preview (or
 * Concepts view) rather than at activation: activation stays cheap and dist/extension.js small.
 */
export function loadRenderer(extensionUri: vscode.Uri): RendererModule {
  if (!loaded) {
    const file = vscode.Uri.joinPath(extensionUri, 'dist', 'renderer.js').fsPath;
    // A run-time require of a sibling bundle (not bundled into dist/extension.js on purpose).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(file) as RendererModule;
  }
  return loaded;
}
