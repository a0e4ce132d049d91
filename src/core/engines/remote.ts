import { CancelledError } from '../analysis/embeddingSource';
import type { PreparedAnchors } from '../entropy/kernels/similarity';
import type { KernelSettings } from '../entropy/settings';
import type { GpuChunk, GpuChunkSums } from '../protocol/gpuProtocol';
import type { ChunkSums, Engine } from './engine';

export interface RemoteEngineOptions {
  /** Name for results and logs. */
  name: string;
  /** Sends one chunk to the engine on the other side and resolves with that chunk's sums. */
  send(chunk: GpuChunk): Promise<GpuChunkSums>;
  /**
   * Takes over (for this chunk and every later one) when `send` fails, e.g. the dashboard was
   * closed mid-run; without it the failure ends the analysis.
   */
  fallback?: Engine;
  /** Told once, with the reason, when the fallback takes over. */
  onFallback?(why: string): void;
  /** The run's cancellation: a chunk that fails once it is aborted ends the run instead of being redone. */
  signal?: { readonly aborted: boolean };
}

/** An engine whose kernels run elsewhere (the dashboard's WebGL2) behind postMessage. */
export interface RemoteEngine extends Engine {
  accumulateAsync: NonNullable<Engine['accumulateAsync']>;
  /** Why the fallback took over, or null while the remote side serves every chunk. */
  readonly fellBack: string | null;
  /**
   * Chunks and rows the remote side computed, its float64 recomputations, the milliseconds of whole
   * round trips and, of those, the remote side's own computing (where it says).
   */
  readonly stats: { readonly chunks: number; readonly rows: number; readonly refined: number; readonly roundTripMs: number; readonly computeMs: number };
}

/** The chunk as it crosses postMessage: copies, so transferring them leaves the caller's buffers intact. */
export function toGpuChunk(rows: Float64Array, count: number, codes: readonly Int32Array[], anchors: PreparedAnchors, settings: KernelSettings, sums: ChunkSums): GpuChunk {
  const { n, d } = anchors;
  return {
    rows: narrowed(rows.subarray(0, count * d)),
    count,
    codes: codes.map((c) => c.slice(0, count)),
    groupValues: sums.groupCounts.map((c) => c.length),
    anchors: { n, d, w: anchors.w.slice() },
    settings: { similarity: settings.similarity, smoothing: settings.smoothing, epsilon: settings.epsilon },
  };
}

/** A float32 copy of `rows` when that loses nothing (every value is a float32 already), else a float64 copy. */
function narrowed(rows: Float64Array): Float64Array | Float32Array {
  const f32 = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i];
    const f = Math.fround(x);
    if (f !== x) return rows.slice(); // float64 data shows at its first value
    f32[i] = f;
  }
  return f32;
}

/** The chunk's rows as float64, whichever way they travelled. */
export function chunkRows64(chunk: Pick<GpuChunk, 'rows'>): Float64Array {
  return chunk.rows instanceof Float64Array ? chunk.rows : new Float64Array(chunk.rows);
}

/** Fresh zero sums shaped for `chunk` (what the remote side accumulates into). */
export function emptySums(chunk: Pick<GpuChunk, 'anchors' | 'groupValues'>): ChunkSums {
  const n = chunk.anchors.n;
  return {
    total: new Float64Array(n),
    groupSums: chunk.groupValues.map((v) => new Float64Array(v * n)),
    groupCounts: chunk.groupValues.map((v) => new Float64Array(v)),
  };
}

/**
 * Adds a chunk's sums into the running ones after checking every shape and value (the other side is
 * not trusted blindly); on a bad answer nothing is added.
 */
export function addChunkSums(into: ChunkSums, add: Pick<GpuChunkSums, 'total' | 'groupSums' | 'groupCounts'>): void {
  const same = (a: ArrayLike<number>, b: unknown): boolean => b instanceof Float64Array && b.length === a.length;
  const ok =
    same(into.total, add.total) &&
    Array.isArray(add.groupSums) &&
    Array.isArray(add.groupCounts) &&
    add.groupSums.length === into.groupSums.length &&
    add.groupCounts.length === into.groupCounts.length &&
    into.groupSums.every((s, g) => same(s, add.groupSums[g])) &&
    into.groupCounts.every((s, g) => same(s, add.groupCounts[g]));
  if (!ok) throw new Error('the remote engine answered with sums of the wrong shape');
  const finite = (a: Float64Array): boolean => a.every(Number.isFinite);
  if (!(finite(add.total) && add.groupSums.every(finite) && add.groupCounts.every(finite))) {
    throw new Error('the remote engine answered with NaN or infinite sums (a GPU driver fault?)');
  }
  const plus = (a: Float64Array, b: Float64Array): void => {
    for (let i = 0; i < a.length; i++) a[i] += b[i];
  };
  plus(into.total, add.total);
  into.groupSums.forEach((s, g) => plus(s, add.groupSums[g]));
  into.groupCounts.forEach((s, g) => plus(s, add.groupCounts[g]));
}

/**
 * An {@link Engine} that ships each chunk to `send` (worker → extension host → dashboard webview) and
 * adds the sums that come back. A chunk's sums are added only once they arrive whole, so when the
 * remote side fails the fallback can redo that chunk and the result stays exact.
 */
export function createRemoteEngine(opts: RemoteEngineOptions): RemoteEngine {
  let mode = 'remote';
  let fellBack: string | null = null;
  const stats = { chunks: 0, rows: 0, refined: 0, roundTripMs: 0, computeMs: 0 };
  const fallback = (): Engine => {
    if (!opts.fallback) throw new Error(`${opts.name}: the remote engine is not available and there is no fallback`);
    return opts.fallback;
  };
  return {
    name: opts.name,
    get mode() {
      return fellBack ? `${fallback().mode} (fallback)` : mode;
    },
    get fellBack() {
      return fellBack;
    },
    get stats() {
      return { ...stats };
    },
    // Each chunk is a round trip through two postMessage hops: about 16 MB of float64 rows per trip
    // (2^21 values) amortises it, within 1 024–8 192 rows (a WebGL texture's safe height).
    chunkRows: (_n, d) => Math.min(8192, Math.max(1024, Math.floor(2 ** 21 / Math.max(1, d)))),
    accumulate(rows, count, codes, anchors, settings, sums) {
      fallback().accumulate(rows, count, codes, anchors, settings, sums);
    },
    async accumulateAsync(rows, count, codes, anchors, settings, sums) {
      if (count === 0) return;
      if (!fellBack) {
        try {
          const t0 = performance.now();
          const got = await opts.send(toGpuChunk(rows, count, codes, anchors, settings, sums));
          addChunkSums(sums, got);
          mode = got.mode;
          stats.chunks++;
          stats.rows += count;
          stats.refined += got.refined;
          stats.roundTripMs += performance.now() - t0;
          stats.computeMs += Number.isFinite(got.computeMs) ? got.computeMs! : 0;
          return;
        } catch (e) {
          if (opts.signal?.aborted) throw new CancelledError();
          if (!opts.fallback) throw e;
          fellBack = (e as Error).message;
          opts.onFallback?.(fellBack);
        }
      }
      const f = fallback();
      await (f.accumulateAsync ? f.accumulateAsync(rows, count, codes, anchors, settings, sums) : f.accumulate(rows, count, codes, anchors, settings, sums));
    },
  };
}
