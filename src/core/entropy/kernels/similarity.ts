import type { Similarity } from '../settings';

/**
 * Anchors prepared once for a similarity: cosine needs unit rows, euclidean needs squared norms.
 * Keeping this out of the per-chunk loop is why it is a separate step.
 */
export interface PreparedAnchors {
  readonly n: number;
  readonly d: number;
  /** n×d row-major; unit rows for cosine, raw otherwise. */
  readonly w: Float64Array;
}

/** Prepares n×d anchors `w` for `similarity`. Throws on a zero or non-finite anchor under cosine. */
export function prepareAnchors(w: Float64Array, n: number, d: number, similarity: Similarity): PreparedAnchors {
  if (w.length !== n * d) throw new Error(`anchors have ${w.length} values, expected ${n}×${d}`);
  const out = Float64Array.from(w);
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let k = 0; k < d; k++) ss += out[j * d + k] * out[j * d + k];
    if (!Number.isFinite(ss)) throw new Error(`anchor ${j} has a NaN or infinite value`);
    if (similarity === 'cosine') {
      if (ss === 0) throw new Error(`anchor ${j} is a zero vector and has no direction`);
      const inv = 1 / Math.sqrt(ss);
      for (let k = 0; k < d; k++) out[j * d + k] *= inv;
    }
  }
  return { n, d, w: out };
}

/**
 * Float64 reference similarity of one row `z` (at `zOff` in `rows`, length d) with every anchor,
 * written to `out[0..n)`. For cosine the row is normalised here; the caller has already rejected
 * zero and non-finite rows.
 */
export function similarityRow(
  rows: Float64Array,
  zOff: number,
  a: PreparedAnchors,
  similarity: Similarity,
  out: Float64Array,
): void {
  const { n, d, w } = a;
  if (similarity === 'euclidean') {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = rows[zOff + k] - w[j * d + k];
        s += t * t;
      }
      out[j] = -Math.sqrt(s);
    }
    return;
  }
  let scale = 1;
  if (similarity === 'cosine') {
    let ss = 0;
    for (let k = 0; k < d; k++) ss += rows[zOff + k] * rows[zOff + k];
    scale = 1 / Math.sqrt(ss);
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += rows[zOff + k] * w[j * d + k];
    out[j] = s * scale;
  }
}
