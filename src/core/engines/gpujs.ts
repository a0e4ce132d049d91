import type { GPU, IGPUKernelSettings, IKernelRunShortcut, Input as GpuInput } from 'gpu.js';
import type { PreparedAnchors } from '../entropy/kernels/similarity';
import type { KernelSettings } from '../entropy/settings';
import type { ChunkSums, Engine } from './engine';
import { addDeviceBlock, type BlockScratch, type HostContext } from './gpujs/addDeviceBlock';
import { ROWS_PER_CELL, similaritySource, type DeviceMeasure } from './gpujs/kernelSource';
import { BUCKETS } from './gpujs/refineRow';

/**
 * gpu.js backends one can ask for. `gpu` (the default) is gpu.js's own order: headlessgl → webgl2 →
 * webgl → webasm (WebAssembly SIMD); `cpu` is gpu.js's plain-JavaScript kernel. webgpu kernels are
 * Promise-only and not offered.
 */
export type GpuJsMode = 'gpu' | 'headlessgl' | 'webgl2' | 'webgl' | 'webasm' | 'cpu';

export interface GpuJsEngineOptions {
  /** Backend to ask for (default `gpu`: the best available). An unavailable one falls back to `gpu`, then `cpu`. */
  mode?: GpuJsMode;
  /**
   * Run {@link GpuJsEngine.accumulateAsync} on gpu.js async kernels: on webasm that splits each call
   * over a pool of worker_threads (browser Workers in a webview), which also works inside a worker.
   * `accumulate` always stays synchronous.
   */
  asyncMode?: boolean;
  /** webasm async only: worker-pool size (default: gpu.js's, the number of CPUs). */
  poolSize?: number;
  /**
   * Most rows per kernel call (default 8192, the safe texture height for browser WebGL; headless-gl
   * allows 16384). It is further capped so that rows × d and rows × n stay ≤ 2²⁴ (float32 texture
   * indices stay exact and one call's buffers stay ≤ 64 MiB).
   */
  maxRowsPerCall?: number;
  /**
   * Budget (L1, per row) for the effect of float32 similarity errors on a softmax row (default 3e-6):
   * rows over it get the similarities that carry their mass recomputed in float64 (see refineRow).
   * Hard and sparsemax rows are refined wherever the arg-max or the support is in doubt, whatever the
   * budget. 0 makes every assignment equal the reference's bit for bit; Infinity turns refinement off
   * entirely (raw float32 similarities, for measuring).
   */
  refineTolerance?: number;
  /** Where the one line saying which backend runs (and why, when it is a downgrade) goes. */
  log?: (msg: string) => void;
}

/** The gpu.js engine: the {@link Engine} plus what a caller needs to report and tear it down. */
export interface GpuJsEngine extends Engine {
  readonly name: 'gpujs';
  /** The backend whose kernel ran last (before any run: the one gpu.js chose): webasm, cpu, webgl2, … */
  readonly mode: string;
  readonly requestedMode: GpuJsMode;
  readonly asyncMode: boolean;
  /** How the last kernel call ran, where gpu.js says (webasm: `simd`, `scalar`, `threaded`); otherwise null. */
  readonly runPath: string | null;
  /** Rows accumulated so far, and how many (row, anchor) similarities were recomputed in float64. */
  readonly stats: { readonly rows: number; readonly refined: number };
  /** Rows per kernel call for dimension d and n anchors (see {@link GpuJsEngineOptions.maxRowsPerCall}). */
  rowsPerCall(d: number, n: number): number;
  /**
   * {@link Engine.accumulate} on async kernels (the webasm worker pool): the same sums, added in the
   * same order. `rows` and `codes` must not change until the Promise settles. Without `asyncMode` it
   * is `accumulate`.
   */
  accumulateAsync: NonNullable<Engine['accumulateAsync']>;
  /** Frees gpu.js's kernels, GL contexts and worker pool. */
  destroy(): Promise<void>;
}

type GpuJsModule = typeof import('gpu.js');
/** The parts of gpu.js's objects this file reads that its typings leave out. */
interface GpuInternals {
  Kernel: KernelClass;
}
interface KernelClass {
  readonly mode: string;
  readonly name: string;
}
interface KernelInternals {
  constructor: KernelClass;
  fallbackReason?: string | null;
  _lastRunPath?: string | null;
}

const DEFAULT_MAX_ROWS = 8192;
const DEFAULT_TOLERANCE = 3e-6;
const INDEX_LIMIT = 1 << 24;
const GL_MODES = new Set(['headlessgl', 'webgl2', 'webgl']);

