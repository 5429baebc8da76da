// The core's import graph: no cycles (type-only imports included, they tie modules together just the same),
// and nothing imported from outside src/core. Imports are read with TypeScript's own pre-processor.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { repoRoot } from '../../harness/paths';

const CORE = path.join(repoRoot, 'src', 'core');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The project files `file` imports (relative specifiers resolved to .ts files; packages left out). */
function localImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => {
      const base = path.resolve(path.dirname(file), name);
      const found = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
      assert.ok(found, `${path.relative(repoRoot, file)} imports ${name}, which is not a source file`);
      return found;
    });
}

/** One cycle of the graph as a list of files (first = last), or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

describe('src/core imports', () => {
  const files = sourceFiles(CORE);
  const graph = new Map(files.map((f) => [f, localImports(f)]));

  it('form no cycle, type-only imports included', () => {
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `import cycle: ${cycle?.map((f) => path.relative(CORE, f)).join(' → ')}`);
  });

  it('finds a cycle when there is one (the check above can fail)', () => {
    assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', []]])), ['a', 'b', 'c', 'a']);
    assert.equal(findCycle(new Map([['a', ['b']], ['b', []], ['c', ['a', 'b']]])), undefined);
  });

  it('stay inside src/core', () => {
    const outside = [...graph].flatMap(([file, imports]) => imports.filter((i) => !i.startsWith(CORE + path.sep)).map((i) => `${path.relative(CORE, file)} → ${path.relative(repoRoot, i)}`));
    assert.deepEqual(outside, []);
  });
});
