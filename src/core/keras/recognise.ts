// Recognises the Keras text classifier an article shows — `Sequential` of Embedding → LSTM or Conv1D (+ global
// max pooling) → Dense(softmax), with its `compile` and `fit` — and maps it onto the options the engine
// trains with (engine/protocol.ts TrainOptions; their defaults and checks are tfjs/options.ts). Whatever
// cannot be mapped is listed as a difference, never dropped silently: a layer the engine does not have, an
// argument it does not take, an optimizer it does not use, a number computed in Python. The numbers come
// from literals, from names assigned literals earlier (`max_length = 100`), and from the calls around the
// model that fix them: Tokenizer(num_words), pad_sequences(maxlen), train_test_split(test_size, random_state).
import { dottedName, readPython, sourceText, type PyExpr, type PyKeyword, type PyStatement } from './pythonReader';
import { TF_DEFAULTS, type TfModelKind } from '../tfjs/options';
import type { KerasDifference, KerasModel, KerasOptions } from './kerasModel';

export type { KerasDifference, KerasModel, KerasOptions } from './kerasModel';

type Env = Map<string, PyExpr>;

/** Last part of a dotted callee: `tf.keras.layers.LSTM` → 'LSTM'. */
function calleeName(e: PyExpr): string | undefined {
  if (e.type !== 'call') return undefined;
  return dottedName(e.callee)?.at(-1);
}

/** What a loss, optimizer or activation is called: `'adam'`, `Adam(…)`, `tf.nn.softmax` → adam, Adam, softmax. */
function nameOf(e: PyExpr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.type === 'string') return e.value;
  if (e.type === 'call') return calleeName(e);
  return dottedName(e)?.at(-1);
}

/** Follows names to what they were last assigned (a few steps, so `a = b` chains resolve). */
function resolve(e: PyExpr | undefined, env: Env, depth = 0): PyExpr | undefined {
  if (e?.type === 'name' && depth < 8 && env.has(e.id)) return resolve(env.get(e.id), env, depth + 1);
  return e;
}

function numberOf(e: PyExpr | undefined, env: Env): number | undefined {
  const r = resolve(e, env);
  if (!r) return undefined;
  if (r.type === 'number') return r.value;
  if (r.type === 'unary') {
    const v = numberOf(r.operand, env);
    return v === undefined ? undefined : r.op === '-' ? -v : v;
  }
  if (r.type === 'binary') {
    const a = numberOf(r.left, env);
    const b = numberOf(r.right, env);
    if (a === undefined || b === undefined) return undefined;
    switch (r.op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? undefined : a / b;
      case '//':
        return b === 0 ? undefined : Math.floor(a / b);
      case '**':
        return a ** b;
    }
  }
  return undefined;
}

function stringOf(e: PyExpr | undefined, env: Env): string | undefined {
  const r = resolve(e, env);
  return r?.type === 'string' ? r.value : undefined;
}

function boolOf(e: PyExpr | undefined, env: Env): boolean | undefined {
  const r = resolve(e, env);
  return r?.type === 'constant' && typeof r.value === 'boolean' ? r.value : undefined;
}

/** A whole number ≥ 1 (a kernel size may be a one-element tuple). */
function countOf(e: PyExpr | undefined, env: Env): number | undefined {
  let r = resolve(e, env);
  if ((r?.type === 'tuple' || r?.type === 'list') && r.items.length === 1) r = r.items[0];
  const v = numberOf(r, env);
  return v !== undefined && Number.isInteger(v) && v >= 1 ? v : undefined;
}

function rateOf(e: PyExpr | undefined, env: Env): number | undefined {
  const v = numberOf(e, env);
  return v !== undefined && v >= 0 && v < 1 ? v : undefined;
}

/** A call's arguments by parameter name: positional ones in `positional` order, then keywords. */
class Args {
  readonly byName = new Map<string, PyExpr>();
  /** Positional arguments beyond `positional`, and `*args` / `**kwargs`. */
  readonly extra: PyExpr[] = [];
  private readonly used = new Set<string>();