/** CommonJS require, which esbuild resolves in every bundle (Node's and the webview's); declared here because the webview's typecheck has no Node types. */
declare const require: (id: string) => unknown;

/** Loaded on first use, so the CLI and engines that never touch gpu.js do not pay its ~80 ms load. */
let gpuJs: GpuJsModule | null = null;
function loadGpuJs(): GpuJsModule {
  // A lazy require (not an import) keeps gpu.js out of start-up; esbuild still bundles it.
  gpuJs ??= require('gpu.js') as GpuJsModule;
  return gpuJs;
}

/** Opens gpu.js on `requested`, else `gpu`, else `cpu`; says why each refused one was refused. */
function openGpu(lib: GpuJsModule, requested: GpuJsMode): { gpu: GPU; refused: string[] } {
  const chain: GpuJsMode[] = requested === 'cpu' ? ['cpu'] : requested === 'gpu' ? ['gpu', 'cpu'] : [requested, 'gpu', 'cpu'];
  const refused: string[] = [];
  for (const mode of chain) {
    try {
      return { gpu: new lib.GPU({ mode }), refused };
    } catch (e) {
      refused.push(`${mode}: ${(e as Error).message}`);
    }
  }
  throw new Error(`gpu.js cannot run here (${refused.join('; ')})`);
}

/**
 * Creates the gpu.js engine: the O(n·d) similarity of every row with every anchor runs in float32
 * gpu.js kernels (dot product for cosine and dot, squared distance for euclidean), four rows per
 * kernel cell, at most {@link GpuJsEngine.rowsPerCall} rows per call; the cosine scale, a float64
 * recomputation of the similarities whose float32 error could matter at this ε, the smoothing and the
 * per-group sums run in float64 in JavaScript (see addDeviceBlock, refineRow). On the fixture table
 * every metric is within 2e-6 relative of the float64 reference (the issue asks for 1e-5).
 *
 * One line goes to `opts.log` on creation: which backend runs, and why when it is a downgrade (in
 * Node and the VS Code extension host there is no GL context, so `gpu` runs `webasm`).
 */
export function createGpuJsEngine(opts: GpuJsEngineOptions = {}): GpuJsEngine {
  return new GpuJsEngineImpl(opts);
}

class GpuJsEngineImpl implements GpuJsEngine {
  readonly name = 'gpujs' as const;
  readonly requestedMode: GpuJsMode;
  readonly asyncMode: boolean;
  private readonly lib: GpuJsModule;
  private readonly gpu: GPU;
  private readonly chosen: string;
  private readonly maxRows: number;
  private readonly poolSize: number | undefined;
  private readonly log: (msg: string) => void;
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  private lastMode: string | null = null;
  private lastPath: string | null = null;
  private warnedFallback = false;
  private scratch: BlockScratch = { p: new Float64Array(0), sort: new Float64Array(0), mass: new Float64Array(BUCKETS), pick: new Int32Array(0) };
  private readonly tol: number;
  private readonly wMax = new WeakMap<PreparedAnchors, number>();
  private counts = { rows: 0, refined: 0 };

  constructor(opts: GpuJsEngineOptions) {
    this.requestedMode = opts.mode ?? 'gpu';
    this.asyncMode = opts.asyncMode ?? false;
    this.poolSize = opts.poolSize;
    this.log = opts.log ?? (() => {});
    const max = opts.maxRowsPerCall ?? DEFAULT_MAX_ROWS;
    if (!(Number.isInteger(max) && max >= ROWS_PER_CELL)) throw new Error(`maxRowsPerCall must be an integer ≥ ${ROWS_PER_CELL}, got ${max}`);
    this.maxRows = max;
    this.tol = opts.refineTolerance ?? DEFAULT_TOLERANCE;
    if (!(this.tol >= 0)) throw new Error(`refineTolerance must be ≥ 0, got ${this.tol}`);
    this.lib = loadGpuJs();
    const { gpu, refused } = openGpu(this.lib, this.requestedMode);
    this.gpu = gpu;
    this.chosen = backendName(this.lib, (gpu as unknown as GpuInternals).Kernel);
    this.log(this.describe(refused));
  }

  get mode(): string {
    return this.lastMode ?? this.chosen;
  }

  get runPath(): string | null {
    return this.lastPath;
  }

  get stats(): { rows: number; refined: number } {
    return { ...this.counts };
  }

