// Scenario 10 (the `reload` session, code-server only): a dashboard open when the window reloads comes
// back with its result. The session's first extension host (index.ts → reloadScene.ts) analyses a file,
// waits for the dashboard, notes what it showed in RELOAD_MARKER and reloads the window; the runner
// extension then starts again in the new extension host and runs this suite.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'mocha';
import { allTabs, extension, fmt, needsDriver, screenshot, ui, until } from './helpers';
import { isDashboard, reloadMarker } from './reloadScene';

describe('window reload', () => {
  it('restores the open dashboard with its result', async function () {
    needsDriver(this);
    const before = JSON.parse(readFileSync(reloadMarker(), 'utf8')) as { entropy: number; labelSets: string[] };
    const tab = await until('the restored dashboard tab', () => allTabs().find(isDashboard), 30_000);
    assert.equal(tab.label, 'Entropy: clustered.npy');
    // Not blank: the same numbers as before the reload.
    const text = await ui<string>('webviewText', { contains: ['H(Z), nats', fmt(before.entropy), ...before.labelSets] });
    assert.ok(text.includes('clustered.npy'), text);
    await screenshot('reload-restored');
    // And connected to the new extension host: Re-run with 37 anchors in the dashboard gives a new result.
    const field = 'vscode-text-field[data-control="bins"] >> input';
    await ui('webviewFill', { contains: 'H(Z), nats', selector: field, value: '37' });
    await ui('webviewClick', { contains: 'H(Z), nats', selector: 'vscode-button[data-action="rerun"]' });
    await ui('webviewText', { contains: ['H(Z), nats', '37 anchors'] });
    assert.ok(extension().isActive);
  });
});
