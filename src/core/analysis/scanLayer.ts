import { rowProblem } from '../entropy/rowProblem';
import { CancelledError, type EmbeddingSource } from './embeddingSource';

/** What the data-dependent anchor placements need: the usable rows and their bounding box. */
export interface LayerScan {
  /** Indices of the usable rows (finite; non-zero under cosine), ascending. */
  valid: Int32Array;
  /** Per-dimension minimum and maximum over the usable rows. */
  lo: Float64Array;
  hi: Float64Array;
}

/** One chunked pass over `layer` of `source`. */
export async function scanLayer(source: EmbeddingSource, layer: number, cosine: boolean, signal?: { readonly aborted: boolean }, chunk = 4096): Promise<LayerScan> {
  const { rows: N, dim: d } = source;
  const valid = new Int32Array(N);
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  let m = 0;
  for (let start = 0; start < N; start += chunk) {
    if (signal?.aborted) throw new CancelledError();
    const count = Math.min(chunk, N - start);
    const rows = await source.readRows(layer, start, count);
    for (let i = 0; i < count; i++) {
      if (rowProblem(rows, i * d, d, cosine) !== undefined) continue;
      valid[m++] = start + i;
      for (let k = 0; k < d; k++) {
        const v = rows[i * d + k];
        if (v < lo[k]) lo[k] = v;
        if (v > hi[k]) hi[k] = v;
      }
    }
  }
  return { valid: valid.slice(0, m), lo, hi };
}
