import type { EmbeddingSource } from '../../../src/core/analysis/embeddingSource';
import type { LabelSet } from '../../../src/core/formats/labels';

/** An in-memory EmbeddingSource over `layers` of row arrays (all the same N × d). */
export function memorySource(layers: number[][][] | Float64Array[], rows?: number, dim?: number, name = 'memory'): EmbeddingSource {
  const flat = layers.map((l) => (l instanceof Float64Array ? l : Float64Array.from(l.flat())));
  const N = rows ?? (layers[0] as number[][]).length;
  const d = dim ?? (layers[0] as number[][])[0].length;
  return {
    name,
    layers: layers.length,
    rows: N,
    dim: d,
    readRows: async (layer, start, count) => flat[layer].slice(start * d, (start + count) * d),
  };
}

/** A LabelSet from strings (null = missing), values in order of first appearance. */
export function labelSet(name: string, labels: (string | number | null)[]): LabelSet {
  const values: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(labels.length);
  labels.forEach((l, i) => {
    if (l === null || l === '') {
      codes[i] = -1;
      return;
    }
    const key = String(l);
    let c = index.get(key);
    if (c === undefined) {
      c = values.length;
      values.push(key);
      index.set(key, c);
    }
    codes[i] = c;
  });
  return { name, values, codes };
}
