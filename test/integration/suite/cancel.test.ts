// Scenario 5: a long analysis (long/big.npy, 200 000 × 128, reference engine, 1000 anchors: about
// 40 s) is cancelled with the Cancel button of its progress notification, clicked in the real UI;
// the worker is idle again within 2 s (the command settles only when the worker has stopped, and a
// following analysis, queued behind it in the same worker, runs at once) and that analysis succeeds.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { AnalysisResult } from '../../../src/core/report/result';
import { analyse, clearNotifications, closeAllEditors, file, needsDriver, note, screenshot, ui } from './helpers';

describe('cancel', () => {
  it('cancels a long analysis from its progress notification; the worker is idle within 2 s and the next analysis succeeds', async function () {
    needsDriver(this);
    await closeAllEditors();
    await clearNotifications();
    const started = Date.now();
    let settledAt = 0;
    const long = analyse(file('long/big.npy')).then((r) => ((settledAt = Date.now()), r));
    // Wait until the worker reports rows (it is really computing), then click Cancel.
    const click = await ui<{ clickedAt: number; text: string }>('clickNotificationButton', {
      contains: ['Analysing big.npy', 'rows'],
      button: 'Cancel',
      screenshot: 'cancel-progress',
    });
    const cancelled = await long;
    assert.equal(cancelled, undefined, 'a cancelled analysis returns no result');
    const idleMs = settledAt - click.clickedAt;
    note(`cancel: clicked ${((click.clickedAt - started) / 1000).toFixed(1)} s after the start ("${click.text}"); the worker stopped ${idleMs} ms later`);
    assert.ok(idleMs <= 2000, `the worker took ${idleMs} ms to stop after Cancel`);

    const t0 = Date.now();
    const next = await analyse(file('plane2d.npy'));
    assert.ok(next, 'the analysis after a cancelled one failed');
    assert.equal(next.rows, 200);
    note(`cancel: the next analysis took ${Date.now() - t0} ms (${next.seconds.toFixed(2)} s in the worker)`);
    const told = await ui<{ viaCentre: boolean }>('waitNotification', { contains: 'Analysis of big.npy cancelled.' });
    note(`cancel: "Analysis of big.npy cancelled." ${told.viaCentre ? 'in the notification centre only' : 'as a toast'}`);
    await screenshot('cancel-done');
  });
});

/** Starts the long analysis and waits until its dashboard shows progress; `settledAt()` is when the command settled. */
async function longRunInDashboard(): Promise<{ result: Promise<AnalysisResult | undefined>; settledAt(): number }> {
  let settledAt = 0;
  const result = Promise.resolve(analyse(file('long/big.npy'))).then((r) => ((settledAt = Date.now()), r));
  await ui('webviewText', { contains: ['Analysing…', 'of 200,000 rows'] });
  return { result, settledAt: () => settledAt };
}

describe('cancel from the dashboard', () => {
  it('the dashboard opened for a long analysis shows its progress, and its Cancel button stops it', async function () {
    needsDriver(this);
    await closeAllEditors();
    await clearNotifications();
    const long = await longRunInDashboard();
    await screenshot('cancel-dashboard-progress');
    const clickedAt = Date.now();
    await ui('webviewClick', { contains: 'of 200,000 rows', selector: 'vscode-button[data-action="cancel"]' });
    assert.equal(await long.result, undefined, 'a cancelled analysis returns no result');
    note(`cancel from the dashboard: the worker stopped ${long.settledAt() - clickedAt} ms after the click`);
    assert.ok(long.settledAt() - clickedAt <= 2000, `the worker took ${long.settledAt() - clickedAt} ms to stop`);
    await ui('webviewText', { contains: ['Cancelled.', 'Try again'] });
  });
});

describe('closing the dashboard', () => {
  it('cancels its analysis: the command settles with no result and says so, and the worker is idle', async function () {
    needsDriver(this);
    await closeAllEditors();
    await clearNotifications();
    const long = await longRunInDashboard();
    const closedAt = Date.now();
    await closeAllEditors();
    assert.equal(await long.result, undefined, 'no result, and no error from posting to the closed dashboard');
    note(`closing the dashboard: the worker stopped ${long.settledAt() - closedAt} ms after the close`);
    assert.ok(long.settledAt() - closedAt <= 2000, `the worker took ${long.settledAt() - closedAt} ms to stop`);
    await ui('waitNotification', { contains: 'Analysis of big.npy cancelled.' });
    const next = await analyse(file('plane2d.npy'));
    assert.ok(next, 'the next analysis runs');
  });
});
