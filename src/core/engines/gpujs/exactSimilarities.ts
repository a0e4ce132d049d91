import type { PreparedAnchors } from '../../entropy/kernels/similarity';
import type { Similarity } from '../../entropy/settings';

/**
 * Writes into s[j], for the `count` anchors j listed in `pick`, the float64 similarity of the row at
 * `off` — each summed in the order of the reference's similarityRow (one accumulator per anchor, k
 * ascending), so every value equals the reference's bit for bit. Four anchors go per pass over the
 * row, so each row value is loaded once for four of them. `scale` is the cosine row scale (1 otherwise).
 */
export function exactSimilarities(
  rows: Float64Array,
  off: number,
  a: PreparedAnchors,
  similarity: Similarity,
  scale: number,
  pick: Int32Array,
  count: number,
  s: Float64Array,
): void {
  const { d, w } = a;
  const euclidean = similarity === 'euclidean';
  let q = 0;
  for (; q + 3 < count; q += 4) {
    const j0 = pick[q], j1 = pick[q + 1], j2 = pick[q + 2], j3 = pick[q + 3];
    const o0 = j0 * d, o1 = j1 * d, o2 = j2 * d, o3 = j3 * d;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    if (euclidean) {
      for (let k = 0; k < d; k++) {
        const x = rows[off + k];
        const t0 = x - w[o0 + k], t1 = x - w[o1 + k], t2 = x - w[o2 + k], t3 = x - w[o3 + k];
        a0 += t0 * t0; a1 += t1 * t1; a2 += t2 * t2; a3 += t3 * t3;
      }
      s[j0] = -Math.sqrt(a0); s[j1] = -Math.sqrt(a1); s[j2] = -Math.sqrt(a2); s[j3] = -Math.sqrt(a3);
    } else {
      for (let k = 0; k < d; k++) {
        const x = rows[off + k];
        a0 += x * w[o0 + k]; a1 += x * w[o1 + k]; a2 += x * w[o2 + k]; a3 += x * w[o3 + k];
      }
      s[j0] = a0 * scale; s[j1] = a1 * scale; s[j2] = a2 * scale; s[j3] = a3 * scale;
    }
  }
  for (; q < count; q++) {
    const j = pick[q];
    const o = j * d;
    let acc = 0;
    if (euclidean) {
      for (let k = 0; k < d; k++) {
        const t = rows[off + k] - w[o + k];
        acc += t * t;
      }
      s[j] = -Math.sqrt(acc);
    } else {
      for (let k = 0; k < d; k++) acc += rows[off + k] * w[o + k];
      s[j] = acc * scale;
    }
  }
}
