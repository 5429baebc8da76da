import type * as HistoryBundle from './historyBundle';
import { requireBundle } from './requireBundle';

export type HistoryModule = typeof HistoryBundle;

let loaded: HistoryModule | undefined;

/**
 * The run history, comparison and test rows for the extension host, loaded on first use: dist/history.js
 * beside dist/extension.js, or historyBundle.js beside this file when running from out/ (tests).
 */
export function loadHistory(): HistoryModule {
  loaded ??= requireBundle<HistoryModule>(__dirname, 'history.js', 'historyBundle.js');
  return loaded;
}
