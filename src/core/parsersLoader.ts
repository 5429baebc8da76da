import type * as ParsersBundle from './parsersBundle';
import { requireBundle } from './requireBundle';

export type ParsersModule = typeof ParsersBundle;

let loaded: ParsersModule | undefined;

/**
 * markdown-it and csv-parse for the extension host, loaded on first use (the first Markdown or CSV line
 * selection, the first training column picker) rather than at activation: dist/parsers.js beside
 * dist/extension.js, or parsersBundle.js beside this file when running from out/ (tests, benches).
 */
export function loadParsers(): ParsersModule {
  loaded ??= requireBundle<ParsersModule>(__dirname, 'parsers.js', 'parsersBundle.js');
  return loaded;
}
