// Entry of dist/parsers.js: the parsers the extension host needs only once a document is scored, a CSV is
// picked for training or a Keras model is looked for — markdown-it (sentiment line selection of Markdown,
// Python fences), csv-parse (CSV lines, the training pickers' peek), the Keras recogniser, csv-stringify (the
// dashboard's report copied as CSV). In a bundle of
// their own so dist/extension.js stays small and activation parses none of them; parsersLoader.ts requires
// it on first use and types it with `typeof import(this file)`.
export { csvLineText, csvSelectionSteps, reselectCsvAround, reselectMarkdownAround, selectLines } from './lineSelection';
export { peekCsv } from './csvPeek';
export { kerasModelsIn } from './keras/codeBlocks';
export { formatReportAs } from './reportExport';
