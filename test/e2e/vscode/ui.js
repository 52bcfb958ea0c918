// Drives the real VS Code workbench (code-server) as a user would: opens the example module from the
// Explorer, asks for completion, hovers, and looks at a diagnostic squiggle. Saves screenshots of each
// step into the folder given as the last argument (the README uses them), and one on failure.
const { openBrowser } = require('./browser');
const fs = require('fs');
const path = require('path');

const [base, ext, ws, shots] = process.argv.slice(2);
const host = new URL(base).host;
const payload = [['extensionDevelopmentPath', `vscode-remote://${host}${ext}`]];

async function retry(what, attempt, tries = 40) {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= tries) throw new Error(`${what}: ${e.message}`);
    }
  }
}

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const t0 = Date.now();
  const lap = (m) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const { page, close } = await openBrowser({ width: 1280, height: 900 });
  try {
    await page.goto(`${base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    lap('workbench visible');

    const openFile = async (name, firstLine) => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().dblclick({ timeout: 60000 });
      await page.waitForSelector(`.monaco-editor .view-line:has-text("${firstLine}")`, { timeout: 30000 });
    };

    await openFile('demo.te', 'policy_module');
    lap('demo.te open');
    const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('allow demo_t self:tcp_socket ');
    // The server's permission list for tcp_socket (name_bind is a socket permission).
    const row = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'name_bind' });
    await retry('completion row name_bind', async () => {
      await page.keyboard.press('Control+Space');
      try {
        await row.first().waitFor({ timeout: 1500 });
      } catch (e) {
        await page.keyboard.press('Escape');
        throw e;
      }
    });
    lap('completion lists the tcp_socket permissions');
    await page.screenshot({ path: path.join(shots, 'completion.png') });
    await page.keyboard.press('Escape');
    // Remove the typed line again.
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');

    await page.keyboard.press('Control+Home');
    await retry('hover on files_read_etc_files', async () => {
      await page.locator('.monaco-editor .view-line span', { hasText: 'files_read_etc_files' }).first().hover({ position: { x: 30, y: 5 }, timeout: 3000 });
      await page.locator('.monaco-hover:visible', { hasText: 'Expands here to' }).first().waitFor({ timeout: 2000 });
    }, 20);
    lap('hover shows the interface docs and its expansion');
    // Let the fade-in animation finish so the screenshot shows the hover as a user sees it.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: 5000 }).catch(() => {});
    await page.screenshot({ path: path.join(shots, 'hover.png') });
    await page.mouse.move(5, 5);

    // A module that uses a type it neither declares nor requires: checkmodule's "unknown type" error.
    await openFile('fixme.te', 'policy_module');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 30000 });
    lap('unknown-type squiggle on fixme.te');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'unknown type etc_t' }).first().waitFor({ timeout: 15000 });
    await page.screenshot({ path: path.join(shots, 'diagnostics.png') });

    // "SELinux: Which file context applies to a path…" from the command palette.
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.keyboard.type('SELinux: Which file context applies');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Which file context applies to a path' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget:visible', { hasText: 'Which file context applies to a path' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.type('/var/log/webapp/archive/2026.log');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'regular file' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.type('regular file');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget:visible', { hasText: 'webapp_var_lib_t' }).first().waitFor({ timeout: 30000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'beaten' }).first().waitFor({ timeout: 15000 });
    lap('fc-match: /var/log/webapp/archive/2026.log is labelled webapp_var_lib_t, beating webapp.fc');
    await page.screenshot({ path: path.join(shots, 'fc-match.png') });
    await page.keyboard.press('Escape');

    // "SELinux: Import denials…" from the audit log into webapp.te, through VS Code's refactor preview.
    await openFile('audit.log', 'type=AVC');
    await page.keyboard.press('F1');
    await page.keyboard.type('SELinux: Import denials');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Import denials' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'From audit.log' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'webapp.te' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.type('webapp.te');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'allow rules' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.type('allow rules');
    await page.keyboard.press('Enter');
    // A diff of webapp.te with the imported rules, and a question, before anything is applied.
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30000 });
    const apply = page.locator('.notifications-toasts .monaco-button', { hasText: 'Apply' }).first();
    await apply.waitFor({ timeout: 30000 });
    lap('import denials: a diff preview of webapp.te and an Apply button');
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: 5000 }).catch(() => {});
    await page.screenshot({ path: path.join(shots, 'import-denials.png') });
    await apply.click();
    await page.locator('.notifications-toasts', { hasText: 'Imported' }).first().waitFor({ timeout: 30000 });
    lap('import denials applied');
    console.log('UI RESULT: PASS');
  } catch (e) {
    console.log('UI RESULT: FAIL', e.message);
    await page.screenshot({ path: path.join(shots, 'ui-failure.png') }).catch(() => {});
    process.exitCode = 1;
  } finally {
    await close();
  }
})();
