// What the CLI subcommands share: exit codes, argument parsing with usage errors, error printing.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DataError } from '../core/csv';
import { BundleError } from '../core/bundle';
import type { CalibrationReport } from '../core/calibration';
import type { Report } from '../core/report';
import { formatConfusion, formatReport } from '../core/report';
import { csvEncoding } from '../core/csvBytes';
import { escapeControl, writeErr } from '../core/terminalText';
import { formatCoreText, type CoreText } from '../core/coreText';
import type { FitFacts, TrainResult } from '../core/trainTypes';

export const EXIT = { ok: 0, input: 1, usage: 2 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, its complaints turned into UsageErrors; prints `help` for --help (and returns undefined). */
export function parse<O extends Options>(argv: string[], options: O, help: string) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help);
    return undefined;
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A number flag: must parse, and be within [min, max]. */
export function numberFlag(value: string | undefined, name: string, min = -Infinity, max = Infinity, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const range = `${integer ? 'an integer' : 'a number'}${min > -Infinity ? ` ≥ ${min}` : ''}${max < Infinity ? ` and ≤ ${max}` : ''}`;
    throw new UsageError(`--${name} must be ${range}, got "${value}"`);
  }
  return n;
}

/** A rate flag (dropout): a number in [0, 1). */
export function rateFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n < 1)) throw new UsageError(`--${name} must be a number ≥ 0 and < 1, got "${value}"`);
  return n;
}

export { reliabilityJson, reportJson } from '../core/reportExport';

/** An --encoding flag: a name TextDecoder knows (checked before any file is read), or a UsageError. */
export function encodingFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return csvEncoding(value);
  } catch (e) {
    throw new UsageError(`--encoding: ${(e as Error).message}`);
  }
}

/** The help line of --encoding, the same for every command that reads text; `subject`: whose encoding. */
export function encodingHelp(subject = "the CSV files'"): string {
  return `  --encoding NAME        ${subject} encoding: utf-8 (default), gb18030, utf-16le, big5, windows-1252… (a byte-order mark wins)`;
}

/** Warnings about how the data was read, one "neural-lens: warning: …" line each on standard error. */
export function printWarnings(warnings: readonly CoreText[]): void {
  for (const w of warnings) writeErr(`neural-lens: warning: ${escapeControl(formatCoreText(w))}\n`);
}

/** The classification report and confusion matrix as tables, the labels' control characters escaped. */
export function reportTables(r: Report): string {
  const labels = r.labels.map(escapeControl);
  const shown = { ...r, labels, perClass: r.perClass.map((m) => ({ ...m, label: escapeControl(m.label) })) };
  return `${formatReport(shown)}\n${formatConfusion(shown)}`;
}

/** "Calibration on 198 rows: ECE 0.042 · NLL 0.381 · Brier 0.231" */
export function formatReliability(r: CalibrationReport): string {
  return `Calibration on ${r.rows} rows: ECE ${r.ece.toFixed(3)} · NLL ${r.nll.toFixed(3)} · Brier ${r.brier.toFixed(3)} (ECE: 10 equal-width confidence bins)\n`;
}

/** Why the model has the epochs it has, in words. */
export function fitText(fit: FitFacts): string {
  switch (fit.stopReason) {
    case 'patience':
      return `early stopping kept epoch ${fit.bestEpoch} of ${fit.epochsRun} (no better validation loss after it)`;
    case 'max-epochs':
      return `early stopping kept epoch ${fit.bestEpoch}, the best of the ${fit.epochsRun} epochs allowed`;
    case 'no-validation':
      return `all ${fit.epochsRun} epochs, without validation rows`;
    case 'disabled':
      return `all ${fit.epochsRun} epochs, early stopping off`;
    case 'cross-fit':
      return `${fit.bestEpoch} epochs, the median of the folds' best epochs (${fit.foldBestEpochs?.join(', ')})`;
  }
}

/** Which rows trained, validated and calibrated the model, in one sentence. */
export function rowsText(r: TrainResult): string {
  const t = r.calibration.temperature.toFixed(3);
  switch (r.validation.strategy) {
    case 'cross-fit':
      return `${r.validation.folds}-fold cross-fit on ${r.trainRows} training rows (each fold stops early on its held-out rows; temperature ${t} fitted on all out-of-fold scores), then the final fit on all ${r.trainRows} rows: ${fitText(r.fit)}`;
    case 'holdout':
      return `${r.trainRows} training rows, ${r.validationRows} validation rows (temperature ${t} fitted on them): ${fitText(r.fit)}`;
    case 'none':
      return `${r.trainRows} training rows, no validation rows (probabilities not calibrated): ${fitText(r.fit)}`;
  }
}

/** Prints a bad-input error as "file:line: message" and returns the exit code. */
export function reportError(e: unknown): number {
  if (e instanceof DataError) {
    const where = e.line ? `${e.file}:${e.line}` : e.file;
    writeErr(`neural-lens: ${where}: ${e.message}\n`);
  } else if (e instanceof BundleError) {
    writeErr(`neural-lens: ${e.message}\n`);
  } else if ((e as Error)?.name === 'AbortError') {
    writeErr('neural-lens: cancelled\n');
    return 130;
  } else {
    writeErr(`neural-lens: ${(e as Error)?.message ?? String(e)}\n`);
  }
  return EXIT.input;
}
