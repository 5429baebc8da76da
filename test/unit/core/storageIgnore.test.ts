import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureStorageIgnored, STORAGE_GITIGNORE } from '../../../src/core/storageIgnore';

describe('model storage .gitignore', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-ignore-'));
  });
  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('creates the storage folder with a .gitignore that ignores everything in it', () => {
    const storage = path.join(workspace, '.neural-lens');
    assert.equal(ensureStorageIgnored(storage), true);
    const text = fs.readFileSync(path.join(storage, '.gitignore'), 'utf8');
    assert.equal(text, STORAGE_GITIGNORE);
    assert.deepEqual(text.split('\n').filter((l) => l && !l.startsWith('#')), ['*']);
  });

  it("leaves an existing .gitignore alone: an edited one is the user's", () => {
    const storage = path.join(workspace, '.neural-lens');
    fs.mkdirSync(storage);
    fs.writeFileSync(path.join(storage, '.gitignore'), '*\n!models/keep-me/\n');
    assert.equal(ensureStorageIgnored(storage), false);
    assert.equal(fs.readFileSync(path.join(storage, '.gitignore'), 'utf8'), '*\n!models/keep-me/\n');
  });

  it('adds the file to a storage folder that already holds models, without touching them', () => {
    const model = path.join(workspace, '.neural-lens', 'models', 'reviews-fast');
    fs.mkdirSync(model, { recursive: true });
    fs.writeFileSync(path.join(model, 'meta.json'), '{}');
    assert.equal(ensureStorageIgnored(path.join(workspace, '.neural-lens')), true);
    assert.equal(fs.readFileSync(path.join(model, 'meta.json'), 'utf8'), '{}');
  });

  it('reports what stops it (a file where the folder should be)', () => {
    fs.writeFileSync(path.join(workspace, '.neural-lens'), 'not a folder');
    assert.throws(() => ensureStorageIgnored(path.join(workspace, '.neural-lens')), /EEXIST|ENOTDIR/);
  });
});
