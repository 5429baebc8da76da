// The `neuralLens.sentiment.*` settings, read in one place. Every behaviour of the feature is one of these.
import * as vscode from 'vscode';
import type { SentimentMode } from '../core/sentiment/decorationWindow';
import type { ExplicitSentimentSettings } from '../core/sentiment/presence';

export interface SentimentConfig {
  enabled: boolean;
  languages: readonly string[];
  mode: SentimentMode;
  minConfidence: number;
  maxLineLength: number;
  gutterIcons: boolean;
  lineTint: boolean;
  /** What the user set themselves (not the defaults): whether they asked for sentiment without a model. */
  explicit: ExplicitSentimentSettings;
}

export const SECTION = 'neuralLens.sentiment';

export function readConfig(): SentimentConfig {
  const c = vscode.workspace.getConfiguration(SECTION);
  const mode = c.get<string>('mode', 'all');
  return {
    enabled: c.get<boolean>('enabled', true),
    languages: c.get<string[]>('languages', ['markdown', 'plaintext', 'csv']),
    mode: mode === 'visible' || mode === 'currentLine' ? mode : 'all',
    minConfidence: clamp(c.get<number>('minConfidence', 0.6), 0, 1),
    maxLineLength: Math.max(10, Math.floor(c.get<number>('maxLineLength', 1000))),
    gutterIcons: c.get<boolean>('gutterIcons', false),
    lineTint: c.get<boolean>('lineTint', false),
    explicit: { enabled: explicitValue(c.inspect<boolean>('enabled')), languages: explicitValue(c.inspect<string[]>('languages')) },
  };
}

/** The value set in the most specific settings file that sets one, if any. */
function explicitValue<T>(inspected: { globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } | undefined): T | undefined {
  return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
}

/** Settings baked into the decoration types: changing one rebuilds them, nothing else does. */
export function styleChanged(a: SentimentConfig, b: SentimentConfig): boolean {
  return a.gutterIcons !== b.gutterIcons || a.lineTint !== b.lineTint;
}

/** Settings that change which lines are scored, or the text the model sees. */
export function selectionChanged(a: SentimentConfig, b: SentimentConfig): boolean {
  return a.maxLineLength !== b.maxLineLength || a.languages.join('\n') !== b.languages.join('\n');
}

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo;
}
