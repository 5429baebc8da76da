// Where the links and images of an article point, as the article panel follows them: web and mail links open
// outside, other schemes (javascript:, command:, file:…) are never followed from an article, and the rest is a
// path beside the article, decoded, with an optional `#L12` line. Pure: the panel turns the answer into URIs.

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** An image `src` as a local path: relative to the article's folder, or with a leading '/' to its workspace folder. */
export interface LocalResource {
  /** Decoded, without query or fragment, without the leading '/' when `fromWorkspaceRoot`. */
  path: string;
  /** The path started with '/': the workspace folder is its base (the article's folder when there is none). */
  fromWorkspaceRoot: boolean;
}

/** The local file an image `src` names, or undefined for a URL (a scheme, or `//host`) or an undecodable path. */
export function localResource(href: string): LocalResource | undefined {
  if (SCHEME.test(href) || href.startsWith('//')) return undefined;
  let target: string;
  try {
    target = decodeURIComponent(href.split(/[?#]/)[0]);
  } catch {
    return undefined;
  }
  const fromWorkspaceRoot = target.startsWith('/');
  return { path: fromWorkspaceRoot ? target.slice(1) : target, fromWorkspaceRoot };
}

export type LinkTarget =
  /** http, https, mailto: the system opens it. */
  | { kind: 'external' }
  /** Any other scheme, or an undecodable path: nothing happens. */
  | { kind: 'ignored' }
  /** A file beside the article (`file`, decoded; absent: the article itself), at a 1-based line from `#L12`. */
  | { kind: 'document'; file?: string; line?: number };

/** What a click on the link `href` in an article opens. */
export function linkTarget(href: string): LinkTarget {
  const scheme = SCHEME.exec(href)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https' || scheme === 'mailto') return { kind: 'external' };
  if (scheme) return { kind: 'ignored' };
  const [file, fragment] = href.split('#', 2);
  let decoded: string | undefined;
  if (file) {
    try {
      decoded = decodeURIComponent(file);
    } catch {
      return { kind: 'ignored' };
    }
  }
  const lineMatch = fragment ? /^L(\d+)/.exec(fragment) : null;
  return { kind: 'document', file: decoded, line: lineMatch ? Number(lineMatch[1]) : undefined };
}
