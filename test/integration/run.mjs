// The integration tier: the packaged extension inside a real VS Code (code-server 4.100.3, VS Code
// 1.100.3 with a Node extension host), its mocha suites run in the extension host and the workbench
// driven through Debian Chromium with Playwright.
//
//   node test/integration/run.mjs [--skip-package] [--session trusted|untrusted] [--grep REGEX] [--timeout-min N] [--no-driver]
//
// 1. setup.mjs installs code-server and Chromium when missing;
// 2. scripts/package.mjs builds the production bundles and the VSIX; build.mjs bundles the suites;
// 3. per session (trusted: scenarios 1–7; untrusted: 8): a fresh user-data dir, XDG dirs and
//    extensions dir; the product VSIX and the test-runner extension (test/integration/runner, packed
//    into its own VSIX under test-results/, never part of the product) installed with
//    --install-extension; code-server on 127.0.0.1 at a free port, with EE_IT_* variables that its
//    extension host inherits; Chromium opens the workspace; the runner extension runs the suites,
//    which ask the driver (driver.mjs) for UI actions; run.mjs waits for the results file;
// 4. every process started here is stopped by its process group id, also on failure, timeout or
//    Ctrl-C; results, screenshots and logs are in test-results/integration/; the last line printed is
//    `N passed, N failed` and the exit code is non-zero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BUILD, buildSuites } from './build.mjs';
import { startDriver } from './driver.mjs';
import { ROOT, ensureIntegrationTools } from './setup.mjs';
import { BIG, bigNpy, makeWorkspace } from './workspace.mjs';

const OUT = join(ROOT, 'test-results', 'integration');
const VSIX = join(ROOT, 'dist-vsix', 'embedding-entropy.vsix');
const RUNNER = join(ROOT, 'test', 'integration', 'runner');
const VSCE = createRequire(join(ROOT, 'package.json')).resolve('@vscode/vsce/vsce');
const SESSIONS = {
  trusted: { trust: false },
  untrusted: { trust: true },
  // A dashboard restored after a window reload (test/integration/suite/reload.test.ts).
  reload: { trust: false },
};

const argv = process.argv.slice(2);
const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const sessions = opt('--session') ? [opt('--session')] : Object.keys(SESSIONS);
const totalTimeoutMs = Number(opt('--timeout-min') ?? 30) * 60_000;
const sessionTimeoutMs = 12 * 60_000;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (m) => console.log(`[integration ${elapsed()}] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- processes: every one started here, stopped by process group id ----
const groups = new Map(); // pid → what
const markers = new Set(); // private dirs named on the command lines of processes we started

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(pid) {
  const what = groups.get(pid);
  groups.delete(pid);
  for (const [sig, waitMs] of [['SIGTERM', 5000], ['SIGKILL', 2000]]) {
    try {
      process.kill(-pid, sig);
    } catch {
      return; // already gone
    }
    const until = Date.now() + waitMs;
    while (Date.now() < until && isAlive(pid)) await sleep(100);
    if (!isAlive(pid)) {
      try {
        process.kill(-pid, 'SIGKILL'); // stragglers in the group
      } catch {
        /* none left */
      }
      return;
    }
  }
  say(`could not stop ${what} (pid ${pid})`);
}

/** Stops the processes whose command line names `marker` (a private dir of ours), by pid. */
function stopByMarker(marker) {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone, or not ours to read */
    }
  }
}

function stopAllSync() {
  for (const pid of groups.keys()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  groups.clear();
  for (const m of markers) stopByMarker(m);
}
process.on('exit', stopAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    say(`${sig}: stopping`);
    stopAllSync();
    console.log('0 passed, 1 failed');
    process.exit(130);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHttp(url, timeoutMs, alive) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!alive()) throw new Error(`the server exited before answering ${url}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function runStep(what, cmd, args, timeoutMs, opts = {}) {
  say(what);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: timeoutMs, ...opts });
  if (r.status !== 0) throw new Error(`${what} failed (${r.error?.message ?? (r.signal ? `signal ${r.signal}` : `exit ${r.status}`)})`);
}

