import type { AnalysisSettings } from '../entropy/settings';
import type { EngineChoice } from '../engines/engineChoice';
import type { WebviewGpuInfo } from './gpuProtocol';

/** An analysis of a file on disk as it crosses postMessage (plain JSON, no typed arrays). */
export interface AnalyseFileRequestBody {
  /** Embeddings file. */
  file: string;
  /** Label file; undefined = use a sidecar if there is one; null = no label file. */
  labels?: string | null;
  /** Array / column to use in a container with several. */
  tensor?: string;
  column?: string;
  settings: AnalysisSettings;
  /** Anchors (n × d `.npy`) instead of `settings.placement`. */
  anchorsFile?: string;
  layer?: number;
  /** Only rows [start, end): one shard. */
  rows?: { start: number; end: number };
  optimality?: [string, string];
  engine?: EngineChoice;
  chunkRows?: number;
  /** Analyse a seeded sample of at most this many rows (0 or undefined = all). */
  maxRows?: number;
  /**
   * Set by the extension when an open dashboard's WebGL2 can run the GPU engine (what its probe
   * found); the worker then sends `gpu` / `auto` chunks there. Not part of the cache key.
   */
  webviewGpu?: WebviewGpuInfo;
}
