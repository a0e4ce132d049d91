/** In place: x[off..off+n) ← one-hot at the arg-max (first index on ties). */
export function hardInPlace(x: Float64Array, off: number, n: number): void {
  let best = 0;
  for (let j = 1; j < n; j++) if (x[off + j] > x[off + best]) best = j;
  for (let j = 0; j < n; j++) x[off + j] = j === best ? 1 : 0;
}
