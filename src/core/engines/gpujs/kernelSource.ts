/** Rows one kernel cell computes: its four results are the cell's `Array(4)` return value. */
export const ROWS_PER_CELL = 4;

/** What the device computes per (row, anchor): a dot product, or a squared Euclidean distance. */
export type DeviceMeasure = 'dot' | 'sqdist';

/**
 * gpu.js kernel source (as text, so a minifying bundler cannot rewrite it into syntax gpu.js does not
 * parse) for one chunk: cell (x = anchor j, y = row block q) returns the measure of rows 4q..4q+3 with
 * anchor j. `x` is the chunk's rows and `w` the anchors, both flat row-major with `d` values per row.
 *
 * Why four rows per cell: the WebAssembly backend vectorises four neighbouring x cells (four anchors)
 * per SIMD step, so each anchor value is a 4-lane gather while each row value is one scalar load
 * shared by the lanes. Four rows per cell reuse every gathered anchor value four times — measured
 * here at 4096 × 100 × 256: ≈ 2.9× faster than one row per cell. On GL backends the four results
 * are one RGBA texel.
 */
export function similaritySource(measure: DeviceMeasure, d: number): string {
  const R = ROWS_PER_CELL;
  const body =
    measure === 'dot'
      ? `const u = w[o];
      s0 += x[b] * u;
      s1 += x[b + ${d}] * u;
      s2 += x[b + ${2 * d}] * u;
      s3 += x[b + ${3 * d}] * u;`
      : `const u = w[o];
      const t0 = x[b] - u;
      const t1 = x[b + ${d}] - u;
      const t2 = x[b + ${2 * d}] - u;
      const t3 = x[b + ${3 * d}] - u;
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;`;
  // Running offsets (b, o) rather than `base + k` indices: ~1.4× faster on webasm, whose SIMD
  // emitter recomputes every lane's index expression per access.
  return `function (x, w) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let b = this.thread.y * ${R * d};
    let o = this.thread.x * ${d};
    for (let k = 0; k < ${d}; k++) {
      ${body}
      b++;
      o++;
    }
    return [s0, s1, s2, s3];
  }`;
}
