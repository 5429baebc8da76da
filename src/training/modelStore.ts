// Where trained models live and which one is active. Models are folders `<root>/<name>/` with a meta.json
// written by the engine; the root is `.neural-lens/models` in a workspace folder, or the extension's global
// storage without a workspace or with `neuralLens.training.modelStorage: global`. The active model is
// remembered per workspace (workspaceState), by folder. `.neural-lens` holds a `.gitignore` of `*`
// (core/storageIgnore.ts), and package.json's configurationDefaults keep it out of search and the file
// watcher: no setting of the user's is ever written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { META_FILE } from '../core/bundleSiblings';
import { invalidModelName, modelFolderName, uniqueName } from '../core/modelName';
import { ensureStorageIgnored } from '../core/storageIgnore';
import type { ModelKind } from '../engine/protocol';
import { readModelInfo } from './modelMeta';
import type { ModelInfo, ModelRegistry } from './modelRegistry';
import { storesModelsGlobally } from './settings';

const ACTIVE_KEY = 'neuralLens.activeModel';
const WORKSPACE_STORAGE = '.neural-lens';
export const WORKSPACE_MODELS = path.join(WORKSPACE_STORAGE, 'models');

export class ModelStore implements ModelRegistry, vscode.Disposable {
  private readonly activeEmitter = new vscode.EventEmitter<ModelInfo | undefined>();
  private readonly modelsEmitter = new vscode.EventEmitter<readonly ModelInfo[]>();
  readonly onDidChangeActive = this.activeEmitter.event;
  readonly onDidChangeModels = this.modelsEmitter.event;
  private list: ModelInfo[] = [];
  private activeInfo: ModelInfo | undefined;
  private refreshing: Promise<ModelInfo[]> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // One small file read, so that `active` is right from the first moment the sentiment feature asks.
    const dir = context.workspaceState.get<string>(ACTIVE_KEY);
    if (dir) this.activeInfo = readModelInfo(dir);
  }

  get active(): ModelInfo | undefined {
    return this.activeInfo;
  }

  get models(): readonly ModelInfo[] {
    return this.list;
  }

  /** Folders models are listed from. */
  roots(): string[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (this.useGlobal() || folders.length === 0) return [this.globalRoot()];
    return folders.filter((f) => f.uri.scheme === 'file').map((f) => path.join(f.uri.fsPath, WORKSPACE_MODELS));
  }

  /** Root a model trained on `dataFile` goes to: its workspace folder, else the first one, else global storage. */
  rootFor(dataFile: string): string {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (this.useGlobal() || folders.length === 0) return this.globalRoot();
    const owner = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dataFile)) ?? folders[0];
    return path.join(owner.uri.fsPath, WORKSPACE_MODELS);
  }

  /** The run history (core/runStore.ts) beside the models root `root`: `.neural-lens/runs`, or `runs` in global storage. */
  static runsDirOf(root: string): string {
    return path.join(path.dirname(root), 'runs');
  }

  /**
   * A fresh, unused folder path for a new model (not created: the engine writes it atomically). In a
   * workspace, its storage folder gets its `.gitignore` first.
   */
  newModelDir(dataFile: string, kind: ModelKind, when = new Date()): string {
    const root = this.rootFor(dataFile);
    if (root !== this.globalRoot()) this.ignoreStorage(path.dirname(root));
    const name = uniqueName(modelFolderName(dataFile, kind, when), (n) => fs.existsSync(path.join(root, n)));
    return path.join(root, name);
  }

  /** Re-reads every root; concurrent calls share one pass. */
  refresh(): Promise<ModelInfo[]> {
    this.refreshing ??= this.scan().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  find(dir: string): ModelInfo | undefined {
    const key = path.resolve(dir);
    return this.list.find((m) => path.resolve(m.dir) === key);
  }

  async setActive(dir: string | undefined): Promise<void> {
    const info = dir ? (this.find(dir) ?? readModelInfo(dir)) : undefined;
    if (dir && !info) throw new Error(vscode.l10n.t('No model in {0}.', dir));
    await this.context.workspaceState.update(ACTIVE_KEY, info?.dir);
    this.activeInfo = info;
    this.log.info(info ? `active model: ${info.name} (${info.dir})` : 'no active model');
    this.activeEmitter.fire(info);
  }

  async rename(model: ModelInfo, newName: string): Promise<ModelInfo> {
    const problem = invalidModelName(newName);
    if (problem) throw new Error(problem);
    const target = path.join(path.dirname(model.dir), newName);
    if (fs.existsSync(target)) throw new Error(vscode.l10n.t('A model named "{0}" already exists.', newName));
    await fs.promises.rename(model.dir, target);
    this.log.info(`renamed model ${model.dir} -> ${target}`);
    const wasActive = this.isActive(model);
    await this.refresh();
    if (wasActive) await this.setActive(target);
    return this.find(target) ?? { ...model, name: newName, dir: target };
  }

  async delete(model: ModelInfo): Promise<void> {
    const uri = vscode.Uri.file(model.dir);
    try {
      await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
    } catch {
      // No trash where the extension host runs (remote, containers): delete for good, as confirmed.
      await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
    }
    this.log.info(`deleted model ${model.dir}`);
    if (this.isActive(model)) await this.setActive(undefined);
    await this.refresh();
  }

  isActive(model: ModelInfo): boolean {
    return !!this.activeInfo && path.resolve(this.activeInfo.dir) === path.resolve(model.dir);
  }

  private ignoreStorage(storageDir: string): void {
    try {
      if (ensureStorageIgnored(storageDir)) this.log.info(`wrote ${path.join(storageDir, '.gitignore')} (models stay out of git and search)`);
    } catch (e) {
      // A read-only folder fails the training itself, with the engine's message.
      this.log.warn(`could not write ${path.join(storageDir, '.gitignore')}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    this.activeEmitter.dispose();
    this.modelsEmitter.dispose();
  }

  private useGlobal(): boolean {
    return storesModelsGlobally();
  }

  private globalRoot(): string {
    return path.join(this.context.globalStorageUri.fsPath, 'models');
  }

  private async scan(): Promise<ModelInfo[]> {
    const found: ModelInfo[] = [];
    for (const root of this.roots()) {
      let names: string[];
      try {
        names = (await fs.promises.readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
      } catch {
        continue; // no models yet
      }
      for (const name of names) {
        const info = readModelInfo(path.join(root, name));
        if (info) found.push(info);
      }
    }
    found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name));
    this.list = found;
    // The active model may have been deleted or renamed outside the editor.
    if (this.activeInfo) {
      const still = this.find(this.activeInfo.dir);
      if (!still && !fs.existsSync(path.join(this.activeInfo.dir, META_FILE))) await this.setActive(undefined);
      else if (still) this.activeInfo = still;
    }
    this.modelsEmitter.fire(found);
    return found;
  }
}