  constructor(
    readonly call: Extract<PyExpr, { type: 'call' }>,
    positional: readonly string[],
  ) {
    call.args.forEach((a, i) => (i < positional.length && a.type !== 'other' ? this.byName.set(positional[i], a) : this.extra.push(a)));
    for (const k of call.keywords) {
      if (k.name === undefined) this.extra.push(k.value);
      else this.byName.set(k.name, k.value);
    }
  }

  /** The argument `name` (marked as handled). */
  take(name: string): PyExpr | undefined {
    this.used.add(name);
    return this.byName.get(name);
  }

  /** Marks arguments that change nothing here (a layer's name, `verbose`) as handled. */
  accept(...names: string[]): void {
    for (const n of names) this.used.add(n);
  }

  /** Arguments nobody took. */
  leftovers(): Array<{ name?: string; value: PyExpr }> {
    return [...[...this.byName].filter(([n]) => !this.used.has(n)).map(([name, value]) => ({ name, value })), ...this.extra.map((value) => ({ value }))];
  }
}

const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN', 'CuDNNLSTM', 'CuDNNGRU']);
const GLOBAL_MAX = new Set(['GlobalMaxPooling1D', 'GlobalMaxPool1D']);
const CROSS_ENTROPY = new Set(['categorical_crossentropy', 'sparse_categorical_crossentropy', 'CategoricalCrossentropy', 'SparseCategoricalCrossentropy']);

/** The layers met so far, of those the engine's models have (each is taken once). */
interface Seen {
  embedding: boolean;
  recurrent: boolean;
  conv: boolean;
  pooling: boolean;
  output: boolean;
}

/** The model being read: its layers, compile and fit calls, in the order the code gives them. */
interface Draft {
  line: number;
  variable?: string;
  layers: PyExpr[];
  compile?: Extract<PyExpr, { type: 'call' }>;
  fit?: Extract<PyExpr, { type: 'call' }>;
  /** The environment at each layer/compile/fit: names are resolved as they were when the line ran. */
  envs: Map<PyExpr, Env>;
}

/** What the calls around the model fix: the tokenizer's vocabulary, the padding, the split. */
interface Context {
  numWords?: number;
  maxLength?: number;
  testSize?: number;
  seed?: number;
  /** Names assigned a literal that look like the sequence length (`max_length = 100`), used when nothing else fixes it. */
  namedMaxLength?: number;
  differences: KerasDifference[];
}

class Reader {
  readonly differences: KerasDifference[] = [];
  readonly options: Partial<KerasOptions> = {};
  outputClasses?: number;
  /** The output Dense's activation as named ('softmax', 'sigmoid'); undefined when it has none (logits). */
  private outputActivation?: string;
  private outputUnitsText = 'classes';
  private fromLogits = false;

  constructor(
    private readonly source: string,
    private readonly draft: Draft,
    private readonly context: Context,
  ) {}

  /** `e` as written; a call under its last name (`tf.keras.layers.Dense(24)` → `Dense(24)`). */
  private code(e: PyExpr): string {
    if (e.type === 'call') {
      const name = calleeName(e);
      if (name) return name + sourceText(this.source, { start: e.callee.end, end: e.end, line: e.line });
    }
    return sourceText(this.source, e);
  }

  private drop(e: PyExpr): void {
    this.differences.push({ kind: 'dropped', code: this.code(e) });
  }

  /** `Layer(argument)` for an argument of a call, quoted as written. */
  private argCode(call: Extract<PyExpr, { type: 'call' }>, arg: { name?: string; value: PyExpr }): string {
    const callee = dottedName(call.callee)?.at(-1) ?? this.code(call.callee);
    return `${callee}(${arg.name ? `${arg.name}=` : ''}${this.code(arg.value)})`;
  }

  private dropLeftovers(args: Args): void {
    for (const a of args.leftovers()) this.differences.push({ kind: 'dropped', code: this.argCode(args.call, a) });
  }

  /** A number the engine takes: set when a literal (`check` decides validity), else listed as computed. */
  private number(args: Args, name: string, option: keyof KerasOptions, read: (e: PyExpr | undefined, env: Env) => number | undefined, env: Env): void {
    const e = args.take(name);
    if (!e) return;
    const v = read(e, env);
    if (v !== undefined) (this.options as Record<string, unknown>)[option] = v;
    else this.differences.push({ kind: 'computed', code: this.argCode(args.call, { name, value: e }) });
  }

