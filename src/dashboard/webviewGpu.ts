import type { GpuChunk, GpuChunkSums, GpuEnvelope, GpuRequest, GpuResponse, WebviewGpuInfo } from '../core/protocol/gpuProtocol';
import { RpcClient, type RpcError } from '../core/protocol/rpc';

/** A dashboard that can run the GPU engine, as the pool sees it. */
export interface GpuProvider {
  /** Feed the dashboard's `gpu` messages here. */
  handle(envelope: GpuEnvelope): void;
  /** Leaves the pool; requests in flight fail (the worker's engine falls back). */
  dispose(): void;
}

interface Entry {
  id: number;
  info: WebviewGpuInfo;
  rpc: RpcClient<GpuRequest, GpuResponse, never>;
}

/** No answer to one chunk within this long means the dashboard is stuck; the worker then falls back. */
const CHUNK_TIMEOUT_MS = 60_000;

/**
 * The dashboards whose WebGL2 can run the GPU engine. A dashboard joins when its webview reports a
 * hardware renderer (or any WebGL2 when `allowSoftware()` says so, for testing) and leaves when it
 * is hidden or closed (VS Code discards a hidden webview's page). The most recent one serves.
 */
export class WebviewGpuPool {
  private readonly entries: Entry[] = [];
  private nextId = 1;
  private readonly requestIds = { next: 1 };
  private lastProbe: WebviewGpuInfo | undefined;
  /** Refused renderers already logged (every dashboard re-probes on each reload). */
  private readonly refusedLogged = new Set<string>();

  constructor(
    private readonly allowSoftware: () => boolean,
    private readonly log: { info(msg: string): void; warn(msg: string): void },
    /** How long one chunk may take before the dashboard counts as stuck. */
    private readonly chunkTimeoutMs = CHUNK_TIMEOUT_MS,
  ) {}

  /** Why `info` cannot serve, or undefined when it can. */
  refusal(info: WebviewGpuInfo): string | undefined {
    if (!info.webgl2) return info.reason ?? 'no WebGL2';
    if (!info.software || this.allowSoftware()) return undefined;
    const what = info.reason ? `${info.reason}, so it may be a software renderer` : `${info.renderer || 'the renderer'} is a software renderer`;
    return `${what} (embeddingEntropy.gpu.allowSoftwareRenderer is off)`;
  }

  /** Adds a dashboard whose probe found `info`; undefined (and a log line) when it cannot serve. */
  join(info: WebviewGpuInfo, post: (envelope: GpuEnvelope) => void): GpuProvider | undefined {
    const why = this.refusal(info);
    this.lastProbe = info;
    if (why) {
      if (!this.refusedLogged.has(why)) this.log.info(`dashboard WebGL2 not used for the GPU engine: ${why}`);
      this.refusedLogged.add(why);
      return undefined;
    }
    // one numbering for every page: an answer from a page that was replaced can never settle a newer page's request
    const entry: Entry = { id: this.nextId++, info, rpc: new RpcClient<GpuRequest, GpuResponse, never>(post, this.requestIds) };
    this.entries.push(entry);
    this.log.info(`dashboard WebGL2 available for the GPU engine: ${info.renderer}${info.software ? ' (software)' : ''}`);
    return {
      handle: (envelope) => entry.rpc.handle(envelope),
      dispose: () => this.leave(entry, 'the dashboard running the GPU engine was closed or hidden'),
    };
  }

  private leave(entry: Entry, why: string): void {
    const i = this.entries.indexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
    entry.rpc.dispose(why);
  }

  /**
   * False when the last dashboard probe of this session found a WebGL2 that cannot serve (and none in
   * the pool can): then there is no point in waiting for a new dashboard's probe before an analysis.
   */
  get mightServe(): boolean {
    // judged again now: allowing software renderers may have changed since that probe
    return this.entries.length > 0 || !this.lastProbe || this.refusal(this.lastProbe) === undefined;
  }

  /** The GPU that would serve now, if any. */
  get current(): WebviewGpuInfo | undefined {
    return this.entries.at(-1)?.info;
  }

  /** Runs one chunk on the most recent dashboard's GPU. */
  async accumulate(chunk: GpuChunk): Promise<GpuChunkSums> {
    const e = this.entries.at(-1);
    if (!e) throw new Error('no dashboard with a usable WebGL2 is open');
    try {
      const res = await e.rpc.request({ type: 'gpuAccumulate', chunk }, { timeoutMs: this.chunkTimeoutMs });
      return res.sums;
    } catch (err) {
      // a dashboard that does not answer in time is stuck: later runs must not wait on it again
      if ((err as RpcError).remoteName === 'TimeoutError') {
        this.log.warn(`dashboard GPU gave no answer within ${this.chunkTimeoutMs / 1000} s; it is not used again until its page reloads`);
        this.leave(e, 'the dashboard running the GPU engine stopped answering');
      }
      throw err;
    }
  }
}