  rowsPerCall(d: number, n: number): number {
    const cap = Math.min(this.maxRows, Math.floor(INDEX_LIMIT / Math.max(d, 1)), Math.floor(INDEX_LIMIT / Math.max(n, 1)));
    return Math.max(ROWS_PER_CELL, cap - (cap % ROWS_PER_CELL));
  }

  accumulate(rows: Float64Array, count: number, codes: readonly Int32Array[], anchors: PreparedAnchors, settings: KernelSettings, sums: ChunkSums): void {
    const { n, d } = anchors;
    const kernel = this.kernel(settings, d, false);
    const step = this.rowsPerCall(d, n);
    const host = this.host(anchors, settings);
    for (let first = 0; first < count; first += step) {
      const m = Math.min(step, count - first);
      const out = this.finish(kernel, this.launch(kernel, rows, first, m, anchors), n, m);
      this.add(out, rows, first, m, codes, host, sums);
    }
  }

  async accumulateAsync(
    rows: Float64Array,
    count: number,
    codes: readonly Int32Array[],
    anchors: PreparedAnchors,
    settings: KernelSettings,
    sums: ChunkSums,
  ): Promise<void> {
    if (!this.asyncMode) return this.accumulate(rows, count, codes, anchors, settings, sums);
    const { n, d } = anchors;
    const kernel = this.kernel(settings, d, true);
    const step = this.rowsPerCall(d, n);
    const host = this.host(anchors, settings);
    // One call in flight ahead: the device works on the next rows while this thread smooths and sums.
    const launch = (first: number): Promise<unknown> => Promise.resolve(this.launch(kernel, rows, first, Math.min(step, count - first), anchors));
    let pending: Promise<unknown> | null = count > 0 ? launch(0) : null;
    for (let first = 0; first < count; first += step) {
      const m = Math.min(step, count - first);
      let next: Promise<unknown> | null = null;
      try {
        next = first + step < count ? launch(first + step) : null;
        const out = this.finish(kernel, await pending, n, m);
        this.add(out, rows, first, m, codes, host, sums);
      } catch (e) {
        next?.catch(() => {});
        throw e;
      }
      pending = next;
    }
  }

  destroy(): Promise<void> {
    this.kernels.clear();
    return this.gpu.destroy();
  }

  /** The kernel for a measure and dimension, made once (gpu.js rebuilds it per output size as needed). */
  private kernel(settings: KernelSettings, d: number, async: boolean): IKernelRunShortcut {
    const measure: DeviceMeasure = settings.similarity === 'euclidean' ? 'sqdist' : 'dot';
    const key = `${measure}:${d}:${async}`;
    let k = this.kernels.get(key);
    if (!k) {
      // loopMaxIterations is a gpu.js setting its typings leave out; the GL backends need it ≥ d.
      const kernelSettings: IGPUKernelSettings & { loopMaxIterations: number } = {
        output: [1, 1],
        dynamicOutput: true,
        dynamicArguments: true,
        precision: 'single',
        tactic: 'precision',
        loopMaxIterations: d + 1,
        asyncMode: async,
        ...(this.poolSize ? { poolSize: this.poolSize } : {}),
      };
      k = this.gpu.createKernel(similaritySource(measure, d), kernelSettings);
      this.kernels.set(key, k);
    }
    return k;
  }

  /** Starts one kernel call on rows [first, first+m): a result, or a Promise of one on async kernels. */
  private launch(kernel: IKernelRunShortcut, rows: Float64Array, first: number, m: number, a: PreparedAnchors): unknown {
    const { n, d } = a;
    const padded = Math.ceil(m / ROWS_PER_CELL) * ROWS_PER_CELL;
    let x = rows.subarray(first * d, (first + m) * d);
    if (padded !== m) {
      // The last cell's missing rows are zeros; their results are never read.
      const p = new Float64Array(padded * d);
      p.set(x);
      x = p;
    }
    kernel.setOutput([n, padded / ROWS_PER_CELL]);
    const Input = this.lib.Input;
    // gpu.js copies (and converts to float32) its arguments at call time, even for async kernels.
    return kernel(input(Input, x), input(Input, a.w));
  }

  /** The flat float32 results of a finished call, and notes which backend actually ran it. */
  private finish(kernel: IKernelRunShortcut, result: unknown, n: number, m: number): Float32Array {
    const k = kernel.kernel as unknown as KernelInternals;
    const mode = backendName(this.lib, k.constructor);
    if (mode !== this.chosen && !this.warnedFallback) {
      this.warnedFallback = true;
      this.log(`gpu.js: a ${this.chosen} kernel fell back to ${mode}${k.fallbackReason ? ` (${k.fallbackReason})` : ''}`);
    }
    this.lastMode = mode;
    this.lastPath = k._lastRunPath ?? null;
    return flatOutput(result, n, Math.ceil(m / ROWS_PER_CELL));
  }

