// Tokenises Markdown the way VS Code does: the real Markdown grammar (from tm-grammars, the same grammar
// VS Code ships) with our two injection grammars injected into text.html.markdown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar } from 'vscode-textmate';
import type { IGrammar, StateStack } from 'vscode-textmate';

export const repoRoot = path.resolve(__dirname, '../../../..');

/** The grammars package.json contributes, keyed by scope name. */
function contributedGrammars(): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { grammars: { scopeName: string; path: string }[] };
  };
  return new Map(manifest.contributes.grammars.map((g) => [g.scopeName, path.join(repoRoot, g.path)]));
}

const hostGrammars: Record<string, string> = {
  'text.html.markdown': require.resolve('tm-grammars/grammars/markdown.json'),
};

let grammarPromise: Promise<IGrammar> | undefined;

export function markdownGrammar(): Promise<IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const ours = contributedGrammars();
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = ours.get(scopeName) ?? hostGrammars[scopeName];
        // Grammars Markdown embeds for other fence languages are not needed here.
        if (!file) return null;
        return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      },
      getInjections: (scopeName: string) => (scopeName === 'text.html.markdown' ? [...ours.keys()] : undefined),
    });
    const grammar = await registry.loadGrammar('text.html.markdown');
    if (!grammar) throw new Error('the Markdown grammar did not load');
    return grammar;
  })();
  return grammarPromise;
}

export interface Token {
  line: number;
  text: string;
  scopes: string[];
}

export async function tokenize(markdown: string): Promise<Token[]> {
  const grammar = await markdownGrammar();
  const tokens: Token[] = [];
  let state: StateStack = INITIAL;
  markdown.split('\n').forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, state);
    for (const t of result.tokens) {
      tokens.push({ line, text: lineText.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** The scopes of the first token on `line` whose text contains `needle` (fails loudly if none). */
export function scopesOf(tokens: Token[], line: number, needle: string): string[] {
  const token = tokens.find((t) => t.line === line && t.text.includes(needle));
  if (!token) {
    const seen = tokens.filter((t) => t.line === line).map((t) => JSON.stringify(t.text));
    throw new Error(`no token containing ${JSON.stringify(needle)} on line ${line}; tokens: ${seen.join(' ')}`);
  }
  return token.scopes;
}

export function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
}

/** Every scope used anywhere on `line`. */
export function lineScopes(tokens: Token[], line: number): Set<string> {
  return new Set(tokens.filter((t) => t.line === line).flatMap((t) => t.scopes));
}
