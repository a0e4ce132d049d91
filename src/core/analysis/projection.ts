import { defaultRng } from '../entropy/numpyRandom';

/** The top two principal axes of m rows (d each), their variance shares, and the centre. */
export interface Pca2 {
  axes: [Float64Array, Float64Array];
  explained: [number, number];
  mean: Float64Array;
}

/**
 * Exact-enough PCA for a 2-D picture: power iteration with deflation on the covariance, applied
 * implicitly (X̃ᵀ(X̃v)) so memory stays O(m·d) even for d = 16384. Seeded start vectors make the
 * picture reproducible; 300 iterations or a 1e-10 change, whichever first.
 */
export function pca2(x: Float64Array, m: number, d: number, seed = 0): Pca2 {
  const mean = new Float64Array(d);
  for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) mean[k] += x[i * d + k] / m;
  const xc = new Float64Array(m * d);
  let total = 0;
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < d; k++) {
      const v = x[i * d + k] - mean[k];
      xc[i * d + k] = v;
      total += v * v;
    }
  }
  const rng = defaultRng([seed, 4]);
  const t = new Float64Array(m);
  const axes: Float64Array[] = [];
  const variances: number[] = [];
  for (let c = 0; c < 2; c++) {
    let v = rng.standardNormal(d);
    let lambda = 0;
    for (let iter = 0; iter < 300; iter++) {
      for (const a of axes) orthogonalise(v, a);
      normalise(v);
      // w = X̃ᵀ(X̃ v)
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += xc[i * d + k] * v[k];
        t[i] = s;
      }
      const w = new Float64Array(d);
      for (let i = 0; i < m; i++) {
        const ti = t[i];
        if (ti !== 0) for (let k = 0; k < d; k++) w[k] += xc[i * d + k] * ti;
      }
      for (const a of axes) orthogonalise(w, a);
      const next = Math.hypot(...w);
      const done = Math.abs(next - lambda) <= 1e-10 * Math.max(1, next);
      lambda = next;
      v = w;
      if (done || next === 0) break;
    }
    normalise(v);
    axes.push(v);
    variances.push(lambda);
  }
  return { axes: [axes[0], axes[1]], explained: [total > 0 ? variances[0] / total : 0, total > 0 ? variances[1] / total : 0], mean };
}

function orthogonalise(v: Float64Array, a: Float64Array): void {
  let dot = 0;
  for (let k = 0; k < v.length; k++) dot += v[k] * a[k];
  for (let k = 0; k < v.length; k++) v[k] -= dot * a[k];
}

function normalise(v: Float64Array): void {
  const n = Math.hypot(...v);
  if (n > 0) for (let k = 0; k < v.length; k++) v[k] /= n;
}

/** Coordinates of row (at off) on the two axes, after removing `centre` (pass undefined for directions). */
export function project2(p: Pca2, row: ArrayLike<number>, off = 0, centre: Float64Array | undefined = p.mean): { x: number; y: number } {
  let x = 0;
  let y = 0;
  const d = p.mean.length;
  for (let k = 0; k < d; k++) {
    const v = row[off + k] - (centre ? centre[k] : 0);
    x += v * p.axes[0][k];
    y += v * p.axes[1][k];
  }
  return { x, y };
}
