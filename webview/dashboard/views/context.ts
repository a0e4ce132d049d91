// What every view gets to render itself.
import type { DashboardOutbound } from '../../../src/core/protocol/webviewProtocol';
import type { AnalysisResult } from '../../../src/core/report/result';
import type { ChartSet } from '../chart';
import type { LayerView } from '../model';
import type { DashboardState, UiState } from '../state';

export type BusyWhat = 'analysis' | 'sensitivity' | 'projection';

export interface ViewContext {
  state: Readonly<DashboardState>;
  result: AnalysisResult;
  /** The numbers of the layer being shown. */
  layer: LayerView;
  /** The label set being shown (undefined: the result has none). */
  labelSet: string | undefined;
  /** Standalone report: no host, so no re-runs or scans. */
  report: boolean;
  charts: ChartSet;
  /** Width available to charts that need a number (faceted charts). */
  width: number;
  busy: Partial<Record<BusyWhat, { done: number; total: number }>>;
  /** Remembers UI selections without re-rendering. */
  save(patch: Partial<UiState>): void;
  /** Remembers UI selections and re-renders the view. */
  update(patch: Partial<UiState>): void;
  post(m: DashboardOutbound): void;
}
