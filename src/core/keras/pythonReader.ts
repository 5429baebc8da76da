// A reader of the Python an article writes a Keras model in — not an interpreter. It reads the statements of
// that call shape: `name = expression` and expression statements, where an expression is a (dotted) name, a
// call with positional and keyword arguments, a number, a string, True/False/None, a list, a tuple, or simple
// arithmetic. Everything else it meets (subscripts, comprehensions, dicts, lambdas, comparisons, f-strings)
// is kept as an 'other' node with its source span, so a caller can quote it but never mistakes it for a
// value. Statements that open blocks or import (`def`, `if`, `import`, …) are skipped; the statements inside
// those blocks are still read, one logical line at a time, so a model built inside `def build():` is seen.
// A line the reader cannot follow is skipped whole: it never throws on real-world code.

/** Where a node is: offsets into the source and the 0-based line it starts on. */
export interface Span {
  start: number;
  end: number;
  line: number;
}

export type PyExpr = Span &
  (
    | { type: 'name'; id: string }
    | { type: 'attribute'; object: PyExpr; name: string }
    | { type: 'call'; callee: PyExpr; args: PyExpr[]; keywords: PyKeyword[] }
    | { type: 'number'; value: number }
    | { type: 'string'; value: string }
    | { type: 'constant'; value: boolean | null }
    | { type: 'list'; items: PyExpr[] }
    | { type: 'tuple'; items: PyExpr[] }
    | { type: 'unary'; op: '-' | '+'; operand: PyExpr }
    | { type: 'binary'; op: string; left: PyExpr; right: PyExpr }
    | { type: 'other' }
  );

/** A keyword argument; `name` is undefined for `**mapping` (and `*args` is a positional 'other'). */
export interface PyKeyword {
  name: string | undefined;
  value: PyExpr;
}

export type PyStatement = Span &
  (
    | { type: 'assign'; targets: string[]; value: PyExpr }
    /** An assignment whose value cannot be known here (`x += 1`, `a[i] = …` has no names). */
    | { type: 'expression'; value: PyExpr }
  );

