// scripts/packageCheck.js: what `npm run package` (after the UI stage of `npm test`) refuses to ship.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Entry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}
interface PackageCheck {
  PACKAGE_LIMIT_BYTES: number;
  packageProblems(entries: Entry[], vsixBytes: number, limitBytes?: number, pictures?: string[]): string[];
  manifestPictures(manifest: unknown): string[];
}

const repoRoot = path.resolve(__dirname, '../../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const check = require(path.join(repoRoot, 'scripts/packageCheck.js')) as PackageCheck;

const entry = (name: string, compressedSize = 1000): Entry => ({ name, compressedSize, uncompressedSize: compressedSize * 3 });
const shipped = [entry('extension/package.json'), entry('extension/dist/extension.js', 40_000), entry('extension/dist/media/fonts/KaTeX_Main-Regular-ARRPAO67.woff2', 26_000)];

describe('package check', () => {
  it('accepts bundles, woff2 fonts and a package under the limit', () => {
    assert.deepEqual(check.packageProblems(shipped, 2_800_000), []);
    assert.equal(check.PACKAGE_LIMIT_BYTES, 3 * 1024 * 1024);
  });

  it('refuses a source map, however it got into dist/', () => {
    const problems = check.packageProblems([...shipped, entry('extension/dist/worker.js.map'), entry('extension/dist/media/preview.JS.MAP')], 2_800_000);
    assert.deepEqual(problems, ['extension/dist/worker.js.map is a source map', 'extension/dist/media/preview.JS.MAP is a source map']);
  });

  it('refuses the woff and ttf fonts the webviews never load', () => {
    const problems = check.packageProblems([...shipped, entry('extension/dist/media/fonts/KaTeX_Main-Regular-P5I74A2A.woff'), entry('extension/dist/media/fonts/KaTeX_Main-Regular-W74P5G27.ttf')], 2_800_000);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /\.woff is a font the webviews never load/);
    assert.match(problems[1], /\.ttf is a font the webviews never load/);
  });

  it('refuses a package over the limit, listing its largest files first', () => {
    const big = [...shipped, entry('extension/dist/sanitizer.js', 1_204_071)];
    const [problem, ...rest] = check.packageProblems(big, 3_300_000);
    assert.deepEqual(rest, []);
    assert.match(problem, /^the package is 3\.15 MB, over the 3\.00 MB limit; its largest files \(compressed\):\n/);
    const listed = problem.split('\n').slice(1).map((line) => line.trim().split(/\s+/)[2]);
    assert.deepEqual(listed, ['extension/dist/sanitizer.js', 'extension/dist/extension.js', 'extension/dist/media/fonts/KaTeX_Main-Regular-ARRPAO67.woff2', 'extension/package.json']);
  });

  it("names the manifest's pictures (the icon, the walkthrough's screenshots), and the README shows no other", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as unknown;
    const pictures = check.manifestPictures(manifest);
    assert.deepEqual(pictures, ['media/icon.png', 'media/screenshots/preview.png', 'media/screenshots/training.png', 'media/screenshots/sentiment.png', 'media/screenshots/dashboard.png']);
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(shown.length >= 3, `the README shows ${shown.length} pictures`);
    assert.deepEqual(shown.filter((p) => !pictures.includes(p)), [], 'a README picture the package does not ship');
  });

  it('refuses a package without a picture the manifest shows', () => {
    const pictures = ['media/icon.png', 'media/screenshots/preview.png'];
    assert.deepEqual(check.packageProblems([...shipped, entry('extension/media/icon.png')], 2_800_000, undefined, pictures), ['media/screenshots/preview.png is missing: the manifest shows it']);
    assert.deepEqual(check.packageProblems([...shipped, entry('extension/media/icon.png'), entry('extension/media/screenshots/preview.png')], 2_800_000, undefined, pictures), []);
  });

  it('takes another limit when given one', () => {
    assert.equal(check.packageProblems(shipped, 2_000_000, 1_000_000).length, 1);
  });
});
