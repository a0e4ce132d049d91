/** Shannon entropy in nats of a distribution, 0·ln 0 = 0. */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let j = 0; j < p.length; j++) {
    const v = p[j];
    if (v > 0) h -= v * Math.log(v);
  }
  return h;
}

/** Entropy of the distribution sum/count (a sum of per-row assignments), without allocating. */
export function entropyOfSum(sum: ArrayLike<number>, count: number, offset = 0, n = sum.length - offset): number {
  let h = 0;
  for (let j = 0; j < n; j++) {
    const v = sum[offset + j] / count;
    if (v > 0) h -= v * Math.log(v);
  }
  return h;
}

/** KL(p‖q) = Σ p ln(p/q) in nats; terms with p = 0 are 0, and p > 0 where q = 0 gives +∞. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new Error(`KL of distributions of lengths ${p.length} and ${q.length}`);
  let kl = 0;
  for (let j = 0; j < p.length; j++) {
    if (p[j] > 0) kl += p[j] * Math.log(p[j] / q[j]);
  }
  return kl;
}

/** Jensen–Shannon divergence ½KL(p‖m) + ½KL(q‖m), m = ½(p+q), in nats (at most ln 2). */
export function jsDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const m = new Float64Array(p.length);
  for (let j = 0; j < p.length; j++) m[j] = 0.5 * (p[j] + q[j]);
  return 0.5 * klDivergence(p, m) + 0.5 * klDivergence(q, m);
}
