// scripts/readmeTables.js: the README's commands and settings tables are package.json's, and stay so.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';

interface Manifest {
  contributes: Record<string, unknown>;
}
interface ReadmeTables {
  readInputs(): { readme: string; manifest: Manifest; nls: Record<string, string> };
  withTables(readme: string, manifest: Manifest, nls: Record<string, string>): string;
  commandsTable(manifest: Manifest, nls: Record<string, string>): string;
  settingsTable(manifest: Manifest, nls: Record<string, string>): string;
}

const repoRoot = path.resolve(__dirname, '../../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tables = require(path.join(repoRoot, 'scripts/readmeTables.js')) as ReadmeTables;

describe('README tables', () => {
  it("README.md's commands and settings tables are package.json's (run `npm run readme` after changing a command or setting)", () => {
    const { readme, manifest, nls } = tables.readInputs();
    assert.equal(readme, tables.withTables(readme, manifest, nls));
  });

  it('lists every setting with its values, default and English description, in the Settings editor order', () => {
    const manifest: Manifest = {
      contributes: {
        configuration: {
          properties: {
            'x.b': { type: 'integer', default: 3, minimum: 1, markdownDescription: '%b%', order: 1 },
            'x.a': { type: 'string', enum: ['one', 'two'], enumDescriptions: ['%one%', 'The second.'], default: 'one', description: 'Plain | piped\ntext' },
            'x.c': { type: 'array', items: { type: 'string' }, default: ['md'] },
          },
        },
      },
    };
    const rows = tables.settingsTable(manifest, { b: 'Uses `code`.', one: 'The first.' }).split('\n').slice(2);
    assert.deepEqual(rows, [
      '| `x.b` | integer (≥ 1) | `3` | Uses `code`. |',
      '| `x.a` | `one`, `two` | `"one"` | Plain \\| piped text `one`: The first; `two`: The second. |',
      '| `x.c` | array of string | `["md"]` |  |',
    ]);
  });

  it('lists the palette commands with their keys, not those hidden from the palette', () => {
    const manifest: Manifest = {
      contributes: {
        commands: [
          { command: 'x.open', title: '%open%', category: 'X' },
          { command: 'x.hidden', title: 'Hidden', category: 'X' },
        ],
        menus: { commandPalette: [{ command: 'x.hidden', when: 'false' }] },
        keybindings: [{ command: 'x.open', key: 'ctrl+k alt+v', mac: 'cmd+k alt+v' }],
      },
    };
    assert.deepEqual(tables.commandsTable(manifest, { open: 'Open' }).split('\n').slice(2), ['| X: Open | Ctrl+K Alt+V (macOS: Cmd+K Alt+V) |']);
  });

  it('says which block is missing rather than dropping a table', () => {
    assert.throws(() => tables.withTables('# no markers\n', { contributes: {} }, {}), /no <!-- commands:start -->/);
  });
});
