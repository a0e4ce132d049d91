import type { AnalysisSettings } from '../entropy/settings';
import type { AnalysisResult } from '../report/result';
import type { GpuEnvelope, WebviewGpuInfo } from './gpuProtocol';
import type { FileOverview } from './workerProtocol';

/** One point of the Sensitivity view: H and I at one (temperature scale or anchor count, seed). */
export interface SensitivityPoint {
  /** Which scan the point belongs to. */
  kind: 'temperature' | 'anchors';
  /** ε as a multiple of the run's ε (temperature scan; 1 = as analysed). */
  scale: number;
  bins: number;
  seed: number;
  /** The ε actually used. */
  epsilon: number;
  entropy: number | null;
  /** I(Z;L) per label set. */
  mutualInformation: Record<string, number | null>;
}

/** The Sensitivity view's data: both scans, every seed. */
export interface SensitivityResult {
  points: SensitivityPoint[];
  /** Rows used per run (a seeded sample of the file when it is large). */
  rows: number;
}

/** The Projection view's data: a 2-D PCA of a seeded sample with the anchors projected alike. */
export interface ProjectionResult {
  layer: number;
  /** Label set names, in the order of each point's `labels`. */
  labelSets: string[];
  points: { x: number; y: number; labels: (string | null)[] }[];
  /** Anchor directions in the same 2-D basis (unit vectors projected). */
  anchors: { x: number; y: number }[];
  /** Share of the sample's variance along each of the two axes. */
  explained: [number, number];
  /** Rows in the sample, and in the file. */
  sampled: number;
  total: number;
}

/** Host → dashboard webview. */
export type DashboardInbound =
  /** The result to show (sent after `ready`, and after each re-run). */
  | { type: 'result'; result: AnalysisResult }
  /** A comparison: two files analysed with the same anchors and temperature. */
  | { type: 'compare'; a: AnalysisResult; b: AnalysisResult }
  /** An analysis or scan for this dashboard is running. */
  | { type: 'busy'; what: 'analysis' | 'sensitivity' | 'projection'; rowsDone: number; rowsTotal: number }
  /** The last request failed (or was cancelled); what was on screen stays. */
  | { type: 'failed'; what: 'analysis' | 'sensitivity' | 'projection'; message: string }
  /** Sensitivity scan results. */
  | { type: 'sensitivity'; result: SensitivityResult }
  /** Projection of a sample. */
  | { type: 'projection'; result: ProjectionResult }
  /** Show the Sensitivity view and start its scans (the Sweep Temperature and Anchors… command). */
  | { type: 'sweep' }
  /** The GPU channel: the extension asks this dashboard's WebGL2 to process rows (see GpuLink). */
  | { type: 'gpu'; envelope: GpuEnvelope };

/** Dashboard webview → host. */
export type DashboardOutbound =
  /** The webview has loaded and can take state; `gpu` is what its WebGL2 probe found (absent: not probed). */
  | { type: 'ready'; gpu?: WebviewGpuInfo }
  /** The GPU channel's answers. */
  | { type: 'gpu'; envelope: GpuEnvelope }
  /** Run the analysis again: with the current settings, or with these changes (the dashboard's controls). */
  | { type: 'rerun'; settings?: Partial<AnalysisSettings>; layer?: number | null }
  /** Save the result into the workspace as JSON or CSV. */
  | { type: 'export'; format: 'json' | 'csv' }
  /** Save a chart: PNG as a data: URL, SVG as markup. */
  | { type: 'saveChart'; name: string; format: 'png' | 'svg'; data: string }
  /** Run the sensitivity scans: ε × scales and anchor counts, each for `seeds` seeds. */
  | { type: 'sensitivity'; temperatureScales: number[]; binCounts: number[]; seeds: number }
  /** Compute the 2-D projection of a sample of `layer` (default: the result's layer). */
  | { type: 'projection'; layer?: number }
  /** Cancel what this dashboard is running. */
  | { type: 'cancel' };

/** Host → overview (custom editor) webview. */
export type OverviewInbound =
  /** The file's overview, or the reason it could not be read. */
  | { type: 'overview'; overview: FileOverview }
  | { type: 'error'; message: string };

/** Overview webview → host. */
export type OverviewOutbound =
  /** The webview has loaded. */
  | { type: 'ready' }
  /** The user pressed Analyse (optionally with options). */
  | { type: 'analyse'; withOptions: boolean };
