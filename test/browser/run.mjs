// Browser tier: builds the webview bundle and runs the dashboard in headless Debian Chromium with
// the real CSP, light and dark; then the standalone report from a file:// URL, offline.
//   node --import tsx test/browser/run.mjs [--production] [case-name-filter…]
// (--production tests the minified bundle that ships.)
// Screenshots go to test-results/browser/. The last line is "N passed, N failed".
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { CASES } from './cases.mjs';
import { OUT, launch, openPage, startServer, violations } from './harness.mjs';
import { reportCase, writeReport } from './reportCase.mjs';
import { runGpuTable } from './webviewGpu.ts';

const production = process.argv.includes('--production');
const filter = process.argv.slice(2).filter((a) => a !== '--production');
const wanted = (name) => !filter.length || filter.some((f) => name.includes(f));
const started = Date.now();
mkdirSync(OUT, { recursive: true });
execFileSync(process.execPath, ['esbuild.mjs', ...(production ? ['--production'] : [])], { stdio: 'inherit' });

/** A checker: records failed checks with their message. */
function checker(name, theme) {
  const failures = [];
  const fmt = (v) => JSON.stringify(v);
  return {
    name,
    theme,
    failures,
    check(ok, message) {
      if (!ok) failures.push(message);
    },
    same(actual, expected, message) {
      if (fmt(actual) !== fmt(expected)) failures.push(`${message}: got ${fmt(actual)}, want ${fmt(expected)}`);
    },
  };
}

const { server, origin } = await startServer();
const browser = await launch();
let passed = 0;
let failed = 0;

async function runOne(label, t, open, body) {
  const t0 = Date.now();
  let session;
  try {
    session = await open();
    await body(session.page);
    t.failures.push(...session.problems);
    const seen = await violations(session.page);
    for (const v of seen) t.failures.push(`CSP violation: ${v}`);
  } catch (e) {
    t.failures.push(`threw: ${e instanceof Error ? e.stack : String(e)}`);
    if (session) t.failures.push(...session.problems);
  } finally {
    await session?.context.close();
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (t.failures.length) {
    failed++;
    console.log(`✗ ${label} (${secs} s)`);
    for (const f of t.failures) console.log(`    ${f}`);
  } else {
    passed++;
    console.log(`✓ ${label} (${secs} s)`);
  }
}

try {
  for (const theme of ['light', 'dark']) {
    for (const c of CASES) {
      if (!wanted(c.name)) continue;
      const t = checker(c.name, theme);
      await runOne(`${c.name} [${theme}]`, t, () => openPage(browser, { origin, url: `${origin}/page?theme=${theme}` }), (page) => c.run(t, page));
    }
  }
  const layered = JSON.parse(readFileSync(new URL('./fixtures/layers.json', import.meta.url), 'utf8'));
  for (const scheme of ['light', 'dark']) {
    const c = reportCase(layered, scheme);
    if (!wanted(c.name)) continue;
    const { url, html } = await writeReport(layered, `report-${scheme}`);
    const t = checker(c.name, scheme);
    await runOne(c.name, t, () => openPage(browser, { url, colorScheme: scheme, offline: true }), (page) => c.run(t, page, html));
  }
  if (wanted('webview GPU')) {
    // One page for the whole table: its gpu.js kernels compile once, as in a real dashboard.
    const session = await openPage(browser, { origin, url: `${origin}/page?theme=dark` });
    try {
      await session.page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
      await runGpuTable(session.page, (label, failures, seconds) => {
        const all = [...failures, ...session.problems.splice(0)];
        if (all.length) {
          failed++;
          console.log(`✗ ${label} (${seconds.toFixed(1)} s)`);
          for (const f of all) console.log(`    ${f}`);
        } else {
          passed++;
          console.log(`✓ ${label} (${seconds.toFixed(1)} s)`);
        }
      });
      for (const v of await violations(session.page)) {
        failed++;
        console.log(`✗ webview GPU engine: CSP violation ${v}`);
      }
    } finally {
      await session.context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`browser tier: ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${OUT}/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
