import type { EmbeddingSource } from '../analysis/embeddingSource';
import type { LabelSet } from './labels';

/** Choices a user can make about what to read from a container (`--tensor`, `--column`). */
export interface OpenOptions {
  /** Array / tensor / dataset path to use as embeddings (npz, safetensors, HDF5). */
  tensor?: string;
  /** Column or field holding the embeddings (CSV/TSV, JSONL, Parquet), or a comma-separated list of numeric feature columns. */
  column?: string;
}

/** What a reader found in a file, for the overview, the result and error messages. */
export interface FormatInfo {
  /** Short format name: "npy", "npz", "safetensors", "csv", "tsv", "jsonl", "parquet", "hdf5". */
  format: string;
  /** The array / column chosen as embeddings. */
  tensor?: string;
  /** Element type as the file stores it (e.g. "<f4", "BF16", "float"). */
  dtype?: string;
  /** Other arrays / columns present, with shapes or types, so users can pick another. */
  available?: { name: string; shape?: number[]; dtype?: string; role?: 'embeddings' | 'labels' | 'layer' | 'other' }[];
  /** Free-form metadata stored in the file (safetensors `__metadata__`, HDF5 attributes). */
  metadata?: Record<string, string>;
}

/** An opened embeddings file: the rows, any label sets stored alongside them, and what was found. */
export interface OpenedEmbeddings {
  embeddings: EmbeddingSource;
  /** Label sets stored in the same file (1-D arrays of length N, label columns, scalar fields). */
  labelSets: LabelSet[];
  info: FormatInfo;
  /** Releases what the reader holds beyond the ByteSource (which the caller closes). */
  dispose?(): void;
}
