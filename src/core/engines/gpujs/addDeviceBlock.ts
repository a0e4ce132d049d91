import { hardInPlace } from '../../entropy/kernels/hard';
import { similarityRow, type PreparedAnchors } from '../../entropy/kernels/similarity';
import { softmaxInPlace } from '../../entropy/kernels/softmax';
import { sparsemaxInPlace } from '../../entropy/kernels/sparsemax';
import type { KernelSettings } from '../../entropy/settings';
import type { ChunkSums } from '../engine';
import { ROWS_PER_CELL } from './kernelSource';
import { ERROR_UNITS, UNIT, refineRow } from './refineRow';

/** Reusable float64 buffers of length ≥ n, so the per-row loop allocates nothing. */
export interface BlockScratch {
  p: Float64Array;
  sort: Float64Array;
  /** Length ≥ BUCKETS. */
  mass: Float64Array;
  pick: Int32Array;
}

/** What the host side needs besides the chunk: the anchors, their largest norm and the error budget. */
export interface HostContext {
  anchors: PreparedAnchors;
  /** max_j ‖w_j‖, for the float32 error bound. */
  wMax: number;
  settings: KernelSettings;
  /** Budget for the float32 error's effect on one row's assignment (L1); see refineRow. */
  tol: number;
  scratch: BlockScratch;
}

/** Rows whose norm leaves float32's comfortable range go through the float64 path whole. */
const NORM_LO = 1e-30;
const NORM_HI = 1e30;

/**
 * Adds the assignments of rows [first, first+count) of a chunk into `sums`, from the device's float32
 * results for those rows, and returns how many (row, anchor) similarities it recomputed in float64.
 * `out` is the kernel's output in its `Array(4)` layout: block row b, anchor j at ((⌊b/4⌋·n + j)·4 + b mod 4).
 *
 * Everything after the O(n·d) part runs here in float64: the cosine row scale (from the float64 row),
 * −√ of the squared distance, the refinement of the similarities whose float32 error could matter
 * (refineRow), and the smoothing with the reference's own kernels. The smoothing stays off the device on
 * purpose: it is O(n) per row against the device's O(n·d), it needs a per-row reduction (a second kernel
 * and a second upload), and float32 `exp` of arguments up to Δs/ε ≈ 100 would add ~1e-5 relative error
 * by itself — this engine's whole budget.
 */
export function addDeviceBlock(
  out: Float32Array,
  rows: Float64Array,
  first: number,
  count: number,
  codes: readonly Int32Array[],
  ctx: HostContext,
  sums: ChunkSums,
): number {
  const { anchors, wMax, settings, tol } = ctx;
  const { n, d } = anchors;
  const { p, sort, mass, pick } = ctx.scratch;
  const total = sums.total;
  let refined = 0;
  for (let b = 0; b < count; b++) {
    const i = first + b;
    const off = i * d;
    const base = (b - (b % ROWS_PER_CELL)) * n + (b % ROWS_PER_CELL);
    let finite = true;
    for (let j = 0; j < n; j++) {
      const v = out[base + ROWS_PER_CELL * j];
      p[j] = v;
      if (v - v !== 0) finite = false;
    }
    let ss = 0;
    for (let k = off; k < off + d; k++) ss += rows[k] * rows[k];
    const norm = Math.sqrt(ss);
    if (!finite || (norm < NORM_LO && norm !== 0) || norm > NORM_HI) {
      similarityRow(rows, off, anchors, settings.similarity, p);
      refined += n;
    } else {
      let scale = 1;
      let beta: number;
      if (settings.similarity === 'euclidean') {
        for (let j = 0; j < n; j++) p[j] = -Math.sqrt(p[j]);
        beta = ERROR_UNITS * UNIT * (norm + wMax);
      } else {
        if (settings.similarity === 'cosine') {
          scale = 1 / Math.sqrt(ss);
          for (let j = 0; j < n; j++) p[j] *= scale;
        }
        beta = ERROR_UNITS * UNIT * norm * scale * wMax;
      }
      refined += refineRow(p, rows, off, anchors, settings, scale, beta, tol, sort, mass, pick);
    }
    if (settings.smoothing === 'softmax') softmaxInPlace(p, 0, n, settings.epsilon);
    else if (settings.smoothing === 'sparsemax') sparsemaxInPlace(p, 0, n, settings.epsilon, sort);
    else hardInPlace(p, 0, n);
    for (let j = 0; j < n; j++) total[j] += p[j];
    for (let g = 0; g < codes.length; g++) {
      const c = codes[g][i];
      if (c < 0) continue;
      const gs = sums.groupSums[g];
      const o = c * n;
      for (let j = 0; j < n; j++) gs[o + j] += p[j];
      sums.groupCounts[g][c] += 1;
    }
  }
  return refined;
}
