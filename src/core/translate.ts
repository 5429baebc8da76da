// Words shown in the editor are localised by the glue (vscode.l10n.t); the core's text builders take the
// translation function as an argument, so they run and are tested in plain Node.

/** Translation function: `vscode.l10n.t` in the extension, a plain formatter in tests and the CLI. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Fills a template's {0}, {1}… with `values`, as vscode.l10n.t does (a placeholder without a value stays). */
export function fillTemplate(template: string, values: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => values[Number(i)] ?? m);
}

/** `{0}`, `{1}`… replaced by the arguments, the message itself untranslated. */
export const untranslated: Translate = (message, ...args) => fillTemplate(message, args.map(String));
