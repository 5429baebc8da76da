// The file-system side of the standalone export, shared by the CLI and the extension's Export command.
import * as fs from 'node:fs';
import * as path from 'node:path';
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

/**
 * Resolves an image `src` of a document at `documentPath` to a data: URI, so the export works
 * offline and from any folder. Remote and data: URLs stay as written; unreadable files too.
 */
export function imageAsDataUri(documentPath: string): (href: string) => string | undefined {
  const base = path.dirname(documentPath);
  return (href) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
    let relative: string;
    try {
      relative = decodeURIComponent(href.split(/[?#]/)[0]);
    } catch {
      return undefined;
    }
    const file = path.resolve(base, relative);
    const type = imageTypes[path.extname(file).toLowerCase()];
    if (!type || !fs.existsSync(file)) return undefined;
    return `data:${type};base64,${fs.readFileSync(file).toString('base64')}`;
  };
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

/** Writes through a temporary file and a rename: a failed export never leaves half a file behind. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