  private add(out: Float32Array, rows: Float64Array, first: number, m: number, codes: readonly Int32Array[], host: HostContext, sums: ChunkSums): void {
    this.counts.refined += addDeviceBlock(out, rows, first, m, codes, host, sums);
    this.counts.rows += m;
  }

  /** The host side's context for a chunk: scratch of length n and max‖w‖ (once per anchors object). */
  private host(anchors: PreparedAnchors, settings: KernelSettings): HostContext {
    const { n, d, w } = anchors;
    if (this.scratch.p.length < n) this.scratch = { p: new Float64Array(n), sort: new Float64Array(n), mass: new Float64Array(BUCKETS), pick: new Int32Array(n) };
    let wMax = this.wMax.get(anchors);
    if (wMax === undefined) {
      wMax = 0;
      for (let j = 0; j < n; j++) {
        let ss = 0;
        for (let k = j * d; k < j * d + d; k++) ss += w[k] * w[k];
        wMax = Math.max(wMax, Math.sqrt(ss));
      }
      this.wMax.set(anchors, wMax);
    }
    return { anchors, wMax, settings, tol: this.tol, scratch: this.scratch };
  }

  private describe(refused: string[]): string {
    const simd = this.chosen === 'webasm' && !(this.lib.WebAssemblyKernel as unknown as { isSIMDSupported: boolean }).isSIMDSupported ? ' without SIMD' : '';
    const threads =
      this.asyncMode && this.chosen === 'webasm'
        ? (this.lib.WebAssemblyKernel as unknown as { isThreadsSupported: boolean }).isThreadsSupported
          ? ', async calls on a worker pool'
          : ', async calls on this thread (no SharedArrayBuffer for a worker pool)'
        : '';
    const what = `gpu.js engine: ${this.chosen}${simd}${threads}`;
    if (refused.length > 0) return `${what} (downgraded: ${refused.join('; ')})`;
    if (this.requestedMode === 'gpu' && !GL_MODES.has(this.chosen)) return `${what} (downgraded: no WebGL or headless-gl context here)`;
    return what;
  }
}

/**
 * The backend a gpu.js kernel class stands for. Found by identity, as the class's own `mode` says
 * "gpu" for every GL backend and minifiers rename classes.
 */
function backendName(lib: GpuJsModule, K: KernelClass): string {
  const known: [unknown, string][] = [
    [lib.HeadlessGLKernel, 'headlessgl'],
    [lib.WebGL2Kernel, 'webgl2'],
    [lib.WebGLKernel, 'webgl'],
    [(lib as unknown as { WebGPUKernel?: unknown }).WebGPUKernel, 'webgpu'],
    [lib.WebAssemblyKernel, 'webasm'],
    [lib.CPUKernel, 'cpu'],
  ];
  return known.find(([C]) => C === K)?.[1] ?? K.mode ?? K.name;
}

/** gpu.js's typings declare Input's value as number[]; it takes typed arrays (and copies them into float32). */
function input(Input: typeof GpuInput, value: Float64Array): GpuInput {
  return new Input(value as unknown as number[], [value.length]);
}

/**
 * The kernel's `Array(4)` output ([cells][n] of 4-vectors) as one flat Float32Array in that order.
 * webasm hands back views into one buffer, used as is; other backends are copied.
 */
function flatOutput(result: unknown, n: number, cells: number): Float32Array {
  const grid = result as ArrayLike<ArrayLike<number>>[];
  const first = grid[0][0];
  const last = grid[cells - 1][n - 1];
  const size = cells * n * ROWS_PER_CELL;
  if (
    first instanceof Float32Array &&
    last instanceof Float32Array &&
    first.buffer === last.buffer &&
    last.byteOffset - first.byteOffset === (size - ROWS_PER_CELL) * 4
  ) {
    return new Float32Array(first.buffer, first.byteOffset, size);
  }
  const out = new Float32Array(size);
  for (let q = 0; q < cells; q++) {
    const row = grid[q];
    for (let j = 0; j < n; j++) {
      const v = row[j];
      const o = (q * n + j) * ROWS_PER_CELL;
      for (let r = 0; r < ROWS_PER_CELL; r++) out[o + r] = v[r];
    }
  }
  return out;
}
