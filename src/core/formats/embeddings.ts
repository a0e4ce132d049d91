import type { EmbeddingSource } from '../analysis/embeddingSource';
import type { ByteSource } from './byteSource';
import { InputError } from './errors';
import { hasNpyMagic, openNpy } from './npy';

/** Extensions the embeddings readers know, for messages. */
export const EMBEDDING_EXTENSIONS = ['.npy'];

/**
 * Opens embeddings from any supported container as an {@link EmbeddingSource}. The format is chosen
 * by content (magic bytes), so a misnamed file still opens and a wrong one gets a clear error.
 */
export async function openEmbeddings(source: ByteSource): Promise<EmbeddingSource> {
  if (source.size === 0) throw new InputError(source.name, 'is empty');
  const head = await source.read(0, 16);
  if (hasNpyMagic(head)) {
    const arr = await openNpy(source);
    if (arr.shape.length === 1) {
      throw new InputError(source.name, `is a 1-D array of ${arr.rows} values; embeddings need shape (N, d) or (L, N, d) — is this a label file?`);
    }
    return { name: source.name, layers: arr.layers, rows: arr.rows, dim: arr.dims, readRows: (l, s, c) => arr.readRows(l, s, c) };
  }
  throw new InputError(source.name, `is not a supported embeddings file (supported: ${EMBEDDING_EXTENSIONS.join(', ')})`);
}
