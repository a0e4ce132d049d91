// What the dashboard reads from a result: the numbers of one layer. The per-anchor distributions
// (`anchorDistribution`, `valueDistributions`) are read as optional: results saved by earlier
// versions (restored webview state, old JSON in a report) do not have them.
import type { LabelSetResult, LayerResult } from '../../src/core/entropy/metrics';
import type { AnalysisResult } from '../../src/core/report/result';

/** A label set's numbers, with P(anchor | value) for sets with few values (when the engine stored them). */
export type LabelSetView = LabelSetResult;

/** One layer's numbers as the views use them: a LayerResult whose P over anchors may be missing (older results). */
export type LayerView = Omit<LayerResult, 'anchorDistribution' | 'labelSets'> & {
  anchorDistribution?: number[];
  labelSets: Record<string, LabelSetView>;
};

/** The layers a result describes, in order (one entry when the input has a single layer). */
export function layerNumbers(r: AnalysisResult): number[] {
  return r.layers?.length ? r.layers.map((l) => l.layer) : [r.layer];
}

/** The numbers of `layer` (the result's own layer when absent or unknown). */
export function layerView(r: AnalysisResult, layer?: number | null): LayerView {
  const l = layer == null || layer === r.layer ? undefined : r.layers?.find((x) => x.layer === layer);
  if (l) return l;
  return {
    layer: r.layer,
    rows: r.rows,
    validRows: r.validRows,
    skippedRows: r.skippedRows,
    entropy: r.entropy,
    entropyNormalized: r.entropyNormalized,
    anchorDistribution: r.anchorDistribution,
    labelSets: r.labelSets,
  };
}

/** The file name of a result's source path. */
export const baseName = (p: string): string => p.split(/[\\/]/).pop() || p;
