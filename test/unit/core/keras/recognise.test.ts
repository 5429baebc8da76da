// The Keras recogniser: the article's model, and the spellings articles use for the same thing — keyword or
// positional arguments, `layers.LSTM`, `tf.keras.layers`, `Sequential([...])` or `.add()`, constants assigned
// earlier — and every kind of thing it cannot map, which must come back as a difference, never vanish.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kerasModelsIn } from '../../../../src/core/keras/codeBlocks';
import { recogniseKeras, type KerasDifference, type KerasModel } from '../../../../src/core/keras/recognise';
import { resolveTfSettings } from '../../../../src/core/tfjs/options';
import { samplesDir } from '../../../harness/paths';

function one(source: string): KerasModel {
  const models = recogniseKeras(source);
  assert.equal(models.length, 1, `expected one model, got ${JSON.stringify(models, null, 1)}`);
  return models[0];
}

const codes = (m: KerasModel, kind?: KerasDifference['kind']): string[] => m.differences.filter((d) => !kind || d.kind === kind).map((d) => d.code);

describe('Keras recogniser', () => {
  describe('the sample article', () => {
    const article = fs.readFileSync(path.join(samplesDir, 'article.md'), 'utf8');

    it('reads its LSTM, compile and fit into the engine options, with nothing left over', () => {
      const models = kerasModelsIn(article, 'markdown');
      assert.equal(models.length, 1);
      const m = models[0];
      assert.deepEqual(m.options, {
        model: 'lstm',
        // Tokenizer(num_words=10000): the Embedding's len(tokenizer.word_index) + 1 is larger, but only 10,000 ids are used.
        maxWords: 10000,
        embeddingDim: 32,
        units: 64,
        dropout: 0.2,
        recurrentDropout: 0.2,
        epochs: 10,
        batchSize: 32,
        validationSplit: 0.1,
        // pad_sequences(maxlen=max_length) with max_length = 100
        maxLength: 100,
      });
      assert.equal(m.outputClasses, 3);
      assert.deepEqual(m.differences, []);
      assert.equal(m.summary, "Embedding(10000, 32) → LSTM(64, dropout=0.2, recurrent_dropout=0.2) → Dense(3, activation='softmax')");
      // The document line of `model = Sequential()`, where the CodeLens goes.
      assert.equal(article.split('\n')[m.line], 'model = Sequential()');
      assert.doesNotThrow(() => resolveTfSettings('lstm', m.options));
    });
  });

  describe('spellings of the same model', () => {
    const want = { model: 'lstm', maxWords: 5000, embeddingDim: 64, units: 128, dropout: 0.3, recurrentDropout: 0.1, epochs: 4, batchSize: 16 };

    const variants: Record<string, string> = {
      'keyword arguments, layers.LSTM, Sequential([...])': `
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([
    layers.Embedding(input_dim=5000, output_dim=64),
    layers.LSTM(units=128, dropout=0.3, recurrent_dropout=0.1),
    layers.Dense(units=3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=4, batch_size=16)
`,
      'positional arguments, tf.keras.layers, model.add': `
import tensorflow as tf
model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Embedding(5000, 64))
model.add(tf.keras.layers.LSTM(128, dropout=0.3, recurrent_dropout=0.1))
model.add(tf.keras.layers.Dense(3, activation=tf.nn.softmax))
model.compile(tf.keras.optimizers.Adam(), 'categorical_crossentropy')
model.fit(x, y, 16, 4)
`,
      'constants assigned earlier, a layer list in a variable, a model built in a function': `
VOCAB = 5000
EMBED = 64
UNITS = 2 ** 7
EPOCHS, BATCH = 4, 16
EPOCHS = 4
BATCH = 16

def build_model():
    stack = [
        Embedding(VOCAB, EMBED),   # the vocabulary
        LSTM(UNITS, dropout=.3, recurrent_dropout=1e-1),
        Dense(3, activation='softmax'),
    ]
    model = Sequential(stack, name="sentiment")
    model.compile(loss='categorical_crossentropy', optimizer='Adam')
    return model

model = build_model()
history = model.fit(x_train, y_train,
                    epochs=EPOCHS,
                    batch_size=BATCH)
`,
      'return Sequential(...) from a function, line continuations and comments': `
def make():
    return Sequential([Embedding(5_000, \\
        64), LSTM(128, recurrent_dropout=0.1, dropout=0.3), Dense(3, activation='softmax')])  # Sequential!

net = make()
net.compile(loss="categorical_crossentropy", optimizer="adam")
encoder = LabelEncoder()
encoder.fit(labels)
net.fit(x, y, batch_size=16, epochs=4)
`,
    };

    for (const [name, source] of Object.entries(variants)) {
      it(name, () => {
        const m = one(source);
        assert.deepEqual(m.options, want);
        assert.equal(m.outputClasses, 3);
        assert.deepEqual(m.differences, []);
      });
    }

    it('reads the learning rate of Adam in each of its spellings', () => {
      const base = (optimizer: string, before = ''): string =>
        `${before}\nmodel = Sequential([Embedding(100, 8), LSTM(4), Dense(2, activation='softmax')])\nmodel.compile(loss='categorical_crossentropy', optimizer=${optimizer})`;
      assert.equal(one(base('Adam(learning_rate=0.005)')).options.learningRate, 0.005);
      assert.equal(one(base('keras.optimizers.Adam(lr=1e-4)')).options.learningRate, 1e-4);
      assert.equal(one(base('tf.keras.optimizers.Adam(0.02)')).options.learningRate, 0.02);
      assert.equal(one(base('opt', 'LR = 3e-3\nopt = Adam(learning_rate=LR)')).options.learningRate, 3e-3);
      assert.equal(one(base('"adam"')).options.learningRate, undefined);
    });

    it('reads the CNN: Conv1D filters and kernel size, global max pooling', () => {
      const m = one(`
model = Sequential()
model.add(Embedding(20000, 50, input_length=200))
model.add(Conv1D(filters=250, kernel_size=(3,), activation='relu', padding='valid', strides=1))
model.add(GlobalMaxPooling1D())
model.add(Dense(2, activation='softmax'))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
`);
      assert.deepEqual(m.options, { model: 'cnn', maxWords: 20000, embeddingDim: 50, filters: 250, kernelSize: 3, maxLength: 200 });
      assert.deepEqual(m.differences, []);
      assert.equal(m.summary, "Embedding(20000, 50) → Conv1D(250, 3, activation='relu') → GlobalMaxPooling1D() → Dense(2, activation='softmax')");
    });

    it('reads the data pipeline around the model: tokenizer, padding, split, early stopping', () => {
      const m = one(`
tokenizer = Tokenizer(num_words=8000, oov_token='<OOV>')
X = pad_sequences(tokenizer.texts_to_sequences(texts), maxlen=MAXLEN if False else 120)
X = pad_sequences(tokenizer.texts_to_sequences(texts), maxlen=120)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=7, stratify=y)
model = Sequential([Embedding(len(tokenizer.word_index) + 1, 16), LSTM(32), Dense(3, activation='softmax')])
model.compile(loss='categorical_crossentropy', optimizer='adam')
stop = EarlyStopping(monitor='val_loss', patience=4, restore_best_weights=True)
model.fit(X_train, y_train, validation_split=0.2, callbacks=[stop])
`);
      assert.deepEqual(m.options, {
        model: 'lstm',
        embeddingDim: 16,
        units: 32,
        validationSplit: 0.2,
        earlyStopping: true,
        patience: 4,
        maxWords: 8000,
        maxLength: 120,
        testSize: 0.25,
        seed: 7,
      });
      // The first pad_sequences' maxlen is a conditional: computed in Python; the second one is a literal.
      assert.deepEqual(m.differences, [{ kind: 'computed', code: 'pad_sequences(maxlen=MAXLEN if False else 120)' }]);
    });

    it('takes max_length from its name when no call fixes it', () => {
      const m = one(`max_len = 64\nmodel = Sequential([Embedding(1000, 16), LSTM(8), Dense(2, activation='softmax')])`);
      assert.equal(m.options.maxLength, 64);
    });

    it('accepts logits with a loss from_logits=True, and Dense + Activation("softmax")', () => {
      const logits = one(`model = Sequential([Embedding(100, 8), LSTM(4), Dense(5)])
model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer='adam')`);
      assert.deepEqual(logits.differences, []);
      assert.equal(logits.outputClasses, 5);
      const activation = one(`model = Sequential([Embedding(100, 8), LSTM(4), Dense(5), Activation('softmax')])
model.compile(loss='categorical_crossentropy', optimizer='adam')`);
      assert.deepEqual(activation.differences, []);
    });
  });

  describe('what it cannot map is listed, never dropped', () => {
    it('Bidirectional, a second LSTM, hidden Dense and Dropout layers, another optimizer, validation_data, EarlyStopping without restore', () => {
      const m = one(`
model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size, 16, input_length=120),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(64, return_sequences=True)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(32)),
    tf.keras.layers.Dense(24, activation='relu'),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(6, activation='softmax')
])
model.compile(loss='sparse_categorical_crossentropy', optimizer=tf.keras.optimizers.RMSprop(1e-4), metrics=['accuracy'])
model.fit(padded, labels, epochs=num_epochs, validation_data=(test_padded, test_labels), verbose=2,
          callbacks=[tf.keras.callbacks.EarlyStopping(patience=3), tf.keras.callbacks.TensorBoard('logs')])
`);
      assert.deepEqual(m.options, { model: 'lstm', embeddingDim: 16, units: 64, earlyStopping: true, patience: 3, maxLength: 120 });
      assert.equal(m.outputClasses, 6);
      assert.deepEqual(m.differences, [
        { kind: 'computed', code: 'Embedding(input_dim=vocab_size)' },
        { kind: 'dropped', code: 'Bidirectional' },
        { kind: 'replaced', code: 'LSTM(return_sequences=True)', by: 'return_sequences=False' },
        { kind: 'dropped', code: 'Bidirectional(tf.keras.layers.LSTM(32))' },
        { kind: 'dropped', code: "Dense(24, activation='relu')" },
        { kind: 'dropped', code: 'Dropout(0.5)' },
        { kind: 'replaced', code: 'optimizer=RMSprop(1e-4)', by: "optimizer='adam'" },
        { kind: 'computed', code: 'fit(epochs=num_epochs)' },
        { kind: 'replaced', code: 'fit(validation_data=(test_padded, test_labels))', by: 'validation_split' },
        { kind: 'replaced', code: 'EarlyStopping(restore_best_weights=False)', by: 'restore_best_weights=True' },
        { kind: 'dropped', code: "TensorBoard('logs')" },
      ]);
    });

    it('a GRU trains as an LSTM; a binary sigmoid output as a two-class softmax', () => {
      const m = one(`model = Sequential([Embedding(1000, 32), GRU(48, dropout=0.1), Dense(1, activation='sigmoid')])
model.compile(loss='binary_crossentropy', optimizer='adam')`);
      assert.deepEqual(m.options, { model: 'lstm', maxWords: 1000, embeddingDim: 32, units: 48, dropout: 0.1 });
      assert.equal(m.outputClasses, 2);
      assert.deepEqual(m.differences, [
        { kind: 'replaced', code: 'GRU', by: 'LSTM' },
        { kind: 'replaced', code: "Dense(1, activation='sigmoid')", by: "Dense(2, activation='softmax')" },
      ]);
    });

    it('arguments the engine does not take, other activations, losses and pooling, and pretrained embeddings', () => {
      const m = one(`model = Sequential()
model.add(Embedding(1000, 32, weights=[embedding_matrix], trainable=False))
model.add(SpatialDropout1D(0.2))
model.add(Conv1D(64, 7, activation='tanh', padding='same'))
model.add(MaxPooling1D(2))
model.add(GlobalAveragePooling1D())
model.add(Dense(4, activation='relu'))
model.compile(loss='mse', optimizer=SGD(0.01), metrics=['mae'])
model.fit(x, y, class_weight={0: 1.0, 1: 3.0}, shuffle=False)`);
      assert.equal(m.options.model, 'cnn');
      assert.equal(m.options.classWeights, 'on');
      assert.deepEqual(codes(m), [
        'Embedding(trainable=False)',
        'Embedding(weights=[embedding_matrix])',
        'SpatialDropout1D(0.2)',
        "Conv1D(activation='tanh')",
        "Conv1D(padding='same')",
        'MaxPooling1D(2)',
        'GlobalAveragePooling1D()',
        "Dense(activation='relu')",
        'optimizer=SGD(0.01)',
        "loss='mse'",
        'fit(shuffle=False)',
        'fit(class_weight={0: 1.0, 1: 3.0})',
      ]);
    });

    it('a model without compile trains with adam and cross-entropy, and says so', () => {
      const m = one(`model = Sequential([Embedding(100, 8), LSTM(4), Dense(2, activation='softmax')])`);
      assert.deepEqual(codes(m), ['(no compile call)']);
      const noOptimizer = one(`model = Sequential([Embedding(100, 8), LSTM(4), Dense(2, activation='softmax')])\nmodel.compile(loss='categorical_crossentropy')`);
      assert.deepEqual(noOptimizer.differences, [{ kind: 'replaced', code: "compile() without an optimizer ('rmsprop')", by: "optimizer='adam'" }]);
    });

    it('a Dense output without an activation and a plain cross-entropy loss is listed', () => {
      const m = one(`model = Sequential([Embedding(100, 8), LSTM(4), Dense(3)])\nmodel.compile(loss='categorical_crossentropy', optimizer='adam')`);
      assert.deepEqual(m.differences, [{ kind: 'replaced', code: 'Dense(3) without an activation', by: "Dense(3, activation='softmax')" }]);
    });

    it('padding and truncation at the end, a character-level tokenizer', () => {
      const m = one(`tok = Tokenizer(char_level=True)
x = pad_sequences(seqs, maxlen=50, padding='post', truncating='post')
model = Sequential([Embedding(100, 8), LSTM(4), Dense(2, activation='softmax')])
model.compile(loss='categorical_crossentropy', optimizer='adam')`);
      assert.equal(m.options.maxLength, 50);
      assert.deepEqual(m.differences, [
        { kind: 'dropped', code: 'Tokenizer(char_level=True)' },
        { kind: 'replaced', code: "pad_sequences(padding='post')", by: "padding='pre'" },
        { kind: 'replaced', code: "pad_sequences(truncating='post')", by: "truncating='pre'" },
      ]);
    });
  });

  describe('which code holds a model', () => {
    it('finds no model without a recurrent or convolutional layer', () => {
      assert.deepEqual(recogniseKeras(`model = Sequential([Dense(64, activation='relu'), Dense(3, activation='softmax')])`), []);
      assert.deepEqual(recogniseKeras(`# Sequential([LSTM(3)]) in a comment\ns = "Sequential([LSTM(3)])"`), []);
    });

    it('finds each model of a file on its own line, with its own compile and fit', () => {
      const models = recogniseKeras(`a = Sequential([Embedding(100, 8), LSTM(4), Dense(2, activation='softmax')])
b = Sequential([Embedding(100, 8), Conv1D(16, 3, activation='relu'), GlobalMaxPooling1D(), Dense(2, activation='softmax')])
a.compile(loss='categorical_crossentropy', optimizer='adam')
b.compile(loss='categorical_crossentropy', optimizer='adam')
a.fit(x, y, epochs=3)
b.fit(x, y, epochs=7)`);
      assert.deepEqual(
        models.map((m) => [m.line, m.variable, m.options.model, m.options.epochs]),
        [
          [0, 'a', 'lstm', 3],
          [1, 'b', 'cnn', 7],
        ],
      );
    });

    it('reads only the Python fences of a Markdown document, at the document’s lines', () => {
      const doc = [
        '# Title', // 0
        '',
        '```js',
        'const m = Sequential([LSTM(4)]);',
        '```',
        '',
        '```py', // 6
        'm = Sequential([Embedding(10, 2), LSTM(4), Dense(2, activation="softmax")])', // 7
        '```',
        '',
        '~~~ {.python}',
        'import tensorflow as tf',
        'n = tf.keras.Sequential()', // 12
        'n.add(tf.keras.layers.Embedding(10, 2))',
        'n.add(tf.keras.layers.Conv1D(4, 2, activation="relu"))',
        '~~~',
      ].join('\n');
      assert.deepEqual(
        kerasModelsIn(doc, 'markdown').map((m) => [m.line, m.options.model]),
        [
          [7, 'lstm'],
          [12, 'cnn'],
        ],
      );
    });

    it('never throws on code it cannot follow, and keeps reading after it', () => {
      const m = one(`
@tf.function
def f(x): return [y for y in x if y]
weird = {k: v for k, v in d.items()}; other = lambda a, b: a + b
s = f"{x}" 'unterminated
t = """a
Sequential([LSTM(1)])
"""
if x > 1 and not y: pass
data[0] = 1
n = -(3) + 0x10 * 2 // 3
model = Sequential([Embedding(n, 4), LSTM(2), Dense(2, activation='softmax')])
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=[m for m in ms])
`);
      // n = -3 + 32 // 3 = -3 + 10 = 7
      assert.equal(m.options.maxWords, 7);
      assert.deepEqual(m.differences, []);
    });
  });
});
