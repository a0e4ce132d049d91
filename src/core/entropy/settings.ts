import type { TemperatureMode } from './temperature';

/** How row i is compared with anchor j (METHOD.md §1.3). */
export type Similarity = 'cosine' | 'dot' | 'euclidean';
/** How similarities become a distribution over anchors (METHOD.md §1.4). */
export type Smoothing = 'softmax' | 'sparsemax' | 'hard';
/** How H(Z|L=l) are averaged into H(Z|L) (METHOD.md §2). */
export type Weighting = 'weighted' | 'uniform';
/** Where the anchors come from (METHOD.md §1.2). */
export type AnchorPlacement = 'normal' | 'standard_normal' | 'uniform' | 'data' | 'kmeans';

/** Every setting that changes a number. Two states merge only when these (and the anchors) agree. */
export interface AnalysisSettings {
  bins: number;
  seed: number;
  placement: AnchorPlacement | 'file';
  temperature: TemperatureMode;
  similarity: Similarity;
  smoothing: Smoothing;
  weighting: Weighting;
  shuffles: number;
  minCount: number;
}

/** METHOD.md's defaults. */
export const DEFAULT_SETTINGS: Readonly<AnalysisSettings> = Object.freeze({
  bins: 100,
  seed: 0,
  placement: 'normal',
  temperature: 'auto',
  similarity: 'cosine',
  smoothing: 'softmax',
  weighting: 'weighted',
  shuffles: 5,
  minCount: 5,
});

/** Settings that shape the per-row assignments (the rest only change how sums are read). */
export interface KernelSettings {
  similarity: Similarity;
  smoothing: Smoothing;
  /** The resolved temperature ε (> 0). */
  epsilon: number;
}
