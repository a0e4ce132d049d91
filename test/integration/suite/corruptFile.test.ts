// Scenario 6: a corrupt file shows an error notification naming the file (and the dashboard opened for
// it shows the error), and the extension keeps working (the next analysis, of another format, succeeds).
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { analyse, clearNotifications, closeAllEditors, driverUrl, extension, file, note, sleep, ui } from './helpers';

describe('corrupt file', () => {
  it('shows an error naming the file, and the next analysis works', async () => {
    await closeAllEditors();
    await clearNotifications();
    const failed = analyse(file('corrupt.npy'));
    if (driverUrl) {
      // The command waits on the error notification (it has a Show Log button): read it, then close it.
      const n = await ui<{ text: string; viaCentre: boolean }>('clickNotificationButton', { contains: 'could not analyse corrupt.npy', button: 'Show Log', screenshot: 'corrupt-error' });
      note(`corrupt: "${n.text}" (${n.viaCentre ? 'found in the notification centre, not as a toast' : 'a toast'})`);
      assert.match(n.text, /could not analyse corrupt\.npy/, n.text);
      assert.match(n.text, /corrupt\.npy/);
      // The dashboard opened for it says so too, with a way to try again.
      const text = await ui<string>('webviewText', { contains: ['The analysis failed', 'is truncated', 'Try again'] });
      assert.match(text, /corrupt\.npy/, text);
      // Hidden and shown again, VS Code reloads the page: it still shows the error (not "Waiting…").
      const dashboard = vscode.window.tabGroups.activeTabGroup.activeTab;
      await vscode.window.showTextDocument(file('notes.txt'), { preview: false });
      await vscode.commands.executeCommand('workbench.action.openPreviousRecentlyUsedEditor');
      assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, dashboard?.label);
      await ui('webviewText', { contains: ['The analysis failed', 'is truncated'] });
    } else {
      await sleep(3000);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
    assert.equal(await failed, undefined);
    assert.ok(extension().isActive);
    const next = await analyse(file('main.safetensors'));
    assert.ok(next, 'the analysis after the corrupt file failed');
    assert.equal(next.dim, 4);
  });
});
