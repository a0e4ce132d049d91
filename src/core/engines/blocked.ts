import { hardInPlace } from '../entropy/kernels/hard';
import { softmaxInPlace } from '../entropy/kernels/softmax';
import { sparsemaxInPlace } from '../entropy/kernels/sparsemax';
import type { PreparedAnchors } from '../entropy/kernels/similarity';
import type { KernelSettings } from '../entropy/settings';
import type { ChunkSums, Engine } from './engine';
import { referenceEngine } from './reference';

/** Rows per register block: each anchor value loaded from memory is used for this many rows. */
const BLOCK = 4;

/**
 * Similarities of rows [i0, i0+BLOCK) with every anchor, as dot products, into s (BLOCK × n).
 * Four independent accumulators per anchor let the JIT keep them in registers and reuse each w[k].
 */
function dotBlock(rows: Float64Array, i0: number, a: PreparedAnchors, s: Float64Array): void {
  const { n, d, w } = a;
  const o0 = i0 * d;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  let j = 0;
  // Two anchors × four rows per pass: 8 accumulators, each row value and anchor value used 2–4 times.
  for (; j + 1 < n; j += 2) {
    const wa = j * d;
    const wb = wa + d;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    for (let k = 0; k < d; k++) {
      const x0 = rows[o0 + k], x1 = rows[o1 + k], x2 = rows[o2 + k], x3 = rows[o3 + k];
      const u = w[wa + k], v = w[wb + k];
      a0 += x0 * u; a1 += x1 * u; a2 += x2 * u; a3 += x3 * u;
      b0 += x0 * v; b1 += x1 * v; b2 += x2 * v; b3 += x3 * v;
    }
    s[j] = a0; s[n + j] = a1; s[2 * n + j] = a2; s[3 * n + j] = a3;
    s[j + 1] = b0; s[n + j + 1] = b1; s[2 * n + j + 1] = b2; s[3 * n + j + 1] = b3;
  }
  for (; j < n; j++) {
    const wo = j * d;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0; k < d; k++) {
      const wk = w[wo + k];
      s0 += rows[o0 + k] * wk; s1 += rows[o1 + k] * wk; s2 += rows[o2 + k] * wk; s3 += rows[o3 + k] * wk;
    }
    s[j] = s0; s[n + j] = s1; s[2 * n + j] = s2; s[3 * n + j] = s3;
  }
}

/**
 * A faster float64 CPU engine for cosine and dot similarity: register-blocked dot products over
 * blocks of four rows, then the same smoothing kernels and sums as the reference. Euclidean
 * similarity and leftover rows go through the reference engine. Tested against the reference with
 * the same fixture table; results differ only by floating-point summation order.
 */
export const blockedEngine: Engine = {
  name: 'cpu',
  mode: 'float64-blocked',
  accumulate(rows, count, codes, anchors, settings: KernelSettings, sums: ChunkSums) {
    if (settings.similarity === 'euclidean') return referenceEngine.accumulate(rows, count, codes, anchors, settings, sums);
    const { n, d } = anchors;
    const s = new Float64Array(BLOCK * n);
    const scratch = new Float64Array(n);
    const full = count - (count % BLOCK);
    for (let i0 = 0; i0 < full; i0 += BLOCK) {
      dotBlock(rows, i0, anchors, s);
      for (let b = 0; b < BLOCK; b++) {
        const i = i0 + b;
        const off = b * n;
        if (settings.similarity === 'cosine') {
          let ss = 0;
          for (let k = 0; k < d; k++) ss += rows[i * d + k] * rows[i * d + k];
          const inv = 1 / Math.sqrt(ss);
          for (let j = 0; j < n; j++) s[off + j] *= inv;
        }
        if (settings.smoothing === 'softmax') softmaxInPlace(s, off, n, settings.epsilon);
        else if (settings.smoothing === 'sparsemax') sparsemaxInPlace(s, off, n, settings.epsilon, scratch);
        else hardInPlace(s, off, n);
        const total = sums.total;
        for (let j = 0; j < n; j++) total[j] += s[off + j];
        for (let g = 0; g < codes.length; g++) {
          const c = codes[g][i];
          if (c < 0) continue;
          const gs = sums.groupSums[g];
          const o = c * n;
          for (let j = 0; j < n; j++) gs[o + j] += s[off + j];
          sums.groupCounts[g][c] += 1;
        }
      }
    }
    if (full < count) {
      referenceEngine.accumulate(rows.subarray(full * d), count - full, codes.map((c) => c.subarray(full)), anchors, settings, sums);
    }
  },
};
