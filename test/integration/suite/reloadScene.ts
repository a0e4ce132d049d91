// The scene the reload session's first extension host sets before reloading (see reload.test.ts).
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { allTabs, analyse, closeAllEditors, file, fmt, ui, until } from './helpers';

export const isDashboard = (t: vscode.Tab): boolean => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('embeddingEntropy.dashboard');

/** Where the first extension host leaves what the dashboard showed (inside the session's workspace). */
export const reloadMarker = (): string => file('.vscode/reload-marker.json').fsPath;

/** Before the reload: a dashboard with a result on screen, noted, then the window reloads. */
export async function beforeReload(): Promise<never> {
  await closeAllEditors();
  const result = await analyse(file('clustered.npy'));
  if (!result) throw new Error('the analysis before the reload returned nothing');
  await until('a dashboard tab', () => allTabs().find(isDashboard), 20_000);
  await ui('webviewText', { contains: ['H(Z), nats', fmt(result.entropy)] });
  writeFileSync(reloadMarker(), JSON.stringify({ entropy: result.entropy, labelSets: Object.keys(result.labelSets) }));
  // This extension host ends with the reload (the command's promise is rejected as "Canceled" on the
  // way out): never settle, so the runner writes no results from here.
  vscode.commands.executeCommand('workbench.action.reloadWindow').then(undefined, () => undefined);
  return new Promise<never>(() => {});
}

