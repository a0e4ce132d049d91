// Scenario 8: the GPU engine in the dashboard, end to end in a real VS Code. With engine `gpu` and
// software WebGL2 allowed (headless Chromium has only SwiftShader), Analyse opens the dashboard, which
// probes its WebGL2, and the analysis's chunks run there: worker → extension host → webview and back,
// arrays and all. The numbers agree with the CLI's float64 reference within 1e-5. Without a visible
// dashboard the same setting runs gpu.js WebAssembly in the worker.
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../../src/core/report/result';
import { analyse, clearNotifications, cliJson, closeAllEditors, file, needsDriver, note, screenshot, ui } from './helpers';

const SETTINGS: [string, unknown][] = [
  ['engine', 'gpu'],
  ['gpu.allowSoftwareRenderer', true],
  ['anchors.count', 48],
];
const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('embeddingEntropy');

/** Every number of `want` (H, P over anchors, per label set) within `rel` of `got`. */
function within(got: unknown, want: unknown, rel: number, path: string): void {
  if (typeof want === 'number') assert.ok(typeof got === 'number' && Math.abs(got - want) <= 1e-12 + rel * Math.abs(want), `${path}: ${got} vs ${want}`);
  else if (want && typeof want === 'object') for (const [k, v] of Object.entries(want)) within((got as Record<string, unknown>)[k], v, rel, `${path}.${k}`);
}

describe('GPU engine in the dashboard', () => {
  const saved = SETTINGS.map(([k]) => [k, config().inspect(k)?.workspaceValue] as const);
  beforeEach(async () => {
    await closeAllEditors(); // no dashboard open: changing settings asks nothing
    for (const [k, v] of SETTINGS) await config().update(k, v, vscode.ConfigurationTarget.Workspace);
  });
  after(async () => {
    await closeAllEditors(); // no dashboard open: restoring the settings asks nothing
    for (const [k, v] of saved) await config().update(k, v, vscode.ConfigurationTarget.Workspace);
  });

  it('runs an analysis on the open dashboard’s WebGL2, with the reference’s numbers', async function () {
    needsDriver(this);
    await clearNotifications();
    const target = file('clustered.npy');
    // The dashboard opens first and probes its WebGL2, so this very analysis runs there.
    const gpu = await analyse(target);
    assert.ok(gpu);
    assert.equal(gpu.engine, 'webview-gpu');
    assert.equal(gpu.kernelMode, 'webgl2');
    const text = await ui<string>('webviewText', { contains: ['H(Z), nats', '48 anchors', 'webview-gpu'] });
    assert.ok(text.includes('clustered.npy'), text);
    await screenshot('dashboard-webview-gpu');

    const ref = await cliJson(target, ['--engine', 'reference', '--bins', '48']);
    assert.equal(gpu.validRows, ref.validRows);
    within({ entropy: gpu.entropy, p: gpu.anchorDistribution, labelSets: gpu.labelSets }, { entropy: ref.entropy, p: ref.anchorDistribution, labelSets: ref.labelSets }, 1e-5, 'result');
    note(`webview GPU engine in VS Code: ${gpu.validRows} rows on ${gpu.kernelMode} in ${gpu.seconds.toFixed(2)} s (software WebGL2)`);

    // Compare opens its dashboard first too: both files run on its WebGL2.
    const pair = await vscode.commands.executeCommand<[AnalysisResult, AnalysisResult] | undefined>('embeddingEntropy.compare', target, [target, file('plane2d.npy')]);
    assert.ok(pair);
    assert.deepEqual(pair.map((r) => `${r.engine}/${r.kernelMode}`), ['webview-gpu/webgl2', 'webview-gpu/webgl2']);
  });

  it('measures a chunk’s round trip through the dashboard (2 anchors: next to no GPU work)', async function () {
    needsDriver(this);
    await config().update('anchors.count', 2, vscode.ConfigurationTarget.Workspace);
    const target = file('long/big.npy');
    const viaGpu = await analyse(target);
    assert.ok(viaGpu);
    assert.equal(viaGpu.engine, 'webview-gpu');
    await closeAllEditors();
    await config().update('engine', 'cpu', vscode.ConfigurationTarget.Workspace);
    const local = await analyse(target);
    assert.ok(local);
    // 200 000 rows of 128 float32 values: 25 chunks of 8 192 rows (4 MiB each as float32)
    const chunks = Math.ceil(viaGpu.validRows / 8192);
    note(
      `webview GPU round trip in code-server: 200 000 × 128 with 2 anchors took ${viaGpu.seconds.toFixed(2)} s through the dashboard (SwiftShader) ` +
        `vs ${local.seconds.toFixed(2)} s on the cpu engine: about ${(((viaGpu.seconds - local.seconds) * 1000) / chunks).toFixed(0)} ms more per 4 MiB chunk`,
    );
  });

  it('hiding the dashboard mid-run hands the rest to the worker’s own engine, and nothing is lost', async function () {
    needsDriver(this);
    await config().update('anchors.count', 200, vscode.ConfigurationTarget.Workspace);
    const target = file('long/big.npy');
    const run = analyse(target);
    await ui('webviewText', { contains: ['Analysing…', 'of 200,000 rows'] });
    // Another editor in the same group hides the dashboard; VS Code discards its page.
    await vscode.window.showTextDocument(file('notes.txt'), { preview: false });
    const result = await run;
    assert.ok(result, 'the analysis finished');
    assert.equal(result.engine, 'webview-gpu');
    assert.match(result.kernelMode, /^webasm \(fallback\)$/);
    assert.equal(result.validRows, 200_000);
    const ref = await cliJson(target, ['--engine', 'cpu', '--bins', '200']);
    within({ entropy: result.entropy, p: result.anchorDistribution }, { entropy: ref.entropy, p: ref.anchorDistribution }, 1e-5, 'result');
    note(`webview GPU engine: hidden mid-run, finished by gpu.js ${result.kernelMode} in ${result.seconds.toFixed(1)} s`);
  });
});
