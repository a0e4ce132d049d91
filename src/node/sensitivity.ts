import type { Progress } from '../core/analysis/analyse';
import type { Engine } from '../core/engines/engine';
import { solveTemperature } from '../core/entropy/temperature';
import { openEmbeddings } from '../core/formats/embeddings';
import type { AnalyseFileRequestBody } from '../core/protocol/analyseRequest';
import type { SensitivityPoint, SensitivityResult } from '../core/protocol/webviewProtocol';
import { analyseFile } from './analyseFile';
import { withFile } from './fileByteSource';

/** Rows each sensitivity run uses at most (a seeded sample), so a scan of ~30 runs stays interactive. */
export const SENSITIVITY_ROWS = 5000;

/** What to scan: ε as multiples of the analysed ε, anchor counts, and how many seeds each. */
export interface SensitivityScan {
  temperatureScales: number[];
  binCounts: number[];
  seeds: number;
}

/**
 * H and I as the temperature is scaled and as the number of anchors changes, each for several
 * seeds (seed, seed+1, …), on a seeded sample of the rows. Shuffles are off: the scan is about
 * the estimator's dependence on its settings, not about chance.
 */
export async function sensitivity(
  req: AnalyseFileRequestBody,
  scan: SensitivityScan,
  hooks: { onProgress?(p: Progress): void; signal?: AbortSignal; /** Overrides `req.engine`'s choice for every run. */ engine?: Engine } = {},
): Promise<SensitivityResult> {
  const dim = await withFile(req.file, async (src) => {
    const opened = await openEmbeddings(src, { tensor: req.tensor, column: req.column });
    opened.dispose?.();
    return opened.embeddings.dim;
  });
  // The temperature scan scales the ε the analysis itself uses (same mode, n and d).
  const baseEps = solveTemperature(req.settings.temperature, req.settings.bins, dim);
  const runs: { kind: SensitivityPoint['kind']; scale: number; bins: number; seed: number }[] = [];
  for (let k = 0; k < scan.seeds; k++) {
    const seed = req.settings.seed + k;
    for (const scale of scan.temperatureScales) runs.push({ kind: 'temperature', scale, bins: req.settings.bins, seed });
    for (const bins of scan.binCounts) runs.push({ kind: 'anchors', scale: 1, bins, seed });
  }
  const maxRows = Math.min(req.maxRows || SENSITIVITY_ROWS, SENSITIVITY_ROWS);
  const points: SensitivityPoint[] = [];
  let rows = 0;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    const temperature = run.kind === 'temperature' ? baseEps * run.scale : req.settings.temperature;
    const { result } = await analyseFile(
      { ...req, maxRows, settings: { ...req.settings, shuffles: 0, bins: run.bins, seed: run.seed, temperature } },
      {
        signal: hooks.signal,
        engine: hooks.engine,
        onProgress: (p) => hooks.onProgress?.({ rowsDone: r * p.rowsTotal + p.rowsDone, rowsTotal: runs.length * p.rowsTotal, layer: p.layer }),
      },
    );
    rows = result.rows;
    points.push({
      kind: run.kind,
      scale: run.scale,
      bins: run.bins,
      seed: run.seed,
      epsilon: result.temperature,
      entropy: result.entropy,
      mutualInformation: Object.fromEntries(Object.entries(result.labelSets).map(([k, v]) => [k, v.mutualInformation])),
    });
  }
  return { points, rows };
}
