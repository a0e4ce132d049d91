import type { EmbeddingSource } from '../analysis/embeddingSource';
import type { ByteSource } from './byteSource';
import { DelimitedParser, type DelimitedOptions } from './delimited';
import { InputError } from './errors';
import { readTextChunks, textEncoding } from './textChunks';

/** Non-blank records between two entries of a {@link RecordIndex}: small enough that a re-read is cheap. */
export const INDEX_EVERY = 256;

/** Knobs of the text readers that tests turn to reach chunk and index boundaries with small files. */
export interface TextReadOptions {
  /** Bytes per read (default 1 MiB). */
  chunkSize?: number;
  /** Non-blank records per index entry (default {@link INDEX_EVERY}). */
  indexEvery?: number;
}

/** Called with each non-blank record, its line and its 0-based position among non-blank records. */
export type IndexedRecordHandler = (fields: string[], line: number, ordinal: number) => void;

/** True for a blank line (one field of nothing but whitespace): text readers skip these everywhere. */
export function isBlankRecord(fields: string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === '';
}

/**
 * Where every K-th non-blank record of a text file starts (byte offset and line number), so that
 * any range of records can be re-read by parsing from the nearest entry instead of from the top.
 * Costs two doubles per K records: the only thing besides labels that grows with the file.
 */
export class RecordIndex {
  // Plain arrays of doubles: 8 bytes an entry, grown by the engine.
  private readonly bytes: number[] = [];
  private readonly lines: number[] = [];
  /** Non-blank records seen. */
  records = 0;

  constructor(readonly every: number) {}

  /** Adds the entry for record `records` (called every `every` records, in order). */
  push(byte: number, line: number): void {
    this.bytes.push(byte);
    this.lines.push(line);
  }

  /** Byte range and first line to parse for records `[first, end)`: from entry ⌊first/K⌋ up to the next entry at or after `end`. */
  span(first: number, end: number, fileSize: number): { start: number; end: number; line: number; ordinal: number } {
    const j0 = Math.floor(first / this.every);
    const j1 = Math.ceil(end / this.every);
    return { start: this.bytes[j0]!, end: j1 < this.bytes.length ? this.bytes[j1]! : fileSize, line: this.lines[j0]!, ordinal: j0 * this.every };
  }
}

/**
 * Parses the whole of `source` once, in chunks, handing each non-blank record to `onRecord`, and
 * returns the index of record offsets. The parser reports where records start in code units of the
 * decoded text; this maps them to bytes by counting each chunk's UTF-8 (or UTF-16) length as it
 * goes, so nothing but the current chunk is kept.
 */
export async function scanRecords(source: ByteSource, delimited: DelimitedOptions, opts: TextReadOptions, onRecord: IndexedRecordHandler): Promise<RecordIndex> {
  const { encoding, bomBytes } = textEncoding(await source.read(0, 3));
  const utf16 = encoding !== 'utf-8';
  const index = new RecordIndex(Math.max(1, Math.floor(opts.indexEvery ?? INDEX_EVERY)));
  let chunk = '';
  let chunkBase = 0; // code-unit offset of chunk[0] in the whole text
  let curChar = 0; // a cursor (code unit ↔ byte) that only moves forward
  let curByte = bomBytes;
  // A record that began in an earlier chunk: its start was mapped while that chunk was at hand.
  let heldChar = -1;
  let heldByte = 0;
  const toByte = (c: number): number => {
    if (c < chunkBase) {
      if (c !== heldChar) throw new Error(`internal: start of record at ${c} was not kept`);
      return heldByte;
    }
    if (utf16) curByte += 2 * (c - curChar);
    else {
      for (let i = curChar - chunkBase, e = c - chunkBase; i < e; i++) {
        const u = chunk.charCodeAt(i);
        // Each half of a surrogate pair counts 2: together the 4 bytes of the code point.
        curByte += u < 0x80 ? 1 : u < 0x800 || (u >= 0xd800 && u < 0xe000) ? 2 : 3;
      }
    }
    curChar = c;
    return curByte;
  };
  const parser = new DelimitedParser(source.name, delimited, (fields, line, start) => {
    if (isBlankRecord(fields)) return;
    const ordinal = index.records++;
    if (ordinal % index.every === 0) index.push(toByte(start), line);
    onRecord(fields, line, ordinal);
  });
  for await (const text of readTextChunks(source, opts.chunkSize)) {
    chunk = text;
    parser.push(text);
    const pending = parser.pendingStart;
    if (pending >= chunkBase) {
      heldChar = pending;
      heldByte = toByte(pending);
    }
    toByte(chunkBase + text.length);
    chunkBase += text.length;
  }
  parser.end();
  return index;
}

