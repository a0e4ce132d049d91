import * as vscode from 'vscode';
import type { DashboardInbound, DashboardOutbound } from '../core/protocol/webviewProtocol';
import type { AnalysisResult } from '../core/report/result';
import { PREFIX } from '../settings';
import { buildHtml, webviewOptions } from './html';
import type { GpuProvider, WebviewGpuPool } from './webviewGpu';

/** What a dashboard needs from the rest of the extension. */
export interface DashboardHost {
  /** Re-runs the analysis of `file` (with the dashboard's control changes); undefined if cancelled or failed. */
  rerun(file: vscode.Uri, panel: DashboardPanel, change: Extract<DashboardOutbound, { type: 'rerun' }>, signal: AbortSignal): Promise<AnalysisResult | undefined>;
  /** Saves `result` as JSON or CSV next to the data. */
  export(result: AnalysisResult, format: 'json' | 'csv'): Promise<void>;
  /** Saves a chart image the webview rendered. */
  saveChart(result: AnalysisResult | undefined, msg: Extract<DashboardOutbound, { type: 'saveChart' }>): Promise<void>;
  /** Runs the sensitivity scans and posts them to the panel. */
  sensitivity(file: vscode.Uri, panel: DashboardPanel, msg: Extract<DashboardOutbound, { type: 'sensitivity' }>, signal: AbortSignal): Promise<void>;
  /** Computes the projection and posts it to the panel. */
  projection(file: vscode.Uri, panel: DashboardPanel, layer: number | undefined, signal: AbortSignal): Promise<void>;
  /** Dashboards whose WebGL2 can run the GPU engine join this pool while visible. */
  readonly gpu: WebviewGpuPool;
}

/** What the webview keeps across reloads (vscode.setState) and hands back to the serializer. */
export interface DashboardState {
  file: string;
  result?: AnalysisResult;
  compare?: { a: AnalysisResult; b: AnalysisResult };
}

/**
 * One dashboard per analysed file (or compared pair): a WebviewPanel showing the result. The webview
 * asks for its state with `ready`; the host sends the result only then (handshake). Work the
 * dashboard starts (re-run, scans) can be cancelled from it.
 */
