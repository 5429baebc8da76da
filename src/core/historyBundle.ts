// Entry of dist/history.js: what the editor needs once a run is recorded, listed or compared, or a test row
// or correction is read — the run store, the comparison, the test rows file. In a bundle of its own (like
// parsers.js) so dist/extension.js stays under its limit and activation parses none of it; historyLoader.ts
// requires it on first use and types it with `typeof import(this file)`.
export { deleteRun, listRuns, newRunId, runsOfModel, saveRun } from './runStore';
export { compareRuns } from './runCompare';
export { readTestRows } from './testRowsFile';
export { appendCorrection, countCorrections, headerColumns, withLabelCell } from './labelsFile';
