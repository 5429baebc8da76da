// The run history as the editor sees it: every finished training recorded (core/runStore.ts) in the runs
// folder beside its model's storage root, the runs of every root listed, and a change event for the Runs view.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadHistory } from '../core/historyLoader';
import { RUN_FORMAT, type RunRecord } from '../core/runRecord';
import type { TrainResult } from '../engine/protocol';
import type { EpochPoint } from './dashboard/protocol';
import type { ModelInfo } from './modelRegistry';
import { ModelStore } from './modelStore';

export class RunHistory implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private list: RunRecord[] = [];

  constructor(
    private readonly store: ModelStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get runs(): readonly RunRecord[] {
    return this.list;
  }

  find(id: string): RunRecord | undefined {
    return this.list.find((r) => r.id === id);
  }

  /** Records a finished training; a failure to write is logged, never fails the training. */
  async record(model: ModelInfo, result: TrainResult, curves: readonly EpochPoint[]): Promise<RunRecord | undefined> {
    const run: RunRecord = {
      format: RUN_FORMAT,
      id: loadHistory().newRunId(),
      createdAt: new Date().toISOString(),
      kind: result.model,
      modelDir: model.dir,
      modelName: model.name,
      data: { path: model.dataFile, sha256: model.dataSha256 },
      options: model.options ?? {},
      rows: { train: result.trainRows, validation: result.validationRows, test: result.testRows, skipped: result.skippedRows },
      report: result.report,
      reliability: result.reliability,
      calibration: result.calibration,
      fit: result.fit,
      validation: result.validation,
      curves: curves.map((p) => ({ ...p })),
      trainSeconds: result.trainSeconds,
      backend: result.backend,
    };
    try {
      const dir = this.dirOf(model.dir);
      const kept = await loadHistory().saveRun(dir, run);
      this.log.info(`recorded run ${run.id} of ${model.name}`);
      // The folder's runs as saving left them (it read them to prune): the other folders' are unchanged.
      const key = path.resolve(dir);
      this.show([...this.list.filter((r) => path.resolve(this.dirOf(r.modelDir)) !== key), ...kept]);
      return run;
    } catch (e) {
      this.log.warn(`could not record the run of ${model.name}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  async refresh(): Promise<readonly RunRecord[]> {
    const dirs = [...new Set(this.store.roots().map((root) => ModelStore.runsDirOf(root)))];
    const { listRuns } = loadHistory();
    this.show((await Promise.all(dirs.map((d) => listRuns(d)))).flat());
    return this.list;
  }

  private show(runs: RunRecord[]): void {
    this.list = runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    this.changed.fire();
  }

  /** The runs that saved the model folder `modelDir`. */
  runsOf(modelDir: string): RunRecord[] {
    return loadHistory().runsOfModel(this.list, modelDir);
  }

  async delete(runs: readonly RunRecord[]): Promise<void> {
    for (const r of runs) await loadHistory().deleteRun(this.dirOf(r.modelDir), r.id);
    await this.refresh();
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** The runs folder of the storage root holding `modelDir`. */
  private dirOf(modelDir: string): string {
    return ModelStore.runsDirOf(path.dirname(modelDir));
  }
}
