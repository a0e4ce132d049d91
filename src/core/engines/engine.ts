import type { PreparedAnchors } from '../entropy/kernels/similarity';
import type { KernelSettings } from '../entropy/settings';

/**
 * Where one chunk's assignments are added. A "group" is one label column as the engine sees it: a
 * real label set or one of its shuffles — the engine does not care which, which is why shuffles cost
 * no second pass over the data.
 */
export interface ChunkSums {
  /** Σ_i p_i over every row (length n). */
  total: Float64Array;
  /** Per group: Σ p_i over rows with code c, at sums[c*n .. c*n+n). */
  groupSums: Float64Array[];
  /** Per group: number of rows with code c. */
  groupCounts: Float64Array[];
}

/**
 * The one interface a faster kernel replaces: similarity → smoothing → per-label sums for a chunk
 * of already validated rows. The float64 {@link referenceEngine} is the definition the others are
 * tested against.
 */
export interface Engine {
  /** Short name shown in results and logs ("reference", "gpujs", …). */
  readonly name: string;
  /** Kernel mode actually running (e.g. gpu.js "webasm"); "float64" for the reference. */
  readonly mode: string;
  /**
   * Rows per chunk this engine works best with for n anchors of dimension d, when the caller does
   * not say (engines behind postMessage want fewer, larger chunks); absent: the driver's default.
   */
  chunkRows?(n: number, d: number): number;
  /**
   * Adds the assignments of `count` rows (row-major `rows`, d values each) into `sums`.
   * `codes[g][i]` is row i's value index in group g, or −1 when the row has no label there.
   */
  accumulate(
    rows: Float64Array,
    count: number,
    codes: readonly Int32Array[],
    anchors: PreparedAnchors,
    settings: KernelSettings,
    sums: ChunkSums,
  ): void;
  /**
   * The same as {@link accumulate}, for engines whose kernels run asynchronously (a worker pool);
   * when present the accumulator awaits it instead. `rows` and `codes` must stay unchanged until it settles.
   */
  accumulateAsync?(
    rows: Float64Array,
    count: number,
    codes: readonly Int32Array[],
    anchors: PreparedAnchors,
    settings: KernelSettings,
    sums: ChunkSums,
  ): Promise<void>;
}
