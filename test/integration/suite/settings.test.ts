// Scenario 7: changing a setting while a dashboard is open offers a re-run; accepting it (clicked in
// the real UI) re-runs the analysis, and the dashboard and the result reflect the new setting.
import assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { analyse, clearNotifications, closeAllEditors, driverUrl, file, fmt, screenshot, ui } from './helpers';

describe('settings', () => {
  after(async () => {
    await closeAllEditors(); // no dashboard open: restoring the setting asks nothing
    await vscode.workspace.getConfiguration('embeddingEntropy').update('anchors.count', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('offers a re-run when a setting changes, and the new result reflects it', async () => {
    await closeAllEditors();
    await clearNotifications();
    const target = file('clustered.npy');
    const before = await analyse(target);
    assert.ok(before);
    assert.equal(before.anchors, 1000);
    if (driverUrl) await ui('webviewText', { contains: ['H(Z), nats', '1000 anchors'] });

    await vscode.workspace.getConfiguration('embeddingEntropy').update('anchors.count', 50, vscode.ConfigurationTarget.Workspace);
    let text = '';
    if (driverUrl) {
      const n = await ui<{ text: string }>('clickNotificationButton', { contains: 'settings changed', button: 'Re-run', screenshot: 'settings-rerun-offer' });
      assert.match(n.text, /Re-run the open analysis\?/, n.text);
      text = await ui<string>('webviewText', { contains: ['H(Z), nats', '50 anchors'] });
      await screenshot('settings-rerun-done');
    }
    // The re-run cached its result: the command answers with it at once.
    const afterChange = await analyse(target);
    assert.ok(afterChange);
    assert.equal(afterChange.anchors, 50);
    assert.equal(afterChange.settings.bins, 50);
    assert.notEqual(afterChange.entropy, before.entropy);
    if (driverUrl) assert.ok(text.includes(fmt(afterChange.entropy)), `H(Z) ${fmt(afterChange.entropy)} not on the dashboard: ${text}`);
  });
});
