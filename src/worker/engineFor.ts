import { availableParallelism } from 'node:os';
import { blockedEngine } from '../core/engines/blocked';
import type { ChunkSums, Engine } from '../core/engines/engine';
import type { EngineChoice } from '../core/engines/engineChoice';
import { createRemoteEngine, type RemoteEngine } from '../core/engines/remote';
import { releaseGpuEngine, selectEngine } from '../core/engines/select';
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
function webviewEngine(send: GpuSend, fallback: Engine, log: (msg: string) => void, signal?: { readonly aborted: boolean }): RemoteEngine {
  return createRemoteEngine({
    name: WEBVIEW_ENGINE,
    send,
    fallback,
    signal,
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
  // float32 values, as most embeddings files hold (they cross to a dashboard as float32)
  const rows = Float64Array.from({ length: m * d }, () => Math.fround(next()));
  const anchors = prepareAnchors(Float64Array.from({ length: n * d }, next), n, d, 'cosine');
  const codes = [Int32Array.from({ length: m }, (_, i) => i % 10)];
  const sums = (): ChunkSums => ({ total: new Float64Array(n), groupSums: [new Float64Array(10 * n)], groupCounts: [new Float64Array(10)] });
  return { rows, codes, anchors, settings: { similarity: 'cosine', smoothing: 'softmax', epsilon: 0.05 }, sums };
}

/** Milliseconds `engine` takes on {@link calibrationProblem}, after one warm-up call (shaders, worker pools, JIT). */
async function timeOn(engine: Engine, p: ReturnType<typeof calibrationProblem>): Promise<number> {
  const once = (): Promise<void> | void =>
    engine.accumulateAsync ? engine.accumulateAsync(p.rows, 2048, p.codes, p.anchors, p.settings, p.sums()) : engine.accumulate(p.rows, 2048, p.codes, p.anchors, p.settings, p.sums());
  await once();
  const t = performance.now();
  await once();
  return performance.now() - t;
}

/** Fewer cores than this: gpu.js's WebAssembly worker pool has too few threads to beat the cpu engine (bench: 2 cores, 2.5 s vs 2.1 s). */
const POOL_MIN_CORES = 4;

/** `auto`'s local engine, chosen once per worker (that is, per window session). */
let localChoice: Promise<Engine> | undefined;

/**
 * The faster of the cpu engine and gpu.js's threaded WebAssembly in this worker: timed once on
 * {@link calibrationProblem} where there are cores enough for gpu.js's worker pool to win, else cpu.
 */
function fastestLocal(cores: number, log: (msg: string) => void): Promise<Engine> {
  localChoice ??= (async () => {
    if (cores < POOL_MIN_CORES) {
      log(`engine auto: cpu (${cores} cores: too few for gpu.js's WebAssembly worker pool to win)`);
      return blockedEngine;
    }
    const p = calibrationProblem();
    try {
      const gpujs = selectEngine('gpu', log);
      const poolMs = await timeOn(gpujs, p);
      const cpuMs = await timeOn(blockedEngine, p);
      const pick = poolMs < cpuMs ? gpujs : blockedEngine;
      log(`engine auto: gpu.js ${gpujs.mode} on ${cores} cores took ${poolMs.toFixed(1)} ms and the cpu engine ${cpuMs.toFixed(1)} ms on 2048 × 256 rows; using ${pick.name} this session`);
      // the losing gpu.js engine's worker pool would sit idle for the rest of the session
      if (pick !== gpujs) await releaseGpuEngine();
      return pick;
    } catch (e) {
      log(`engine auto: gpu.js failed its probe (${(e as Error).message}); using cpu this session`);
      return blockedEngine;
    }
  })();
  return localChoice;
}

/**
 * Times the dashboard's GPU (after one warm-up call that compiles its shaders) against `local` on
 * {@link calibrationProblem}; true when the GPU round trip is faster, undefined when it could not be timed.
 */
async function gpuIsFaster(send: GpuSend, local: Engine, log: (msg: string) => void, renderer: string): Promise<boolean | undefined> {
  const p = calibrationProblem();
  const remote = createRemoteEngine({ name: WEBVIEW_ENGINE, send });
  try {
    const gpuMs = await timeOn(remote, p);
    const localMs = await timeOn(local, p);
    const faster = gpuMs < localMs;
    log(`engine auto: the dashboard's GPU (${renderer}, ${remote.mode}) took ${gpuMs.toFixed(1)} ms and the ${local.name} engine ${localMs.toFixed(1)} ms on 2048 × 256 rows; using ${faster ? 'the GPU' : local.name} this session`);
    return faster;
  } catch (e) {
    // not a measurement (the dashboard may just have been hidden): the next analysis probes again
    log(`engine auto: the dashboard's GPU failed its probe (${(e as Error).message}); using ${local.name} for this analysis`);
    return undefined;
  }
}

/** Forgets `auto`'s probes, as a new session would (tests). */
export function forgetProbes(): void {
  localChoice = undefined;
  decided.clear();
}

/**
 * The engine for one analysis in the worker. `auto` is the fastest available, probed once per
 * session: the cpu engine or gpu.js's threaded WebAssembly (see {@link fastestLocal}), and, with a
 * dashboard GPU on offer, that GPU when it beats the local choice. `gpu` uses the dashboard's GPU
 * when one is on offer (gpu.js in the worker as the fallback), else gpu.js in the worker. `cpu` and
 * `reference` are {@link selectEngine}'s. `cores` is for tests; `signal` is the run's (a chunk lost
 * because the run was cancelled is not redone).
 */
export async function engineFor(
  choice: EngineChoice | undefined,
  gpu: WebviewGpuInfo | undefined,
  send: GpuSend,
  log: (msg: string) => void,
  cores: number = availableParallelism(),
  signal?: { readonly aborted: boolean },
): Promise<Engine> {
  if (choice === 'cpu' || choice === 'reference') return selectEngine(choice, log);
  if (choice === 'gpu') {
    const local = selectEngine('gpu', log);
    return gpu ? webviewEngine(send, local, log, signal) : local;
  }
  const local = await fastestLocal(cores, log);
  if (!gpu) return local;
  let faster = decided.get(gpu.renderer);
  if (faster === undefined) {
    faster = await gpuIsFaster(send, local, log, gpu.renderer);
    if (faster !== undefined) decided.set(gpu.renderer, faster);
  }
  return faster ? webviewEngine(send, local, log, signal) : local;
}
