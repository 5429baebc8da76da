// Small figures helpers the benches share.
import * as os from 'node:os';

/** The median; of an even count, the mean of the two middle values. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The machine's 1, 5 and 15 minute load averages, e.g. "1.2 0.9 0.7". */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}
