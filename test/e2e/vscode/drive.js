// Opens code-server's workbench in Debian's Chromium with the extension loaded unpacked
// (extensionDevelopmentPath) and the integration suite (extensionTestsPath). VS Code reports the suite's
// outcome through window.codeAutomationExit, which this script exposes and turns into its exit code.
const { openBrowser } = require('./browser');
const fs = require('fs');
const path = require('path');

const [base, ext, tests, ws, shots] = process.argv.slice(2);
const host = new URL(base).host;
const payload = [
  ['extensionDevelopmentPath', `vscode-remote://${host}${ext}`],
  ['extensionTestsPath', `vscode-remote://${host}${tests}`],
];

(async () => {
  const { page, close } = await openBrowser({ width: 1280, height: 800 });
  const done = new Promise((resolve) => page.exposeFunction('codeAutomationExit', resolve));
  page.on('console', (m) => {
    const t = m.text();
    if (/E2E:|AssertionError|Error:|FAIL/.test(t) && !/open-vsx|ERR_NAME_NOT_RESOLVED|404/.test(t)) console.log('[workbench]', t.slice(0, 800));
  });
  await page.goto(`${base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 180000));
  const code = await Promise.race([done, timeout]);
  if (code !== 0 && shots) {
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'integration-failure.png') }).catch(() => {});
  }
  await close();
  console.log('integration suite exit code:', code);
  process.exit(code === 0 ? 0 : 1);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