  private expect(args: Args, name: string, env: Env, ok: (e: PyExpr, env: Env) => boolean, by: string): void {
    const e = args.take(name);
    if (e && !ok(e, env)) this.differences.push({ kind: 'replaced', code: this.argCode(args.call, { name, value: e }), by });
  }

  read(): KerasModel | undefined {
    const kinds = this.draft.layers.map((l) => this.layerName(l));
    const kind: TfModelKind | undefined = kinds.some((k) => k !== undefined && RECURRENT.has(k)) ? 'lstm' : kinds.includes('Conv1D') ? 'cnn' : undefined;
    if (!kind) return undefined;
    this.options.model = kind;
    let seen: Seen = { embedding: false, recurrent: false, conv: false, pooling: false, output: false };
    const denseIndices = this.draft.layers.flatMap((l, i) => (this.layerName(l) === 'Dense' ? [i] : []));
    const outputIndex = denseIndices.at(-1);
    this.draft.layers.forEach((layer, i) => {
      seen = this.layer(layer, kind, seen, i === outputIndex);
    });
    if (!seen.embedding) this.differences.push({ kind: 'replaced', code: '(no Embedding layer)', by: 'Embedding(maxWords, embeddingDim)' });
    if (kind === 'cnn' && !seen.pooling) this.differences.push({ kind: 'replaced', code: 'Conv1D → Dense', by: 'Conv1D → GlobalMaxPooling1D → Dense' });
    if (!seen.output) this.differences.push({ kind: 'replaced', code: '(no Dense output layer)', by: "Dense(classes, activation='softmax')" });
    if (this.draft.compile) this.compile(this.draft.compile);
    else this.differences.push({ kind: 'replaced', code: '(no compile call)', by: "compile(loss='categorical_crossentropy', optimizer='adam')" });
    // A Dense without activation gives logits: the same model only with a loss from_logits=True.
    if (seen.output && this.outputActivation === undefined && !this.fromLogits) {
      this.differences.push({ kind: 'replaced', code: `Dense(${this.outputUnitsText}) without an activation`, by: `Dense(${this.outputUnitsText}, activation='softmax')` });
    }
    if (this.draft.fit) this.fit(this.draft.fit);
    this.applyContext();
    const options = this.options as KerasOptions;
    return {
      line: this.draft.line,
      variable: this.draft.variable,
      options,
      outputClasses: this.outputClasses,
      summary: this.summary(options),
      differences: dedupe([...this.context.differences, ...this.differences]),
    };
  }

  private layerName(layer: PyExpr): string | undefined {
    const r = resolve(layer, this.envOf(layer));
    const name = calleeName(r ?? layer);
    if (name === 'Bidirectional' && r?.type === 'call') return calleeName(resolve(r.args[0] ?? r.keywords.find((k) => k.name === 'layer')?.value, this.envOf(layer)) ?? r);
    return name;
  }

  private envOf(e: PyExpr): Env {
    return this.draft.envs.get(e) ?? new Map();
  }

