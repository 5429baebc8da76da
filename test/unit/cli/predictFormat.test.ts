// predict's reading and printing (src/cli/predictLines.ts, predictFormat.ts): the lines readline would give,
// whatever the chunking; 4 decimals exactly as toFixed(4); labels escaped; JSON that parses.
import * as assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fixed4, predictionFormatter } from '../../../src/cli/predictFormat';
import { lineBatches } from '../../../src/cli/predictLines';
import { DataError } from '../../../src/core/dataError';

async function ours(chunks: string[], size = 3): Promise<string[][]> {
  const out: string[][] = [];
  for await (const b of lineBatches(Readable.from(chunks), size)) out.push(b);
  return out;
}

async function readline(text: string): Promise<string[]> {
  const out: string[] = [];
  for await (const l of createInterface({ input: Readable.from([text]), crlfDelay: Infinity })) out.push(l);
  return out;
}

describe('predict input and output (src/cli)', () => {
  it('splits lines as readline does (\\n, \\r\\n, a lone \\r, a last line without an end), across every chunking', async () => {
    const texts = ['a\nb\r\nc\rd', 'one\r\n\r\ntwo\n', '\n\n', 'x', '', 'end\r', 'é中\r\n文\n'];
    for (const text of texts) {
      const expected = await readline(text);
      for (let cut = 0; cut <= text.length; cut++) {
        const batches = await ours([text.slice(0, cut), text.slice(cut)]);
        assert.deepEqual(batches.flat(), expected, `${JSON.stringify(text)} cut at ${cut}`);
        assert.ok(batches.every((b) => b.length >= 1 && b.length <= 3));
      }
    }
  });

  it('decodes bytes as a stream (a character split across chunks), drops a byte-order mark, reads another encoding when told', async () => {
    const bytes = Buffer.from('\uFEFFgood 好\nbad', 'utf8');
    const lines = async (chunks: Uint8Array[], encoding?: string): Promise<string[]> => {
      const out: string[][] = [];
      for await (const b of lineBatches(Readable.from(chunks), 10, { encoding })) out.push(b);
      return out.flat();
    };
    assert.deepEqual(await lines([bytes.subarray(0, 9), bytes.subarray(9)]), ['good 好', 'bad']);
    assert.deepEqual(await lines([Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0a])], 'gb18030'), ['你好']);
  });

  it('refuses a line longer than the cap with its line number, however it arrives (a 512 MB line crashed predict)', async () => {
    const lines = async (chunks: string[]): Promise<string[]> => {
      const out: string[][] = [];
      for await (const b of lineBatches(Readable.from(chunks), 2, { file: 'in.txt', maxLineChars: 10 })) out.push(b);
      return out.flat();
    };
    for (const chunks of [['ok\n', 'fine\n', 'x'.repeat(6), 'x'.repeat(6), '\nnext\n'], ['ok\nfine\n' + 'x'.repeat(11) + '\nnext\n'], ['ok\nfine\n', 'x'.repeat(11)]]) {
      await assert.rejects(lines(chunks), (e: DataError) => {
        assert.ok(e instanceof DataError);
        assert.equal(e.code, 'line-too-long');
        assert.equal(e.file, 'in.txt');
        assert.equal(e.line, 3);
        assert.match(e.message, /Line 3 is longer than 10 characters: predict labels lines of text, one text per line\./);
        return true;
      });
    }
    assert.deepEqual(await lines(['x'.repeat(10), '\n', 'y'.repeat(10)]), ['x'.repeat(10), 'y'.repeat(10)]);
  });

  it('hands on the lines before a line too long, then refuses it (predict prints them before the error)', async () => {
    for (const chunks of [['ok\nfine\n' + 'x'.repeat(11) + '\nnext\n'], ['ok\nfine\n', 'x'.repeat(11)], ['ok\nfine\n' + 'x'.repeat(11)]]) {
      const out: string[][] = [];
      await assert.rejects(
        (async () => {
          for await (const b of lineBatches(Readable.from(chunks), 100, { maxLineChars: 10 })) out.push(b);
        })(),
        (e: DataError) => e.code === 'line-too-long' && e.line === 3,
      );
      assert.deepEqual(out, [['ok', 'fine']], JSON.stringify(chunks));
    }
  });

  it('hands on a batch of long lines before it has its number of lines', async () => {
    const out: string[][] = [];
    for await (const b of lineBatches(Readable.from(['aaaa\nbbbb\ncccc\ndd\n']), 100, { maxBatchChars: 8 })) out.push(b);
    assert.deepEqual(out, [['aaaa', 'bbbb'], ['cccc', 'dd']]);
  });

  it('fixed4 is toFixed(4) for float32 probabilities, ties included', () => {
    const f = new Float32Array(1);
    let seed = 7;
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 200_000; i++) {
      f[0] = i % 2 ? random() : Math.round(random() * 20_000) / 20_000;
      assert.equal(fixed4(f[0]), f[0].toFixed(4), String(f[0]));
    }
    for (const p of [0, 1, 1 / 32, 3 / 32, 0.99995, 0.00005]) assert.equal(fixed4(Math.fround(p)), Math.fround(p).toFixed(4));
  });

  it('prints the most probable label, its confidence and every probability; labels escaped in plain text, JSON strings in JSON', () => {
    const labels = ['neg\nline', 'pos\u2028', 'x"y'];
    const p = Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.25, 0.25]);
    assert.equal(predictionFormatter(labels, false)(p, 1), 'pos\\u2028\t0.7000\tneg\\nline=0.1000 pos\\u2028=0.7000 x"y=0.2000\n' + 'neg\\nline\t0.5000\tneg\\nline=0.5000 pos\\u2028=0.2500 x"y=0.2500\n');
    const json = predictionFormatter(labels, true)(p, 41);
    assert.ok(!json.includes('\u2028'), 'no raw line separator');
    const rows = json.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(rows.length, 2, 'one line per text: the newline in a label is escaped');
    assert.deepEqual(rows[0], { line: 41, label: 'pos\u2028', confidence: 0.7, probabilities: { 'neg\nline': 0.1, 'pos\u2028': 0.7, 'x"y': 0.2 } });
    assert.deepEqual(rows[1].line, 42);
    assert.equal(rows[1].label, 'neg\nline', 'the first of equal probabilities');
  });
});
