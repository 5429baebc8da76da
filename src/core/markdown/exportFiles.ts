// The file-system side of the standalone export, shared by the CLI and the extension's Export command.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../regularFile';
import { inlineFontUrls } from './standalone';

const imageTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.avif': 'image/avif',
};

/** The folder holding media/preview.{js,css}: dist/ beside the bundle, or the repository's dist/ from out/. */
export function findDistDir(start = __dirname): string | undefined {
  const candidates = [start, path.join(start, '..'), path.join(start, '../../../dist'), path.join(start, '../../../../dist')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'media', 'preview.css')));
}

/** The preview's stylesheet (KaTeX, diagrams, article) with its KaTeX fonts inlined as data: URIs. */
export function loadStandaloneCss(distDir: string): string {
  const mediaDir = path.join(distDir, 'media');
  const css = fs.readFileSync(path.join(mediaDir, 'preview.css'), 'utf8');
  return inlineFontUrls(css.replace(/\/\*# sourceMappingURL=.*?\*\//g, ''), (url) => {
    const file = path.resolve(mediaDir, url);
    // Only files of the bundle's own folder.
    if (!file.startsWith(mediaDir + path.sep) || !fs.existsSync(file)) return undefined;
    return fs.readFileSync(file);
  });
}

/** Largest image the export inlines (a data: URI grows it by a third). */
export const MAX_INLINE_IMAGE_BYTES = 10 * 1024 * 1024;

export interface SkippedImage {
  href: string;
  /** outside: not under the article's folder or another root, once symbolic links are resolved. */
  reason: 'outside' | 'not-a-file' | 'too-large' | 'missing';
}

export interface ImageInlining {
  /** Folders besides the article's whose files may be inlined (the workspace folder). */
  roots?: string[];
  maxBytes?: number;
  /** Told of every local image left as a link. */
  onSkipped?: (skipped: SkippedImage) => void;
}

/**
 * Resolves an image `src` of a document at `documentPath` to a data: URI, so the export works offline and
 * from any folder. Only a regular file under the article's folder (or `roots`), symbolic links resolved,
 * and at most `maxBytes` is read: the HTML is meant to be shared, and must not carry a file the article
 * merely names (`../`, an absolute path, a link to /etc/passwd or /dev/zero). Anything else stays as written.
 */
export function imageAsDataUri(documentPath: string, options: ImageInlining = {}): (href: string) => string | undefined {
  const base = path.dirname(documentPath);
  const maxBytes = options.maxBytes ?? MAX_INLINE_IMAGE_BYTES;
  const roots = [base, ...(options.roots ?? [])].map((r) => realpathOrSelf(r));
  const isUnderRoot = (file: string) =>
    roots.some((root) => {
      const rel = path.relative(root, file);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
  return (href) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
    let relative: string;
    try {
      relative = decodeURIComponent(href.split(/[?#]/)[0]);
    } catch {
      return undefined;
    }
    const type = imageTypes[path.extname(relative).toLowerCase()];
    if (!type) return undefined;
    const skip = (reason: SkippedImage['reason']) => void options.onSkipped?.({ href, reason });
    let file: string;
    try {
      file = fs.realpathSync(path.resolve(base, relative));
    } catch {
      return skip('missing');
    }
    if (!isUnderRoot(file)) return skip('outside');
    const read = readRegularFile(file, { maxBytes });
    if (!read.ok) return skip(read.reason === 'wrong-size' ? 'too-large' : read.reason);
    return `data:${type};base64,${read.bytes.toString('base64')}`;
  };
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** One line for a terminal or a log. */
export function describeSkippedImage({ href, reason }: SkippedImage): string {
  const why = {
    outside: "is outside the article's folder",
    'not-a-file': 'is not a regular file',
    'too-large': `is larger than ${MAX_INLINE_IMAGE_BYTES / 1024 / 1024} MB`,
    missing: 'was not found',
  }[reason];
  return `image "${href}" ${why}: left as a link, not inlined`;
}

/**
 * Why the export of `input` must not be written to `out`, or undefined when it may: the article itself
 * (by any path or link to it) is never overwritten, and a folder is not a file.
 */
export function exportTargetProblem(input: string, out: string): string | undefined {
  const target = fs.statSync(out, { throwIfNoEntry: false });
  if (!target) return undefined;
  const source = fs.statSync(input, { throwIfNoEntry: false });
  if (source && source.dev === target.dev && source.ino === target.ino) return `${out} is the article itself: choose another file for the HTML.`;
  if (target.isDirectory()) return `${out} is a folder: give the HTML file's name, e.g. ${path.join(out, path.basename(input).replace(/\.[^.]*$/, '') + '.html')}.`;
  return undefined;
}

export { writeFileAtomic } from '../atomicWrite';