  private layer(expr: PyExpr, kind: TfModelKind, seen: Seen, isOutput: boolean): Seen {
    const env = this.envOf(expr);
    const outer = resolve(expr, env);
    if (outer?.type !== 'call') {
      this.drop(expr);
      return seen;
    }
    let call = outer;
    let name = calleeName(call);
    if (name === 'Bidirectional') {
      const inner = resolve(call.args[0] ?? call.keywords.find((k) => k.name === 'layer')?.value, env);
      if (inner?.type !== 'call' || !RECURRENT.has(calleeName(inner) ?? '') || seen.recurrent || kind !== 'lstm') {
        this.drop(outer);
        return seen;
      }
      this.differences.push({ kind: 'dropped', code: 'Bidirectional' });
      call = inner;
      name = calleeName(call);
    }
    const s = { ...seen };
    switch (name) {
      case 'Input':
      case 'InputLayer': {
        const args = new Args(call, ['shape']);
        const shape = resolve(args.take('shape') ?? args.take('input_shape'), env);
        if ((shape?.type === 'tuple' || shape?.type === 'list') && shape.items.length >= 1) {
          const n = countOf(shape.items[0], env);
          if (n !== undefined) this.context.maxLength ??= n;
        }
        return s;
      }
      case 'Embedding': {
        if (s.embedding) break;
        s.embedding = true;
        const args = new Args(call, ['input_dim', 'output_dim']);
        const inputDim = args.take('input_dim');
        const words = countOf(inputDim, env);
        if (words !== undefined && words >= 2) this.options.maxWords = words;
        else if (inputDim && this.context.numWords === undefined) this.differences.push({ kind: 'computed', code: this.argCode(call, { name: 'input_dim', value: inputDim }) });
        this.number(args, 'output_dim', 'embeddingDim', countOf, env);
        const inputLength = countOf(args.take('input_length'), env);
        if (inputLength !== undefined) this.context.maxLength ??= inputLength;
        // mask_zero: the lstm masks padding, as mask_zero=True does; a cnn has nothing a mask would change.
        args.accept('name', 'mask_zero', 'input_shape', 'batch_input_shape', 'dtype');
        this.expect(args, 'trainable', env, (e) => boolOf(e, env) === true, 'trainable=True');
        this.dropLeftovers(args);
        return s;
      }
      case 'LSTM':
      case 'GRU':
      case 'SimpleRNN':
      case 'CuDNNLSTM':
      case 'CuDNNGRU': {
        if (kind !== 'lstm' || s.recurrent) break;
        s.recurrent = true;
        const args = new Args(call, ['units']);
        if (name !== 'LSTM') this.differences.push({ kind: 'replaced', code: name!, by: 'LSTM' });
        this.number(args, 'units', 'units', countOf, env);
        this.number(args, 'dropout', 'dropout', rateOf, env);
        this.number(args, 'recurrent_dropout', 'recurrentDropout', rateOf, env);
        this.expect(args, 'activation', env, (e) => stringOf(e, env) === 'tanh', "activation='tanh'");
        this.expect(args, 'recurrent_activation', env, (e) => stringOf(e, env) === 'sigmoid', "recurrent_activation='sigmoid'");
        this.expect(args, 'return_state', env, (e) => boolOf(e, env) === false, 'return_state=False');
        this.expect(args, 'go_backwards', env, (e) => boolOf(e, env) === false, 'go_backwards=False');
        this.expect(args, 'use_bias', env, (e) => boolOf(e, env) === true, 'use_bias=True');
        // return_sequences=True feeds a second recurrent layer or a pooling layer, both listed as dropped.
        const sequences = args.take('return_sequences');
        if (sequences && boolOf(sequences, env) !== false) this.differences.push({ kind: 'replaced', code: this.argCode(call, { name: 'return_sequences', value: sequences }), by: 'return_sequences=False' });
        // How the layer is computed, not what: unroll, implementation, reset_after (GRU), name.
        args.accept('name', 'unroll', 'implementation', 'reset_after', 'input_shape', 'dtype');
        this.dropLeftovers(args);
        return s;
      }
      case 'Conv1D':
      case 'Convolution1D': {
        if (kind !== 'cnn' || s.conv) break;
        s.conv = true;
        const args = new Args(call, ['filters', 'kernel_size']);
        this.number(args, 'filters', 'filters', countOf, env);
        this.number(args, 'kernel_size', 'kernelSize', countOf, env);
        const activation = args.take('activation');
        if (!activation) this.differences.push({ kind: 'replaced', code: `${name}(…) without an activation`, by: "activation='relu'" });
        else if (stringOf(activation, env) !== 'relu') this.differences.push({ kind: 'replaced', code: this.argCode(call, { name: 'activation', value: activation }), by: "activation='relu'" });
        this.expect(args, 'padding', env, (e) => stringOf(e, env) === 'valid', "padding='valid'");
        this.expect(args, 'strides', env, (e) => countOf(e, env) === 1, 'strides=1');
        this.expect(args, 'dilation_rate', env, (e) => countOf(e, env) === 1, 'dilation_rate=1');
        this.expect(args, 'use_bias', env, (e) => boolOf(e, env) === true, 'use_bias=True');
        args.accept('name', 'input_shape', 'dtype');
        this.dropLeftovers(args);
        return s;
      }
      case 'GlobalMaxPooling1D':
      case 'GlobalMaxPool1D':
      case 'GlobalAveragePooling1D':
      case 'GlobalAvgPool1D':
      case 'Flatten': {
        if (kind !== 'cnn' || !s.conv || s.pooling) break;
        s.pooling = true;
        if (!GLOBAL_MAX.has(name!)) this.differences.push({ kind: 'replaced', code: this.code(call), by: 'GlobalMaxPooling1D()' });
        return s;
      }
      case 'Dense': {
        if (!isOutput) break;
        s.output = true;
        const args = new Args(call, ['units', 'activation']);
        const units = args.take('units');
        const k = countOf(units, env);
        const activation = args.take('activation');
        this.outputActivation = activation ? (nameOf(resolve(activation, env)) ?? this.code(activation)) : undefined;
        if (units) this.outputUnitsText = k !== undefined ? String(k) : this.code(units);
        if (this.outputActivation === 'sigmoid' && k === 1) {
          this.outputClasses = 2;
          this.outputUnitsText = '2';
          this.differences.push({ kind: 'replaced', code: this.code(call), by: "Dense(2, activation='softmax')" });
        } else {
          if (k !== undefined && k >= 2) this.outputClasses = k;
          else if (k !== undefined) this.differences.push({ kind: 'replaced', code: this.code(call), by: "Dense(classes, activation='softmax')" });
          // Without an activation the layer gives logits: fine with a loss from_logits=True (checked in compile).
          if (activation && this.outputActivation !== 'softmax') this.differences.push({ kind: 'replaced', code: this.argCode(call, { name: 'activation', value: activation }), by: "activation='softmax'" });
        }
        args.accept('name', 'kernel_initializer', 'bias_initializer', 'dtype');
        this.dropLeftovers(args);
        return s;
      }
      case 'Activation': {
        // Dense(k) followed by Activation('softmax') is Dense(k, activation='softmax').
        if (!s.output || this.outputActivation !== undefined || nameOf(resolve(call.args[0], env)) !== 'softmax') break;
        this.outputActivation = 'softmax';
        return s;
      }
      default:
        break;
    }
    this.drop(call);
    return s;
  }

