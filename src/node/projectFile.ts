import { normalAnchors } from '../core/entropy/anchors';
import { pca2, project2 } from '../core/analysis/projection';
import { subsample } from '../core/analysis/subsample';
import { rowProblem } from '../core/entropy/rowProblem';
import { openEmbeddings } from '../core/formats/embeddings';
import type { AnalyseFileRequestBody } from '../core/protocol/analyseRequest';
import type { ProjectionResult } from '../core/protocol/webviewProtocol';
import { loadAnchors } from './analyseFile';
import { withFile } from './fileByteSource';
import { loadLabelsFor } from './findSidecar';

/** Most points a projection draws. */
export const PROJECTION_ROWS = 5000;

/**
 * A 2-D PCA of a seeded sample (≤ 5 000 usable rows) of one layer, with the anchors' directions in
 * the same basis. Under cosine similarity rows are normalised first, as the engine sees them.
 */
export async function projectFile(req: AnalyseFileRequestBody, layer: number | undefined, signal?: AbortSignal): Promise<ProjectionResult> {
  return withFile(req.file, async (src) => {
    const opened = await openEmbeddings(src, { tensor: req.tensor, column: req.column });
    try {
      const emb = opened.embeddings;
      const l = layer ?? emb.layers - 1;
      if (l < 0 || l >= emb.layers) throw new Error(`${req.file} has ${emb.layers} layer(s); layer ${l} does not exist`);
      const loaded = await loadLabelsFor(req.file, emb.rows, req.labels);
      const labelSets = [...opened.labelSets.filter((c) => !loaded.labelSets.some((f) => f.name === c.name)), ...loaded.labelSets];
      const sample = subsample(emb, labelSets, PROJECTION_ROWS, req.settings.seed);
      const d = emb.dim;
      const cosine = req.settings.similarity === 'cosine';
      const rows = await sample.source.readRows(l, 0, sample.source.rows);
      if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'CancelledError' });
      const kept: number[] = [];
      const x = new Float64Array(rows.length);
      let m = 0;
      for (let i = 0; i < sample.source.rows; i++) {
        if (rowProblem(rows, i * d, d, cosine)) continue;
        let scale = 1;
        if (cosine) {
          let ss = 0;
          for (let k = 0; k < d; k++) ss += rows[i * d + k] ** 2;
          scale = 1 / Math.sqrt(ss);
        }
        for (let k = 0; k < d; k++) x[m * d + k] = rows[i * d + k] * scale;
        kept.push(i);
        m++;
      }
      if (m < 3) throw new Error(`${req.file} has fewer than 3 usable rows to project`);
      const p = pca2(x, m, d, req.settings.seed);
      const anchors = req.anchorsFile ? await loadAnchors(req.anchorsFile) : normalAnchors(req.settings.bins, d, req.settings.seed, req.settings.placement !== 'standard_normal');
      const unit = (off: number): Float64Array => {
        const a = anchors.w.subarray(off, off + d);
        const norm = Math.hypot(...a) || 1;
        return a.map((v) => v / norm);
      };
      return {
        layer: l,
        labelSets: sample.labelSets.map((s) => s.name),
        points: kept.map((i, t) => ({
          ...project2(p, x, t * d),
          labels: sample.labelSets.map((s) => (s.codes[i] >= 0 ? s.values[s.codes[i]] : null)),
        })),
        anchors: Array.from({ length: anchors.n }, (_, j) => project2(p, unit(j * d), 0, undefined)),
        explained: p.explained,
        sampled: m,
        total: emb.rows,
      };
    } finally {
      opened.dispose?.();
    }
  });
}