interface Token {
  kind: 'name' | 'number' | 'string' | 'op' | 'newline' | 'end';
  text: string;
  /** Numbers and plain strings: their value. */
  value?: number | string;
  start: number;
  end: number;
  line: number;
}

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '**', '//', '==', '!=', '<=', '>=', '->', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '<<', '>>',
];
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJ]?/y;
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const STRING_START = /([rRbBuUfF]{0,2})('''|"""|'|")/y;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** Python's tokens, with NEWLINE only where a logical line ends (never inside brackets or after `\`). */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 0;
  let depth = 0;
  const push = (kind: Token['kind'], start: number, end: number, value?: number | string): void => {
    tokens.push({ kind, text: source.slice(start, end), value, start, end, line });
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      if (depth === 0 && tokens.length > 0 && tokens[tokens.length - 1].kind !== 'newline') push('newline', i, i + 1);
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && source[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    STRING_START.lastIndex = i;
    const s = STRING_START.exec(source);
    if (s && (s[1] === '' || !/[\p{L}\p{N}_]/u.test(source[i - 1] ?? ''))) {
      const startLine = line;
      const prefix = s[1].toLowerCase();
      const quote = s[2];
      let j = i + s[0].length;
      let value = '';
      let closed = false;
      while (j < source.length) {
        const d = source[j];
        if (source.startsWith(quote, j)) {
          j += quote.length;
          closed = true;
          break;
        }
        if (d === '\n') {
          if (quote.length === 1) break; // an unclosed one-line string ends with its line
          line++;
        }
        if (d === '\\' && j + 1 < source.length) {
          const e = source[j + 1];
          if (e === '\n') line++;
          value += prefix.includes('r') ? d + e : (ESCAPES[e] ?? d + e);
          j += 2;
          continue;
        }
        value += d;
        j++;
      }
      tokens.push({ kind: 'string', text: source.slice(i, j), value: prefix.includes('f') || !closed ? undefined : value, start: i, end: j, line: startLine });
      i = j;
      continue;
    }
    NAME.lastIndex = i;
    const n = NAME.exec(source);
    if (n) {
      push('name', i, i + n[0].length);
      i += n[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const m = /[\d.]/.test(c) ? NUMBER.exec(source) : null;
    if (m && m[0] !== '.') {
      const text = m[0].replace(/_/g, '');
      push('number', i, i + m[0].length, /[jJ]$/.test(text) ? undefined : Number(text));
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i)) ?? c;
    if ('([{'.includes(op)) depth++;
    else if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    push('op', i, i + op.length);
    i += op.length;
  }
  if (tokens.length > 0 && tokens[tokens.length - 1].kind !== 'newline') push('newline', source.length, source.length);
  tokens.push({ kind: 'end', text: '', start: source.length, end: source.length, line });
  return tokens;
}

/** Lines starting with these are skipped (the statements of their blocks are read on their own lines). */
const SKIPPED_KEYWORDS = new Set([
  'import', 'from', 'def', 'class', 'if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'return', 'yield',
  'raise', 'assert', 'del', 'pass', 'break', 'continue', 'global', 'nonlocal', 'async', 'lambda',
]);
const ASSIGN_OPS = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '>>=', '<<=', '&=', '|=', '^=', '@=']);
/** Tokens that end an expression: the parser stops before them when it skips what it cannot read. */
const TERMINATORS = new Set([',', ')', ']', '}', '=', ':']);
/** Tokens after a complete arithmetic expression that make the whole a comparison, a condition, a generator… */
const CONTINUES_AS_OTHER = new Set(['if', 'else', 'and', 'or', 'not', 'in', 'is', 'for', '<', '>', '==', '!=', '<=', '>=', ':=', '|', '&', '^', '<<', '>>']);

class Stop extends Error {}

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    from: number,
    private readonly to: number,
  ) {
    this.pos = from;
  }

  statement(): PyStatement | undefined {
    // `return Sequential([...])` (a model built in a function) reads as its expression.
    if (this.peek().kind === 'name' && this.peek().text === 'return' && this.pos + 1 < this.to) this.pos++;
    const first = this.peek();
    if (first.kind === 'name' && SKIPPED_KEYWORDS.has(first.text)) return undefined;
    if (first.kind === 'op' && first.text === '@') return undefined;
    const start = first;
    let targets: PyExpr[] = [];
    let value = this.expressionList();
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, '=')) {
        this.pos++;
        targets.push(value);
        value = this.expressionList();
      } else if (this.isOp(t, ':') && targets.length === 0) {
        // An annotated assignment: `x: int = 5`.
        this.pos++;
        this.expression();
        if (!this.isOp(this.peek(), '=')) return undefined;
        this.pos++;
        targets = [value];
        value = this.expressionList();
      } else if (t.kind === 'op' && ASSIGN_OPS.has(t.text)) {
        this.pos++;
        const rest = this.expressionList();
        return { type: 'assign', targets: namesOf(value), value: other(value, rest), start: start.start, end: rest.end, line: start.line };
      } else {
        break;
      }
    }
    if (this.pos < this.to) throw new Stop();
    const span = { start: start.start, end: value.end, line: start.line };
    if (targets.length === 0) return { type: 'expression', value, ...span };
    return { type: 'assign', targets: targets.flatMap(namesOf), value, ...span };
  }

  /** `a, b` as a tuple; a single expression as itself. */
  private expressionList(): PyExpr {
    const first = this.expression();
    if (!this.isOp(this.peek(), ',')) return first;
    const items = [first];
    while (this.isOp(this.peek(), ',')) {
      this.pos++;
      if (this.atTerminator()) break;
      items.push(this.expression());
    }
    return { type: 'tuple', items, start: first.start, end: items[items.length - 1].end, line: first.line };
  }

  expression(): PyExpr {
    const startPos = this.pos;
    const t = this.peek();
    if (t.kind === 'name' && t.text === 'lambda') {
      // Its parameters end at the first ':', which would otherwise read as a terminator.
      while (this.pos < this.to && !this.isOp(this.peek(), ':')) this.pos++;
      this.pos++;
      const body = this.expression();
      return { type: 'other', start: t.start, end: body.end, line: t.line };
    }
    if (t.kind === 'name' && (t.text === 'not' || t.text === 'await' || t.text === 'yield')) return this.skipToTerminator(startPos);
    if (t.kind === 'op' && (t.text === '*' || t.text === '**')) {
      this.pos++;
      this.expression();
      return this.skipToTerminator(startPos);
    }
    const e = this.arithmetic();
    const next = this.peek();
    if ((next.kind === 'name' || next.kind === 'op') && CONTINUES_AS_OTHER.has(next.text)) return this.skipToTerminator(startPos);
    return e;
  }

  private arithmetic(): PyExpr {
    return this.binaryLevel(['+', '-'], () => this.term());
  }

  private term(): PyExpr {
    return this.binaryLevel(['*', '/', '//', '%', '@'], () => this.unary());
  }

  /** One precedence level of left-associative binary operators over `operand`. */
  private binaryLevel(ops: readonly string[], operand: () => PyExpr): PyExpr {
    let left = operand();
    while (ops.some((op) => this.isOp(this.peek(), op))) {
      const op = this.next().text;
      const right = operand();
      left = { type: 'binary', op, left, right, start: left.start, end: right.end, line: left.line };
    }
    return left;
  }

  private unary(): PyExpr {
    const t = this.peek();
    if (this.isOp(t, '-') || this.isOp(t, '+') || this.isOp(t, '~')) {
      this.pos++;
      const operand = this.unary();
      if (t.text === '~') return { type: 'other', start: t.start, end: operand.end, line: t.line };
      return { type: 'unary', op: t.text as '-' | '+', operand, start: t.start, end: operand.end, line: t.line };
    }
    const base = this.primary();
    if (this.isOp(this.peek(), '**')) {
      this.pos++;
      const exponent = this.unary();
      return { type: 'binary', op: '**', left: base, right: exponent, start: base.start, end: exponent.end, line: base.line };
    }
    return base;
  }

  private primary(): PyExpr {
    let e = this.atom();
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, '.') && this.tokens[this.pos + 1]?.kind === 'name') {
        this.pos++;
        const name = this.next();
        e = { type: 'attribute', object: e, name: name.text, start: e.start, end: name.end, line: e.line };
      } else if (this.isOp(t, '(')) {
        e = this.call(e);
      } else if (this.isOp(t, '[')) {
        const end = this.skipBracket();
        e = { type: 'other', start: e.start, end, line: e.line };
      } else {
        return e;
      }
    }
  }

  private call(callee: PyExpr): PyExpr {
    this.pos++; // (
    const args: PyExpr[] = [];
    const keywords: PyKeyword[] = [];
    while (!this.isOp(this.peek(), ')')) {
      const t = this.peek();
      if (this.isOp(t, '**')) {
        this.pos++;
        keywords.push({ name: undefined, value: this.expression() });
      } else if (t.kind === 'name' && this.isOp(this.tokens[this.pos + 1], '=')) {
        this.pos += 2;
        keywords.push({ name: t.text, value: this.expression() });
      } else {
        args.push(this.expression());
      }
      if (!this.isOp(this.peek(), ',')) break;
      this.pos++;
    }
    const close = this.expectOp(')');
    return { type: 'call', callee, args, keywords, start: callee.start, end: close.end, line: callee.line };
  }

  private atom(): PyExpr {
    const t = this.peek();
    const span = { start: t.start, end: t.end, line: t.line };
    if (t.kind === 'name') {
      this.pos++;
      if (t.text === 'True' || t.text === 'False') return { type: 'constant', value: t.text === 'True', ...span };
      if (t.text === 'None') return { type: 'constant', value: null, ...span };
      return { type: 'name', id: t.text, ...span };
    }
    if (t.kind === 'number') {
      this.pos++;
      return t.value === undefined ? { type: 'other', ...span } : { type: 'number', value: t.value as number, ...span };
    }
    if (t.kind === 'string') {
      // Adjacent literals concatenate: "a" "b".
      let value: string | undefined = '';
      let end = t.end;
      while (this.peek().kind === 'string') {
        const s = this.next();
        value = value === undefined || s.value === undefined ? undefined : value + String(s.value);
        end = s.end;
      }
      return value === undefined ? { type: 'other', start: t.start, end, line: t.line } : { type: 'string', value, start: t.start, end, line: t.line };
    }
    if (this.isOp(t, '(') || this.isOp(t, '[')) {
      if (this.isComprehension()) return { type: 'other', start: t.start, end: this.skipBracket(), line: t.line };
      const close = t.text === '(' ? ')' : ']';
      this.pos++;
      const items: PyExpr[] = [];
      let comma = false;
      while (!this.isOp(this.peek(), close)) {
        items.push(this.expression());
        if (!this.isOp(this.peek(), ',')) break;
        comma = true;
        this.pos++;
      }
      const end = this.expectOp(close).end;
      if (close === ')' && items.length === 1 && !comma) return { ...items[0], start: t.start, end, line: t.line };
      return { type: close === ')' ? 'tuple' : 'list', items, start: t.start, end, line: t.line };
    }
    if (this.isOp(t, '{')) return { type: 'other', start: t.start, end: this.skipBracket(), line: t.line };
    if (this.isOp(t, '...')) {
      this.pos++;
      return { type: 'other', ...span };
    }
    throw new Stop();
  }

  /** Whether the bracket at the current token holds a comprehension (`[x for x in y]`). */
  private isComprehension(): boolean {
    let depth = 0;
    for (let i = this.pos; i < this.to; i++) {
      const t = this.tokens[i];
      if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
      else if (t.kind === 'op' && ')]}'.includes(t.text) && --depth === 0) return false;
      else if (depth === 1 && t.kind === 'name' && t.text === 'for') return true;
    }
    return false;
  }

  /** Skips from an opening bracket to its match; returns the end offset. */
  private skipBracket(): number {
    let depth = 0;
    while (this.pos < this.to) {
      const t = this.next();
      if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
      else if (t.kind === 'op' && ')]}'.includes(t.text) && --depth === 0) return t.end;
    }
    throw new Stop();
  }

  /** What cannot be read from `startPos` on, up to the next terminator at this depth, as one 'other' node. */
  private skipToTerminator(startPos: number): PyExpr {
    this.pos = startPos;
    const first = this.peek();
    let end = first.start;
    while (this.pos < this.to && !this.atTerminator()) {
      const t = this.peek();
      end = t.kind === 'op' && '([{'.includes(t.text) ? this.skipBracket() : this.next().end;
    }
    return { type: 'other', start: first.start, end, line: first.line };
  }

  private atTerminator(): boolean {
    const t = this.peek();
    return this.pos >= this.to || (t.kind === 'op' && TERMINATORS.has(t.text));
  }

  private peek(): Token {
    return this.pos < this.to ? this.tokens[this.pos] : { kind: 'end', text: '', start: this.tokens[this.to]?.start ?? 0, end: this.tokens[this.to]?.start ?? 0, line: this.tokens[this.to]?.line ?? 0 };
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.to) this.pos++;
    return t;
  }

  private isOp(t: Token | undefined, op: string): boolean {
    return t !== undefined && t.kind === 'op' && t.text === op;
  }

  private expectOp(op: string): Token {
    const t = this.peek();
    if (!this.isOp(t, op)) throw new Stop();
    this.pos++;
    return t;
  }
}

function other(a: PyExpr, b: PyExpr): PyExpr {
  return { type: 'other', start: a.start, end: b.end, line: a.line };
}

/** The plain names an assignment target binds (`a`, `a, b`, `[a, b]`); none for `a.b` or `a[i]`. */
function namesOf(target: PyExpr): string[] {
  if (target.type === 'name') return [target.id];
  if (target.type === 'tuple' || target.type === 'list') return target.items.flatMap(namesOf);
  return [];
}

/** The statements of `source`, in order; lines the reader cannot follow are left out. */
export function readPython(source: string): PyStatement[] {
  const tokens = tokenize(source);
  const statements: PyStatement[] = [];
  let from = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'newline' && tokens[i].kind !== 'end') continue;
    if (i > from) {
      try {
        const s = new Parser(tokens, from, i).statement();
        if (s) statements.push(s);
      } catch (e) {
        if (!(e instanceof Stop)) throw e;
      }
    }
    from = i + 1;
  }
  return statements;
}

/** `a.b.c` as ['a', 'b', 'c']; undefined for anything but names and attributes of names. */
export function dottedName(e: PyExpr): string[] | undefined {
  if (e.type === 'name') return [e.id];
  if (e.type === 'attribute') {
    const base = dottedName(e.object);
    return base && [...base, e.name];
  }
  return undefined;
}

/** The source of `node`, on one line (runs of whitespace, line breaks included, as one space). */
export function sourceText(source: string, node: Span): string {
  return source
    .slice(node.start, node.end)
    .replace(/\s+/g, ' ')
    .replace(/([([{]) /g, '$1')
    .replace(/,? ([)\]}])/g, '$1');
}
