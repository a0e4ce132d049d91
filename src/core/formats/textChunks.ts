import type { ByteSource } from './byteSource';
import { InputError } from './errors';

/** Default bytes per read for text formats: large enough to be fast, small enough to stream. */
export const TEXT_CHUNK_BYTES = 1 << 20;

/**
 * Yields the text of a file piece by piece, reading `chunkSize` bytes at a time. The file is UTF-8
 * unless it starts with a UTF-16 byte-order mark (Excel's "Unicode Text" export); the mark itself is
 * dropped. A character split across two reads is kept whole (streaming decoder). Bytes that do not
 * decode are an InputError rather than silent U+FFFD replacements: a Latin-1 file would otherwise
 * yield labels that look right but never match.
 */
export async function* readTextChunks(source: ByteSource, chunkSize = TEXT_CHUNK_BYTES): AsyncGenerator<string> {
  const head = await source.read(0, 2);
  const encoding = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : 'utf-8';
  const decoder = makeDecoder(source.name, encoding);
  let offset = 0;
  while (offset < source.size) {
    const bytes = await source.read(offset, Math.min(chunkSize, source.size - offset));
    if (bytes.length === 0) break; // the file shrank while we read it; use what we have
    const text = decode(source.name, encoding, () => decoder.decode(bytes, { stream: true }));
    offset += bytes.length;
    if (text) yield text;
  }
  const tail = decode(source.name, encoding, () => decoder.decode());
  if (tail) yield tail;
}

// No return type: with lib ES2022 TextDecoder is a global value (from @types/node), not a global type.
function makeDecoder(file: string, encoding: string) {
  try {
    return new TextDecoder(encoding, { fatal: true });
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
