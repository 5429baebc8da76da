// The core's messages in the editor's language. The core (which never imports vscode) gives its errors a
// CoreText, an English template and its values; here it is looked up like every vscode.l10n.t string, by
// its English text, in l10n/bundle.l10n.<language>.json.
import * as vscode from 'vscode';
import { coreTextOf, formatCoreText, type CoreText } from './core/coreText';

export function localiseCoreText(text: CoreText): string {
  return formatCoreText(text, (template, values) => vscode.l10n.t(template, ...values));
}

/** What to show a person of `e`: the core's message translated, else the error's own message. */
export function errorText(e: unknown): string {
  const text = coreTextOf(e);
  if (text) return localiseCoreText(text);
  return e instanceof Error ? e.message : String(e);
}
