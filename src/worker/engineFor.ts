import { blockedEngine } from '../core/engines/blocked';
import type { ChunkSums, Engine } from '../core/engines/engine';
import type { EngineChoice } from '../core/engines/engineChoice';
import { createRemoteEngine, type RemoteEngine } from '../core/engines/remote';
import { selectEngine } from '../core/engines/select';
import { prepareAnchors } from '../core/entropy/kernels/similarity';
import type { KernelSettings } from '../core/entropy/settings';
import type { GpuChunk, GpuChunkSums, WebviewGpuInfo } from '../core/protocol/gpuProtocol';

/** Sends a chunk to the dashboard's GPU through the extension host. */
export type GpuSend = (chunk: GpuChunk) => Promise<GpuChunkSums>;

/** The name results and logs give the dashboard's GPU engine. */
export const WEBVIEW_ENGINE = 'webview-gpu';

/** `auto`'s decision per renderer, made once per worker (that is, per window session). */
const decided = new Map<string, boolean>();

/** The dashboard's GPU engine, with `fallback` taking over if the dashboard goes away mid-run. */
function webviewEngine(send: GpuSend, fallback: Engine, log: (msg: string) => void): RemoteEngine {
  return createRemoteEngine({
    name: WEBVIEW_ENGINE,
    send,
    fallback,
    onFallback: (why) => log(`the dashboard's GPU engine stopped (${why}); the ${fallback.name} engine finishes the run`),
  });
}

/** A seeded, dense problem the size of a typical chunk: 2048 rows × 256 dims, 100 anchors, 10 labels. */
function calibrationProblem(): { rows: Float64Array; codes: Int32Array[]; anchors: ReturnType<typeof prepareAnchors>; settings: KernelSettings; sums: () => ChunkSums } {
  const m = 2048;
  const d = 256;
  const n = 100;
  let s = 0x9e3779b9;
  const next = (): number => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const rows = Float64Array.from({ length: m * d }, next);
  const anchors = prepareAnchors(Float64Array.from({ length: n * d }, next), n, d, 'cosine');
  const codes = [Int32Array.from({ length: m }, (_, i) => i % 10)];
  const sums = (): ChunkSums => ({ total: new Float64Array(n), groupSums: [new Float64Array(10 * n)], groupCounts: [new Float64Array(10)] });
  return { rows, codes, anchors, settings: { similarity: 'cosine', smoothing: 'softmax', epsilon: 0.05 }, sums };
}

/**
 * Times the dashboard's GPU (after one warm-up call that compiles its shaders) against the cpu
 * engine on {@link calibrationProblem}; true when the GPU round trip is faster.
 */
async function gpuIsFaster(send: GpuSend, log: (msg: string) => void, renderer: string): Promise<boolean> {
  const p = calibrationProblem();
  const remote = createRemoteEngine({ name: WEBVIEW_ENGINE, send });
  try {
    await remote.accumulateAsync(p.rows, 2048, p.codes, p.anchors, p.settings, p.sums());
    let t = performance.now();
    await remote.accumulateAsync(p.rows, 2048, p.codes, p.anchors, p.settings, p.sums());
    const gpuMs = performance.now() - t;
    t = performance.now();
    blockedEngine.accumulate(p.rows, 2048, p.codes, p.anchors, p.settings, p.sums());
    const cpuMs = performance.now() - t;
    const faster = gpuMs < cpuMs;
    log(`engine auto: the dashboard's GPU (${renderer}, ${remote.mode}) took ${gpuMs.toFixed(1)} ms and the cpu engine ${cpuMs.toFixed(1)} ms on 2048 × 256 rows; using ${faster ? 'the GPU' : 'cpu'} this session`);
    return faster;
  } catch (e) {
    log(`engine auto: the dashboard's GPU failed its probe (${(e as Error).message}); using cpu this session`);
    return false;
  }
}

/**
 * The engine for one analysis in the worker. With a dashboard GPU on offer (`gpu`): `gpu` uses it
 * (gpu.js in the worker as the fallback); `auto` uses it when it beat the cpu engine on the
 * once-per-session probe. Otherwise, and for `cpu` / `reference`, {@link selectEngine}.
 */
export async function engineFor(choice: EngineChoice | undefined, gpu: WebviewGpuInfo | undefined, send: GpuSend, log: (msg: string) => void): Promise<Engine> {
  const local = selectEngine(choice, log);
  if (!gpu || (choice !== 'gpu' && choice !== 'auto' && choice !== undefined)) return local;
  if (choice === 'gpu') return webviewEngine(send, local, log);
  let faster = decided.get(gpu.renderer);
  if (faster === undefined) {
    faster = await gpuIsFaster(send, log, gpu.renderer);
    decided.set(gpu.renderer, faster);
  }
  return faster ? webviewEngine(send, local, log) : local;
}
