import type { LabelSet } from '../formats/labels';
import { defaultRng } from '../entropy/numpyRandom';
import type { EmbeddingSource } from './embeddingSource';

/** Seed stream for the row sample, apart from anchors (seed) and shuffles ([seed, 1]). */
const SAMPLE_STREAM = 3;

/**
 * A seeded sample of at most `maxRows` rows (in file order) and the matching label codes: the
 * `maxRows` setting. Reads each contiguous run of chosen rows with one readRows call.
 */
export function subsample(source: EmbeddingSource, labelSets: LabelSet[], maxRows: number, seed: number): { source: EmbeddingSource; labelSets: LabelSet[] } {
  if (maxRows <= 0 || maxRows >= source.rows) return { source, labelSets };
  const pick = Int32Array.from(defaultRng([seed, SAMPLE_STREAM]).permutation(source.rows).subarray(0, maxRows)).sort();
  const d = source.dim;
  const sampled: EmbeddingSource = {
    name: source.name,
    layers: source.layers,
    rows: maxRows,
    dim: d,
    async readRows(layer, start, count) {
      const out = new Float64Array(count * d);
      let i = 0;
      while (i < count) {
        let j = i + 1;
        while (j < count && pick[start + j] === pick[start + j - 1] + 1) j++;
        out.set(await source.readRows(layer, pick[start + i], j - i), i * d);
        i = j;
      }
      return out;
    },
  };
  const sets = labelSets.map((s) => ({ ...s, codes: Int32Array.from(pick, (r) => s.codes[r]) }));
  return { source: sampled, labelSets: sets };
}
