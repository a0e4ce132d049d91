import type { ByteSource } from './byteSource';
import { openDelimited } from './delimitedEmbeddings';
import { InputError, looksLikePickle, PICKLE_REFUSAL } from './errors';
import { isHdf5, openHdf5 } from './hdf5';
import { openJsonl } from './jsonl';
import { hasNpyMagic, openNpy } from './npy';
import { isZip, openNpz } from './npz';
import type { OpenedEmbeddings, OpenOptions } from './opened';
import { isParquet, openParquet } from './parquet';
import { looksLikeSafetensors, openSafetensors } from './safetensors';

/** Extensions the embeddings readers know, for messages and the extension's file filters. */
export const EMBEDDING_EXTENSIONS = ['.npy', '.npz', '.safetensors', '.h5', '.hdf5', '.parquet', '.csv', '.tsv', '.tab', '.txt', '.jsonl', '.ndjson'];

const extension = (name: string): string => /\.[^./\\]+$/.exec(name.toLowerCase())?.[0] ?? '';

/** Opens a `.npy` of shape (N, d) or (L, N, d). */
async function openNpyEmbeddings(source: ByteSource): Promise<OpenedEmbeddings> {
  const arr = await openNpy(source);
  if (arr.shape.length === 1) {
    throw new InputError(source.name, `is a 1-D array of ${arr.rows} values; embeddings need shape (N, d) or (L, N, d) — is this a label file?`);
  }
  return {
    embeddings: { name: source.name, layers: arr.layers, rows: arr.rows, dim: arr.dims, readRows: (l, s, c) => arr.readRows(l, s, c) },
    labelSets: [],
    info: { format: 'npy', dtype: arr.descr, available: [{ name: source.name, shape: [...arr.shape], dtype: arr.descr, role: 'embeddings' }] },
  };
}

/**
 * Opens embeddings from any supported container. Binary formats are recognised by their magic bytes
 * (so a misnamed file still opens and a wrong one gets a clear error), text formats by extension.
 */
export async function openEmbeddings(source: ByteSource, opts: OpenOptions = {}): Promise<OpenedEmbeddings> {
  if (source.size === 0) throw new InputError(source.name, 'is empty');
  const head = await source.read(0, 16);
  if (hasNpyMagic(head)) return openNpyEmbeddings(source);
  // zip before safetensors: a zip's first 8 bytes can never pass the safetensors sniffer, but be explicit.
  if (isZip(head)) return openNpz(source, opts);
  if (looksLikeSafetensors(head, source.size)) return openSafetensors(source, opts);
  if (isParquet(head)) return openParquet(source, opts);
  if (isHdf5(head)) return openHdf5(source, opts);
  if (looksLikePickle(head)) throw new InputError(source.name, PICKLE_REFUSAL);
  const ext = extension(source.name);
  // HDF5's signature may sit after a user block (at 512, 1024, … bytes): look further for .h5 files.
  if ((ext === '.h5' || ext === '.hdf5') && isHdf5(await source.read(0, Math.min(source.size, 1 << 16)))) return openHdf5(source, opts);
  switch (ext) {
    case '.csv':
      return openDelimited(source, { ...opts, separator: ',' });
    case '.tsv':
    case '.tab':
      return openDelimited(source, { ...opts, separator: '\t' });
    case '.txt':
      return openDelimited(source, opts);
    case '.jsonl':
    case '.ndjson':
      return openJsonl(source, opts);
  }
  throw new InputError(source.name, `is not a supported embeddings file (supported: ${EMBEDDING_EXTENSIONS.join(', ')})`);
}
