// The names of a model folder NAME's description and of the hidden siblings that saving it creates:
// `.NAME.tmp-xxxxxxxx` while the bundle is written, `.NAME.old-xxxxxxxx` while it replaces an older one
// (bundle.ts). Their naming lives here, apart from bundle.ts and its model loaders, so that the extension host
// can read a model list and find and remove what a cancelled training left without loading them.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** The description every model folder holds (bundle.ts BundleMeta), and what its `format` says. */
export const META_FILE = 'meta.json';
export const BUNDLE_FORMAT = 'neural-lens-model';
/**
 * The most a meta.json may hold, for the engine that loads a model and the editor's model list alike (one limit:
 * a model the CLI loads must not be missing from the list). A few kilobytes usually; the confusion matrix of a
 * training allowed many classes makes it larger.
 */
export const MAX_META_BYTES = 16 * 1024 * 1024;

/** A new hidden sibling folder name: `.NAME.tmp-xxxx` while writing, `.NAME.old-xxxx` while replacing. */
export function sibling(dir: string, what: 'tmp' | 'old'): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.${what}-${randomBytes(4).toString('hex')}`);
}

/** A sibling's base name: [1] the model folder's name, [2] 'tmp' or 'old'. */
export const TEMPORARY = /^\.(.+)\.(tmp|old)-[0-9a-f]{8}$/;

/** True for the temporary folders saveBundle may leave behind after a crash (model lists skip them). */
export function isTemporaryBundleDir(name: string): boolean {
  return TEMPORARY.test(path.basename(name));
}

/** The `.NAME.tmp-*` / `.NAME.old-*` siblings of the model folder `dir`. */
export async function leftoversOf(dir: string): Promise<string[]> {
  const names = await fsp.readdir(path.dirname(dir)).catch(() => [] as string[]);
  return names.filter((n) => TEMPORARY.exec(n)?.[1] === path.basename(dir)).map((n) => path.join(path.dirname(dir), n));
}
