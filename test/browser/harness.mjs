// The browser tier's machinery: a loopback server that serves the built webview in a page with the
// dashboard's CSP, a stub VS Code API, Chromium via playwright-core, and small helpers.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { THEMES, themeStyle } from './vscodeThemes.mjs';

export const OUT = 'test-results/browser';
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };

/** The stub acquireVsCodeApi: records posted messages, keeps state in sessionStorage (survives reloads). */
const STUB = `
window.__posted = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('acquireVsCodeApi called twice');
  acquired = true;
  return {
    postMessage: (m) => window.__posted.push(structuredClone(m)), // VS Code clones too (typed arrays survive)
    getState: () => JSON.parse(sessionStorage.getItem('vscode-state') || 'null') ?? undefined,
    setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
  };
};`;

/** The dashboard page, as src/dashboard/html.ts builds it (same CSP, with 'self' for cspSource). */
function page(theme) {
  const n = randomBytes(16).toString('base64');
  const csp = ["default-src 'none'", `script-src 'nonce-${n}'`, "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "font-src 'self'"].join('; ');
  const t = THEMES[theme];
  return `<!DOCTYPE html>
<html lang="en" style="${themeStyle(theme).replace(/"/g, '&quot;')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/dist/webview/dashboard.css">
<title>Entropy</title>
<script nonce="${n}">${STUB}</script>
</head>
<body class="${t.bodyClass}" data-vscode-theme-kind="${t.bodyClass}">
<main id="app" aria-live="polite"></main>
<script nonce="${n}" src="/dist/webview/dashboard.js" data-gpu="/dist/webview/gpu.js"></script>
</body>
</html>`;
}

/** Serves /page?theme=… and the files under dist/webview on 127.0.0.1. */
export async function startServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(url.searchParams.get('theme') ?? 'light'));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
    if (!path.startsWith('dist/webview/')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(process.cwd(), path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const GL_PERFORMANCE_NOTE = /^\[\.WebGL-0x[0-9a-f]+\]GL Driver Message \(OpenGL, Performance, /;

/** One test's page with its problem log: console errors/warnings, page errors, CSP violations, stray requests. */
export async function openPage(browser, { origin, url, colorScheme = 'light', offline = false }) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, colorScheme, acceptDownloads: true });
  if (offline) await context.setOffline(true);
  const p = await context.newPage();
  const problems = [];
  p.on('console', (m) => {
    // Chromium's own performance notes on WebGL (gpu.js reads results back with a synchronous
    // readPixels, which stalls the pipeline) are not page problems; every other warning is.
    if (m.type() === 'warning' && GL_PERFORMANCE_NOTE.test(m.text())) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('request', (r) => {
    const u = r.url();
    const local = origin ? u.startsWith(origin) : u.startsWith('file:');
    if (!local && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`request outside the page's origin: ${u}`);
  });
  // Listens for CSP violations before any page script (CDP-injected, so not itself subject to the CSP).
  await p.addInitScript(() => {
    window.__cspSeen = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspSeen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample ?? ''}`));
  });
  await p.goto(url);
  return { page: p, context, problems };
}

/** Waits until every chart has finished embedding (and a frame has been drawn). */
export async function settle(page) {
  await page.waitForFunction(() => window.__embeddingEntropy && window.__embeddingEntropy.charts.pending() === 0, null, { timeout: 15000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Delivers a host → webview message. */
export async function post(page, message) {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  await settle(page);
}

export const posted = (page) => page.evaluate(() => window.__posted ?? []);
export const charts = (page) => page.evaluate(() => window.__embeddingEntropy.charts.charts());
export const violations = (page) => page.evaluate(() => [...(window.__cspSeen ?? []), ...(window.__violations ?? [])]);

/** Clicks a dashboard tab and waits for its view. */
export async function openTab(page, id) {
  await page.click(`#tab-${id}`);
  await page.waitForSelector(`[data-view="${id}"] .view`, { timeout: 10000 });
  await settle(page);
}

/** Switches the page to another VS Code theme the way VS Code does (variables on <html>, body class). */
export async function setTheme(page, name) {
  const t = THEMES[name];
  await page.evaluate(({ vars, bodyClass }) => {
    // VS Code replaces the whole set: variables of the previous theme do not linger.
    document.documentElement.removeAttribute('style');
    const root = document.documentElement.style;
    for (const [k, v] of Object.entries(vars)) root.setProperty(`--vscode-${k}`, v);
    document.body.className = bodyClass;
    document.body.dataset.vscodeThemeKind = bodyClass;
  }, t);
  await page.waitForTimeout(50);
  await settle(page);
}

/** Picks a value in a toolkit dropdown (identified by data-control) with the keyboard-free API. */
export async function choose(page, control, value) {
  await page.evaluate(
    ({ control, value }) => {
      const dd = document.querySelector(`vscode-dropdown[data-control="${control}"]`);
      if (!dd) throw new Error(`no dropdown ${control}`);
      dd.value = value;
      dd.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { control, value },
  );
  await settle(page);
}

/** Types into a toolkit text field (data-control), firing input and change as a user would. */
export async function typeInto(page, control, text) {
  const input = page.locator(`vscode-text-field[data-control="${control}"] >> input`);
  await input.fill(text);
  await input.press('Tab');
  await page.waitForTimeout(250);
  await settle(page);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
}

export { THEMES };
