// The mocha entry of the integration tier, shared by both launchers: code-server's test-runner
// extension (test/integration/runner) and @vscode/test-electron (extensionTestsPath) call run().
// EE_IT_SCENARIO picks the session's suites, EE_IT_GREP filters tests, and with EE_IT_RESULTS the
// results go to that JSON file (the code-server driver waits for it) instead of failing the promise.
import Mocha from 'mocha';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { driverUrl, notes } from './helpers';
import { beforeReload, reloadMarker } from './reloadScene';

/** Suites per VS Code session, in the order they run (later ones rely on the earlier ones' state only where said). */
const SESSIONS: Record<string, string[]> = {
  trusted: ['activation', 'contextMenu', 'dashboard', 'sweep', 'customEditor', 'cancel', 'corruptFile', 'settings', 'webviewGpu'],
  untrusted: ['untrusted'],
  // code-server only: the first extension host prepares and reloads the window (reloadScene.ts).
  reload: ['reload'],
};

/** One test's outcome as the driver reports it. */
interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  const session = process.env.EE_IT_SCENARIO ?? 'trusted';
  // The reload session's first extension host only sets the scene; the suite runs in the next one.
  if (session === 'reload' && driverUrl && !existsSync(reloadMarker())) return beforeReload();
  const names = SESSIONS[session];
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, slow: 10_000, color: false, reporter: 'spec' });
  if (process.env.EE_IT_GREP) mocha.grep(new RegExp(process.env.EE_IT_GREP));
  for (const n of names ?? []) mocha.addFile(join(__dirname, `${n}.test.js`));
  const tests: TestRecord[] = [];
  const out = process.env.EE_IT_RESULTS;
  return new Promise<void>((resolve, reject) => {
    if (!names) throw new Error(`unknown EE_IT_SCENARIO "${session}" (${Object.keys(SESSIONS).join(', ')})`);
    const runner = mocha.run((failures) => {
      const summary = {
        session,
        passed: tests.filter((t) => t.state === 'passed').length,
        failed: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
        tests,
        notes,
      };
      if (out) {
        writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
        resolve();
        return;
      }
      for (const n of notes) console.log(n);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('fail', (t, err: Error) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack ?? String(err) }));
  });
}
