import * as vscode from 'vscode';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeNpy } from '../core/formats/npy';
import { makeSampleData } from '../core/sample/sampleData';
import { DashboardPanel } from '../dashboard/panel';
import { PREFIX } from '../settings';
import type { AnalysisRunner } from './analysisRunner';

/** Registers Create Sample Embeddings, Export Results…, Show Log. */
export function registerMiscCommands(runner: AnalysisRunner, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(`${PREFIX}.createSample`, async () => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const base = folder ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: 'Folder for the sample embeddings' }))?.[0];
      if (!base) return;
      const dir = join(base.fsPath, 'embedding-entropy-sample');
      const s = makeSampleData();
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'embeddings.npy'), encodeNpy([s.layers, s.rows, s.dim], s.embeddings));
      await writeFile(join(dir, 'metadata.tsv'), s.metadataTsv);
      log.info(`wrote the sample dataset to ${dir}`);
      const file = vscode.Uri.file(join(dir, 'embeddings.npy'));
      await vscode.commands.executeCommand('vscode.openWith', file, `${PREFIX}.viewer`);
    }),
    vscode.commands.registerCommand(`${PREFIX}.exportResults`, async () => {
      const panels = DashboardPanel.all();
      const active = panels.find((p) => p.panel.active) ?? panels[0];
      if (!active) {
        void vscode.window.showInformationMessage('Open an analysis first: right-click an embeddings file and choose "Analyse Embeddings".');
        return;
      }
      const format = (await vscode.window.showQuickPick(['json', 'csv'], { title: 'Export format' })) as 'json' | 'csv' | undefined;
      const result = active.currentResult;
      if (format && result) await runner.export(result, format);
    }),
    vscode.commands.registerCommand(`${PREFIX}.showLog`, () => log.show()),
  ];
}
