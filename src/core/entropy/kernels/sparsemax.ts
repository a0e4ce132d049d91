/**
 * The sparsemax threshold τ of x[off..off+n)/ε: sparsemax(x/ε)_j = max(x_j/ε − τ, 0). `scratch`
 * (length ≥ n) holds the sorted values.
 */
export function sparsemaxThreshold(x: Float64Array, off: number, n: number, epsilon: number, scratch: Float64Array): number {
  const inv = 1 / epsilon;
  const z = scratch.subarray(0, n);
  for (let j = 0; j < n; j++) z[j] = x[off + j] * inv;
  z.sort();
  // Walk from the largest: k is in the support while 1 + k·z_(k) > Σ_{i≤k} z_(i).
  let cum = 0;
  let tau = 0;
  for (let k = 1; k <= n; k++) {
    const zk = z[n - k];
    cum += zk;
    if (1 + k * zk > cum) tau = (cum - 1) / k;
    else break;
  }
  return tau;
}

/**
 * In place: x[off..off+n) ← sparsemax(x/ε), the Euclidean projection onto the probability simplex
 * (Martins & Astudillo 2016). Exact zeros are possible; `scratch` (length ≥ n) avoids allocating.
 */
export function sparsemaxInPlace(x: Float64Array, off: number, n: number, epsilon: number, scratch: Float64Array): void {
  const inv = 1 / epsilon;
  const tau = sparsemaxThreshold(x, off, n, epsilon, scratch);
  for (let j = 0; j < n; j++) {
    const v = x[off + j] * inv - tau;
    x[off + j] = v > 0 ? v : 0;
  }
}
