// Text for a terminal. Labels, texts, file names and messages come from data: a control character in them
// must be shown, never acted on (an OSC sequence sets the window title, a newline breaks a table). Every
// line the CLI prints goes through writeOut/writeErr; JSON lines through jsonLine.

// C0 and C1 controls, DEL, the Unicode line/paragraph separators and the bidirectional overrides.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** A value shown inside a line (a label, a file name): every control character escaped, newlines too. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** A whole output: the line breaks and tabs of our own layout kept, every other control character escaped. */
export function terminalText(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\n' || c === '\t' ? c : escapeOne(c)));
}

/** One JSON line: JSON escapes C0 controls itself; the others (C1, separators, overrides) as \uXXXX too. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

export function writeOut(text: string): void {
  process.stdout.write(terminalText(text));
}

export function writeErr(text: string): void {
  process.stderr.write(terminalText(text));
}
