// "Neural Lens: Train Sentiment Model". From the palette it trains on the active CSV (or asks for one), from
// the editor title or the explorer on the clicked file; it then asks for the columns and the model. Called
// with an options object (tests, "Train on the bundled sample") it asks nothing and returns the outcome.
// Called with a prefill (a Keras model's numbers, from its CodeLens) it asks for the CSV and its columns and
// then shows those numbers in the Advanced list, to change or train with.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadParsers } from '../core/parsersLoader';
import type { CsvPeek } from '../core/csvPeek';
import { fixedDefault } from '../core/modelKinds';
import type { TrainOptions } from '../engine/protocol';
import { errorText } from '../errorText';
import { encodingSetting, memorySetting, pickerDefaults } from './settings';
import { pickTrainingChoices, type TrainingChoices } from './pickers';
import type { TrainingService, TrainOutcome, TrainRequest } from './trainingService';

/** The argument programmatic callers pass. `data` is a path (relative: to the first workspace folder) or a Uri. */
export interface TrainCommandOptions extends Partial<Omit<TrainOptions, 'data' | 'out'>> {
  data: string | vscode.Uri;
  silent?: boolean;
  activate?: boolean;
}

/** The argument that starts the wizard with numbers already chosen elsewhere (the Keras CodeLens). */
export interface TrainPrefill {
  prefill: TrainingChoices;
  /** Options of this run only, neither shown nor remembered (e.g. the class count the code's output layer expects). */
  runOnly?: Partial<Omit<TrainOptions, 'data' | 'out'>>;
  /** A line under "Train" in the Advanced list: where the numbers come from. */
  note?: string;
  /** The CSV (a path or a Uri); asked for when absent. */
  data?: string | vscode.Uri;
}

const CHOICES_KEY = 'neuralLens.training.lastChoices';
/** Files whose choices are remembered; the oldest are forgotten first. */
const MAX_REMEMBERED = 50;
const t = vscode.l10n.t;

export class TrainCommand {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly service: TrainingService,
  ) {}

  async run(arg?: unknown): Promise<TrainOutcome | undefined> {
    if (isPrefill(arg)) return this.runPrefilled(arg);
    if (isOptions(arg)) return this.service.train(this.requestFromOptions(arg));
    const uri = arg instanceof vscode.Uri ? arg : (activeCsv() ?? (await askForCsv()));
    if (!uri) return undefined;
    const file = await this.checkedFile(uri);
    if (!file) return undefined;
    const remembered = this.remembered(file);
    const peek = await peekTrainingFile(file);
    if (!peek) return undefined;
    const choices = await pickTrainingChoices(vscode.workspace.asRelativePath(uri), peek, remembered, pickerDefaults());
    if (!choices) return undefined;
    await this.remember(file, choices);
    return this.service.train(withSettings({ data: file, ...choices }));
  }

  /** The wizard with a Keras model's numbers: the CSV, its columns (remembered ones offered), then the numbers. */
  private async runPrefilled(arg: TrainPrefill): Promise<TrainOutcome | undefined> {
    const uri = arg.data instanceof vscode.Uri ? arg.data : arg.data !== undefined ? vscode.Uri.file(resolvePath(arg.data)) : await askForCsv();
    if (!uri) return undefined;
    const file = await this.checkedFile(uri);
    if (!file) return undefined;
    const remembered = this.remembered(file);
    const peek = await peekTrainingFile(file);
    if (!peek) return undefined;
    const start = { ...arg.prefill, textColumn: remembered?.textColumn, labelColumn: remembered?.labelColumn };
    const choices = await pickTrainingChoices(vscode.workspace.asRelativePath(uri), peek, start, pickerDefaults(), { advancedFirst: true, note: arg.note });
    if (!choices) return undefined;
    await this.remember(file, choices);
    return this.service.train(withSettings({ data: file, ...arg.runOnly, ...choices }));
  }

  /** The file to train on, when it is a saved file on disk (undefined after saying why not). */
  private async checkedFile(uri: vscode.Uri): Promise<string | undefined> {
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(t('Neural Lens trains on files on disk; {0} is not one. Save it as a file first.', uri.toString()));
      return undefined;
    }
    if (!(await this.savedOrDeclined(uri))) return undefined;
    return uri.fsPath;
  }

  private requestFromOptions(o: TrainCommandOptions): TrainRequest {
    const data = o.data instanceof vscode.Uri ? o.data.fsPath : resolvePath(o.data);
    return withSettings({ ...o, data });
  }

  /** True when the file on disk is what the user sees (saved now, or they chose the saved version). */
  private async savedOrDeclined(uri: vscode.Uri): Promise<boolean> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!doc?.isDirty) return true;
    const save = t('Save and Train');
    const saved = t('Train on the Saved Version');
    const answer = await vscode.window.showWarningMessage(
      t('{0} has unsaved changes. Training reads the file on disk.', path.basename(uri.fsPath)),
      { modal: true },
      save,
      saved,
    );
    if (answer === save) return doc.save();
    return answer === saved;
  }

  private remembered(file: string): TrainingChoices | undefined {
    return this.context.workspaceState.get<Record<string, TrainingChoices>>(CHOICES_KEY, {})[file];
  }

  private async remember(file: string, choices: TrainingChoices): Promise<void> {
    const all = { ...this.context.workspaceState.get<Record<string, TrainingChoices>>(CHOICES_KEY, {}) };
    delete all[file]; // re-inserted last: object key order is the recency order
    all[file] = choices;
    const keys = Object.keys(all);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete all[old];
    await this.context.workspaceState.update(CHOICES_KEY, all);
  }
}

