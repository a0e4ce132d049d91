import type { AnalysisResult } from '../report/result';
import type { FileOverview } from './workerProtocol';

/** Host → dashboard webview. */
export type DashboardInbound =
  /** The result to show (sent after `ready`, and after each re-run). */
  | { type: 'result'; result: AnalysisResult }
  /** An analysis for this dashboard is running (rows done so far). */
  | { type: 'busy'; rowsDone: number; rowsTotal: number }
  /** The last run failed; the previous result (if any) stays on screen. */
  | { type: 'failed'; message: string };

/** Dashboard webview → host. */
export type DashboardOutbound =
  /** The webview has loaded and can take state. */
  | { type: 'ready' }
  /** Run the analysis again with the current settings. */
  | { type: 'rerun' }
  /** Save the result into the workspace as JSON or CSV. */
  | { type: 'export'; format: 'json' | 'csv' };

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
