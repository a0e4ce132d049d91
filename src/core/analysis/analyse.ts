import { Accumulator, type GroupSpec } from '../entropy/accumulator';
import { anchorsHash, dataAnchors, kmeansAnchors, normalAnchors, uniformAnchors, type Anchors } from '../entropy/anchors';
import { prepareAnchors } from '../entropy/kernels/similarity';
import { layerMetrics, optimality, type LayerResult } from '../entropy/metrics';
import { defaultRng } from '../entropy/numpyRandom';
import type { AnalysisSettings, KernelSettings } from '../entropy/settings';
import { solveTemperature } from '../entropy/temperature';
import type { Engine } from '../engines/engine';
import { referenceEngine } from '../engines/reference';
import type { LabelSet } from '../formats/labels';
import type { AnalysisResult } from '../report/result';
import { CancelledError, type EmbeddingSource } from './embeddingSource';
import { shuffledCodes } from './shuffle';
import { scanLayer } from './scanLayer';

/** Progress of a run, reported about once per chunk. */
export interface Progress {
  rowsDone: number;
  rowsTotal: number;
  layer: number;
}

/** Everything {@link analyse} needs besides the data. */
export interface AnalyseOptions {
  settings: AnalysisSettings;
  /** Explicit anchors (imported from a file); otherwise made from `settings.placement`. */
  anchors?: Anchors;
  /** Analyse only this layer. */
  layer?: number;
  /**
   * Analyse only rows [start, end) — one shard of a run split over workers or machines. Shuffles are
   * still drawn over the whole label vector, so the shards' states merge into the unsplit result.
   */
  shard?: { start: number; end: number };
  engine?: Engine;
  /** Rows per chunk (default: the engine's {@link Engine.chunkRows}, else {@link defaultChunkRows}). */
  chunkRows?: number;
  /** (input, output) label sets for optimality. */
  optimality?: [string, string];
  /** Label file name, for the result. */
  labelsName?: string | null;
  onProgress?(p: Progress): void;
  /** Checked once per chunk; an aborted signal ends the run with {@link CancelledError}. */
  signal?: { readonly aborted: boolean };
  /** Clock for `seconds` (platform-neutral: the caller passes performance.now or Date.now). */
  now?(): number;
}

/** A finished run: the result, each layer's state (for saving and merging) and the anchors used. */
export interface AnalysisRun {
  result: AnalysisResult;
  accumulators: Accumulator[];
  anchors: Anchors;
}

/** Seed stream for shuffles, apart from the anchors' stream: `default_rng([seed, 1])`. */
const SHUFFLE_STREAM = 1;

/**
 * Streams `source` once per analysed layer through the engine and returns every METHOD.md number.
 * Label sets must have one code per row of the source.
 */
export async function analyse(source: EmbeddingSource, labelSets: LabelSet[], opts: AnalyseOptions): Promise<AnalysisRun> {
  const now = opts.now ?? (() => Date.now());
  const t0 = now();
  const s = opts.settings;
  const engine = opts.engine ?? referenceEngine;
  const { rows: N, dim: d } = source;
  for (const set of labelSets) {
    if (set.codes.length !== N) throw new Error(`label set "${set.name}" has ${set.codes.length} rows but ${source.name} has ${N}`);
  }
  if (opts.layer !== undefined && (opts.layer < 0 || opts.layer >= source.layers || !Number.isInteger(opts.layer))) {
    throw new Error(`${source.name} has ${source.layers} layer(s); layer ${opts.layer} does not exist (layers are numbered from 0)`);
  }
  const layers = opts.layer !== undefined ? [opts.layer] : Array.from({ length: source.layers }, (_, i) => i);
  const mainLayer = layers[layers.length - 1];

  const anchors = opts.anchors ?? (await makeAnchors(source, mainLayer, s, opts.signal));
  if (anchors.d !== d) throw new Error(`the anchors have dimension ${anchors.d} but ${source.name} has ${d}`);
  const epsilon = solveTemperature(s.temperature, anchors.n, d);
  const kernel: KernelSettings = { similarity: s.similarity, smoothing: s.smoothing, epsilon };
  const prepared = prepareAnchors(anchors.w, anchors.n, d, s.similarity);
  const chunk = Math.max(1, opts.chunkRows ?? engine.chunkRows?.(anchors.n, d) ?? defaultChunkRows(anchors.n, d));
  const hash = anchorsHash(anchors);

  // Real labels first, then K shuffles per label set, all accumulated in the same pass.
  const groups: GroupSpec[] = [];
  const codes: Int32Array[] = [];
  labelSets.forEach((set, i) => {
    groups.push({ labelSet: i, shuffle: -1 });
    codes.push(set.codes);
  });
  const rng = defaultRng([s.seed, SHUFFLE_STREAM]);
  labelSets.forEach((set, i) => {
    for (let k = 0; k < s.shuffles; k++) {
      groups.push({ labelSet: i, shuffle: k });
      codes.push(shuffledCodes(set.codes, rng));
    }
  });

  const first = opts.shard?.start ?? 0;
  const end = opts.shard?.end ?? N;
  if (!(Number.isInteger(first) && Number.isInteger(end) && 0 <= first && first <= end && end <= N)) {
    throw new Error(`shard rows [${first}, ${end}) are outside the ${N} rows of ${source.name}`);
  }
  const accumulators: Accumulator[] = [];
  const rowsTotal = (end - first) * layers.length;
  let rowsDone = 0;
  for (const layer of layers) {
    const acc = new Accumulator(
      { settings: { ...s, placement: opts.anchors ? 'file' : s.placement }, epsilon, n: anchors.n, d, anchorsHash: hash, layer },
      labelSets.map((l) => ({ name: l.name, values: [...l.values] })),
      groups,
    );
    for (let start = first; start < end; start += chunk) {
      if (opts.signal?.aborted) throw new CancelledError();
      const count = Math.min(chunk, end - start);
      const rows = await source.readRows(layer, start, count);
      // A cancel sent during the previous chunk is only delivered at this await: check again, or it
      // waits for one more whole chunk.
      if (opts.signal?.aborted) throw new CancelledError();
      await acc.addChunk(rows, count, codes.map((c) => c.subarray(start, start + count)), engine, prepared, kernel);
      rowsDone += count;
      opts.onProgress?.({ rowsDone, rowsTotal, layer });
    }
    accumulators.push(acc);
  }
  const result = buildResult(accumulators, {
    source: source.name,
    labels: opts.labelsName ?? null,
    engine: engine.name,
    kernelMode: engine.mode,
    seconds: (now() - t0) / 1000,
    optimality: opts.optimality,
  });
  return { result, accumulators, anchors };
}

