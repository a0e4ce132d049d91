import { defaultRng } from '../entropy/numpyRandom';

/** The built-in synthetic dataset (`embedding-entropy sample`, `npm start`, the walkthrough). */
export interface SampleData {
  layers: number;
  rows: number;
  dim: number;
  /** layers × rows × dim, float32 as models usually save them. */
  embeddings: Float32Array;
  /** TensorBoard-style metadata.tsv: a header `topic\tstyle`, then one line per row. */
  metadataTsv: string;
}

export const SAMPLE_TOPICS = ['science', 'sport', 'politics', 'music', 'food', 'travel'];
export const SAMPLE_STYLES = ['formal', 'casual'];

/**
 * Clustered embeddings on the sphere with known structure: each row has a topic (6 values) and a
 * style (2 values). Early layers are mostly noise with a strong style direction; with depth the topic
 * clusters sharpen and style fades, so I(Z;topic) rises across layers while I(Z;style) falls — the
 * shape the Layers view and the information plane are meant to show.
 */
export function makeSampleData(rows = 3000, dim = 64, layers = 4, seed = 2025): SampleData {
  const rng = defaultRng(seed);
  const unit = (v: Float64Array): Float64Array => {
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const topicDirs = SAMPLE_TOPICS.map(() => unit(rng.standardNormal(dim)));
  const styleDirs = SAMPLE_STYLES.map(() => unit(rng.standardNormal(dim)));
  const topic = Array.from({ length: rows }, () => Math.floor(rng.random(1)[0] * SAMPLE_TOPICS.length));
  const style = Array.from({ length: rows }, () => (rng.random(1)[0] < 0.5 ? 0 : 1));
  const embeddings = new Float32Array(layers * rows * dim);
  for (let l = 0; l < layers; l++) {
    const depth = layers > 1 ? l / (layers - 1) : 1; // 0 … 1
    const topicWeight = 0.3 + 2.2 * depth;
    const styleWeight = 1.2 - 0.9 * depth;
    const noise = 1 / Math.sqrt(dim);
    for (let i = 0; i < rows; i++) {
      const z = rng.standardNormal(dim);
      const t = topicDirs[topic[i]];
      const s = styleDirs[style[i]];
      const off = (l * rows + i) * dim;
      for (let k = 0; k < dim; k++) embeddings[off + k] = noise * z[k] + topicWeight * t[k] * 0.5 + styleWeight * s[k] * 0.5;
    }
  }
  const lines = ['topic\tstyle'];
  for (let i = 0; i < rows; i++) lines.push(`${SAMPLE_TOPICS[topic[i]]}\t${SAMPLE_STYLES[style[i]]}`);
  return { layers, rows, dim, embeddings, metadataTsv: lines.join('\n') + '\n' };
}
