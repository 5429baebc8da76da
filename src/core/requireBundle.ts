// Run-time loading of the heavy halves of the code, shared by the lazy loaders (parsersLoader.ts,
// tfjsLoader.ts, the CLI's `render`). One rule for both ways the code runs: from a bundle in
// dist/ the sibling bundle is required; from the compiled sources in out/ (unit tests, benches) the module
// that bundle is built from.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The same rule for a file run rather than required (a worker thread's entry): `dir/bundle` when it exists, else `dir/source`. */
export function bundleFile(dir: string, bundle: string, source: string): string {
  const bundled = path.join(dir, bundle);
  return fs.existsSync(bundled) ? bundled : path.join(dir, source);
}

/**
 * Requires `dir/bundle` when it exists, else `dir/source`. `dir` is the caller's `__dirname`: dist/ inside a
 * bundle, the source file's own folder under out/. The path is computed at run time, so esbuild leaves a
 * plain require() here instead of inlining the module into the caller's bundle.
 */
export function requireBundle<T>(dir: string, bundle: string, source: string): T {
  const file = bundleFile(dir, bundle, source);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time path, on purpose
  return require(file) as T;
}
