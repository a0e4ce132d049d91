import type { ByteSource } from './byteSource';
import { InputError } from './errors';

/** Default bytes per read for text formats: large enough to be fast, small enough to stream. */
export const TEXT_CHUNK_BYTES = 1 << 20;

/** How a text file is encoded, judged by its first bytes. */
export interface TextEncoding {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** Bytes of the byte-order mark the decoder drops (0, 2 or 3), so text offsets can be mapped to bytes. */
  bomBytes: number;
}

/** The encoding {@link readTextChunks} uses for a file starting with `head` (its first 3 bytes or more). */
export function textEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  return { encoding: 'utf-8', bomBytes: head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0 };
}

/** A byte range `[start, end)` of a file to decode on its own; `start` must fall on a character boundary. */
export interface TextByteRange {
  start: number;
  end: number;
}

/**
 * Yields the text of a file piece by piece, reading `chunkSize` bytes at a time. The file is UTF-8
 * unless it starts with a UTF-16 byte-order mark (Excel's "Unicode Text" export); the mark itself is
 * dropped. A character split across two reads is kept whole (streaming decoder). Bytes that do not
 * decode are an InputError rather than silent U+FFFD replacements: a Latin-1 file would otherwise
 * yield labels that look right but never match.
 *
 * With `range`, only those bytes are decoded (in the encoding of the whole file), so a reader that
 * indexed record offsets can re-read a few records without starting from the top.
 */
export async function* readTextChunks(source: ByteSource, chunkSize = TEXT_CHUNK_BYTES, range?: TextByteRange): AsyncGenerator<string> {
  const { encoding } = textEncoding(await source.read(0, 3));
  const start = range?.start ?? 0;
  const end = Math.min(range?.end ?? source.size, source.size);
  // Mid-file, a leading U+FEFF is text (a zero-width space), not a byte-order mark to drop.
  const decoder = makeDecoder(source.name, encoding, start > 0);
  let offset = start;
  while (offset < end) {
    const bytes = await source.read(offset, Math.min(chunkSize, end - offset));
    if (bytes.length === 0) break; // the file shrank while we read it; use what we have
    const text = decode(source.name, encoding, () => decoder.decode(bytes, { stream: true }));
    offset += bytes.length;
    if (text) yield text;
  }
  const tail = decode(source.name, encoding, () => decoder.decode());
  if (tail) yield tail;
}

// No return type: with lib ES2022 TextDecoder is a global value (from @types/node), not a global type.
function makeDecoder(file: string, encoding: string, ignoreBOM: boolean) {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM });
  } catch {
    throw new InputError(file, `is ${encoding} text, which this platform cannot decode; save it as UTF-8`);
  }
}

function decode(file: string, encoding: string, fn: () => string): string {
  try {
    return fn();
  } catch {
    const what = encoding === 'utf-8' ? 'is not UTF-8 text (Latin-1 or Windows-1252, perhaps?)' : `is not valid ${encoding} text`;
    throw new InputError(file, `${what}; save it with UTF-8 encoding`);
  }
}
