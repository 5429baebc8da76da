// What the CLI subcommands share: exit codes, argument parsing with usage errors, error printing.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DataError } from '../core/csv';
import { BundleError } from '../core/bundle';
import type { Report } from '../core/report';
import { formatConfusion, formatReport } from '../core/report';
import { escapeControl, writeErr } from '../core/terminalText';

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

/** The figures of a report that `--json` prints (train and evaluate alike). */
export function reportJson(r: Report) {
  return { accuracy: r.accuracy, macroF1: r.macro.f1, weightedF1: r.weighted.f1, perClass: r.perClass, confusion: r.confusion, labels: r.labels };
}

/** The classification report and confusion matrix as tables, the labels' control characters escaped. */
export function reportTables(r: Report): string {
  const labels = r.labels.map(escapeControl);
  const shown = { ...r, labels, perClass: r.perClass.map((m) => ({ ...m, label: escapeControl(m.label) })) };
  return `${formatReport(shown)}\n${formatConfusion(shown)}`;
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
