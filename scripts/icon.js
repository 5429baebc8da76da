// media/icon.png (the Marketplace and Extensions view icon, 128 px) rendered from its drawing,
// media/icon-marketplace.svg, by headless Chromium (playwright-core, the tests' browser). A made picture,
// not a committed one: `npm run package` renders it before packaging; `npm run icon` on its own.
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const svg = path.join(repoRoot, 'media/icon-marketplace.svg');
const png = path.join(repoRoot, 'media/icon.png');
const SIZE = 128;

/** Renders media/icon.png; returns its path. */
async function renderIcon() {
  const executablePath = process.env.NL_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`the icon is rendered by Chromium, and there is none at ${executablePath} (install chromium, or set NL_CHROMIUM)`);
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${fs.readFileSync(svg, 'utf8')}</body></html>`);
    await page.locator('svg').screenshot({ path: png, omitBackground: true });
  } finally {
    await browser.close();
  }
  return png;
}

module.exports = { renderIcon };

if (require.main === module) {
  renderIcon().then(
    (file) => console.log(`${path.relative(repoRoot, file)}: ${fs.statSync(file).size} bytes, ${SIZE}×${SIZE}`),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
