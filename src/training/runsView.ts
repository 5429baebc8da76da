// The "Runs" tree beside Models: every recorded training (core/runStore.ts) grouped by its data file, newest
// first, with its kind, accuracy and macro-F1 and the model it saved (or that the model is gone). Select
// two or more (Ctrl/Shift-click) and "Compare Runs".
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runsByDataFile, type RunRecord } from '../core/runRecord';
import type { RunHistory } from './runHistory';
import type { ModelStore } from './modelStore';

export type RunNode = { type: 'data'; dataFile: string; runs: RunRecord[] } | { type: 'run'; run: RunRecord };

const t = vscode.l10n.t;
const pct = (n: number | undefined): string => (n === undefined ? '–' : `${(n * 100).toFixed(1)}%`);

export class RunsTreeProvider implements vscode.TreeDataProvider<RunNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly history: RunHistory,
    private readonly store: ModelStore,
  ) {
    this.subscriptions = [history.onDidChange(() => this.changed.fire(undefined)), store.onDidChangeModels(() => this.changed.fire(undefined))];
  }

  getTreeItem(node: RunNode): vscode.TreeItem {
    if (node.type === 'data') {
      const item = new vscode.TreeItem(path.basename(node.dataFile), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `data:${node.dataFile}`;
      // Two data files may share a name (the workspace's and the bundled sample): the folder tells them apart.
      const count = node.runs.length === 1 ? t('1 run') : t('{0} runs', node.runs.length);
      item.description = `${count} · ${vscode.workspace.asRelativePath(path.dirname(node.dataFile))}`;
      item.tooltip = node.dataFile;
      item.iconPath = new vscode.ThemeIcon('table');
      item.contextValue = 'runData';
      return item;
    }
    const r = node.run;
    const when = new Date(r.createdAt);
    const item = new vscode.TreeItem(Number.isNaN(when.getTime()) ? r.createdAt : when.toLocaleString(vscode.env.language), vscode.TreeItemCollapsibleState.None);
    item.id = `run:${r.id}`;
    const kept = this.store.find(r.modelDir);
    item.description = [r.kind, `acc ${pct(r.report.accuracy)}`, `F1 ${r.report.macro.f1.toFixed(3)}`, kept ? r.modelName : t('model deleted')].join(' · ');
    item.tooltip = `${r.modelName}\n${r.data.path}${r.data.sha256 ? `\nSHA-256 ${r.data.sha256.slice(0, 16)}…` : ''}`;
    item.iconPath = new vscode.ThemeIcon('history');
    item.contextValue = 'run';
    return item;
  }

  getChildren(node?: RunNode): RunNode[] {
    if (!node) return runsByDataFile(this.history.runs).map((g) => ({ type: 'data', dataFile: g.dataFile, runs: g.runs }));
    if (node.type === 'data') return node.runs.map((run) => ({ type: 'run', run }));
    return [];
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
