import * as vscode from 'vscode';
import type { OverviewInbound, OverviewOutbound } from '../core/protocol/webviewProtocol';
import { buildHtml, webviewOptions } from '../dashboard/html';
import { PREFIX } from '../settings';
import type { WorkerClient } from '../worker/client';
import { EmbeddingDocument } from './embeddingDocument';

/**
 * Webview glue of the read-only custom editor `embeddingEntropy.viewer`: shows the document's overview
 * and an Analyse action. The webview asks with `ready`; the overview is sent only then.
 */
export class EmbeddingEditorProvider implements vscode.CustomReadonlyEditorProvider<EmbeddingDocument> {
  static readonly viewType = `${PREFIX}.viewer`;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly worker: WorkerClient,
  ) {}

  openCustomDocument(uri: vscode.Uri): EmbeddingDocument {
    return new EmbeddingDocument(uri, this.worker);
  }

  resolveCustomEditor(document: EmbeddingDocument, panel: vscode.WebviewPanel): void {
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = buildHtml(panel.webview, this.extensionUri, 'overview', document.uri.path.split('/').pop() ?? 'Embeddings');
    const post = (m: OverviewInbound): Thenable<boolean> => panel.webview.postMessage(m);
    const send = (): void => {
      document.overview().then(
        (overview) => post({ type: 'overview', overview }),
        (e: Error) => post({ type: 'error', message: e.message }),
      );
    };
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), document.uri.path.split('/').pop()!));
    const disposables = [
      panel.webview.onDidReceiveMessage((m: OverviewOutbound) => {
        if (m.type === 'ready') send();
        else if (m.type === 'analyse') void vscode.commands.executeCommand(m.withOptions ? `${PREFIX}.analyseWithOptions` : `${PREFIX}.analyse`, document.uri);
      }),
      watcher,
      watcher.onDidChange(() => {
        document.invalidate();
        send();
      }),
    ];
    panel.onDidDispose(() => disposables.forEach((d) => d.dispose()));
  }
}
