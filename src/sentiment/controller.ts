// Turns editor events into scoring passes and passes into decorations. The decisions live in the core
// (core/lineSelection, core/sentiment: documentSentiment, scoringPass, decorationPlan, decorationWindow,
// documentKind); this file only knows when to run them:
//  - a document becomes visible: select its lines, score the visible ones first, the rest in batches;
//  - a keystroke: patch that line and re-score it after a short debounce (documentSentiment.patchLine);
//    an edit that may change the blocks or records (Enter, a fence, a quote, a paste) re-selects those around
//    it (the whole text only when that is not safe) after a debounce that grows with the cost of the last
//    re-selection, so large files stay responsive while typing;
//  - scrolling: in `visible` mode, or in a large file, score and decorate what came into view;
//  - the model changes: forget every result (the cache is per model) and score again.
// Scoring runs in the worker through our own EngineClient, so it never waits behind a training job. The
// hover's single-text scoring is SentimentExplainer's (explainer.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineClient } from '../engine/client';
import type { Prediction } from '../core/predictions';
import type { LineSpans } from '../core/sentiment/decorationPlan';
import { documentKind } from '../core/sentiment/documentKind';
import { optedIn, sentimentPresence, type SentimentPresence } from '../core/sentiment/presence';
import { DocumentSentiment, type ResultCache, type ScoredLine } from '../core/sentiment/documentSentiment';
import { COLOUR_CLASSES, type ColourClass, type LabelCount } from '../core/sentiment/sentimentText';
import { runPass } from '../core/sentiment/scoringPass';
import { emptyPlan, inSpans, planDecorations, summarize, type DecorationPlan, type Summary } from '../core/sentiment/decorationPlan';
import { decorationSpans, modeSpans, visibleSpans, windowLeft, type EditorView } from '../core/sentiment/decorationWindow';
import { BATCH_SIZE, CSV_AT_ONCE_LINES, KEYSTROKE_DEBOUNCE_MS, SCROLL_DEBOUNCE_MS, SELECTION_STEP_MS, VISIBLE_MARGIN, editDelay, reselectDelay } from '../core/sentiment/tuning';
import type { ModelInfo, ModelRegistry } from '../training/modelRegistry';
import { readConfig, selectionChanged, styleChanged, SECTION, type SentimentConfig } from './config';
import { DecorationStyles } from './decorationStyles';
import { errorText } from '../errorText';

interface Tracked {
  readonly document: vscode.TextDocument;
  readonly state: DocumentSentiment;
  /** The line selection is behind the text: re-select before the next pass. */
  dirty: boolean;
  /** A CSV being re-selected in full, a step at a time (see selectLinesOf); dropped by the next edit. */
  job: Generator<void, void> | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Bumped by every pass; an older pass stops at its next batch. */
  generation: number;
  passesRunning: number;
  /** Cost of the last full re-selection, and of the last one around an edit, for the adaptive debounces. */
  reselectMs: number;
  regionMs: number;
  /** The status bar's summary, kept until the results, the settings or the spans change. */
  summary?: { key: string; value: Summary };
}

export interface SentimentStatus {
  state: 'off' | 'no-model' | 'scoring' | 'ready';
  model?: ModelInfo;
  counts: LabelCount[];
  uncertain: number;
  pending: number;
}

/** What the `_debugState` test hook returns: the decorations last applied, per visible editor. */
export interface SentimentDebugState {
  enabled: boolean;
  mode: string;
  model?: { name: string; dir: string; labels: string[] };
  editors: Array<{
    uri: string;
    languageId: string;
    decorations: Record<ColourClass, Array<{ line: number; text: string }>>;
    /** When they were set (performance.now() of the extension host); absent before the first time. */
    appliedAt?: number;
    counts: LabelCount[];
    pending: number;
    uncertain: number;
  }>;
}