  private compile(call: Extract<PyExpr, { type: 'call' }>): void {
    const env = this.envOf(call);
    const args = new Args(call, ['optimizer', 'loss', 'metrics']);
    const optimizer = args.take('optimizer');
    if (optimizer) this.optimizer(optimizer, env);
    else this.differences.push({ kind: 'replaced', code: "compile() without an optimizer ('rmsprop')", by: "optimizer='adam'" });
    const loss = resolve(args.take('loss'), env);
    const lossName = nameOf(loss);
    this.fromLogits = loss?.type === 'call' && boolOf(loss.keywords.find((k) => k.name === 'from_logits')?.value, env) === true;
    const binary = (lossName === 'binary_crossentropy' || lossName === 'BinaryCrossentropy') && this.outputClasses === 2 && this.outputActivation === 'sigmoid';
    if (loss && !(lossName !== undefined && (CROSS_ENTROPY.has(lossName) || binary))) {
      this.differences.push({ kind: 'replaced', code: `loss=${this.code(loss)}`, by: "loss='categorical_crossentropy'" });
    }
    // What is measured and how it runs, not what is learned.
    args.accept('metrics', 'weighted_metrics', 'run_eagerly', 'jit_compile', 'steps_per_execution');
    this.dropLeftovers(args);
  }

