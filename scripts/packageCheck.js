// What the .vsix may hold, decided on its list of entries (unit-tested in test/unit/harness). A package
// ships only what the installed extension runs: no source map (the production build writes none, and
// a stale one from a development build must not ride along), no font the webviews never load (they are
// Chromium and read the woff2 of every KaTeX font), every picture the manifest shows (taken by the UI tests:
// a missing one would be a broken image), and its size stays under the limit.

/** Largest .vsix accepted: what the extension runs measured 2.9 MB (docs/architecture.md, Bundles). */
const PACKAGE_LIMIT_BYTES = 3 * 1024 * 1024;

/** Entries that must not be in the package, and why. */
const FORBIDDEN = [
  { pattern: /\.map$/i, why: 'a source map' },
  { pattern: /\.(ttf|woff|eot|otf)$/i, why: 'a font the webviews never load (they read woff2)' },
];

/**
 * The pictures `manifest` (package.json) shows, relative to the extension's folder: its icon and its
 * walkthrough steps' images. The icon is rendered by `npm run package` (scripts/icon.js), the others are
 * the screenshots the UI tests take (test/harness/readmeScreenshots.ts).
 */
function manifestPictures(manifest) {
  const steps = (manifest.contributes?.walkthroughs ?? []).flatMap((w) => w.steps ?? []);
  const images = steps.map((s) => s.media?.image).filter((image) => typeof image === 'string');
  return [...new Set([manifest.icon, ...images].filter(Boolean))];
}

/**
 * What is wrong with a package of `vsixBytes` bytes holding `entries` ({name, compressedSize,
 * uncompressedSize}): an empty list when nothing. `pictures`: the manifest's (manifestPictures), which
 * must be in it.
 */
function packageProblems(entries, vsixBytes, limitBytes = PACKAGE_LIMIT_BYTES, pictures = []) {
  const problems = [];
  for (const { name } of entries) {
    const rule = FORBIDDEN.find((r) => r.pattern.test(name));
    if (rule) problems.push(`${name} is ${rule.why}`);
  }
  const names = new Set(entries.map((e) => e.name));
  for (const picture of pictures) {
    if (!names.has(`extension/${picture}`)) problems.push(`${picture} is missing: the manifest shows it`);
  }
  if (vsixBytes > limitBytes) {
    problems.push(`the package is ${megabytes(vsixBytes)}, over the ${megabytes(limitBytes)} limit; its largest files (compressed):\n${largestEntries(entries, 10).map((line) => `  ${line}`).join('\n')}`);
  }
  return problems;
}

/** The `count` largest entries by compressed size, one line each. */
function largestEntries(entries, count) {
  return [...entries]
    .sort((a, b) => b.compressedSize - a.compressedSize)
    .slice(0, count)
    .map((e) => `${megabytes(e.compressedSize).padStart(8)}  ${e.name} (${megabytes(e.uncompressedSize)} unpacked)`);
}

function megabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

module.exports = { PACKAGE_LIMIT_BYTES, manifestPictures, packageProblems, largestEntries, megabytes };
