import type { SkippedRows } from '../entropy/accumulator';
import type { LabelSetResult, LayerResult } from '../entropy/metrics';
import type { AnalysisSettings } from '../entropy/settings';

/**
 * The JSON result of one analysis (`embedding-entropy analyse --json`), documented in the README.
 * Entropies are in nats. The top-level numbers are those of `layer` (the last layer unless one was
 * chosen); `layers` lists every layer when the input has more than one.
 */
export interface AnalysisResult {
  /** Result format version; bumped on breaking changes. */
  version: 1;
  source: string;
  labels: string | null;
  rows: number;
  validRows: number;
  dim: number;
  /** Number of anchors n. */
  anchors: number;
  seed: number;
  /** Resolved temperature ε. */
  temperature: number;
  settings: AnalysisSettings;
  anchorsHash: string;
  engine: string;
  kernelMode: string;
  seconds: number;
  skippedRows: SkippedRows;
  entropy: number | null;
  entropyNormalized: number | null;
  /** P over anchors for the top-level layer (the Anchors view). */
  anchorDistribution: number[];
  /** Layer the top-level numbers describe. */
  layer: number;
  labelSets: Record<string, LabelSetResult>;
  /** I(Y;Z)/I(X;Z) for the requested (input, output) pair, per the top-level layer. */
  optimality?: { input: string; output: string; value: number | null };
  /** Things the user should know about how the inputs were read (e.g. a sidecar that was skipped). */
  notices?: string[];
  layers?: (LayerResult & { optimality?: number | null })[];
}
