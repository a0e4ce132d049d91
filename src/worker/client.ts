import { Worker } from 'node:worker_threads';
import type { Progress } from '../core/analysis/analyse';
import type { AnalyseFileRequestBody } from '../core/protocol/analyseRequest';
import type { GpuChunk, GpuChunkSums, GpuEnvelope, GpuRequest, GpuResponse } from '../core/protocol/gpuProtocol';
import { RpcClient, RpcServer, buffersOf, type RpcEnvelope } from '../core/protocol/rpc';
import type { FileOverview, WorkerNotification, WorkerRequest, WorkerResponse } from '../core/protocol/workerProtocol';
import type { AnalysisResult } from '../core/report/result';
import type { ProjectionResult, SensitivityResult } from '../core/protocol/webviewProtocol';
import type { SensitivityScan } from '../node/sensitivity';

/** Where the client reports what happens to the worker (the extension's LogOutputChannel). */
export interface WorkerLog {
  info(msg: string): void;
  error(msg: string): void;
}

/**
 * The extension host's handle on the analysis worker: started on first use, restarted after a crash,
 * terminated on dispose. Analyses are queued and run one at a time (each already uses the whole
 * worker); inspections run at once. Cancelling an analysis stops it at the next chunk of rows.
 */
export class WorkerClient {
  private worker: Worker | undefined;
  private rpc: RpcClient<WorkerRequest, WorkerResponse, WorkerNotification> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly workerPath: string,
    private readonly log: WorkerLog,
    /** Runs a chunk on a dashboard's GPU when the worker asks (absent: the worker's requests fail and it falls back). */
    private readonly gpu?: (chunk: GpuChunk) => Promise<GpuChunkSums>,
  ) {}

  /** True while a worker thread exists. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Requests in flight in the current worker. */
  get busy(): number {
    return this.rpc?.inFlight ?? 0;
  }

  private connection(): RpcClient<WorkerRequest, WorkerResponse, WorkerNotification> {
    if (this.disposed) throw new Error('Embedding Entropy is shutting down');
    if (this.rpc && this.worker) return this.rpc;
    const worker = new Worker(this.workerPath);
    const rpc = new RpcClient<WorkerRequest, WorkerResponse, WorkerNotification>((m: RpcEnvelope<WorkerRequest, WorkerResponse, WorkerNotification>) => worker.postMessage(m));
    // The worker's own requests (chunks for a dashboard's GPU) share the channel; their sums go back transferred.
    const gpu = this.gpu;
    const server = new RpcServer<GpuRequest, GpuResponse, never>(
      (m: GpuEnvelope) => worker.postMessage(m, buffersOf(m)),
      async (req) => {
        if (!gpu) throw new Error('no dashboard GPU in this host');
        return { type: 'gpuSums', sums: await gpu(req.chunk) };
      },
    );
    worker.on('message', (m) => {
      if (!rpc.handle(m)) server.handle(m);
    });
    const lost = (why: string): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.rpc = undefined;
      if (!this.disposed) this.log.error(`analysis worker stopped: ${why}`);
      rpc.failAll(`The analysis worker stopped unexpectedly (${why}). Run the command again to start a new one; see "Embedding Entropy: Show Log" for details.`);
    };
    worker.on('error', (e) => lost(e.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    worker.unref(); // an idle worker must not keep the process alive (see track)
    this.worker = worker;
    this.rpc = rpc;
    this.log.info(`analysis worker started (thread ${worker.threadId})`);
    return rpc;
  }

  /** Keeps the process alive while `p` is pending: the worker is ref'd only while it has work. */
  private track<T>(p: Promise<T>): Promise<T> {
    const w = this.worker;
    w?.ref();
    const done = (): void => {
      if (w && this.worker === w && this.busy === 0) w.unref();
    };
    p.then(done, done);
    return p;
  }

  /** Runs `req` after every long request queued before it; cancelled ones never start. */
  private queued(req: WorkerRequest, opts: { onProgress?(p: Progress): void; signal?: AbortSignal }): Promise<WorkerResponse> {
    const run = async (): Promise<WorkerResponse> => {
      if (opts.signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'CancelledError' });
      const rpc = this.connection();
      return this.track(
        rpc.request(req, {
          signal: opts.signal,
          onNotify: (n) => {
            if (n.type === 'log') this.log.info(n.message);
            else opts.onProgress?.(n);
          },
        }),
      );
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Runs one analysis in the worker (after any queued before it). */
  async analyse(request: AnalyseFileRequestBody, opts: { onProgress?(p: Progress): void; signal?: AbortSignal } = {}): Promise<AnalysisResult> {
    const res = await this.queued({ type: 'analyse', request }, opts);
    if (res.type !== 'analysed') throw new Error(`unexpected worker answer ${res.type}`);
    return res.result;
  }

  /** Runs the sensitivity scans (queued like analyses). */
  async sensitivity(request: AnalyseFileRequestBody, scan: SensitivityScan, opts: { onProgress?(p: Progress): void; signal?: AbortSignal } = {}): Promise<SensitivityResult> {
    const res = await this.queued({ type: 'sensitivity', request, ...scan }, opts);
    if (res.type !== 'sensitivity') throw new Error(`unexpected worker answer ${res.type}`);
    return res.result;
  }

  /** Projects a sample of one layer to 2-D (queued like analyses). */
  async project(request: AnalyseFileRequestBody, layer: number | undefined, opts: { signal?: AbortSignal } = {}): Promise<ProjectionResult> {
    const res = await this.queued({ type: 'project', request, layer }, opts);
    if (res.type !== 'projection') throw new Error(`unexpected worker answer ${res.type}`);
    return res.result;
  }

  /** Reads a file's overview (headers, shape, labels) in the worker. */
  async inspect(file: string, opts: { tensor?: string; column?: string } = {}): Promise<FileOverview> {
    const rpc = this.connection();
    const res = await this.track(rpc.request({ type: 'inspect', file, ...opts }, { timeoutMs: 120_000 }));
    if (res.type !== 'inspected') throw new Error(`unexpected worker answer ${res.type}`);
    return res.overview;
  }

  /** Stops the worker now (pending requests fail); the next request starts a new one. */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Terminates the worker and refuses new requests. */
  dispose(): void {
    this.disposed = true;
    this.rpc?.dispose('Embedding Entropy is shutting down');
    void this.worker?.terminate();
    this.worker = undefined;
    this.rpc = undefined;
  }
}
