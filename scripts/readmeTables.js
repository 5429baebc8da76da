// The README's commands and settings tables, generated from package.json (and its English titles in
// package.nls.json), so that they never drift from the manifest: `npm run readme` rewrites the blocks
// between <!-- commands:start/end --> and <!-- settings:start/end -->, and a unit test fails while the
// README's blocks differ from what this file generates. Anything it does not know (a new setting type,
// a missing description) is still listed, with what it has.
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');

/** `%key%` → its English text; anything else as written. */
function localise(text, nls) {
  if (typeof text !== 'string') return '';
  const m = /^%(.+)%$/.exec(text);
  return m ? (nls[m[1]] ?? text) : text;
}

/** A table cell: one line, no column break. */
function cell(text) {
  return String(text).replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
}

function code(text) {
  return `\`${String(text).replace(/`/g, "'")}\``;
}

/** `ctrl+k alt+v` → `Ctrl+K Alt+V`, as VS Code's keyboard shortcuts editor writes them. */
function keyText(key) {
  const names = { ctrl: 'Ctrl', shift: 'Shift', alt: 'Alt', cmd: 'Cmd', meta: 'Meta', win: 'Win' };
  return key
    .split(' ')
    .map((chord) => chord.split('+').map((part) => names[part] ?? (part.length === 1 ? part.toUpperCase() : part[0].toUpperCase() + part.slice(1))).join('+'))
    .join(' ');
}

function defaultText(value) {
  if (value === undefined) return '';
  return code(JSON.stringify(value));
}

function typeText(schema) {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => code(v)).join(', ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? '');
  if (type === 'array' && schema.items?.type) return `array of ${schema.items.type}`;
  const range = [schema.minimum !== undefined && `≥ ${schema.minimum}`, schema.maximum !== undefined && `≤ ${schema.maximum}`].filter(Boolean).join(', ');
  return range ? `${type} (${range})` : type;
}

/** The settings in the order the Settings editor shows them (`order`, then name). */
function settingsTable(manifest, nls) {
  const sections = [manifest.contributes?.configuration ?? []].flat();
  const rows = sections.flatMap((section) => Object.entries(section.properties ?? {}));
  rows.sort(([a, sa], [b, sb]) => (sa.order ?? Infinity) - (sb.order ?? Infinity) || a.localeCompare(b));
  const lines = ['| Setting | Values | Default | What it does |', '|---|---|---|---|'];
  for (const [name, schema] of rows) {
    const choices = (schema.enumDescriptions ?? []).map((d, i) => `${code(schema.enum?.[i])}: ${localise(d, nls).replace(/\.$/, '')}`);
    const description = [localise(schema.markdownDescription ?? schema.description, nls), choices.length ? `${choices.join('; ')}.` : ''].filter(Boolean).join(' ');
    lines.push(`| ${code(name)} | ${cell(typeText(schema))} | ${cell(defaultText(schema.default))} | ${cell(description)} |`);
  }
  return lines.join('\n');
}

/** The commands a user can run from the palette (those hidden from it are left out), with their keys. */
function commandsTable(manifest, nls) {
  const contributes = manifest.contributes ?? {};
  const hidden = new Set((contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
  const keys = new Map();
  for (const k of contributes.keybindings ?? []) {
    const text = k.mac && k.mac !== k.key ? `${keyText(k.key)} (macOS: ${keyText(k.mac)})` : keyText(k.key);
    keys.set(k.command, [...(keys.get(k.command) ?? []), text]);
  }
  const lines = ['| Command | Keys |', '|---|---|'];
  for (const c of contributes.commands ?? []) {
    if (hidden.has(c.command)) continue;
    const title = [localise(c.category, nls), localise(c.title, nls)].filter(Boolean).join(': ');
    lines.push(`| ${cell(title)} | ${cell((keys.get(c.command) ?? []).join(', '))} |`);
  }
  return lines.join('\n');
}

const BLOCKS = { commands: commandsTable, settings: settingsTable };

/** `readme` with each marked block replaced by its generated table; throws on a missing marker. */
function withTables(readme, manifest, nls) {
  let out = readme;
  for (const [name, generate] of Object.entries(BLOCKS)) {
    const re = new RegExp(`(<!-- ${name}:start[^>]*-->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
    out = out.replace(re, (_, start, end) => `${start}${generate(manifest, nls)}\n${end}`);
  }
  return out;
}

function readInputs(root = repoRoot) {
  return {
    readme: fs.readFileSync(path.join(root, 'README.md'), 'utf8'),
    manifest: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')),
    nls: JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')),
  };
}

if (require.main === module) {
  const { readme, manifest, nls } = readInputs();
  const updated = withTables(readme, manifest, nls);
  if (updated !== readme) fs.writeFileSync(path.join(repoRoot, 'README.md'), updated);
  console.log(updated === readme ? 'README.md: tables already current' : 'README.md: commands and settings tables rewritten');
}

module.exports = { commandsTable, settingsTable, withTables, readInputs };
