import * as vscode from 'vscode';
import type { DashboardInbound, DashboardOutbound } from '../core/protocol/webviewProtocol';
import type { AnalysisResult } from '../core/report/result';
import { PREFIX } from '../settings';
import { buildHtml, webviewOptions } from './html';

/** What a dashboard needs from the rest of the extension. */
export interface DashboardHost {
  /** Re-runs the analysis of `file` and returns the new result (undefined if cancelled or failed). */
  rerun(file: vscode.Uri, panel: DashboardPanel): Promise<AnalysisResult | undefined>;
  /** Saves `result` as JSON or CSV next to the data. */
  export(result: AnalysisResult, format: 'json' | 'csv'): Promise<void>;
}

/** What the webview keeps across reloads (vscode.setState) and hands back to the serializer. */
export interface DashboardState {
  file: string;
  result?: AnalysisResult;
}

/**
 * One dashboard per analysed file: a WebviewPanel showing the result. The webview asks for its
 * state with `ready`; the host sends the result only then (handshake).
 */
export class DashboardPanel implements vscode.Disposable {
  static readonly viewType = `${PREFIX}.dashboard`;
  private static readonly open = new Map<string, DashboardPanel>();
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    readonly panel: vscode.WebviewPanel,
    readonly file: vscode.Uri,
    private result: AnalysisResult | undefined,
    extensionUri: vscode.Uri,
    private readonly host: DashboardHost,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = buildHtml(panel.webview, extensionUri, 'dashboard', panel.title);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: DashboardOutbound) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    DashboardPanel.open.set(file.toString(), this);
  }

  /** Shows the dashboard of `file` (reusing an open one) with `result`. */
  static show(extensionUri: vscode.Uri, file: vscode.Uri, result: AnalysisResult, host: DashboardHost): DashboardPanel {
    const existing = DashboardPanel.open.get(file.toString());
    if (existing) {
      existing.panel.reveal(undefined, true);
      existing.update(result);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, `Entropy: ${file.path.split('/').pop()}`, vscode.ViewColumn.Active, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: false,
    });
    return new DashboardPanel(panel, file, result, extensionUri, host);
  }

  /** Restores a dashboard after a window reload (webview serializer). */
  static revive(panel: vscode.WebviewPanel, state: DashboardState | undefined, extensionUri: vscode.Uri, host: DashboardHost): DashboardPanel | undefined {
    if (!state?.file) {
      panel.dispose();
      return undefined;
    }
    return new DashboardPanel(panel, vscode.Uri.file(state.file), state.result, extensionUri, host);
  }

  /** Every open dashboard (to offer a re-run when settings change). */
  static all(): DashboardPanel[] {
    return [...DashboardPanel.open.values()];
  }

  /** The result on screen, if any. */
  get currentResult(): AnalysisResult | undefined {
    return this.result;
  }

  /** Shows a new result. */
  update(result: AnalysisResult): void {
    this.result = result;
    this.post({ type: 'result', result });
  }

  /** Tells the webview how far a running analysis or scan has got. */
  busy(what: 'analysis' | 'sensitivity' | 'projection', rowsDone: number, rowsTotal: number): void {
    this.post({ type: 'busy', what, rowsDone, rowsTotal });
  }

  /** Tells the webview the last request failed. */
  failed(what: 'analysis' | 'sensitivity' | 'projection', message: string): void {
    this.post({ type: 'failed', what, message });
  }

  /** Re-runs this dashboard's analysis with the current settings. */
  async rerun(): Promise<void> {
    const r = await this.host.rerun(this.file, this);
    if (r) this.update(r);
  }

  private post(m: DashboardInbound): void {
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  private onMessage(m: DashboardOutbound): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.result) this.post({ type: 'result', result: this.result });
        else void this.rerun();
        break;
      case 'rerun':
        void this.rerun();
        break;
      case 'export':
        if (this.result) void this.host.export(this.result, m.format);
        break;
    }
  }

  dispose(): void {
    DashboardPanel.open.delete(this.file.toString());
    this.disposables.forEach((d) => d.dispose());
    this.disposables.length = 0;
  }
}
