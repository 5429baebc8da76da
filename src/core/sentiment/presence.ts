// Whether per-line sentiment shows anything in a document. Nothing at all (no hover, no decoration, no
// status bar item) until the user opts in: a model is active, or they turned sentiment on for the
// document's kind themselves. A new user's Markdown files look as they did before the extension was
// installed; the way to a first model is the walkthrough and the Models view's welcome, not every hover.
// Once a model is active, everything is as the settings say.
import { documentKind, type DocumentFacts } from './documentKind';

export type SentimentPresence =
  /** Not a scored document, or nothing asked for yet: nothing is shown. */
  | 'quiet'
  /** Asked for, but no model is active: the status bar item and the hover offer to train one. */
  | 'no-model'
  /** A model is active and the decorations are turned off: the status bar item turns them back on. */
  | 'off'
  /** A model is active and the decorations are on. */
  | 'on';

/** The user's own `neuralLens.sentiment.*` values, from any settings file (undefined: not set, the default applies). */
export interface ExplicitSentimentSettings {
  enabled?: boolean;
  languages?: readonly string[];
}

/** True when the user asked for sentiment in documents like `document`: enabled it, or listed its language. */
export function optedIn(explicit: ExplicitSentimentSettings, document: DocumentFacts): boolean {
  if (explicit.enabled === true) return true;
  return explicit.languages !== undefined && documentKind(document, explicit.languages) !== undefined;
}

export interface PresenceFacts {
  /** The document's language (and scheme) is one the settings score. */
  scored: boolean;
  /** neuralLens.sentiment.enabled, default included. */
  enabled: boolean;
  hasModel: boolean;
  optedIn: boolean;
}

export function sentimentPresence(f: PresenceFacts): SentimentPresence {
  if (!f.scored) return 'quiet';
  if (f.hasModel) return f.enabled ? 'on' : 'off';
  return f.enabled && f.optedIn ? 'no-model' : 'quiet';
}
