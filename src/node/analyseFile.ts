import { analyse, type AnalysisRun, type Progress } from '../core/analysis/analyse';
import { subsample } from '../core/analysis/subsample';
import type { Anchors } from '../core/entropy/anchors';
import type { Engine } from '../core/engines/engine';
import { selectEngine } from '../core/engines/select';
import type { AnalyseFileRequestBody } from '../core/protocol/analyseRequest';
import { openEmbeddings } from '../core/formats/embeddings';
import { InputError } from '../core/formats/errors';
import { openNpy } from '../core/formats/npy';
import { withFile } from './fileByteSource';
import { loadLabelsFor } from './findSidecar';

/** One analysis of a file on disk, as the CLI and the extension's worker ask for it. */
export type AnalyseFileRequest = AnalyseFileRequestBody;

/** The run plus the label file actually used (a sidecar may have been found). */
export interface AnalyseFileRun extends AnalysisRun {
  labelsFile: string | null;
}

/** Reads n × d anchors from a `.npy`. */
export async function loadAnchors(path: string): Promise<Anchors> {
  return withFile(path, async (src) => {
    const arr = await openNpy(src);
    if (arr.shape.length !== 2) throw new InputError(path, `has shape (${arr.shape.join(', ')}); anchors must be a 2-D array (n, d)`);
    const w = await arr.readRows(0, 0, arr.rows);
    for (let i = 0; i < w.length; i++) if (!Number.isFinite(w[i])) throw new InputError(path, `anchor ${Math.floor(i / arr.dims)} holds NaN or Inf`);
    return { n: arr.rows, d: arr.dims, w };
  });
}

/**
 * Opens the embeddings and labels, checks the request against them, and streams the analysis.
 * Problems with the files are InputErrors naming the file; problems with the request are plain
 * Errors with a message for the user.
 */
export async function analyseFile(
  req: AnalyseFileRequest,
  hooks: { onProgress?(p: Progress): void; signal?: { readonly aborted: boolean }; /** Overrides `req.engine`'s choice. */ engine?: Engine } = {},
): Promise<AnalyseFileRun> {
  const { file } = req;
  const anchors = req.anchorsFile ? await loadAnchors(req.anchorsFile) : undefined;
  return withFile(file, async (src) => {
    const opened = await openEmbeddings(src, { tensor: req.tensor, column: req.column });
    try {
      const emb = opened.embeddings;
      const loaded = await loadLabelsFor(file, emb.rows, req.labels);
      const labelsFile = loaded.labelsFile;
      // A label file overrides label sets of the same name stored inside the container.
      const labelSets = [...opened.labelSets.filter((c) => !loaded.labelSets.some((f) => f.name === c.name)), ...loaded.labelSets];
      if (req.rows && !(req.rows.start < req.rows.end && req.rows.end <= emb.rows)) {
        throw new Error(`rows ${req.rows.start}:${req.rows.end} are not within the ${emb.rows} rows of ${file}`);
      }
      if (anchors && anchors.d !== emb.dim) throw new InputError(req.anchorsFile!, `has anchors of dimension ${anchors.d} but ${file} has dimension ${emb.dim}`);
      for (const name of req.optimality ?? []) {
        if (!labelSets.some((s) => s.name === name)) {
          throw new Error(`optimality names label set "${name}", but the labels have ${labelSets.map((s) => `"${s.name}"`).join(', ') || 'none'}`);
        }
      }
      if (req.layer !== undefined && req.layer >= emb.layers) throw new Error(`--layer ${req.layer}: ${file} has ${emb.layers} layer(s), numbered from 0`);
      const sample = subsample(emb, labelSets, req.rows ? 0 : (req.maxRows ?? 0), req.settings.seed);
      const run = await analyse(sample.source, sample.labelSets, {
        settings: { ...req.settings, placement: anchors ? 'file' : req.settings.placement },
        anchors,
        layer: req.layer,
        shard: req.rows,
        optimality: req.optimality,
        engine: hooks.engine ?? selectEngine(req.engine),
        chunkRows: req.chunkRows,
        labelsName: labelsFile,
        onProgress: hooks.onProgress,
        signal: hooks.signal,
        now: () => performance.now(),
      });
      if (loaded.notice) run.result.notices = [...(run.result.notices ?? []), loaded.notice];
      return { ...run, labelsFile };
    } finally {
      opened.dispose?.();
    }
  });
}