  private optimizer(e: PyExpr, env: Env): void {
    const r = resolve(e, env)!;
    const name = nameOf(r);
    if (name === undefined || name.toLowerCase() !== 'adam') {
      this.differences.push({ kind: 'replaced', code: `optimizer=${this.code(e)}`, by: "optimizer='adam'" });
      return;
    }
    if (r.type !== 'call') return;
    const args = new Args(r, ['learning_rate']);
    const lr = args.take('learning_rate') ?? args.take('lr');
    if (lr) {
      const v = numberOf(lr, env);
      if (v !== undefined && v > 0) this.options.learningRate = v;
      else this.differences.push({ kind: 'computed', code: this.argCode(r, { name: 'learning_rate', value: lr }) });
    }
    // tf.keras's own defaults, which TensorFlow.js's adam shares.
    this.expect(args, 'beta_1', env, (x) => numberOf(x, env) === 0.9, 'beta_1=0.9');
    this.expect(args, 'beta_2', env, (x) => numberOf(x, env) === 0.999, 'beta_2=0.999');
    this.expect(args, 'epsilon', env, (x) => numberOf(x, env) === 1e-7, 'epsilon=1e-07');
    this.expect(args, 'amsgrad', env, (x) => boolOf(x, env) === false, 'amsgrad=False');
    args.accept('name');
    this.dropLeftovers(args);
  }

  private fit(call: Extract<PyExpr, { type: 'call' }>): void {
    const env = this.envOf(call);
    const args = new Args(call, ['x', 'y', 'batch_size', 'epochs']);
    args.accept('x', 'y', 'verbose', 'shuffle');
    this.number(args, 'epochs', 'epochs', countOf, env);
    this.number(args, 'batch_size', 'batchSize', countOf, env);
    const split = args.take('validation_split');
    if (split) {
      const v = numberOf(split, env);
      if (v !== undefined && v >= 0 && v < 1) this.options.validationSplit = v;
      else this.differences.push({ kind: 'computed', code: this.argCode(call, { name: 'validation_split', value: split }) });
    }
    const data = args.take('validation_data');
    if (data && !split) this.differences.push({ kind: 'replaced', code: this.argCode(call, { name: 'validation_data', value: data }), by: 'validation_split' });
    const shuffle = call.keywords.find((k) => k.name === 'shuffle');
    if (shuffle && boolOf(shuffle.value, env) === false) this.differences.push({ kind: 'replaced', code: 'fit(shuffle=False)', by: 'shuffle=True' });
    const weights = args.take('class_weight');
    if (weights) {
      this.options.classWeights = 'on';
      this.differences.push({ kind: 'replaced', code: this.argCode(call, { name: 'class_weight', value: weights }), by: "class_weight='balanced'" });
    }
    const callbacks = resolve(args.take('callbacks'), env);
    if (callbacks) {
      const items = callbacks.type === 'list' || callbacks.type === 'tuple' ? callbacks.items : [callbacks];
      for (const item of items) this.callback(item, env);
    }
    this.dropLeftovers(args);
  }

  private callback(item: PyExpr, env: Env): void {
    const r = resolve(item, env);
    if (r?.type !== 'call' || calleeName(r) !== 'EarlyStopping') {
      this.drop(r ?? item);
      return;
    }
    const args = new Args(r, ['monitor']);
    this.options.earlyStopping = true;
    this.expect(args, 'monitor', env, (e) => stringOf(e, env) === 'val_loss', "monitor='val_loss'");
    this.number(args, 'patience', 'patience', countOf, env);
    const restore = args.take('restore_best_weights');
    if (!restore || boolOf(restore, env) !== true) this.differences.push({ kind: 'replaced', code: `EarlyStopping(restore_best_weights=${restore ? this.code(restore) : 'False'})`, by: 'restore_best_weights=True' });
    this.expect(args, 'mode', env, (e) => ['auto', 'min'].includes(stringOf(e, env) ?? ''), "mode='min'");
    this.expect(args, 'min_delta', env, (e) => numberOf(e, env) === 0, 'min_delta=0');
    args.accept('verbose');
    this.dropLeftovers(args);
  }

  /** The numbers fixed around the model, where the model itself left them open. */
  private applyContext(): void {
    const c = this.context;
    if (this.options.maxWords === undefined && c.numWords !== undefined) this.options.maxWords = c.numWords;
    const maxLength = c.maxLength ?? c.namedMaxLength;
    if (maxLength !== undefined) this.options.maxLength = maxLength;
    if (c.testSize !== undefined) this.options.testSize = c.testSize;
    if (c.seed !== undefined) this.options.seed = c.seed;
  }

