// What predict prints for a batch of packed probabilities: per line "label<TAB>confidence<TAB>l1=p1 l2=p2 …",
// or one JSON object. Every probability has 4 decimals (plenty for a probability, and JSON then costs little
// more than the plain text: 17 digits each made it 2× slower). The labels are escaped once, not per line.
import { escapeControl, jsonLine } from '../core/terminalText';

const DECIMALS = 10_000;
/** "0.0000" … "1.0000": a table lookup instead of toFixed(4) per number. */
const FIXED4 = Array.from({ length: DECIMALS + 1 }, (_, i) => (i / DECIMALS).toFixed(4));

/**
 * p with 4 decimals, exactly as p.toFixed(4) for a float32 p in [0, 1]: the product p × 10,000 of a 24-bit
 * mantissa and a 14-bit integer is exact in a double, so rounding it is rounding the decimal value (ties up,
 * as toFixed does).
 */
export function fixed4(p: number): string {
  return FIXED4[Math.round(Math.min(1, Math.max(0, p)) * DECIMALS)];
}

/** A JSON string literal with the same escaping as jsonLine (control characters as \uXXXX). */
function jsonString(text: string): string {
  return jsonLine(text).slice(0, -1);
}

export type PredictionFormatter = (probabilities: Float32Array, firstLine: number) => string;

/**
 * The text of a batch: `probabilities` is row-major lines × labels; `firstLine` numbers its first line (1-based)
 * in JSON. Plain text's labels are control-escaped, JSON's are JSON strings, so the result needs no further
 * escaping.
 */
export function predictionFormatter(labels: readonly string[], json: boolean): PredictionFormatter {
  const k = labels.length;
  if (json) {
    const label = labels.map(jsonString);
    const key = labels.map((l, c) => `${c === 0 ? '' : ','}${jsonString(l)}:`);
    return (probabilities, firstLine) => {
      let out = '';
      for (let i = 0, row = 0; row < probabilities.length; i++, row += k) {
        const best = argmax(probabilities, row, k);
        out += `{"line":${firstLine + i},"label":${label[best]},"confidence":${fixed4(probabilities[row + best])},"probabilities":{`;
        for (let c = 0; c < k; c++) out += key[c] + fixed4(probabilities[row + c]);
        out += '}}\n';
      }
      return out;
    };
  }
  const label = labels.map((l) => escapeControl(l) + '\t');
  const key = labels.map((l, c) => `${c === 0 ? '' : ' '}${escapeControl(l)}=`);
  return (probabilities) => {
    let out = '';
    for (let row = 0; row < probabilities.length; row += k) {
      const best = argmax(probabilities, row, k);
      out += label[best] + fixed4(probabilities[row + best]) + '\t';
      for (let c = 0; c < k; c++) out += key[c] + fixed4(probabilities[row + c]);
      out += '\n';
    }
    return out;
  };
}

/** The first most probable class of the row at `row` (as unpackPredictions picks it). */
function argmax(p: Float32Array, row: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (p[row + c] > p[row + best]) best = c;
  return best;
}
