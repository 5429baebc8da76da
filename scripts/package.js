// `npm run package`: the icon rendered, dist/ emptied, a production build, `vsce package`, then the .vsix
// checked (scripts/packageCheck.js: no source map, no unused font, the manifest's pictures in it, under the
// size limit). Fails, listing the largest files, when the package is over the limit. The walkthrough's
// pictures are the UI tests' screenshots (committed): `npm test` packages after its UI stage, so the
// package it checks holds the pictures of this run.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { createVSIX } = require('@vscode/vsce');
const yauzl = require('yauzl');
const { renderIcon } = require('./icon');
const { PACKAGE_LIMIT_BYTES, largestEntries, manifestPictures, megabytes, packageProblems } = require('./packageCheck');

const repoRoot = path.resolve(__dirname, '..');
const vsix = path.join(repoRoot, 'neural-lens.vsix');

/** Every file entry of the .vsix with its sizes. */
async function vsixEntries(file) {
  const zip = await yauzl.openPromise(file);
  const entries = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('/')) entries.push({ name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize });
    }
  } finally {
    zip.close();
  }
  return entries;
}

async function main() {
  const pictures = manifestPictures(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')));
  await renderIcon();
  const missing = pictures.filter((p) => !fs.existsSync(path.join(repoRoot, p)));
  if (missing.length > 0) {
    console.error(`✘ [ERROR] ${missing.join(', ')} missing: the UI tests take these screenshots (npm run test:e2e), then package again`);
    process.exitCode = 1;
    return;
  }
  // A previous development build leaves source maps and bundles that no longer exist (dist/ is ours).
  fs.rmSync(path.join(repoRoot, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: repoRoot, stdio: 'inherit' });
  // Everything the extension runs is bundled into dist/: no node_modules in the package. The README's
  // pictures and links stay relative: the pictures ship for the walkthrough, but the Extensions view and
  // the Marketplace show a README's pictures from https only (until then, their alt text); vsce rewrites
  // them once package.json names the repository, or with --baseImagesUrl where they are published.
  await createVSIX({ cwd: repoRoot, dependencies: false, packagePath: vsix, rewriteRelativeLinks: false });
  const entries = await vsixEntries(vsix);
  const bytes = fs.statSync(vsix).size;
  const problems = packageProblems(entries, bytes, PACKAGE_LIMIT_BYTES, pictures);
  console.log(`package: ${path.basename(vsix)} ${megabytes(bytes)} (limit ${megabytes(PACKAGE_LIMIT_BYTES)}), ${entries.length} files; largest:`);
  for (const line of largestEntries(entries, 3)) console.log(`  ${line}`);
  for (const problem of problems) console.error(`✘ [ERROR] ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
