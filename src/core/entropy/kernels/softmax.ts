/** In place: x[off..off+n) ← softmax(x/ε), subtracting the row maximum first so exp never overflows. */
export function softmaxInPlace(x: Float64Array, off: number, n: number, epsilon: number): void {
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (x[off + j] > max) max = x[off + j];
  const inv = 1 / epsilon;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const e = Math.exp((x[off + j] - max) * inv);
    x[off + j] = e;
    sum += e;
  }
  const norm = 1 / sum;
  for (let j = 0; j < n; j++) x[off + j] *= norm;
}
