// The "Models" tree: every trained model of the workspace (newest first) with its kind, accuracy and
// macro-F1, the active one marked; expanded, the data file, date and labels. Its context menu commands
// (use, rename, delete, reveal, show report, evaluate) are registered here too.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DashboardPanel } from './dashboard/dashboardPanel';
import type { DashboardRun } from './dashboard/protocol';
import { architectureView } from './architectureView';
import type { ModelInfo } from './modelRegistry';
import type { ModelStore } from './modelStore';
import { localiseCoreText } from '../errorText';

type Node = { type: 'model'; model: ModelInfo } | { type: 'detail'; model: ModelInfo; label: string; value: string; tooltip?: string };

const t = vscode.l10n.t;
const pct = (n: number | undefined): string => (n === undefined ? '–' : `${(n * 100).toFixed(1)}%`);
const f3 = (n: number | undefined): string => (n === undefined ? '–' : n.toFixed(3));

function dateText(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(vscode.env.language);
}

export class ModelsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: ModelStore) {
    this.subscriptions = [store.onDidChangeModels(() => this.changed.fire(undefined)), store.onDidChangeActive(() => this.changed.fire(undefined))];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'detail') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.description = node.value;
      item.tooltip = node.tooltip ?? `${node.label}: ${node.value}`;
      item.contextValue = 'detail';
      return item;
    }
    const m = node.model;
    const active = this.store.isActive(m);
    const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = m.dir;
    item.description = [active ? t('active') : undefined, m.kind, `acc ${pct(m.accuracy)}`, `F1 ${f3(m.macroF1)}`].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(active ? 'pass-filled' : 'circuit-board', active ? new vscode.ThemeColor('charts.green') : undefined);
    item.contextValue = active ? 'model.active' : 'model';
    item.resourceUri = vscode.Uri.file(m.dir);
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${escapeMd(m.name)}**${active ? ` — ${t('active')}` : ''}\n\n`);
    tip.appendMarkdown(`| | |\n|---|---|\n`);
    for (const [k, v] of this.details(m)) tip.appendMarkdown(`| ${escapeMd(k)} | ${escapeMd(v)} |\n`);
    item.tooltip = tip;
    item.command = { command: 'neuralLens.models.showReport', title: t('Show Model Report'), arguments: [node] };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.store.models.map((model) => ({ type: 'model', model }));
    if (node.type === 'detail') return [];
    return this.details(node.model).map(([label, value, tooltip]) => ({ type: 'detail', model: node.model, label, value, tooltip }));
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private details(m: ModelInfo): Array<[string, string, string?]> {
    return [
      [t('Data'), path.basename(m.dataFile), m.dataFile],
      [t('Kind'), m.kind],
      [t('Trained'), dateText(m.createdAt)],
      [t('Accuracy'), pct(m.accuracy)],
      [t('Macro-F1'), f3(m.macroF1)],
      [t('Labels'), m.labels.join(', ')],
    ];
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** A stored model as a dashboard run (its report, and its curves when the bundle kept them). */
export function runFromModel(m: ModelInfo): DashboardRun {
  return {
    id: `model-${m.dir}`,
    source: 'model',
    dataFile: m.dataFile,
    kind: (m.kind as DashboardRun['kind']) ?? 'fast',
    startedAt: m.createdAt,
    status: 'done',
    epochs: m.history ?? [],
    result: m.report
      ? {
          modelName: m.name,
          modelDir: m.dir,
          report: m.report,
          backend: m.backend ?? '–',
          trainSeconds: m.trainSeconds,
          trainRows: m.trainRows,
          testRows: m.testRows,
          validationRows: m.validationRows,
          validation: m.validation,
          fit: m.fit,
          calibration: m.calibration,
          reliability: m.reliability,
          warnings: m.warnings?.map(localiseCoreText),
        }
      : undefined,
    architecture: architectureView(m),
  };
}

/** The model a command was invoked on: a tree node, a ModelInfo, a folder path, or (from the palette) a pick. */
export async function modelArg(store: ModelStore, arg: unknown, placeHolder: string): Promise<ModelInfo | undefined> {
  if (arg && typeof arg === 'object' && 'type' in arg && 'model' in arg) return (arg as Node).model;
  if (arg && typeof arg === 'object' && 'dir' in arg && typeof (arg as ModelInfo).dir === 'string') return store.find((arg as ModelInfo).dir) ?? (arg as ModelInfo);
  if (typeof arg === 'string') return store.find(arg);
  if (arg instanceof vscode.Uri) return store.find(arg.fsPath);
  const models = store.models.length ? store.models : await store.refresh();
  if (models.length === 0) {
    void vscode.window.showInformationMessage(t('No trained models yet. Train one with "Neural Lens: Train Sentiment Model".'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    models.map((model) => ({ model, label: model.name, description: `${model.kind} · acc ${pct(model.accuracy)}${store.isActive(model) ? ` · ${t('active')}` : ''}` })),
    { placeHolder },
  );
  return picked?.model;
}

export function showReportOf(dashboard: DashboardPanel, model: ModelInfo, preserveFocus: boolean): void {
  dashboard.setRun(runFromModel(model));
  dashboard.show(preserveFocus);
}
