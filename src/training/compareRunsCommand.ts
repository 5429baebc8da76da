// "Compare Runs": the runs chosen in the Runs view (two or more, Ctrl/Shift-click), or picked from a list,
// side by side in the dashboard (core/runCompare.ts), with their models' test rows when the models are still there.
import * as vscode from 'vscode';
import { loadHistory } from '../core/historyLoader';
import type { RunComparison } from '../core/runCompare';
import type { RunRecord } from '../core/runStore';
import type { DashboardPanel } from './dashboard/dashboardPanel';
import type { RunHistory } from './runHistory';
import type { RunNode } from './runsView';

const t = vscode.l10n.t;

/** The runs a command was invoked on: the tree's selection (node, nodes), run ids, or (from the palette) a pick. */
export async function runsArg(history: RunHistory, arg: unknown, selection: unknown): Promise<RunRecord[] | undefined> {
  const nodes = Array.isArray(selection) ? selection : arg !== undefined ? [arg] : [];
  const fromNodes = nodes.flatMap((n: unknown): RunRecord[] => {
    if (typeof n === 'string') return history.find(n) ? [history.find(n)!] : [];
    const node = n as RunNode | undefined;
    if (node?.type === 'run') return [node.run];
    if (node?.type === 'data') return node.runs;
    return [];
  });
  if (fromNodes.length > 0) return fromNodes;
  const runs = history.runs.length ? history.runs : await history.refresh();
  if (runs.length < 2) {
    void vscode.window.showInformationMessage(t('Compare Runs needs two recorded trainings; train a model (again) first.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({ run, label: `${run.modelName}`, description: `${run.kind} · acc ${(run.report.accuracy * 100).toFixed(1)}% · ${new Date(run.createdAt).toLocaleString(vscode.env.language)}` })),
    { canPickMany: true, placeHolder: t('Which runs to compare? (two or more)') },
  );
  return picked?.map((p) => p.run);
}

export async function showComparison(dashboard: DashboardPanel, runs: readonly RunRecord[]): Promise<RunComparison | undefined> {
  if (runs.length < 2) {
    void vscode.window.showInformationMessage(t('Select two or more runs to compare (Ctrl or Shift and click in the Runs view).'));
    return undefined;
  }
  const { compareRuns, readTestRows } = loadHistory();
  const testRows = await Promise.all(runs.map((r) => readTestRows(r.modelDir)));
  const comparison = compareRuns(runs, testRows);
  dashboard.setComparison(comparison);
  dashboard.show(false);
  return comparison;
}
