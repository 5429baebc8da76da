// Which documents get sentiment decorations, and how their lines are read: from the document's URI scheme,
// path and language, and the `neuralLens.sentiment.languages` setting. CSV and TSV files are read as CSV
// whatever language mode the editor gave them, with the delimiter their extension says.
import * as path from 'node:path';
import type { LineKind } from '../lineRules';

/** What the decision needs to know of a document (the glue reads it from a vscode.TextDocument). */
export interface DocumentFacts {
  /** The URI scheme: 'file', 'untitled', 'git', … */
  scheme: string;
  /** The URI path, POSIX separators. */
  path: string;
  languageId: string;
}

export interface DocumentKind {
  kind: LineKind;
  /** CSV only. */
  delimiter?: string;
}

/** Documents that are not the user's text: output panels, diffs, SCM inputs, terminals. */
const IGNORED_SCHEMES = new Set(['output', 'git', 'gitfs', 'vscode-scm', 'comment', 'debug', 'vscode-terminal', 'search-editor']);

const CSV_EXTENSIONS: Record<string, string> = { '.csv': ',', '.tsv': '\t' };

/** How a document's lines are read, or undefined when its language is not scored. */
export function documentKind(document: DocumentFacts, languages: readonly string[]): DocumentKind | undefined {
  if (IGNORED_SCHEMES.has(document.scheme)) return undefined;
  const ext = path.posix.extname(document.path).toLowerCase();
  const csvLanguage = document.languageId === 'csv' || document.languageId === 'tsv';
  if (csvLanguage || ext in CSV_EXTENSIONS) {
    if (!languages.includes('csv') && !languages.includes(document.languageId)) return undefined;
    return { kind: 'csv', delimiter: CSV_EXTENSIONS[ext] ?? (document.languageId === 'tsv' ? '\t' : ',') };
  }
  if (!languages.includes(document.languageId)) return undefined;
  return { kind: document.languageId === 'markdown' ? 'markdown' : 'plaintext' };
}
