// What the dashboard remembers across hiding and reloading (vscode.setState): the last result(s),
// scan results, and the UI selections. The host's serializer reads `file` and `result` from it.
import type { Similarity } from '../../src/core/entropy/settings';
import type { ProjectionResult, SensitivityResult } from '../../src/core/protocol/webviewProtocol';
import type { AnalysisResult } from '../../src/core/report/result';
import type { LabelMetric, SortDir } from './charts/labelsSpec';

export const TAB_IDS = ['summary', 'labels', 'anchors', 'layers', 'baseline', 'sensitivity', 'compare', 'projection'] as const;
export type TabId = (typeof TAB_IDS)[number];

export type TemperatureChoice = 'auto' | 'bounds' | 'leading-order' | 'number';

/** The analysis settings as typed into the controls (applied by Re-run). */
export interface ControlValues {
  bins: string;
  temperature: TemperatureChoice;
  epsilon: string;
  similarity: Similarity;
}

export interface UiState {
  tab: TabId;
  /** Label set shown by the label views. */
  labelSet?: string;
  /** Layer shown (null: the result's own layer). */
  layer?: number | null;
  labels: { query: string; sortKey: LabelMetric | 'value'; sortDir: SortDir; k: number };
  anchorsMode: 'auto' | 'bars' | 'heatmap';
  plane: { input?: string; output?: string };
  projectionLabelSet?: string;
  /** Sensitivity charts in nats or relative to the analysed setting. */
  sensitivityScale: 'absolute' | 'relative';
  controls?: ControlValues;
}

export interface DashboardState extends UiState {
  /** The analysed file (the host's serializer reopens the panel from it). */
  file: string;
  result?: AnalysisResult;
  compare?: { a: AnalysisResult; b: AnalysisResult };
  sensitivity?: SensitivityResult;
  projection?: ProjectionResult;
}

/** A fresh state; keeps whatever a saved state already has. */
export function initialState(saved?: Partial<DashboardState>): DashboardState {
  const s = saved ?? {};
  return {
    file: s.file ?? s.result?.source ?? '',
    result: s.result,
    compare: s.compare,
    sensitivity: s.sensitivity,
    projection: s.projection,
    tab: s.tab && (TAB_IDS as readonly string[]).includes(s.tab) ? s.tab : 'summary',
    labelSet: s.labelSet,
    layer: s.layer ?? null,
    labels: { query: '', sortKey: 'entropy', sortDir: 'asc', k: 25, ...s.labels },
    anchorsMode: s.anchorsMode ?? 'auto',
    plane: { ...s.plane },
    projectionLabelSet: s.projectionLabelSet,
    sensitivityScale: s.sensitivityScale ?? 'absolute',
    controls: s.controls,
  };
}

/** The settings of a result as control values. */
export function controlsOf(r: AnalysisResult): ControlValues {
  const t = r.settings.temperature;
  return {
    bins: String(r.settings.bins),
    temperature: typeof t === 'number' ? 'number' : t,
    epsilon: String(typeof t === 'number' ? t : Number(r.temperature.toPrecision(4))),
    similarity: r.settings.similarity,
  };
}
