// Scenario 8 (its own VS Code session, started with workspace trust on and the folder not trusted):
// the extension declares untrusted-workspace support, so it still analyses and opens its editor.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { WORKSPACE_CLI_FLAGS, analyse, cliJson, closeAllEditors, comparable, driverUrl, extension, file, fmt, screenshot, ui, until } from './helpers';

describe('untrusted workspace', () => {
  it('runs in Restricted Mode', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace should not be trusted in this session');
  });

  it('analyses a file and shows the dashboard', async () => {
    await closeAllEditors();
    const target = file('clustered.npy');
    const result = await analyse(target);
    assert.ok(result, 'no result in an untrusted workspace');
    assert.ok(extension().isActive);
    assert.deepEqual(comparable(result), comparable(await cliJson(target, WORKSPACE_CLI_FLAGS)));
    if (driverUrl) {
      const text = await ui<string>('webviewText', { contains: ['H(Z), nats', fmt(result.entropy)] });
      assert.ok(text.includes('clustered.npy'));
      await screenshot('untrusted-dashboard');
    }
  });

  it('opens a .npy in the overview', async () => {
    await closeAllEditors();
    const target = file('clustered.npy');
    await vscode.commands.executeCommand('vscode.open', target);
    await until('the overview', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.viewType === 'embeddingEntropy.viewer';
    });
    if (driverUrl) await ui('webviewText', { contains: '600 rows × 16 dims' });
  });
});