/** Describes where a result came from, beyond what the accumulators hold. */
export interface ResultContext {
  source: string;
  labels: string | null;
  engine: string;
  kernelMode: string;
  seconds: number;
  optimality?: [string, string];
}

/** The result JSON from one accumulator per layer (used by `analyse` and by `merge`). */
export function buildResult(accumulators: Accumulator[], ctx: ResultContext): AnalysisResult {
  if (accumulators.length === 0) throw new Error('no layers to report');
  const sorted = [...accumulators].sort((a, b) => a.identity.layer - b.identity.layer);
  const first = sorted[0].identity;
  const { minCount, weighting } = first.settings;
  const perLayer: (LayerResult & { optimality?: number | null })[] = sorted.map((acc) => {
    const lr: LayerResult & { optimality?: number | null } = layerMetrics(acc, minCount, weighting);
    if (ctx.optimality) lr.optimality = optimality(lr, ctx.optimality[0], ctx.optimality[1]);
    return lr;
  });
  const main = perLayer[perLayer.length - 1];
  const result: AnalysisResult = {
    version: 1,
    source: ctx.source,
    labels: ctx.labels,
    rows: main.rows,
    validRows: main.validRows,
    dim: first.d,
    anchors: first.n,
    seed: first.settings.seed,
    temperature: first.epsilon,
    settings: first.settings,
    anchorsHash: first.anchorsHash,
    engine: ctx.engine,
    kernelMode: ctx.kernelMode,
    seconds: ctx.seconds,
    skippedRows: main.skippedRows,
    entropy: main.entropy,
    entropyNormalized: main.entropyNormalized,
    anchorDistribution: main.anchorDistribution,
    layer: main.layer,
    labelSets: main.labelSets,
  };
  if (ctx.optimality) result.optimality = { input: ctx.optimality[0], output: ctx.optimality[1], value: main.optimality ?? null };
  if (perLayer.length > 1) result.layers = perLayer;
  return result;
}

/** Anchors from a placement; the data-dependent ones look at `layer` of the source. */
async function makeAnchors(source: EmbeddingSource, layer: number, s: AnalysisSettings, signal?: { readonly aborted: boolean }): Promise<Anchors> {
  const { bins: n, seed } = s;
  const d = source.dim;
  switch (s.placement) {
    case 'normal':
    case 'file':
      return normalAnchors(n, d, seed);
    case 'standard_normal':
      return normalAnchors(n, d, seed, false);
    default:
      break;
  }
  const scan = await scanLayer(source, layer, s.similarity === 'cosine', signal);
  if (scan.valid.length === 0) throw new Error(`${source.name} has no usable rows to place anchors on`);
  if (s.placement === 'uniform') return uniformAnchors(n, d, seed, scan.lo, scan.hi);
  const rowAt = (i: number): Promise<Float64Array> => source.readRows(layer, scan.valid[i], 1);
  if (s.placement === 'data') return dataAnchors(n, d, seed, scan.valid.length, rowAt);
  // kmeans: on a seeded sample of at most KMEANS_SAMPLE valid rows, read in file order.
  const m = Math.min(scan.valid.length, KMEANS_SAMPLE);
  const pick = m < scan.valid.length ? Array.from(defaultRng([seed, 2]).permutation(scan.valid.length).subarray(0, m)).sort((a, b) => a - b) : null;
  const sample = new Float64Array(m * d);
  for (let t = 0; t < m; t++) sample.set(await rowAt(pick ? pick[t] : t), t * d);
  return kmeansAnchors(n, d, seed, sample, m, s.similarity === 'cosine');
}

/**
 * Rows per chunk when the caller does not say: about 2^26 multiply-adds per chunk (n·d each row),
 * so progress and cancellation come every few tens of milliseconds whatever the anchors and width,
 * between 256 and 4096 rows so reads stay large enough to be cheap.
 */
export function defaultChunkRows(n: number, d: number): number {
  return Math.min(4096, Math.max(256, Math.floor(2 ** 26 / Math.max(1, n * d))));
}

/** Largest sample k-means runs on; Lloyd iterations are O(sample · n · d) each. */
const KMEANS_SAMPLE = 20000;
