/**
 * Embeddings as the engine reads them: `layers` × `rows` × `dim`, fetched in row chunks so memory
 * does not grow with the file. Format readers (src/core/formats) adapt to this.
 */
export interface EmbeddingSource {
  /** Name shown in messages (the file as the user named it). */
  readonly name: string;
  readonly layers: number;
  readonly rows: number;
  readonly dim: number;
  /** Rows [start, start+count) of `layer` as row-major float64 (count × dim values). */
  readRows(layer: number, start: number, count: number): Promise<Float64Array>;
}

/** Thrown when the caller cancelled a long run; not an error to report. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}
