import * as vscode from 'vscode';
import type { FileOverview } from '../core/protocol/workerProtocol';
import type { WorkerClient } from '../worker/client';

/**
 * The model behind the read-only custom editor: a file on disk and its overview (headers, shape,
 * labels), read once in the worker so a large file never blocks the UI.
 */
export class EmbeddingDocument implements vscode.CustomDocument {
  private overviewPromise: Promise<FileOverview> | undefined;

  constructor(
    readonly uri: vscode.Uri,
    private readonly worker: WorkerClient,
  ) {}

  /** The file's overview, read on first request and kept. */
  overview(): Promise<FileOverview> {
    this.overviewPromise ??= this.worker.inspect(this.uri.fsPath);
    return this.overviewPromise;
  }

  /** Forgets the overview (the file changed on disk). */
  invalidate(): void {
    this.overviewPromise = undefined;
  }

  dispose(): void {
    this.overviewPromise = undefined;
  }
}
