import { hardInPlace } from '../entropy/kernels/hard';
import { similarityRow, type PreparedAnchors } from '../entropy/kernels/similarity';
import { softmaxInPlace } from '../entropy/kernels/softmax';
import { sparsemaxInPlace } from '../entropy/kernels/sparsemax';
import type { KernelSettings } from '../entropy/settings';
import type { ChunkSums, Engine } from './engine';

/** Assignment p (length n) of the row at `off`, written into `p`. The float64 definition of METHOD.md §1.3–1.4. */
export function assignRow(
  rows: Float64Array,
  off: number,
  anchors: PreparedAnchors,
  settings: KernelSettings,
  p: Float64Array,
  scratch: Float64Array,
): void {
  similarityRow(rows, off, anchors, settings.similarity, p);
  const n = anchors.n;
  switch (settings.smoothing) {
    case 'softmax':
      softmaxInPlace(p, 0, n, settings.epsilon);
      break;
    case 'sparsemax':
      sparsemaxInPlace(p, 0, n, settings.epsilon, scratch);
      break;
    case 'hard':
      hardInPlace(p, 0, n);
      break;
  }
}

/** The float64 reference engine: one row at a time, plain loops. Every faster engine is tested against it. */
export const referenceEngine: Engine = {
  name: 'reference',
  mode: 'float64',
  accumulate(rows, count, codes, anchors, settings, sums: ChunkSums) {
    const { n, d } = anchors;
    const p = new Float64Array(n);
    const scratch = new Float64Array(n);
    for (let i = 0; i < count; i++) {
      assignRow(rows, i * d, anchors, settings, p, scratch);
      const total = sums.total;
      for (let j = 0; j < n; j++) total[j] += p[j];
      for (let g = 0; g < codes.length; g++) {
        const c = codes[g][i];
        if (c < 0) continue;
        const s = sums.groupSums[g];
        const o = c * n;
        for (let j = 0; j < n; j++) s[o + j] += p[j];
        sums.groupCounts[g][c] += 1;
      }
    }
  },
};
