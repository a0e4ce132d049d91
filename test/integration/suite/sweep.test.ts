// Scenario 9: "Sweep Temperature and Anchors…" on a file opens its dashboard on the Sensitivity view
// with the scans running, and they finish with charts of H and I against ε scale and anchor count.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../../src/core/report/result';
import { closeAllEditors, file, needsDriver, screenshot, ui } from './helpers';

describe('sweep command', () => {
  it('opens the Sensitivity view and runs both scans', async function () {
    needsDriver(this);
    await closeAllEditors();
    const result = await vscode.commands.executeCommand<AnalysisResult | undefined>('embeddingEntropy.sweep', file('clustered.npy'));
    assert.ok(result, 'the command returned no result');
    // "N rows per run; M runs." appears once the scans' results are on screen: 5 ε scales and 6 anchor counts, 3 seeds each.
    const text = await ui<string>('webviewText', { contains: ['rows per run', '33 runs'] }, 120_000);
    assert.match(text, /600 rows per run/, text);
    await screenshot('sweep-sensitivity');
  });
});
