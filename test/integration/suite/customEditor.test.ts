// Scenario 4: opening a .npy shows the custom editor's overview (the default editor for *.npy), and
// "Reopen Editor With…" offers it for .safetensors (an optional editor there), as vscode.openWith does.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { closeAllEditors, driverUrl, file, screenshot, ui, until } from './helpers';

const VIEWER = 'embeddingEntropy.viewer';
const activeInput = (): unknown => vscode.window.tabGroups.activeTabGroup.activeTab?.input;
const activeViewer = (target: vscode.Uri): vscode.TabInputCustom | undefined => {
  const input = activeInput();
  return input instanceof vscode.TabInputCustom && input.viewType === VIEWER && input.uri.toString() === target.toString() ? input : undefined;
};

describe('custom editor', () => {
  it('opens a .npy in the Embedding Entropy overview', async () => {
    await closeAllEditors();
    const target = file('clustered.npy');
    await vscode.commands.executeCommand('vscode.open', target);
    await until('the custom editor to be the active tab', () => activeViewer(target), 20_000);
    if (driverUrl) {
      const text = await ui<string>('webviewText', { contains: '600 rows × 16 dims' });
      assert.ok(text.includes('npy (<f8)'), text);
      assert.ok(text.includes('from clustered.labels.tsv'), text);
      await screenshot('custom-editor-npy');
    }
  });

  it('"Reopen Editor With…" offers the overview for .safetensors', async () => {
    await closeAllEditors();
    const target = file('main.safetensors');
    if (driverUrl) {
      // Through the UI: open the file (a binary file in the text editor), then Reopen Editor With…
      await vscode.commands.executeCommand('vscode.open', target);
      await until('main.safetensors to be the active tab', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'main.safetensors', 20_000);
      const reopen = vscode.commands.executeCommand('workbench.action.reopenWithEditor');
      const offered = await ui<string[]>('quickPick', { pick: 'Embedding Entropy Overview', screenshot: 'reopen-with-safetensors' });
      await reopen;
      assert.ok(offered.some((o) => o.startsWith('Embedding Entropy Overview')), `Reopen Editor With… offered: ${offered.join(' | ')}`);
    } else {
      await vscode.commands.executeCommand('vscode.openWith', target, VIEWER);
    }
    await until('the overview of main.safetensors', () => activeViewer(target), 20_000);
    if (driverUrl) {
      const text = await ui<string>('webviewText', { contains: ['main.safetensors', 'rows ×'] });
      assert.ok(text.includes('safetensors'), text);
      await screenshot('custom-editor-safetensors');
    }
  });

  it('vscode.openWith opens .safetensors in the overview', async () => {
    await closeAllEditors();
    const target = file('main.safetensors');
    await vscode.commands.executeCommand('vscode.openWith', target, VIEWER);
    await until('the overview of main.safetensors', () => activeViewer(target), 20_000);
  });
});