/**
 * Re-parses non-blank records `[first, first + count)` with the help of `index`, reading only the
 * bytes between the index entries around them. A file that no longer has those records (changed on
 * disk since it was indexed) is an InputError.
 */
export async function readIndexedRecords(
  source: ByteSource,
  index: RecordIndex,
  delimited: DelimitedOptions,
  opts: TextReadOptions,
  first: number,
  count: number,
  onRecord: IndexedRecordHandler,
): Promise<void> {
  if (count <= 0) return;
  const end = first + count;
  const span = index.span(first, end, source.size);
  let ordinal = span.ordinal;
  const parser = new DelimitedParser(source.name, { ...delimited, firstLine: span.line }, (fields, line) => {
    if (ordinal >= end || isBlankRecord(fields)) return;
    if (ordinal >= first) onRecord(fields, line, ordinal);
    ordinal++;
  });
  for await (const text of readTextChunks(source, opts.chunkSize, span)) {
    parser.push(text);
    if (ordinal >= end) break;
  }
  if (ordinal < end) parser.end();
  if (ordinal < end) {
    throw new InputError(source.name, `changed on disk since it was opened: it now ends before the rows asked for; open it again`);
  }
}

/**
 * The rows of an indexed text file as an EmbeddingSource (one layer): `readRows` re-parses records
 * `[skip + start, …)` through {@link readIndexedRecords} and lets `parseInto` write each row's `dim`
 * values at `out[at…]`. `skip` is the number of records before the first row (a header).
 */
export function indexedRows(
  source: ByteSource,
  index: RecordIndex,
  delimited: DelimitedOptions,
  opts: TextReadOptions,
  shape: { rows: number; dim: number; skip?: number },
  parseInto: (fields: string[], line: number, out: Float64Array, at: number) => void,
): EmbeddingSource {
  const { rows, dim, skip = 0 } = shape;
  const readOpts = { chunkSize: opts.chunkSize, indexEvery: opts.indexEvery };
  return {
    name: source.name,
    layers: 1,
    rows,
    dim,
    async readRows(layer: number, start: number, count: number): Promise<Float64Array> {
      checkRowRange(layer, start, count, rows);
      const out = new Float64Array(count * dim);
      await readIndexedRecords(source, index, delimited, readOpts, start + skip, count, (fields, line, ordinal) => parseInto(fields, line, out, (ordinal - skip - start) * dim));
      return out;
    },
  };
}

/** Names that mark the field or column holding whole vectors, most likely first (CSV/TSV and JSONL alike). */
export const VECTOR_NAMES = ['embedding', 'vector', 'embeddings', 'emb'];

/** Throws a RangeError unless `readRows(layer, start, count)` fits one layer of `rows` rows (a caller bug, not bad input). */
export function checkRowRange(layer: number, start: number, count: number, rows: number): void {
  const ok = (v: number, limit: number): boolean => Number.isSafeInteger(v) && v >= 0 && v < limit;
  if (!ok(layer, 1) || !ok(start, rows + 1) || !ok(count, rows - start + 1)) {
    throw new RangeError(`readRows(${layer}, ${start}, ${count}) is outside 1 layer × ${rows} rows`);
  }
}

/** Text from a file as quoted in a message: at most 40 characters, line breaks shown as ⏎. */
export function clip(s: string): string {
  const t = s.replace(/\r?\n|\r/g, '⏎');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}
