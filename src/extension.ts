import * as vscode from 'vscode';
import { AnalysisRunner } from './commands/analysisRunner';
import { registerAnalyseCommands } from './commands/analyseCommands';
import { registerMiscCommands } from './commands/miscCommands';
import { DashboardPanel, type DashboardState } from './dashboard/panel';
import { WebviewGpuPool } from './dashboard/webviewGpu';
import { EmbeddingEditorProvider } from './editor/embeddingEditorProvider';
import { ResultCache } from './node/resultCache';
import { PREFIX } from './settings';
import { WorkerClient } from './worker/client';

/** Wiring only: logger, worker, cache, runner, commands, editor, dashboards, settings watcher. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Embedding Entropy', { log: true });
  const gpu = new WebviewGpuPool(() => vscode.workspace.getConfiguration(PREFIX).get<boolean>('gpu.allowSoftwareRenderer', false), log);
  const worker = new WorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath, log, (chunk) => gpu.accumulate(chunk));
  const cache = new ResultCache(vscode.Uri.joinPath(context.globalStorageUri, 'results').fsPath);
  const runner = new AnalysisRunner(worker, cache, log, gpu);
  context.subscriptions.push(
    log,
    { dispose: () => worker.dispose() },
    ...registerAnalyseCommands(context.extensionUri, runner, worker),
    ...registerMiscCommands(runner, log),
    vscode.window.registerCustomEditorProvider(EmbeddingEditorProvider.viewType, new EmbeddingEditorProvider(context.extensionUri, worker), {
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, {
      async deserializeWebviewPanel(panel, state: DashboardState | undefined) {
        DashboardPanel.revive(panel, state, context.extensionUri, runner);
      },
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      const panels = DashboardPanel.all();
      if (!e.affectsConfiguration(PREFIX) || panels.length === 0) return;
      const choice = await vscode.window.showInformationMessage(
        `Embedding Entropy settings changed. Re-run the ${panels.length === 1 ? 'open analysis' : `${panels.length} open analyses`}?`,
        'Re-run',
      );
      if (choice === 'Re-run') for (const p of panels) await p.rerun();
    }),
  );
  log.info(`activated (extension ${context.extension.packageJSON.version}, VS Code ${vscode.version})`);
}

/** Everything is disposed through context.subscriptions. */
export function deactivate(): void {}