export class SentimentController implements vscode.Disposable {
  private config: SentimentConfig = readConfig();
  private styles: DecorationStyles;
  private readonly tracked = new Map<string, Tracked>();
  private readonly applied = new Map<vscode.TextEditor, { plan: DecorationPlan; at: number }>();
  /** The line spans a large document was last decorated on, per editor. */
  private readonly windows = new Map<vscode.TextEditor, LineSpans>();
  private readonly warned = new Set<string>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  /** Fires after decorations or the model changed: the status bar listens. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: ModelRegistry,
    private readonly engine: EngineClient,
    /** Text → prediction for the active model, shared with the explainer; cleared when the model changes. */
    private readonly cache: ResultCache,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.styles = new DecorationStyles(this.config, extensionUri);
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshVisible()),
      vscode.window.onDidChangeActiveTextEditor(() => this.changeEmitter.fire()),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc)),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.onScroll(e.textEditor)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e.textEditor)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.onConfig();
      }),
      models.onDidChangeActive(() => this.onModel()),
    );
    this.refreshVisible();
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  get settings(): SentimentConfig {
    return this.config;
  }

  get activeModel(): ModelInfo | undefined {
    return this.models.active;
  }

  // ------------------------------------------------------------------------------------------ queries

  /** The scored line at `line` of `document` with its result (undefined: not a scored line). */
  lineAt(document: vscode.TextDocument, line: number): ScoredLine | undefined {
    // A hover can come before the editor-visible event that tracks the document.
    const t = this.tracked.get(document.uri.toString()) ?? (this.config.enabled ? this.track(document) : undefined);
    if (!t) return undefined;
    // Asked mid-debounce, the selection may be behind the text: bring it up to date now (a no-op otherwise).
    this.bringUpToDate(t);
    return t.state.at(line);
  }

  /** True when `document`'s language (and scheme) is one the settings score, on or off. */
  scoresLanguageOf(document: vscode.TextDocument): boolean {
    return documentKind(factsOf(document), this.config.languages) !== undefined;
  }

  /** What the feature shows in `document`: nothing until a model is active or the user asked for it (core/sentiment/presence). */
  presence(document: vscode.TextDocument): SentimentPresence {
    return sentimentPresence({
      scored: this.scoresLanguageOf(document),
      enabled: this.config.enabled,
      hasModel: this.models.active !== undefined,
      optedIn: optedIn(this.config.explicit, factsOf(document)),
    });
  }

  status(editor: vscode.TextEditor | undefined): SentimentStatus {
    const model = this.models.active;
    if (!this.config.enabled) return { state: 'off', model, counts: [], uncertain: 0, pending: 0 };
    if (!model) return { state: 'no-model', counts: [], uncertain: 0, pending: 0 };
    const t = editor ? this.tracked.get(editor.document.uri.toString()) : undefined;
    if (!t || !editor) return { state: 'ready', model, counts: [], uncertain: 0, pending: 0 };
    const busy = t.passesRunning > 0 || t.timer !== undefined || t.dirty || t.job !== undefined || t.state.hasEdits;
    const summary = this.summary(t, editor, model);
    return { state: busy || summary.pending > 0 ? 'scoring' : 'ready', model, ...summary };
  }

  /** Counts for the status bar over the lines the mode shows, computed once per change. */
  private summary(t: Tracked, editor: vscode.TextEditor, model: ModelInfo): Summary {
    const spans = this.modeSpans(t, editor);
    const key = `${t.state.revision}|${this.config.minConfidence}|${model.dir}|${spans ? JSON.stringify(spans) : 'all'}`;
    if (t.summary?.key !== key) {
      t.summary = { key, value: summarize(t.state, { labels: model.labels, minConfidence: this.config.minConfidence, spans }) };
    }
    return t.summary.value;
  }

  /** Resolves once no document has a pass running or scheduled (tests and benchmarks). */
  async whenIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ([...this.tracked.values()].some((t) => t.timer !== undefined || t.passesRunning > 0 || t.job !== undefined)) {
      if (Date.now() > deadline) throw new Error(`sentiment: still scoring after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  debugState(): SentimentDebugState {
    const model = this.models.active;
    return {
      enabled: this.config.enabled,
      mode: this.config.mode,
      model: model && { name: model.name, dir: model.dir, labels: model.labels },
      editors: vscode.window.visibleTextEditors.map((editor) => {
        const applied = this.applied.get(editor);
        const plan = applied?.plan ?? emptyPlan();
        const decorations = {} as Record<ColourClass, Array<{ line: number; text: string }>>;
        for (const cls of COLOUR_CLASSES) decorations[cls] = plan.byClass[cls].map((d) => ({ line: d.line, text: d.text }));
        const { counts, pending, uncertain } = this.status(editor);
        return { uri: editor.document.uri.toString(), languageId: editor.document.languageId, decorations, appliedAt: applied?.at, counts, pending, uncertain };
      }),
    };
  }

  // ------------------------------------------------------------------------------------------- events

  private refreshVisible(): void {
    const visible = new Set(vscode.window.visibleTextEditors);
    for (const editor of [...this.applied.keys()]) {
      if (visible.has(editor)) continue;
      this.applied.delete(editor);
      this.windows.delete(editor);
    }
    const seen = new Set<Tracked>();
    for (const editor of visible) {
      const t = this.track(editor.document);
      if (t && !seen.has(t)) {
        seen.add(t);
        this.schedule(t, 0);
      }
    }
    this.changeEmitter.fire();
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const t = this.tracked.get(e.document.uri.toString());
    if (!t) return;
    if (t.job) {
      // A full re-selection was reading the text this edit changed: it starts again on the new text.
      t.job = undefined;
      t.dirty = true;
    }
    const inPlace = e.contentChanges.every((c) => c.range.start.line === c.range.end.line && !/[\r\n]/.test(c.text));
    if (t.dirty) {
      // A full re-selection is pending anyway.
    } else if (inPlace) {
      // Typing, on one line or several (multi-cursor): patch each line, or note it for a region re-selection.
      for (const line of new Set(e.contentChanges.map((c) => c.range.start.line))) {
        const text = e.document.lineAt(line).text;
        if (!t.state.patchLine(line, text)) t.state.noteEdit(line, 1, [text]);
      }
    } else if (e.contentChanges.length === 1) {
      // Enter, a paste, a deleted line: the new lines are in the document now.
      const { range, text } = e.contentChanges[0];
      const added = text.split(/\r\n|\r|\n/).length;
      const lines = Array.from({ length: added }, (_, i) => e.document.lineAt(range.start.line + i).text);
      t.state.noteEdit(range.start.line, range.end.line - range.start.line + 1, lines);
    } else {
      t.dirty = true;
    }
    this.schedule(t, t.dirty ? reselectDelay(t.reselectMs) : t.state.hasEdits ? editDelay(t.regionMs) : KEYSTROKE_DEBOUNCE_MS);
  }

  private onScroll(editor: vscode.TextEditor): void {
    const t = this.tracked.get(editor.document.uri.toString());
    if (!t) return;
    // A large document is decorated around the visible range: re-plan once the view nears the window's edge.
    const replan = windowLeft(this.windows.get(editor), viewOf(editor), t.state.scorable.length);
    if (this.config.mode === 'visible' || replan || t.state.pendingCount > 0) this.schedule(t, SCROLL_DEBOUNCE_MS);
  }

  private onSelection(editor: vscode.TextEditor): void {
    if (this.config.mode !== 'currentLine') return;
    const t = this.tracked.get(editor.document.uri.toString());
    // An edit moves the cursor too: its own debounce stands.
    if (t && t.timer === undefined) this.schedule(t, KEYSTROKE_DEBOUNCE_MS);
  }

  private onModel(): void {
    this.cache.clear();
    for (const t of this.tracked.values()) {
      t.generation++;
      t.state.clearResults();
    }
    this.refreshVisible();
  }

  private onConfig(): void {
    const before = this.config;
    this.config = readConfig();
    if (styleChanged(before, this.config)) {
      // Disposing the old types removes their decorations from every editor.
      this.styles.dispose();
      this.styles = new DecorationStyles(this.config, this.extensionUri);
      this.applied.clear();
    }
    if (selectionChanged(before, this.config)) {
      for (const t of [...this.tracked.values()]) this.forget(t.document);
    }
    this.refreshVisible();
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const t = this.tracked.get(key);
    if (!t) return;
    if (t.timer) clearTimeout(t.timer);
    t.timer = undefined;
    t.generation++;
    this.tracked.delete(key);
    for (const editor of this.editorsOf(t)) this.setPlan(editor, emptyPlan());
  }

  // ----------------------------------------------------------------------------------------- passes

  private track(document: vscode.TextDocument): Tracked | undefined {
    const key = document.uri.toString();
    const existing = this.tracked.get(key);
    if (existing) return existing;
    const kind = documentKind(factsOf(document), this.config.languages);
    if (!kind) return undefined;
    const state = new DocumentSentiment(kind.kind, { maxLength: this.config.maxLineLength, delimiter: kind.delimiter }, this.cache);
    const t: Tracked = { document, state, dirty: true, job: undefined, timer: undefined, generation: 0, passesRunning: 0, reselectMs: 0, regionMs: 0 };
    this.tracked.set(key, t);
    return t;
  }

  private schedule(t: Tracked, delayMs: number): void {
    if (t.timer) clearTimeout(t.timer);
    t.timer = setTimeout(() => {
      t.timer = undefined;
      void this.update(t);
    }, delayMs);
  }

  private async update(t: Tracked): Promise<void> {
    if (this.disposed || this.tracked.get(t.document.uri.toString()) !== t) return;
    const editors = this.editorsOf(t);
    if (editors.length === 0) return; // picked up again when it becomes visible
    if (!this.config.enabled) {
      for (const editor of editors) this.setPlan(editor, emptyPlan());
      this.changeEmitter.fire();
      return;
    }
    const model = this.models.active;
    if (!model) {
      // Nothing to score: the lines are selected when a model arrives (or a hover asks, lineAt).
      this.apply(t);
      return;
    }
    if (!(await this.selectLinesOf(t))) return; // a newer edit or update took over
    const generation = ++t.generation;
    const wanted = inSpans(this.modeSpans(t));
    const first = inSpans(visibleSpans(this.viewsOf(t), VISIBLE_MARGIN))!;
    // Show at once what is known, unless visible lines are about to be scored (no flicker on a keystroke).
    const shownEarly = !t.state.unscored(wanted).some(first);
    if (shownEarly) this.apply(t);
    t.passesRunning++;
    try {
      const result = await runPass(t.state, (texts) => this.score(model, texts), {
        wanted,
        first,
        batchSize: BATCH_SIZE,
        cancelled: () => this.disposed || generation !== t.generation || this.models.active?.dir !== model.dir,
        onBatch: (priority) => {
          if (priority) this.apply(t);
        },
      });
      if (result.completed && (result.scored > 0 || !shownEarly)) this.apply(t);
      if (result.requests > 0) this.log.trace(`sentiment: ${path.basename(t.document.uri.path)}: scored ${result.scored} lines in ${result.requests} request(s)`);
    } catch (e) {
      if (!(e instanceof ModelChanged)) this.reportError(model, e);
    } finally {
      t.passesRunning--;
      this.changeEmitter.fire();
    }
  }

  private async score(model: ModelInfo, texts: string[]): Promise<Prediction[]> {
    const { predictions } = await this.engine.score(model.dir, texts);
    // The model changed while the request was out: its results must not reach the lines or the cache,
    // which onModel has just cleared.
    if (this.models.active?.dir !== model.dir) throw new ModelChanged();
    if (predictions.length !== texts.length) throw new Error(`the engine returned ${predictions.length} predictions for ${texts.length} texts`);
    return predictions;
  }

  private reportError(model: ModelInfo, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.log.error(`sentiment: scoring with ${model.name} (${model.dir}) failed: ${message}`);
    if (this.warned.has(model.dir)) return;
    this.warned.add(model.dir);
    void vscode.window.showWarningMessage(vscode.l10n.t('Neural Lens could not score lines with the model "{0}": {1}', model.name, errorText(e)));
  }

  // ------------------------------------------------------------------------------------ decorations

  private apply(t: Tracked): void {
    const model = this.models.active;
    for (const editor of this.editorsOf(t)) {
      const plan =
        this.config.enabled && model
          ? planDecorations(t.state, { minConfidence: this.config.minConfidence, spans: this.decorationSpans(t, editor) })
          : emptyPlan();
      this.setPlan(editor, plan);
    }
    this.changeEmitter.fire();
  }

  /** One setDecorations call per decoration type. */
  private setPlan(editor: vscode.TextEditor, plan: DecorationPlan): void {
    const before = this.applied.get(editor)?.plan;
    for (const cls of COLOUR_CLASSES) {
      const ranges = plan.byClass[cls];
      if (ranges.length === 0 && before && before.byClass[cls].length === 0) continue;
      editor.setDecorations(
        this.styles.types[cls],
        ranges.map((d) => ({
          range: new vscode.Range(d.line, d.character, d.line, d.character),
          renderOptions: { after: { contentText: d.text } },
        })),
      );
    }
    this.applied.set(editor, { plan, at: performance.now() });
  }

  private editorsOf(t: Tracked): vscode.TextEditor[] {
    return vscode.window.visibleTextEditors.filter((e) => e.document === t.document);
  }

  private viewsOf(t: Tracked): EditorView[] {
    return this.editorsOf(t).map(viewOf);
  }

  /** The lines the mode shows (undefined: all), for one editor or every editor of the document. */
  private modeSpans(t: Tracked, editor?: vscode.TextEditor): LineSpans | undefined {
    return modeSpans(this.config.mode, editor ? [viewOf(editor)] : this.viewsOf(t));
  }

  /** The lines that get decorations: the mode's, but only around the visible range in a large document. */
  private decorationSpans(t: Tracked, editor: vscode.TextEditor): LineSpans | undefined {
    const { spans, windowed } = decorationSpans(this.config.mode, viewOf(editor), t.state.scorable.length);
    if (windowed) this.windows.set(editor, spans!);
    else this.windows.delete(editor);
    return spans;
  }

  /**
   * Brings the line selection up to date before a pass. A CSV re-selected in full is read a step at a time
   * with the event loop running in between (a million rows take seconds: no keystroke may wait for them);
   * false when an edit or another update took over meanwhile.
   */
  private async selectLinesOf(t: Tracked): Promise<boolean> {
    if (t.job) return false; // an earlier update is stepping through the text
    this.bringUpToDate(t);
    if (!t.dirty) return true;
    const job = t.state.reselectInSteps(t.document.lineCount, (line) => t.document.lineAt(line).text);
    t.job = job;
    t.dirty = false;
    const started = performance.now();
    try {
      for (;;) {
        const stepEnd = performance.now() + SELECTION_STEP_MS;
        let step = job.next();
        while (!step.done && performance.now() < stepEnd) step = job.next();
        if (step.done) break;
        await new Promise((resolve) => setImmediate(resolve));
        if (t.job !== job || this.disposed || this.tracked.get(t.document.uri.toString()) !== t) return false;
      }
    } finally {
      if (t.job === job) t.job = undefined;
    }
    t.reselectMs = performance.now() - started;
    return true;
  }

  /**
   * Re-selects the lines around the edits noted since the last pass, or the whole text when that is not safe,
   * at once; but a large CSV is left to selectLinesOf, which re-selects it in steps (a hover meanwhile sees the
   * lines as they were).
   */
  private bringUpToDate(t: Tracked): void {
    if (!t.dirty && t.state.hasEdits) {
      const started = performance.now();
      if (t.state.reselectEdited()) t.regionMs = performance.now() - started;
      else t.dirty = true;
    }
    if (t.dirty && (t.state.kind !== 'csv' || t.document.lineCount <= CSV_AT_ONCE_LINES)) {
      const started = performance.now();
      t.state.reselect(t.document.getText());
      t.dirty = false;
      t.reselectMs = performance.now() - started;
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.tracked.values()) if (t.timer) clearTimeout(t.timer);
    this.tracked.clear();
    this.styles.dispose();
    this.changeEmitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function factsOf(document: vscode.TextDocument): { scheme: string; path: string; languageId: string } {
  return { scheme: document.uri.scheme, path: document.uri.path, languageId: document.languageId };
}

function viewOf(editor: vscode.TextEditor): EditorView {
  return {
    visible: editor.visibleRanges.map((r): [number, number] => [r.start.line, r.end.line]),
    cursors: editor.selections.map((s) => s.active.line),
    lineCount: editor.document.lineCount,
  };
}

/** A scoring request answered after the active model changed: dropped, not reported. */
class ModelChanged extends Error {}