function isPrefill(arg: unknown): arg is TrainPrefill {
  return typeof arg === 'object' && arg !== null && 'prefill' in arg && typeof (arg as TrainPrefill).prefill === 'object';
}

function isOptions(arg: unknown): arg is TrainCommandOptions {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) && 'data' in arg;
}

function resolvePath(p: string): string {
  if (path.isAbsolute(p)) return p;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return root ? path.join(root, p) : path.resolve(p);
}

/**
 * Fills what the request leaves open from the settings: the model, its epochs, batch size and max length when
 * it reads them with a fixed default (the settings describe those; the fast model decides its epochs from the
 * data and reads no batch size or max length), early stopping, patience and the class limit. The validation
 * split is left to the engine unless chosen (core/validation.ts: cross-fitting on small data, else 10%).
 */
function withSettings<T extends Partial<TrainRequest> & { data: string }>(request: T): TrainRequest {
  const d = pickerDefaults();
  const model = request.model ?? d.model;
  const out: TrainRequest = { ...request, model };
  out.earlyStopping ??= d.earlyStopping;
  out.patience ??= d.patience;
  out.maxClasses ??= d.maxClasses;
  out.encoding ??= encodingSetting();
  // The same limit is the run's memory budget: past it the fast model streams its file (core/memoryBudget.ts).
  out.maxMemoryMb ??= memorySetting();
  for (const key of ['epochs', 'batchSize', 'maxLength'] as const) {
    if (fixedDefault(model, key) !== undefined) out[key] ??= d[key];
  }
  for (const k of Object.keys(out) as Array<keyof TrainRequest>) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * The header and first values of a file to train on, read as training will read it (its encoding setting too);
 * undefined after saying why, when nothing in it can be read (a binary file, another encoding): the user is
 * told before the wizard asks anything.
 */
async function peekTrainingFile(file: string): Promise<CsvPeek | undefined> {
  // csv-parse comes with dist/parsers.js, loaded here on first use rather than at activation.
  const peek = await loadParsers().peekCsv(file, { encoding: encodingSetting() });
  if (!peek.unreadable) return peek;
  void vscode.window.showErrorMessage(`${path.basename(file)}: ${errorText(peek.unreadable)}`);
  return undefined;
}

/** The data files training reads: .csv and .tsv, whatever the case of the extension. */
export const DATA_FILE_EXTENSIONS = ['csv', 'tsv', 'CSV', 'TSV'];
const isCsv = (uri: vscode.Uri | undefined): uri is vscode.Uri => !!uri && /\.(csv|tsv)$/i.test(uri.path);

/**
 * The CSV in the active editor tab (a text editor, or a CSV viewer extension's custom editor); else, when the
 * focus is elsewhere (the dashboard beside it, say), the one CSV on screen.
 */
function activeCsv(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const active = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : vscode.window.activeTextEditor?.document.uri;
  if (isCsv(active)) return active;
  const visible = [...new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri).filter(isCsv).map((u) => u.toString()))];
  return visible.length === 1 ? vscode.Uri.parse(visible[0]) : undefined;
}

type FileItem = vscode.QuickPickItem & { uri?: vscode.Uri };

/** Workspace CSVs to pick from, plus "Browse…". */
async function askForCsv(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.{[cC][sS][vV],[tT][sS][vV]}', '**/{node_modules,.neural-lens,.git}/**', 200);
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const browse: FileItem = { label: `$(folder-opened) ${t('Browse…')}` };
  const items: FileItem[] = [...files.map((uri) => ({ uri, label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)) })), browse];
  const picked = files.length === 0 ? browse : await vscode.window.showQuickPick(items, { title: t('Train Sentiment Model'), placeHolder: t('Which labelled CSV file?') });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: t('Train on This File'),
    filters: { [t('CSV files')]: DATA_FILE_EXTENSIONS, [t('All files')]: ['*'] },
  });
  return chosen?.[0];
}