export class DashboardPanel implements vscode.Disposable {
  static readonly viewType = `${PREFIX}.dashboard`;
  private static readonly byKey = new Map<string, DashboardPanel>();
  private ready = false;
  private work: AbortController | undefined;
  private gpu: GpuProvider | undefined;
  /**
   * What was said before the webview was ready (posts are dropped until then): the latest progress,
   * a failure, a sweep. Sent on `ready` while still true.
   */
  private pending: { busy?: DashboardInbound; failed?: DashboardInbound; sweep?: boolean } = {};
  /** Set when a command runs this (empty) dashboard's analysis itself: `ready` then starts nothing. */
  private runByCaller = false;
  /** The last failed analysis while there is no result: what an empty dashboard shows. */
  private failure: DashboardInbound | undefined;
  private isDisposed = false;
  /** Settles at the page's next `ready` (renewed whenever VS Code discards the page). */
  private pageReady!: Promise<void>;
  private markReady!: () => void;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    readonly panel: vscode.WebviewPanel,
    readonly file: vscode.Uri,
    private readonly key: string,
    private content: Pick<DashboardState, 'result' | 'compare'>,
    extensionUri: vscode.Uri,
    private readonly host: DashboardHost,
  ) {
    this.expectPage();
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = buildHtml(panel.webview, extensionUri, 'dashboard', panel.title);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: DashboardOutbound) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      // VS Code discards a hidden webview's page (and reloads it, with a new `ready`, when shown):
      // until then nothing can be posted (what matters is kept in `pending`) and its GPU is gone.
      panel.onDidChangeViewState(() => {
        if (panel.visible || !this.ready) return;
        this.ready = false;
        this.expectPage();
        this.leaveGpuPool();
      }),
    );
    DashboardPanel.byKey.set(key, this);
  }

  /**
   * Opens the dashboard of `file`, or of the comparison `file` ↔ `compareWith`, before its analysis
   * (reusing an open one, which keeps showing its result meanwhile): the caller runs the analysis
   * with {@link run}, so the dashboard shows progress and Cancel from the start, and its WebGL2 can
   * run the GPU engine for this very analysis.
   */
  static open(extensionUri: vscode.Uri, file: vscode.Uri, host: DashboardHost, compareWith?: vscode.Uri): DashboardPanel {
    const name = (u: vscode.Uri): string => u.path.split('/').pop() ?? '';
    const key = compareWith ? `compare:${file}|${compareWith}` : file.toString();
    const existing = DashboardPanel.byKey.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const title = compareWith ? `Compare: ${name(file)} ↔ ${name(compareWith)}` : `Entropy: ${name(file)}`;
    const panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, title, vscode.ViewColumn.Active, webviewOptions(extensionUri));
    const d = new DashboardPanel(panel, file, key, {}, extensionUri, host);
    d.runByCaller = true;
    return d;
  }

  /** A new page is coming (the first, or one after VS Code discarded a hidden one): {@link whenReady} waits for it. */
  private expectPage(): void {
    this.pageReady = new Promise((r) => (this.markReady = r));
  }

  /** Resolves true once the page has said `ready` (and so joined the GPU pool if it can); false after `timeoutMs` or when closed. */
  whenReady(timeoutMs: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    return Promise.race([this.pageReady.then(() => !this.isDisposed), late]).finally(() => clearTimeout(timer));
  }

  /** True once the user closed it. */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /**
   * Runs an analysis (a pair, for a comparison) for this dashboard: its Cancel button (and closing
   * it) cancel `work`, which starts with a fresh signal (cancelling what ran before); the result, if
   * any, is shown.
   */
  async run<T extends AnalysisResult | [AnalysisResult, AnalysisResult]>(work: (signal: AbortSignal) => Promise<T | undefined>): Promise<T | undefined> {
    if (this.isDisposed) return undefined; // closed before its analysis started: nothing to show it on
    const r = await this.finishWork(work(this.startWork()));
    if (r && !this.isDisposed) this.show(Array.isArray(r) ? { compare: { a: r[0], b: r[1] } } : { result: r });
    return r;
  }

  /** Restores a dashboard after a window reload (webview serializer). */
  static revive(panel: vscode.WebviewPanel, state: DashboardState | undefined, extensionUri: vscode.Uri, host: DashboardHost): DashboardPanel | undefined {
    if (!state?.file) {
      panel.dispose();
      return undefined;
    }
    const file = vscode.Uri.file(state.file);
    const key = state.compare ? `compare:${vscode.Uri.file(state.compare.a.source)}|${vscode.Uri.file(state.compare.b.source)}` : file.toString();
    return new DashboardPanel(panel, file, key, { result: state.result, compare: state.compare }, extensionUri, host);
  }

  /** Every open dashboard (to offer a re-run when settings change). */
  static all(): DashboardPanel[] {
    return [...DashboardPanel.byKey.values()];
  }

  /** The result on screen, if any (the first file's, for a comparison). */
  get currentResult(): AnalysisResult | undefined {
    return this.content.result ?? this.content.compare?.a;
  }

  /** True for a comparison dashboard (from its first moment, before its results exist). */
  get isCompare(): boolean {
    return this.key.startsWith('compare:');
  }

  /** Shows new content (what was pending from before the page was ready is then out of date). */
  private show(content: Pick<DashboardState, 'result' | 'compare'>): void {
    this.content = content;
    this.failure = undefined;
    this.pending = { sweep: this.pending.sweep };
    this.send();
  }

  /** Posts any message to the webview (only after its `ready`, never after the panel was closed). */
  post(m: DashboardInbound): void {
    if (!this.ready || this.isDisposed) return;
    try {
      this.panel.webview.postMessage(m).then(undefined, () => undefined);
    } catch {
      // closed between the check and the call: nothing is shown anywhere, nothing to do
    }
  }

  /** True while `signal` belongs to this dashboard's current work (reports of superseded work are dropped). */
  isCurrent(signal: AbortSignal | undefined): boolean {
    return !signal || this.work?.signal === signal;
  }

  /** Tells the webview how far a running analysis or scan has got. */
  busy(what: 'analysis' | 'sensitivity' | 'projection', rowsDone: number, rowsTotal: number): void {
    const m: DashboardInbound = { type: 'busy', what, rowsDone, rowsTotal };
    if (this.isDisposed) return;
    if (this.ready) this.post(m);
    else this.pending = { ...this.pending, busy: m, failed: undefined };
  }

  /** Tells the webview the last request failed. */
  failed(what: 'analysis' | 'sensitivity' | 'projection', message: string): void {
    const m: DashboardInbound = { type: 'failed', what, message };
    if (this.isDisposed) return;
    // With no result to show, the failure is what the dashboard shows: a reloaded page shows it again.
    if (what === 'analysis' && !this.content.result && !this.content.compare) this.failure = m;
    if (this.ready) this.post(m);
    else this.pending = { ...this.pending, busy: undefined, failed: m };
  }

  /** Re-runs this dashboard's analysis with the current settings (and any control changes). */
  async rerun(change: Extract<DashboardOutbound, { type: 'rerun' }> = { type: 'rerun' }): Promise<void> {
    if (this.isCompare) return;
    await this.run((signal) => this.host.rerun(this.file, this, change, signal));
  }

  /** Shows the Sensitivity view and starts its scans (once the webview is ready). */
  sweep(): void {
    if (this.isCompare) return;
    if (this.ready) this.post({ type: 'sweep' });
    else this.pending.sweep = true;
  }

  private send(): void {
    if (this.content.compare) this.post({ type: 'compare', ...this.content.compare });
    else if (this.content.result) this.post({ type: 'result', result: this.content.result });
  }

  /** Marks the current work done once `p` settles (so a later Cancel is answered here). */
  private async finishWork<T>(p: Promise<T>): Promise<T> {
    const mine = this.work;
    try {
      return await p;
    } finally {
      if (this.work === mine) this.work = undefined;
    }
  }

  /** A fresh AbortSignal for the next piece of work; the previous one is cancelled. */
  private startWork(): AbortSignal {
    this.work?.abort();
    this.work = new AbortController();
    return this.work.signal;
  }

  private onMessage(m: DashboardOutbound): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.leaveGpuPool();
        if (m.gpu) this.gpu = this.host.gpu.join(m.gpu, (envelope) => void this.panel.webview.postMessage({ type: 'gpu', envelope } satisfies DashboardInbound));
        this.markReady();
        if (this.content.result || this.content.compare) this.send();
        else if (!this.runByCaller && !this.work) void this.rerun();
        this.flushPending();
        break;
      case 'rerun':
        void this.rerun(m);
        break;
      case 'export':
        if (this.currentResult) void this.host.export(this.currentResult, m.format);
        break;
      case 'saveChart':
        void this.host.saveChart(this.currentResult, m);
        break;
      case 'sensitivity':
        void this.finishWork(this.host.sensitivity(this.file, this, m, this.startWork()));
        break;
      case 'projection':
        void this.finishWork(this.host.projection(this.file, this, m.layer, this.startWork()));
        break;
      case 'gpu':
        this.gpu?.handle(m.envelope);
        break;
      case 'cancel':
        // The running request answers with `failed … Cancelled.`; with nothing running, say so here.
        if (this.work && !this.work.signal.aborted) this.work.abort();
        else this.failed('analysis', 'Cancelled.');
        break;
    }
  }

  /** Sends what was said before `ready` (progress only while work still runs, a failure, a sweep), or the failure an empty dashboard shows. */
  private flushPending(): void {
    const { busy, failed, sweep } = this.pending;
    this.pending = {};
    if (busy && this.work && !this.work.signal.aborted) this.post(busy);
    const shown = failed ?? (this.work ? undefined : this.failure);
    if (shown) this.post(shown);
    if (sweep) this.post({ type: 'sweep' });
  }

  private leaveGpuPool(): void {
    this.gpu?.dispose();
    this.gpu = undefined;
  }

  dispose(): void {
    this.isDisposed = true;
    this.ready = false;
    this.pending = {};
    this.markReady(); // a command waiting for this page stops waiting (and run() then does nothing)
    this.work?.abort();
    this.leaveGpuPool();
    DashboardPanel.byKey.delete(this.key);
    this.disposables.forEach((d) => d.dispose());
    this.disposables.length = 0;
  }
}
