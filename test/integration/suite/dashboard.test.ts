// Scenario 3: Analyse on a fixture opens the dashboard (a webview panel of viewType
// embeddingEntropy.dashboard), the command's result equals the CLI's JSON for the same file and
// settings, and the dashboard shows those numbers.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { WORKSPACE_CLI_FLAGS, allTabs, analyse, cliJson, closeAllEditors, comparable, driverUrl, file, fmt, screenshot, ui, until } from './helpers';

const isDashboard = (t: vscode.Tab): boolean => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('embeddingEntropy.dashboard');

describe('analyse → dashboard', () => {
  it('opens the dashboard, and its numbers equal the CLI JSON for the same file', async () => {
    await closeAllEditors();
    const target = file('clustered.npy');
    const result = await analyse(target);
    assert.ok(result, 'the command returned no result');
    const tab = await until('a dashboard tab', () => allTabs().find(isDashboard), 20_000);
    assert.equal(tab.label, 'Entropy: clustered.npy');
    assert.equal(result.labels, file('clustered.labels.tsv').fsPath, 'the sidecar labels were used');

    const cli = await cliJson(target, WORKSPACE_CLI_FLAGS);
    assert.deepEqual(comparable(result), comparable(cli));
    assert.ok(Object.keys(result.labelSets).length > 0, 'the fixture has label sets');

    if (driverUrl) {
      // The webview shows the same numbers: H(Z) and each label set's I(Z;L).
      const text = await ui<string>('webviewText', { contains: 'H(Z), nats' });
      assert.ok(text.includes('clustered.npy'), text);
      assert.ok(text.includes(`${result.anchors} anchors`), text);
      assert.ok(text.includes(fmt(result.entropy)), `H(Z) ${fmt(result.entropy)} not in: ${text}`);
      for (const [name, l] of Object.entries(result.labelSets)) {
        assert.ok(text.includes(name) && text.includes(fmt(l.mutualInformation)), `I(Z;${name}) ${fmt(l.mutualInformation)} not in: ${text}`);
      }
      await screenshot('dashboard');
    }
  });
});
