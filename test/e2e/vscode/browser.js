// Debian's Chromium, headless, with a fresh profile, as both e2e scripts drive it. Background networking
// and component updates are off: this machine's network is closed and Chromium would keep retrying.
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** Opens the browser; `close()` also removes the profile. */
exports.openBrowser = async function openBrowser(viewport) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  const close = async () => {
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { page, close };
};
