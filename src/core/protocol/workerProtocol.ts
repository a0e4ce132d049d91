import type { Progress } from '../analysis/analyse';
import type { FormatInfo } from '../formats/opened';
import type { AnalysisResult } from '../report/result';
import type { ProjectionResult, SensitivityResult } from './webviewProtocol';
import type { AnalyseFileRequestBody } from './analyseRequest';

/** What a file holds, shown by the custom editor before any analysis (cheap: headers only). */
export interface FileOverview {
  file: string;
  /** Bytes on disk. */
  size: number;
  layers: number;
  rows: number;
  dim: number;
  info: FormatInfo;
  /** Label sets found in the file or its sidecar, with how many distinct values each has. */
  labelSets: { name: string; values: number; missing: number; source: string }[];
  /** The sidecar label file that would be used, if any. */
  sidecar: string | null;
}

/** Host → worker requests (one union, a `type` each). */
export type WorkerRequest =
  /** Run one analysis of a file on disk; answered with `analysed`, notified with `progress`. */
  | { type: 'analyse'; request: AnalyseFileRequestBody }
  /** Read a file's headers and labels for the overview; answered with `inspected`. */
  | { type: 'inspect'; file: string; tensor?: string; column?: string }
  /** H and I across temperatures and anchor counts; answered with `sensitivity`, notified with `progress`. */
  | { type: 'sensitivity'; request: AnalyseFileRequestBody; temperatureScales: number[]; binCounts: number[]; seeds: number }
  /** 2-D PCA of a sample of one layer; answered with `projection`. */
  | { type: 'project'; request: AnalyseFileRequestBody; layer?: number };

/** Worker → host answers. */
export type WorkerResponse =
  /** The finished analysis. */
  | { type: 'analysed'; result: AnalysisResult }
  /** The overview of a file. */
  | { type: 'inspected'; overview: FileOverview }
  /** Sensitivity scans. */
  | { type: 'sensitivity'; result: SensitivityResult }
  /** A projection. */
  | { type: 'projection'; result: ProjectionResult };

/** Worker → host notifications during a request. */
export type WorkerNotification =
  /** Rows processed so far (about once a second, and at the end). */
  | ({ type: 'progress' } & Progress)
  /** A line for the extension's log (e.g. which engine `auto` chose and why). */
  | { type: 'log'; message: string };
