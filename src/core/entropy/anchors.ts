import { defaultRng } from './numpyRandom';

/** An anchor matrix: n rows of d values, row-major float64. */
export interface Anchors {
  n: number;
  d: number;
  w: Float64Array;
}

/**
 * METHOD.md's default anchors: `numpy.random.default_rng(seed).standard_normal((n, d))`, bit for bit,
 * each row scaled to unit length (uniform on the sphere). `normalise: false` gives the raw draws
 * (the `standard_normal` placement).
 */
export function normalAnchors(n: number, d: number, seed: number, normalise = true): Anchors {
  const w = defaultRng(seed).standardNormal(n * d);
  if (normalise) {
    for (let j = 0; j < n; j++) {
      let ss = 0;
      for (let k = 0; k < d; k++) ss += w[j * d + k] * w[j * d + k];
      const norm = Math.sqrt(ss);
      for (let k = 0; k < d; k++) w[j * d + k] /= norm;
    }
  }
  return { n, d, w };
}

/** `uniform` placement: lo + (hi − lo)·U[0,1) per dimension, U from `default_rng(seed).random((n, d))`. */
export function uniformAnchors(n: number, d: number, seed: number, lo: Float64Array, hi: Float64Array): Anchors {
  const w = defaultRng(seed).random(n * d);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < d; k++) w[j * d + k] = lo[k] + (hi[k] - lo[k]) * w[j * d + k];
  }
  return { n, d, w };
}

/**
 * `data` placement: walk `default_rng(seed).permutation(m)` over the m valid rows, taking each row
 * unless it equals one already taken, until n are taken. `rowAt(i)` returns valid row i.
 */
export async function dataAnchors(
  n: number,
  d: number,
  seed: number,
  m: number,
  rowAt: (i: number) => Promise<Float64Array>,
): Promise<Anchors> {
  const order = defaultRng(seed).permutation(m);
  const w = new Float64Array(n * d);
  const seen = new Set<string>();
  let taken = 0;
  for (let t = 0; t < m && taken < n; t++) {
    const row = await rowAt(order[t]);
    const key = Array.from(row).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    w.set(row, taken * d);
    taken++;
  }
  if (taken < n) throw new Error(`the data has only ${taken} distinct usable rows, fewer than the ${n} anchors asked for`);
  return { n, d, w };
}

/**
 * `kmeans` placement: k-means++ seeding then Lloyd iterations over `sample` (m rows), seeded. With
 * `spherical`, rows and centres are kept on the unit sphere (the right geometry for cosine).
 */
export function kmeansAnchors(n: number, d: number, seed: number, sample: Float64Array, m: number, spherical: boolean, maxIter = 100): Anchors {
  if (m < n) throw new Error(`k-means needs at least ${n} rows, the data has ${m}`);
  const x = Float64Array.from(sample.subarray(0, m * d));
  if (spherical) for (let i = 0; i < m; i++) unitInPlace(x, i * d, d);
  const rng = defaultRng(seed);
  const c = new Float64Array(n * d);
  const d2 = new Float64Array(m).fill(Infinity);
  let pick = Math.floor(rng.random(1)[0] * m);
  for (let j = 0; j < n; j++) {
    c.set(x.subarray(pick * d, pick * d + d), j * d);
    let total = 0;
    for (let i = 0; i < m; i++) {
      d2[i] = Math.min(d2[i], sqDist(x, i * d, c, j * d, d));
      total += d2[i];
    }
    if (j + 1 === n) break;
    // Next centre with probability ∝ D² (k-means++); a zero total means every row is already a centre.
    const r = rng.random(1)[0] * total;
    let acc = 0;
    pick = m - 1;
    for (let i = 0; i < m; i++) {
      acc += d2[i];
      if (acc > r) {
        pick = i;
        break;
      }
    }
  }
  const assign = new Int32Array(m).fill(-1);
  const sums = new Float64Array(n * d);
  const counts = new Float64Array(n);
  for (let iter = 0; iter < maxIter; iter++) {
    let changed = 0;
    for (let i = 0; i < m; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < n; j++) {
        const dd = sqDist(x, i * d, c, j * d, d);
        if (dd < bestD) {
          bestD = dd;
          best = j;
        }
      }
      if (assign[i] !== best) changed++;
      assign[i] = best;
    }
    if (changed === 0) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < m; i++) {
      const j = assign[i];
      counts[j]++;
      for (let k = 0; k < d; k++) sums[j * d + k] += x[i * d + k];
    }
    for (let j = 0; j < n; j++) {
      if (counts[j] === 0) continue; // an empty cluster keeps its centre
      for (let k = 0; k < d; k++) c[j * d + k] = sums[j * d + k] / counts[j];
      if (spherical) unitInPlace(c, j * d, d);
    }
  }
  return { n, d, w: c };
}

function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) {
    const t = a[ao + k] - b[bo + k];
    s += t * t;
  }
  return s;
}

function unitInPlace(x: Float64Array, off: number, d: number): void {
  let ss = 0;
  for (let k = 0; k < d; k++) ss += x[off + k] * x[off + k];
  if (ss === 0) return;
  const inv = 1 / Math.sqrt(ss);
  for (let k = 0; k < d; k++) x[off + k] *= inv;
}

/**
 * A 64-bit FNV-1a hash of the anchors' shape and float64 bits, as 16 hex digits. Two states merge
 * only when their hashes agree; it is a consistency check, not a security measure.
 */
export function anchorsHash(a: Anchors): string {
  const bytes = new Uint8Array(a.w.buffer, a.w.byteOffset, a.w.byteLength);
  let hi = 0xcbf29ce4 >>> 0;
  let lo = 0x84222325 >>> 0;
  const mix = (b: number): void => {
    lo ^= b;
    // multiply (hi,lo) by the FNV prime 0x100000001b3 = 2^40 + 0x1b3, modulo 2^64
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newLo = loMul >>> 0;
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = newLo;
  };
  for (const v of [a.n, a.d]) for (let s = 0; s < 32; s += 8) mix((v >>> s) & 0xff);
  for (let i = 0; i < bytes.length; i++) mix(bytes[i]);
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
