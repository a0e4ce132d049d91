import type { PreparedAnchors } from '../../entropy/kernels/similarity';
import type { KernelSettings } from '../../entropy/settings';
import { sparsemaxThreshold } from '../../entropy/kernels/sparsemax';
import { exactSimilarities } from './exactSimilarities';

/**
 * Error model of one device similarity: |s_float32 − s_float64| ≤ ERROR_UNITS · 2⁻²⁴ · (its scale),
 * the scale being ‖x‖·max‖w‖ for a dot product and ‖x‖ + max‖w‖ for a Euclidean distance. Measured
 * on the webasm backend: at most 2.7 units for unit vectors, d = 2…4096 (the cpu backend: ≤ 0.5).
 */
export const ERROR_UNITS = 8;
export const UNIT = 2 ** -24;
/** Rows with 2β/ε above this get every non-negligible softmax weight refined. */
const SHARP = 1e-4;
/** Softmax weights below e^−30 ≈ 1e-13 of the row's largest are left alone even in sharp rows. */
const NEGLIGIBLE_BUCKET = 29;
/** e-fold buckets of softmax weights; the last holds everything below e^−(BUCKETS−1). */
export const BUCKETS = 48;

/**
 * Makes one row's assignment as exact as the budget asks. `s` holds the row's similarities from the
 * device (float32 values, scaled in float64), each within ±`beta` of the float64 ones; the entries
 * whose error could matter are recomputed in float64 in place:
 * - softmax: an error δ in s_j moves p by at most 2·p_j·δ/ε (L1), so when r = 2β/ε > `tol` the anchors
 *   holding all but tol/r of the row's mass are refined (the rest move p by ≤ tol); in a sharp row
 *   (r > 1e-4) every anchor whose weight is not negligible (≥ e^−30 of the largest) is;
 * - sparsemax: the support and every anchor within 2β of its threshold (the support is then exact),
 *   when 2β/ε > tol or the support is in doubt;
 * - hard: every anchor within 2β of the maximum, when there are two or more (the arg-max is then exact,
 *   ties included).
 * Low dimensions with their small ε (d = 2: ε ≈ 2e-4 at n = 100) need it most, but there few anchors
 * carry a row's mass; at d = 256, n = 100 (ε ≈ 0.02) about 16% of the similarities are recomputed.
 * Returns how many anchors were refined.
 * `sort`, `pick` (length ≥ n) and `mass` (length ≥ BUCKETS) are scratch.
 */
export function refineRow(
  s: Float64Array,
  rows: Float64Array,
  off: number,
  a: PreparedAnchors,
  settings: KernelSettings,
  scale: number,
  beta: number,
  tol: number,
  sort: Float64Array,
  mass: Float64Array,
  pick: Int32Array,
): number {
  if (tol === Infinity) return 0;
  const n = a.n;
  const eps = settings.epsilon;
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (s[j] > max) max = s[j];
  // Refine every j with s_j ≥ cut (hard, sparsemax), or in a weight bucket ≤ bucketCut (softmax).
  let cut = Infinity;
  let bucketCut = -1;
  if (settings.smoothing === 'hard') {
    cut = max - 2 * beta;
    let near = 0;
    for (let j = 0; j < n; j++) if (s[j] >= cut) near++;
    if (near < 2) return 0;
  } else if (settings.smoothing === 'sparsemax') {
    const tau = sparsemaxThreshold(s, 0, n, eps, sort);
    cut = eps * tau - 2 * beta;
    if (2 * beta <= tol * eps) {
      let doubtful = false;
      for (let j = 0; j < n && !doubtful; j++) doubtful = Math.abs(s[j] - eps * tau) <= 2 * beta;
      if (!doubtful) return 0;
    }
  } else {
    const r = (2 * beta) / eps;
    if (r <= tol) return 0;
    // Bucket the weights by e-folds below the row's maximum (bucket k: (s_j − max)/ε ∈ (−k−1, −k]),
    // then leave out the deepest buckets while their mass stays within the budget: a sort's choice to
    // within one e-fold, in O(n).
    mass.fill(0);
    let z = 0;
    for (let j = 0; j < n; j++) {
      const e = (s[j] - max) / eps;
      const weight = Math.exp(e);
      const k = Math.min(BUCKETS - 1, Math.floor(-e));
      sort[j] = k;
      mass[k] += weight;
      z += weight;
    }
    const budget = (tol / r) * z;
    let left = 0;
    let k = BUCKETS - 1;
    while (k > 0 && left + mass[k] <= budget) left += mass[k--];
    // A sharp row (large β/ε) is made of its tail: entropies read the tail's relative errors, which are
    // up to r for unrefined anchors, so refine every weight that is not negligible outright.
    if (r > SHARP) k = Math.max(k, NEGLIGIBLE_BUCKET);
    bucketCut = k;
  }
  let count = 0;
  for (let j = 0; j < n; j++) if (bucketCut >= 0 ? sort[j] <= bucketCut : s[j] >= cut) pick[count++] = j;
  exactSimilarities(rows, off, a, settings.similarity, scale, pick, count, s);
  return count;
}