/** User settings for a session: nothing reaches out, nothing opens by itself. */
function userSettings(trust) {
  return {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.editor.enablePreview': false,
    'git.enabled': false,
    'security.workspace.trust.enabled': trust,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
  };
}

/** One VS Code session: returns its results ({ passed, failed, pending, tests }). */
async function runSession(name, tools, suiteEntry, runnerVsix) {
  const { trust } = SESSIONS[name];
  const work = join(OUT, 'work', name);
  rmSync(work, { recursive: true, force: true });
  const dirs = { userData: join(work, 'user-data'), exts: join(work, 'extensions'), xdgConfig: join(work, 'xdg-config'), xdgData: join(work, 'xdg-data'), chromiumConfig: join(work, 'chromium-config'), ws: join(work, 'workspace') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(userSettings(trust), null, 2));
  makeWorkspace(dirs.ws);
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData };
  const cs = [tools.codeServerEntry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.exts];

  runStep(`${name}: install the VSIX and the test runner into a private extensions dir`, process.execPath, [...cs, '--install-extension', VSIX, '--install-extension', runnerVsix], 120_000, { env });

  const resultsFile = join(OUT, `results-${name}.json`);
  rmSync(resultsFile, { force: true });
  const logDir = join(OUT, 'logs', name);
  mkdirSync(logDir, { recursive: true });
  const driver = await startDriver({ shotsDir: join(OUT, 'screenshots', name), logFile: join(logDir, 'driver.log') });
  let server;
  let browserServer;
  let browser;
  const pageLog = join(logDir, 'browser-console.log');
  try {
    const port = await freePort();
    const serverLog = openSync(join(logDir, 'code-server.log'), 'w');
    server = spawn(
      process.execPath,
      [...cs, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', ...(trust ? [] : ['--disable-workspace-trust'])],
      {
        cwd: work,
        detached: true, // its own process group: the server, its extension host and helpers stop together
        stdio: ['ignore', serverLog, serverLog],
        // --no-driver: the suites see no UI driver, as under test-electron (checks their API fallbacks).
        env: { ...env, EE_IT_SUITE: suiteEntry, EE_IT_RESULTS: resultsFile, EE_IT_SCENARIO: name, ...(argv.includes('--no-driver') ? {} : { EE_IT_DRIVER: driver.url }) },
      },
    );
    groups.set(server.pid, `code-server (${name})`);
    let exited;
    server.on('exit', (code, sig) => (exited = `code-server exited (${sig ?? code})`));
    say(`${name}: code-server pid ${server.pid} on 127.0.0.1:${port}${trust ? ', workspace trust on' : ''}`);
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000, () => !exited);

    markers.add(dirs.chromiumConfig);
    browserServer = await chromium.launchServer({
      executablePath: tools.chromium,
      headless: true,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
      // Its crash handler daemonizes out of the process group; a private config dir marks it as ours.
      env: { ...process.env, XDG_CONFIG_HOME: dirs.chromiumConfig },
    });
    groups.set(browserServer.process().pid, `chromium (${name})`);
    browser = await chromium.connect(browserServer.wsEndpoint(), { timeout: 60_000 });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => ['error', 'warning'].includes(m.type()) && writeFileSync(pageLog, `${m.type()}: ${m.text()}\n`, { flag: 'a' }));
    page.on('pageerror', (e) => writeFileSync(pageLog, `pageerror: ${e.message}\n`, { flag: 'a' }));
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURI(dirs.ws)}`, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    driver.setPage(page);
    say(`${name}: workbench open; the suites run in the extension host`);

    const deadline = Date.now() + sessionTimeoutMs;
    while (!existsSync(resultsFile)) {
      if (exited) throw new Error(`${exited} before the suites finished`);
      if (Date.now() > deadline) throw new Error(`no results after ${sessionTimeoutMs / 60_000} min`);
      await sleep(500);
    }
    await sleep(200); // written in one call; let it land
    await page.screenshot({ path: join(OUT, 'screenshots', name, 'final.png') }).catch(() => undefined);
    return JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch (e) {
    say(`${name}: ${e.message}`);
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : { passed: 0, failed: 0, pending: 0, tests: [] };
    results.tests.push({ title: `${name} session`, state: 'failed', error: e.stack ?? String(e) });
    results.failed++;
    return results;
  } finally {
    await browser?.close().catch(() => undefined);
    if (browserServer) {
      await Promise.race([browserServer.close().catch(() => undefined), sleep(10_000)]);
      await stopGroup(browserServer.process().pid);
      stopByMarker(dirs.chromiumConfig);
    }
    if (server) await stopGroup(server.pid);
    await driver.close();
    // The extension host's logs, the extension's output channel included.
    if (existsSync(join(dirs.userData, 'logs'))) cpSync(join(dirs.userData, 'logs'), join(logDir, 'vscode'), { recursive: true });
  }
}

async function main() {
  rmSync(join(OUT, 'screenshots'), { recursive: true, force: true });
  rmSync(join(OUT, 'logs'), { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  say('setup (installs code-server and Chromium when missing)');
  const tools = ensureIntegrationTools();
  const tSetup = Date.now();
  if (argv.includes('--skip-package') && existsSync(VSIX)) say(`using ${VSIX}`);
  else runStep('package: production build + VSIX', process.execPath, ['scripts/package.mjs'], 600_000);
  say('bundle the suites');
  const entry = await buildSuites();
  // The runner extension goes in as a VSIX too: VS Code 1.100 drops folders that its extensions.json does not list.
  const runnerVsix = join(BUILD, 'integration-runner.vsix');
  runStep('package the test-runner extension', process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', runnerVsix], 120_000, { cwd: RUNNER });
  say(`the ${BIG.rows} × ${BIG.dim} file for the cancel scenario`);
  bigNpy();
  if (opt('--grep')) process.env.EE_IT_GREP = opt('--grep');

  const all = [];
  const notes = [];
  for (const name of sessions) {
    if (!SESSIONS[name]) throw new Error(`unknown session ${name} (${Object.keys(SESSIONS).join(', ')})`);
    const r = await runSession(name, tools, entry, runnerVsix);
    for (const t of r.tests) all.push({ session: name, ...t });
    for (const n of r.notes ?? []) notes.push(`[${name}] ${n}`);
  }
  const count = (s) => all.filter((t) => t.state === s).length;
  console.log('');
  for (const t of all) {
    const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
    console.log(`${mark} [${t.session}] ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}${t.state === 'pending' ? ' (skipped)' : ''}`);
    if (t.state === 'failed') console.log(`    ${String(t.error).split('\n').slice(0, 12).join('\n    ')}`);
  }
  for (const n of notes) console.log(n);
  const summary = { passed: count('passed'), failed: count('failed'), skipped: count('pending'), wallSeconds: (Date.now() - t0) / 1000, afterSetupSeconds: (Date.now() - tSetup) / 1000, tests: all, notes };
  writeFileSync(join(OUT, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  say(`done: results, screenshots and logs in ${OUT}`);
  if (all.length === 0) summary.failed = 1; // ran no test: not a pass
  console.log(`${summary.passed} passed, ${summary.failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`);
  return summary.failed === 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  say(`the whole tier ran past ${totalTimeoutMs / 60_000} min: stopping`);
  stopAllSync();
  console.log('0 passed, 1 failed');
  process.exit(1);
}, totalTimeoutMs);

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exit(code); // everything started here is stopped; idle sockets need not hold the exit
  },
  (e) => {
    clearTimeout(watchdog);
    say(e.stack ?? String(e));
    stopAllSync();
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
