// What the integration suites share: the extension under test, the workspace's files, waiting, the CLI,
// and the UI driver. Under code-server, EE_IT_DRIVER is the URL of the Playwright driver in run.mjs
// (test/integration/driver.mjs): the suites ask it to right-click, click notification buttons, pick
// from quick inputs, read webviews and take screenshots. Under @vscode/test-electron there is no
// driver: tests that need one are skipped, others fall back to the API.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Context } from 'mocha';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../../src/core/report/result';

export const EXTENSION_ID = 'embedding-entropy.embedding-entropy';
/** The workspace's settings (test/fixtures/integration/workspace/.vscode/settings.json), as CLI flags. */
export const WORKSPACE_CLI_FLAGS = ['--engine', 'reference', '--bins', '1000'];

export const driverUrl = process.env.EE_IT_DRIVER;

/** The extension under test (installed from the VSIX, or the development folder under test-electron). */
export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

/** A file of the workspace folder. */
export function file(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}

/** Measurements the suites report (printed by the launchers next to the results). Each suite is its
 * own bundle with its own copy of this module, so the list lives on globalThis. */
export const notes: string[] = ((globalThis as { eeIntegrationNotes?: string[] }).eeIntegrationNotes ??= []);
export function note(msg: string): void {
  notes.push(msg);
  console.log(msg);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; throws after `timeoutMs` naming `what`. */
export async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Every tab of every group. */
export const allTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);

/** Closes every editor and panel (dashboards included), so no dashboard is open. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await until('all editors to close', () => allTabs().length === 0, 10_000);
}

/**
 * Closes every notification, then lets a second pass: VS Code shows at most three new toasts per
 * 0.8 s (more go to the notification centre only), so a burst from the previous test could keep the
 * next one from being a toast.
 */
export async function clearNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await sleep(1000);
}

/** Runs `dist/cli.js analyse FILE --json …` of the installed extension with the host's Node. */
export function cliJson(target: vscode.Uri, flags: string[] = []): Promise<AnalysisResult> {
  const cli = join(extension().extensionPath, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, 'analyse', target.fsPath, '--json', ...flags],
      // Under Electron, process.execPath is the app: run it as plain Node.
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 120_000, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => (err ? reject(new Error(`${cli} failed: ${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as AnalysisResult)),
    );
  });
}

/** Runs the Analyse command on `target` (what the explorer's context menu runs) and returns its result. */
export function analyse(target: vscode.Uri): Thenable<AnalysisResult | undefined> {
  return vscode.commands.executeCommand<AnalysisResult | undefined>('embeddingEntropy.analyse', target);
}

/** A result without the fields that differ between two runs of the same analysis. */
export function comparable(r: AnalysisResult): Omit<AnalysisResult, 'seconds'> {
  const { seconds, ...rest } = r;
  void seconds;
  return rest;
}

/** How the dashboard shows a number (webview/common/vscodeApi.ts `fmt`). */
export const fmt = (x: number | null | undefined, digits = 4): string => (x == null || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** Skips the current test when no UI driver is attached (the @vscode/test-electron launcher). */
export function needsDriver(ctx: Context): void {
  if (!driverUrl) ctx.skip();
}

/** Asks the Playwright driver to do `action` in the workbench; returns its answer. */
export async function ui<T = unknown>(action: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
  if (!driverUrl) throw new Error(`UI action "${action}" needs the code-server driver (EE_IT_DRIVER)`);
  const res = await fetch(`${driverUrl}/ui`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action, timeoutMs, ...args }),
    signal: AbortSignal.timeout(timeoutMs + 10_000),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: string };
  if (!body.ok) throw new Error(`UI driver, ${action}: ${body.error}`);
  return body.value as T;
}

/** Takes a screenshot named `name` (no-op without the driver). */
export async function screenshot(name: string): Promise<void> {
  if (driverUrl) await ui('screenshot', { name });
}
