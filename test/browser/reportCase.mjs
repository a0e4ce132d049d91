// The standalone report: built by buildReportHtml from the real bundle, opened from a file:// URL
// with the network off, checked like the dashboard (views draw, no CSP violations, no requests).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { charts, openTab, screenshot, settle, OUT } from './harness.mjs';

/** Loads src/core/report/htmlReport.ts (TypeScript) by bundling it in memory. */
async function loadBuilder() {
  const out = await esbuild.build({ entryPoints: ['src/core/report/htmlReport.ts'], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'error' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

/** Writes the report of `result` and returns its file:// URL. */
export async function writeReport(result, name) {
  const { buildReportHtml } = await loadBuilder();
  const html = buildReportHtml(result, readFileSync('dist/webview/dashboard.js', 'utf8'), readFileSync('dist/webview/dashboard.css', 'utf8'));
  const file = resolve(OUT, `${name}.html`);
  writeFileSync(file, html);
  return { url: pathToFileURL(file).href, html };
}

export function reportCase(result, scheme) {
  return {
    name: `report-${scheme}`,
    async run(t, page, html) {
      t.check(!/<script[^>]+src=|<link[^>]+href=/i.test(html), 'the report references no external script or stylesheet');
      t.check(html.includes("script-src 'nonce-") && !html.includes('unsafe-eval'), 'the report has a nonce-only script CSP without unsafe-eval');
      await settle(page);
      const tabs = await page.$$eval('vscode-panel-tab', (all) => all.filter((x) => !x.hasAttribute('hidden')).map((x) => x.dataset.tab));
      t.same(tabs, ['summary', 'labels', 'anchors', 'layers', 'baseline'], 'report tabs: no Sensitivity, Compare or Projection');
      t.check(!(await page.$('vscode-button[data-action="rerun"]')), 'no Re-run in the report');
      t.check((await page.getAttribute('body', 'class')).includes(`vscode-${scheme}`), `theme follows prefers-color-scheme (${scheme})`);
      for (const tab of tabs) {
        await openTab(page, tab);
        const list = await charts(page);
        t.check(list.length > 0, `${tab}: has charts`);
        for (const c of list) t.check(c.rendered && c.marks > 0, `${tab}: chart ${c.name} drew ${c.marks} marks`);
        if (tab === 'summary' || tab === 'layers') await screenshot(page, `report-${tab}-${scheme}`);
      }
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('vscode-button[data-action="export-json"]')]);
      t.check(download.suggestedFilename().endsWith('.entropy.json'), `Export JSON downloads ${download.suggestedFilename()}`);
      await openTab(page, 'layers');
      const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart^="layers-entropy"] vscode-button[data-action="save-png"]')]);
      t.check(png.suggestedFilename() === 'layers-entropy.png', `chart PNG downloads (${png.suggestedFilename()})`);
    },
  };
}
