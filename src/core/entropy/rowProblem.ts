/** Why the row at `off` cannot be used, or undefined when it can (METHOD.md §1.1). */
export function rowProblem(rows: Float64Array, off: number, d: number, cosine: boolean): 'nonFinite' | 'zero' | undefined {
  let nonzero = false;
  for (let k = 0; k < d; k++) {
    const v = rows[off + k];
    if (v - v !== 0) return 'nonFinite'; // NaN − NaN and ∞ − ∞ are NaN
    if (v !== 0) nonzero = true;
  }
  return cosine && !nonzero ? 'zero' : undefined;
}

