// Scenario 2, through the real UI: right-click in the explorer and read the context menu. Analyse
// Embeddings is offered on .npy and .safetensors, never on .txt.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { needsDriver, ui } from './helpers';

const menu = (name: string): Promise<string[]> => ui<string[]>('contextMenu', { name, screenshot: `context-menu-${name}` });

describe('explorer context menu', () => {
  it('offers "Analyse Embeddings" on .npy', async function () {
    needsDriver(this);
    const items = await menu('clustered.npy');
    assert.ok(items.includes('Analyse Embeddings'), items.join(' | '));
    assert.ok(items.includes('Analyse with Options…'), items.join(' | '));
  });

  it('offers "Analyse Embeddings" on .safetensors', async function () {
    needsDriver(this);
    const items = await menu('main.safetensors');
    assert.ok(items.includes('Analyse Embeddings'), items.join(' | '));
  });

  it('does not offer it on .txt', async function () {
    needsDriver(this);
    const items = await menu('notes.txt');
    assert.ok(items.length > 3, `the menu should have opened: ${items.join(' | ')}`);
    assert.ok(!items.some((i) => i.startsWith('Analyse')), items.join(' | '));
  });
});
