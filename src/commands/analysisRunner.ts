import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { EngineChoice } from '../core/engines/engineChoice';
import type { AnalyseFileRequestBody } from '../core/protocol/analyseRequest';
import { resultToCsv } from '../core/report/csv';
import type { AnalysisResult } from '../core/report/result';
import type { DashboardOutbound } from '../core/protocol/webviewProtocol';
import type { DashboardHost, DashboardPanel } from '../dashboard/panel';
import type { WebviewGpuPool } from '../dashboard/webviewGpu';
import { findSidecar } from '../node/findSidecar';
import type { ResultCache } from '../node/resultCache';
import { readSettings } from '../settings';
import type { WorkerClient } from '../worker/client';

/** The engine choices that may run on a dashboard's GPU (see src/worker/engineFor.ts). */
const offersDashboardGpu = (engine: EngineChoice | undefined): boolean => engine === 'gpu' || engine === 'auto';

/** Request fields a command may set on top of the settings (label file, layer, anchors…). */
export type RequestOverrides = Partial<Omit<AnalyseFileRequestBody, 'file' | 'settings'>> & { settings?: Partial<AnalyseFileRequestBody['settings']> };

/**
 * Runs analyses for the commands and dashboards: builds the request from the settings, answers from
 * the result cache when nothing changed, otherwise runs it in the worker behind a cancellable
 * progress notification, logs the run, and turns failures into messages that name the file.
 */
export class AnalysisRunner implements DashboardHost {
  constructor(
    private readonly worker: WorkerClient,
    private readonly cache: ResultCache,
    private readonly log: vscode.LogOutputChannel,
    readonly gpu: WebviewGpuPool,
  ) {}

  /** The request for `file` with the current settings and `overrides`. */
  async request(file: vscode.Uri, overrides: RequestOverrides = {}): Promise<AnalyseFileRequestBody> {
    const s = readSettings(file);
    const { settings, ...rest } = overrides;
    const req: AnalyseFileRequestBody = {
      file: file.fsPath,
      settings: { ...s.analysis, ...settings },
      anchorsFile: s.anchorsFile,
      engine: s.engine,
      maxRows: s.maxRows || undefined,
      ...rest,
    };
    return req;
  }

  /** `req` offering a visible dashboard's GPU to `gpu` and `auto` runs (set after the cache key is made: results do not depend on it). */
  private withGpu(req: AnalyseFileRequestBody): AnalyseFileRequestBody {
    const webviewGpu = offersDashboardGpu(req.engine) ? this.gpu.current : undefined;
    return webviewGpu ? { ...req, webviewGpu } : req;
  }

  /** Whether an analysis of `file` could use a dashboard's GPU that is still loading (engine gpu/auto, no refusal yet). */
  mayUseDashboardGpu(file: vscode.Uri): boolean {
    const { engine } = readSettings(file);
    return offersDashboardGpu(engine) && this.gpu.mightServe;
  }

