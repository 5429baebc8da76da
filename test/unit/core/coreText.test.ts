// The core's messages: one table of English templates, filled the same way in English (the CLI) and through
// a translation (the editor), and every template translated in l10n/bundle.l10n.zh-cn.json.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORE_MESSAGES, coreText, coreTextOf, formatCoreText } from '../../../src/core/coreText';
import { DataError } from '../../../src/core/dataError';
import { readBundleMeta } from '../../../src/core/bundle';

const repoRoot = path.resolve(__dirname, '../../../..');
const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

describe('core messages', () => {
  it('fills a template in English, nested messages included', () => {
    const text = coreText('cannotLoad', 'fast', '/m', coreText('fastFormat', 1, 2));
    assert.equal(formatCoreText(text), 'Could not load the fast model in /m: This fast model has format 1; this version of Neural Lens reads format 2. Retrain the model.');
  });

  it('fills it through a translation the same way (what the editor does with vscode.l10n.t)', () => {
    const zh = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const translate = (template: string, values: string[]) => (zh[template] ?? template).replace(/\{(\d+)\}/g, (_, i: string) => values[Number(i)]);
    assert.equal(formatCoreText(coreText('raggedRowFewer', 3, 2, 4), translate), '第 3 行有 2 个字段，而标题行有 4 个。');
  });

  it('every template has a Chinese translation with the same placeholders', () => {
    const zh = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const missing = Object.values(CORE_MESSAGES).filter((t) => !(t in zh));
    assert.deepEqual(missing, [], 'add these to l10n/bundle.l10n.zh-cn.json');
    for (const template of Object.values(CORE_MESSAGES)) {
      assert.deepEqual([...new Set(placeholders(zh[template]))], [...new Set(placeholders(template))], template);
    }
  });

  it('errors carry their message as data and in English', () => {
    const e = new DataError('ragged-row', 'a.csv', coreText('raggedRowMore', 3, 4, 2), 3);
    assert.equal(e.message, 'Line 3 has 4 fields but the header has 2 (an unquoted comma in the text? quote such fields with ").');
    assert.deepEqual(coreTextOf(e), { template: CORE_MESSAGES.raggedRowMore, args: [3, 4, 2] });
    assert.equal(coreTextOf(new Error('plain')), undefined);
  });

  it('a model folder error is one of them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-coretext-'));
    try {
      fs.writeFileSync(path.join(dir, 'meta.json'), 'null');
      const error = await readBundleMeta(dir).then(() => undefined, (e: unknown) => e);
      assert.equal(coreTextOf(error)?.template, CORE_MESSAGES.metaHoldsNull);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
