// The same integration suites under @vscode/test-electron, for machines that can download VS Code
// (desktop Electron, the extension loaded from this folder with --extensionDevelopmentPath):
//
//   npm run test:electron          (on Linux without a display: xvfb-run -a npm run test:electron)
//
// There is no UI driver here, so the suites that need Playwright (the context menu, Cancel in the
// progress notification) are skipped and the others fall back to the API. VS Code is cached in
// .tools/vscode-test. Where VS Code cannot be downloaded (no internet), it stops at once and says so;
// use test/integration/run.mjs (code-server) there. Last line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildSuites } from './build.mjs';
import { ROOT } from './setup.mjs';
import { bigNpy, makeWorkspace } from './workspace.mjs';

const VERSION = process.env.EE_VSCODE_VERSION ?? '1.100.3';
const OUT = join(ROOT, 'test-results', 'integration-electron');
const { downloadAndUnzipVSCode, runTests } = createRequire(join(ROOT, 'package.json'))('@vscode/test-electron');

async function main() {
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VERSION, cachePath: join(ROOT, '.tools', 'vscode-test'), timeout: 60_000 });
  } catch (e) {
    console.error(
      `test:electron: could not download VS Code ${VERSION} (${e.message}).\n` +
        'This launcher needs internet access to fetch VS Code once. Without it, run the same suites in code-server:\n' +
        '  npm run test:integration',
    );
    console.log('0 passed, 1 failed');
    return 1;
  }
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
  if (build.status !== 0) throw new Error('node esbuild.mjs failed');
  const entry = await buildSuites();
  bigNpy();
  rmSync(OUT, { recursive: true, force: true });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const session of ['trusted', 'untrusted']) {
    const work = join(OUT, session);
    const userData = join(work, 'user-data');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(
      join(userData, 'User', 'settings.json'),
      JSON.stringify({
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'workbench.startupEditor': 'none',
        'workbench.editor.enablePreview': false,
        'security.workspace.trust.enabled': session === 'untrusted',
        'security.workspace.trust.startupPrompt': 'never',
      }),
    );
    const ws = makeWorkspace(join(work, 'workspace'));
    const results = join(work, 'results.json');
    try {
      await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: entry,
        extensionTestsEnv: { EE_IT_SCENARIO: session, EE_IT_RESULTS: results },
        launchArgs: [ws, '--disable-extensions', '--user-data-dir', userData, '--extensions-dir', join(work, 'extensions'), ...(session === 'trusted' ? ['--disable-workspace-trust'] : [])],
      });
    } catch (e) {
      console.error(`test:electron: ${session}: ${e.message}`);
    }
    const r = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : { passed: 0, failed: 1, pending: 0, tests: [{ title: `${session} session`, state: 'failed', error: 'no results' }] };
    for (const t of r.tests) console.log(`${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} [${session}] ${t.title}${t.state === 'failed' ? `\n    ${t.error}` : ''}`);
    for (const n of r.notes ?? []) console.log(`[${session}] ${n}`);
    passed += r.passed;
    failed += r.failed;
    skipped += r.pending;
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`test:electron: ${e.stack ?? e}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
