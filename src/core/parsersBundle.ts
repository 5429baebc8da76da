// Entry of dist/parsers.js: the parsers the extension host needs only once a document is scored or a CSV is
// picked for training — markdown-it (sentiment line selection of Markdown), csv-parse (CSV lines, the
// training pickers' peek). In a bundle of their own so dist/extension.js stays small and activation parses
// none of them; parsersLoader.ts requires it on first use and types it with `typeof import(this file)`.
export { csvLineText, reselectMarkdownAround, selectLines } from './lines';
export { peekCsv } from './csvPeek';