  private summary(o: KerasOptions): string {
    const d = TF_DEFAULTS;
    const middle =
      o.model === 'lstm'
        ? [`LSTM(${o.units ?? d.units}, dropout=${o.dropout ?? d.dropout}, recurrent_dropout=${o.recurrentDropout ?? d.recurrentDropout})`]
        : [`Conv1D(${o.filters ?? d.filters}, ${o.kernelSize ?? d.kernelSize}, activation='relu')`, 'GlobalMaxPooling1D()'];
    return [`Embedding(${o.maxWords ?? d.maxWords}, ${o.embeddingDim ?? d.embeddingDim})`, ...middle, `Dense(${this.outputClasses ?? 'classes'}, activation='softmax')`].join(' → ');
  }
}

function dedupe(list: KerasDifference[]): KerasDifference[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every call inside `e`, outermost first. */
function* callsIn(e: PyExpr): Generator<Extract<PyExpr, { type: 'call' }>> {
  switch (e.type) {
    case 'call':
      yield e;
      yield* callsIn(e.callee);
      for (const a of e.args) yield* callsIn(a);
      for (const k of e.keywords) yield* callsIn(k.value);
      return;
    case 'attribute':
      yield* callsIn(e.object);
      return;
    case 'list':
    case 'tuple':
      for (const i of e.items) yield* callsIn(i);
      return;
    case 'unary':
      yield* callsIn(e.operand);
      return;
    case 'binary':
      yield* callsIn(e.left);
      yield* callsIn(e.right);
      return;
  }
}

const MAX_LENGTH_NAME = /^(max|maximum)_?(seq(uence)?_?)?len(gth)?$/i;

/** Tokenizer(num_words), pad_sequences(maxlen, padding, truncating), train_test_split(test_size, random_state). */
function readContextCall(source: string, call: Extract<PyExpr, { type: 'call' }>, env: Env, c: Context): void {
  const name = calleeName(call);
  const kw = (k: string): PyKeyword | undefined => call.keywords.find((x) => x.name === k);
  const quote = (k: PyKeyword): string => `${name}(${k.name}=${sourceText(source, k.value)})`;
  if (name === 'Tokenizer' || name === 'TextVectorization') {
    const words = kw(name === 'Tokenizer' ? 'num_words' : 'max_tokens') ?? (name === 'Tokenizer' && call.args[0] ? { name: 'num_words', value: call.args[0] } : undefined);
    const n = countOf(words?.value, env);
    if (n !== undefined && n >= 2) c.numWords ??= n;
    const length = name === 'TextVectorization' ? kw('output_sequence_length') : undefined;
    const l = countOf(length?.value, env);
    if (l !== undefined) c.maxLength ??= l;
    for (const key of ['char_level', 'split', 'ngrams']) {
      const k = kw(key);
      if (k && !(key === 'char_level' && boolOf(k.value, env) === false)) c.differences.push({ kind: 'dropped', code: quote(k) });
    }
    const lower = kw('lower');
    if (lower && boolOf(lower.value, env) === false) c.differences.push({ kind: 'replaced', code: quote(lower), by: 'lower=True' });
  } else if (name === 'pad_sequences') {
    const maxlen = kw('maxlen');
    if (maxlen) {
      const n = countOf(maxlen.value, env);
      if (n !== undefined) c.maxLength ??= n;
      else c.differences.push({ kind: 'computed', code: quote(maxlen) });
    }
    for (const key of ['padding', 'truncating']) {
      const k = kw(key);
      if (k && stringOf(k.value, env) !== 'pre') c.differences.push({ kind: 'replaced', code: quote(k), by: `${key}='pre'` });
    }
  } else if (name === 'train_test_split') {
    const size = kw('test_size');
    const v = numberOf(size?.value, env);
    if (v !== undefined && v > 0 && v < 1) c.testSize ??= v;
    else if (size) c.differences.push({ kind: 'computed', code: quote(size) });
    const seed = kw('random_state');
    const s = numberOf(seed?.value, env);
    if (s !== undefined && Number.isInteger(s) && s >= 0) c.seed ??= s;
    else if (seed && !(seed.value.type === 'constant' && seed.value.value === null)) c.differences.push({ kind: 'computed', code: quote(seed) });
  }
}

/**
 * The Keras Sequential text models in Python `source`, in order. A model with neither a recurrent layer nor
 * a Conv1D is not one the engine can train and is left out.
 */
export function recogniseKeras(source: string): KerasModel[] {
  const statements: PyStatement[] = readPython(source);
  const env: Env = new Map();
  const drafts: Draft[] = [];
  const byVariable = new Map<string, Draft>();
  const context: Context = { differences: [] };
  const snapshot = (): Env => new Map(env);

  /** The model `receiver.method(…)` is called on: its variable's, else (a model built in a function) the last one, for calls only a Keras model takes. */
  const modelOf = (receiver: PyExpr, method: string, call: Extract<PyExpr, { type: 'call' }>): Draft | undefined => {
    if (receiver.type === 'name' && byVariable.has(receiver.id)) return byVariable.get(receiver.id);
    const last = drafts.at(-1);
    if (!last || receiver.type !== 'name') return undefined;
    // `model = build_model()` or a function's parameter: yes; `encoder = LabelEncoder()` or a list: no.
    const bound = env.get(receiver.id);
    if (bound && !(bound.type === 'call' && /^[a-z_]/.test(calleeName(bound) ?? ''))) return undefined;
    const keywords = new Set(call.keywords.map((k) => k.name));
    if (method === 'fit') return ['epochs', 'batch_size', 'validation_split', 'callbacks'].some((k) => keywords.has(k)) ? last : undefined;
    if (method === 'compile') return keywords.has('loss') || keywords.has('optimizer') ? last : undefined;
    return undefined;
  };

  for (const st of statements) {
    const here = snapshot();
    for (const call of callsIn(st.value)) readContextCall(source, call, here, context);
    const value = st.value;
    // model.add(layer) / model.compile(…) / model.fit(…), possibly as `history = model.fit(…)`.
    if (value.type === 'call' && value.callee.type === 'attribute' && ['add', 'compile', 'fit'].includes(value.callee.name)) {
      const method = value.callee.name;
      const draft = modelOf(value.callee.object, method, value);
      if (draft && method === 'add' && value.args[0]) {
        draft.layers.push(value.args[0]);
        draft.envs.set(value.args[0], here);
      } else if (draft && (method === 'compile' || method === 'fit')) {
        draft[method] = value;
        draft.envs.set(value, here);
      }
    }
    if (value.type === 'call' && calleeName(value) === 'Sequential') {
      const list = resolve(value.args[0] ?? value.keywords.find((k) => k.name === 'layers')?.value, here);
      const layers = list?.type === 'list' || list?.type === 'tuple' ? list.items : [];
      const draft: Draft = { line: value.line, layers, envs: new Map(layers.map((l) => [l, here])) };
      if (st.type === 'assign' && st.targets.length > 0) {
        draft.variable = st.targets[0];
        for (const t of st.targets) byVariable.set(t, draft);
      }
      drafts.push(draft);
    }
    if (st.type === 'assign') {
      for (const t of st.targets) {
        if (st.targets.length === 1 && byVariable.get(t)?.line !== value.line) byVariable.delete(t);
        // Only a lone name keeps its value: `a, b = f()` leaves both unknown.
        if (st.targets.length === 1 && !(value.type === 'call' && calleeName(value) === 'Sequential')) env.set(t, value);
        else env.delete(t);
        if (st.targets.length === 1 && MAX_LENGTH_NAME.test(t)) {
          const n = countOf(value, here);
          if (n !== undefined) context.namedMaxLength = n;
        }
      }
    }
  }
  // Each model reads the context on its own copy (its Input or Embedding may fix a length the next one does not share).
  return drafts.flatMap((d) => new Reader(source, d, { ...context, differences: [...context.differences] }).read() ?? []);
}