  /** Analyses `file`; undefined when cancelled or failed (the user has been told). `signal` cancels too. */
  async run(file: vscode.Uri, overrides: RequestOverrides = {}, panel?: DashboardPanel, signal?: AbortSignal): Promise<AnalysisResult | undefined> {
    const req = await this.request(file, overrides);
    // The cache key covers the sidecar the worker will look at, so editing the labels misses the cache.
    const labelsForKey = req.labels === undefined ? ((await findSidecar(req.file))?.path ?? null) : req.labels;
    const key = await this.cache.key(req, labelsForKey);
    const cached = key ? await this.cache.get(key) : undefined;
    if (cached) {
      this.log.info(`${req.file}: result from cache (${key})`);
      return cached;
    }
    const name = basename(req.file);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Analysing ${name}`, cancellable: true },
        async (progress, token) => {
          const ac = new AbortController();
          const sub = token.onCancellationRequested(() => ac.abort());
          signal?.addEventListener('abort', () => ac.abort(), { once: true });
          let shown = 0;
          try {
            return await this.worker.analyse(this.withGpu(req), {
              signal: ac.signal,
              onProgress: (p) => {
                const pct = (100 * p.rowsDone) / Math.max(1, p.rowsTotal);
                progress.report({ increment: pct - shown, message: `${p.rowsDone.toLocaleString()} of ${p.rowsTotal.toLocaleString()} rows` });
                shown = pct;
                if (panel?.isCurrent(signal)) panel.busy('analysis', p.rowsDone, p.rowsTotal);
              },
            });
          } finally {
            sub.dispose();
          }
        },
      );
      this.log.info(
        `${req.file}: ${result.rows} rows × ${result.dim} dims, ${result.layers?.length ?? 1} layer(s), engine ${result.engine} (${result.kernelMode}), ` +
          `${result.seconds.toFixed(2)} s; settings ${JSON.stringify(result.settings)}; labels ${result.labels ?? 'none'}`,
      );
      if (key) await this.cache.put(key, result).catch((e: Error) => this.log.warn(`could not cache the result: ${e.message}`));
      return result;
    } catch (e) {
      const err = e as Error;
      if (err.name === 'CancelledError') {
        this.log.info(`${req.file}: cancelled`);
        // A run superseded by a newer one of the same dashboard says nothing there (the newer one reports).
        if (panel?.isCurrent(signal)) panel.failed('analysis', 'Cancelled.');
        void vscode.window.showInformationMessage(`Analysis of ${name} cancelled.`);
        return undefined;
      }
      this.log.error(`${req.file}: ${err.message}`);
      if (panel?.isCurrent(signal)) panel.failed('analysis', err.message);
      // Not awaited: the command settles now, whether or not the user ever answers the message.
      void vscode.window.showErrorMessage(`Embedding Entropy could not analyse ${name}: ${err.message}`, 'Show Log').then((choice) => {
        if (choice === 'Show Log') this.log.show();
      });
      return undefined;
    }
  }

  rerun(file: vscode.Uri, panel: DashboardPanel, change: Extract<DashboardOutbound, { type: 'rerun' }>, signal: AbortSignal): Promise<AnalysisResult | undefined> {
    const overrides: RequestOverrides = { settings: change.settings };
    if (change.layer !== undefined) overrides.layer = change.layer ?? undefined;
    return this.run(file, overrides, panel, signal);
  }

  /** Runs `work` in the worker behind a cancellable notification, reporting to the dashboard. */
  private async dashboardWork<T>(
    panel: DashboardPanel,
    what: 'sensitivity' | 'projection',
    title: string,
    signal: AbortSignal,
    work: (signal: AbortSignal, onProgress: (p: { rowsDone: number; rowsTotal: number }) => void) => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        signal.addEventListener('abort', () => ac.abort(), { once: true });
        let shown = 0;
        try {
          return await work(ac.signal, (p) => {
            const pct = (100 * p.rowsDone) / Math.max(1, p.rowsTotal);
            progress.report({ increment: pct - shown });
            shown = pct;
            if (panel.isCurrent(signal)) panel.busy(what, p.rowsDone, p.rowsTotal);
          });
        } finally {
          sub.dispose();
        }
      });
    } catch (e) {
      const err = e as Error;
      this.log[err.name === 'CancelledError' ? 'info' : 'error'](`${what}: ${err.message}`);
      if (panel.isCurrent(signal)) panel.failed(what, err.name === 'CancelledError' ? 'Cancelled.' : err.message);
      return undefined;
    }
  }

  async sensitivity(file: vscode.Uri, panel: DashboardPanel, msg: Extract<DashboardOutbound, { type: 'sensitivity' }>, signal: AbortSignal): Promise<void> {
    const req = await this.request(file);
    const result = await this.dashboardWork(panel, 'sensitivity', `Sensitivity scans of ${basename(req.file)}`, signal, (sig, onProgress) =>
      this.worker.sensitivity(this.withGpu(req), { temperatureScales: msg.temperatureScales, binCounts: msg.binCounts, seeds: msg.seeds }, { signal: sig, onProgress }),
    );
    if (result) panel.post({ type: 'sensitivity', result });
  }

  async projection(file: vscode.Uri, panel: DashboardPanel, layer: number | undefined, signal: AbortSignal): Promise<void> {
    const req = await this.request(file);
    const result = await this.dashboardWork(panel, 'projection', `Projecting ${basename(req.file)}`, signal, (sig) => this.worker.project(req, layer, { signal: sig }));
    if (result) panel.post({ type: 'projection', result });
  }

  /** Saves a chart (PNG data URL or SVG markup) beside the data, after asking where. */
  async saveChart(result: AnalysisResult | undefined, msg: Extract<DashboardOutbound, { type: 'saveChart' }>): Promise<void> {
    const safe = msg.name.replace(/[^\w.-]+/g, '-');
    const folder = result ? dirname(result.source) : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '.');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(join(folder, `${safe}.${msg.format}`)),
      filters: msg.format === 'png' ? { PNG: ['png'] } : { SVG: ['svg'] },
    });
    if (!target) return;
    const data = msg.format === 'png' ? Buffer.from(msg.data.replace(/^data:image\/png;base64,/, ''), 'base64') : msg.data;
    await writeFile(target.fsPath, data);
    this.log.info(`saved chart ${msg.name} to ${target.fsPath}`);
  }

  /** Writes `result` as `<stem>.entropy.json` / `.csv` beside the data, after asking where. */
  async export(result: AnalysisResult, format: 'json' | 'csv'): Promise<void> {
    const stem = basename(result.source).replace(/\.[^.]+$/, '');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(join(dirname(result.source), `${stem}.entropy.${format}`)),
      filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
    });
    if (!target) return;
    await writeFile(target.fsPath, format === 'json' ? JSON.stringify(result, null, 2) + '\n' : resultToCsv(result));
    this.log.info(`exported ${result.source} to ${target.fsPath}`);
    void vscode.window.showInformationMessage(`Saved ${basename(target.fsPath)}.`);
  }
}
