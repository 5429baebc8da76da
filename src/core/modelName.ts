// Names of model folders (`.neural-lens/models/<name>/`): made from the data file, the model kind and the
// time, readable in a file explorer and safe on every file system; and the check a user-typed name passes.
import type { ModelKind } from './modelKind';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `reviews-lstm-20250131-142501` (local time). Letters of any script are kept: `评论-fast-…`. */
export function modelFolderName(dataFile: string, kind: ModelKind, when: Date): string {
  const base = dataFile.split(/[\\/]/).pop() ?? 'data';
  const stem = base.replace(/\.[^.]*$/, '');
  const slug =
    stem
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}_-]+/gu, '-')
      .replace(/-+/g, '-')
      .replace(/^[-_]+|[-_]+$/g, '')
      .slice(0, 40) || 'data';
  const stamp = `${when.getFullYear()}${pad(when.getMonth() + 1)}${pad(when.getDate())}-${pad(when.getHours())}${pad(when.getMinutes())}${pad(when.getSeconds())}`;
  return `${slug}-${kind}-${stamp}`;
}

/** `name`, or `name-2`, `name-3`, … whichever is not taken. */
export function uniqueName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  for (let i = 2; ; i++) if (!taken(`${name}-${i}`)) return `${name}-${i}`;
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Why `name` cannot name a model folder, or undefined when it can. */
export function invalidModelName(name: string): string | undefined {
  if (name.trim() === '') return 'The name is empty.';
  if (name !== name.trim()) return 'The name starts or ends with a space.';
  if (name.length > 100) return 'The name is longer than 100 characters.';
  if (name.startsWith('.')) return 'The name starts with a dot.';
  if (/[<>:"/\\|?*\p{Cc}]/u.test(name)) return 'The name contains a character that cannot be in a folder name (< > : " / \\ | ? * or a control character).';
  if (RESERVED.test(name)) return 'The name is reserved on Windows.';
  if (/[. ]$/.test(name)) return 'The name ends with a dot or a space.';
  return undefined;
}
