import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type ColumnMetaData, type Compressors, type FileMetaData } from 'hyparquet';
// hyparquet's page-level pieces (exported through its "./src/*.js" subpath) for checkChunk
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getSchemaPath } from 'hyparquet/src/schema.js';
import { readVarInt } from 'hyparquet/src/thrift.js';
import { compressors as decompressors } from 'hyparquet-compressors';
import type { EmbeddingSource } from '../analysis/embeddingSource';
import type { ByteSource } from './byteSource';
import { InputError } from './errors';
import { LabelSetBuilder, type LabelSet } from './labelSetBuilder';
import type { FormatInfo, OpenedEmbeddings, OpenOptions } from './opened';
import { chooseFeatures, describe, listColumns, type Column, type Features } from './parquetSchema';

/** Decoded row groups kept; two let a chunk that straddles a boundary re-read neither side. */
const CACHED_GROUPS = 2;
/** No page may claim more than this uncompressed, whatever the footer says (a damaged size must not allocate gigabytes). */
const MAX_PAGE_BYTES = 1 << 30;
/** Most values one page may hold: writers stay far below (pages are about 1 MiB), and hyparquet allocates a JS array this long. */
const MAX_PAGE_VALUES = 1 << 24;
/** Key-value metadata longer than this (pandas and Arrow schemas) is left out of info.metadata. */
const MAX_METADATA_VALUE = 200;

/** True if `head` starts with the Parquet magic `PAR1` (and `tail`, when given, ends with it). */
export function isParquet(head: Uint8Array, tail?: Uint8Array): boolean {
  return hasMagic(head, 0) && (tail === undefined || hasMagic(tail, tail.length - 4));
}

function hasMagic(b: Uint8Array, at: number, magic = 'PAR1'): boolean {
  return at >= 0 && b.length >= at + 4 && [...magic].every((c, i) => b[at + i] === c.charCodeAt(0));
}

/**
 * Opens a Parquet file written by pandas/pyarrow, polars, DuckDB or Spark. The embeddings are one
 * column holding a list of float/double per row (Arrow `list<float>` or `fixed_size_list<float>[d]`,
 * DuckDB `FLOAT[]` or `FLOAT[d]`): `opts.column` if given, else the first of `embedding`,
 * `embeddings`, `vector`, else the first list-of-numbers column; a file without one whose float
 * columns are one per dimension (`pd.DataFrame(X).to_parquet()`) is read as a wide table. Every other
 * top-level string, integer or boolean column becomes a label set (null = no label; pandas' stored
 * index is not one). Rows are decoded one row group at a time when read, so memory holds at most
 * {@link CACHED_GROUPS} row groups of vectors; the label columns are read whole here. Vectors of
 * different lengths, nulls, damaged data and unsupported codecs are InputErrors naming the row or row
 * group. Does not own the ByteSource: the caller closes it.
 */
export async function openParquet(source: ByteSource, opts: OpenOptions = {}): Promise<OpenedEmbeddings> {
  const file = source.name;
  if (source.size < 12) throw new InputError(file, `is not a Parquet file: it has only ${source.size} bytes`);
  const [head, tail] = await Promise.all([source.read(0, 4), source.read(source.size - 4, 4)]);
  if (hasMagic(tail, 0, 'PARE')) throw new InputError(file, 'is an encrypted Parquet file; write it again without encryption');
  if (!isParquet(head, tail)) throw new InputError(file, 'is not a Parquet file (it does not start and end with "PAR1"); was it truncated or renamed?');
  try {
    return await openChecked(source, opts);
  } catch (e) {
    // the checks below name what they find; this net catches what a damaged footer can still
    // do to code that trusts its field types (a struct where a number belongs, …)
    if (e instanceof InputError) throw e;
    throw new InputError(file, `is damaged or uses a Parquet feature this reader does not know (${e instanceof Error ? e.message : String(e)})`);
  }
}

async function openChecked(source: ByteSource, opts: OpenOptions): Promise<OpenedEmbeddings> {
  const file = source.name;
  const buffer = asyncBuffer(source);
  // geoparquet: false skips markGeoColumns, which loops forever on a negative num_children
  const metadata = await guard(file, 'is not a valid Parquet file: its footer cannot be read', () => parquetMetadataAsync(buffer, { geoparquet: false }));
  if (!metadata.schema.every((e, i) => (i === 0 || e.name !== undefined) && (e.num_children === undefined || isCount(e.num_children)))) {
    throw new InputError(file, 'is not a valid Parquet file: its schema is damaged');
  }
  const columns = await guard(file, 'is not a valid Parquet file: its schema cannot be read', async () => parquetSchema(metadata).children.map(describe));
  const features = chooseFeatures(file, columns, opts.column);
  const groups = rowGroups(file, metadata);
  const rows = groups.at(-1)!.end;
  if (rows === 0) throw new InputError(file, `has no rows (columns: ${listColumns(columns)})`);
  const reader = new GroupReader(file, buffer, metadata, features, groups);
  const dim = await reader.findDim();
  await reader.checkCounts(dim);

  const labelColumns = columns.filter((c) => c.role === 'labels');
  const labelSets = await readLabels(file, buffer, metadata, groups, labelColumns);
  const embeddings: EmbeddingSource = { name: file, layers: 1, rows, dim, readRows: (layer, start, count) => reader.readRows(layer, start, count, dim) };
  const info: FormatInfo = {
    format: 'parquet',
    tensor: features.name,
    dtype: features.type,
    available: columns.map((c) => ({ name: c.name, dtype: c.type, role: features.columns.includes(c) ? 'embeddings' : c.role === 'embeddings' ? 'other' : c.role })),
    metadata: fileMetadata(metadata),
  };
  return { embeddings, labelSets, info, dispose: () => reader.clear() };
}

/** Our ByteSource as hyparquet's AsyncBuffer; ranges outside the file mean a damaged footer. */
function asyncBuffer(source: ByteSource): AsyncBuffer {
  const read = async (start: number, end: number): Promise<ArrayBuffer> => {
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end <= source.size)) {
      throw new InputError(source.name, `is damaged: its footer points at bytes ${start}..${end}, outside the file (${source.size} bytes)`);
    }
    const b = await source.read(start, end - start);
    if (b.length < end - start) throw new InputError(source.name, `ended early: ${end - start} bytes were expected at offset ${start} but only ${b.length} were read (was the file changed on disk?)`);
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? b.buffer : b.slice().buffer;
  };
  return {
    byteLength: source.size,
    slice(start: number, end = source.size): Promise<ArrayBuffer> {
      // hyparquet prefetches ranges it may never await once another read fails; marking each promise
      // handled keeps that rejection from surfacing as an unhandled one (which ends a Node process).
      const p = read(start, end);
      p.catch(() => undefined);
      return p;
    },
  };
}

/** Runs hyparquet; whatever it throws on bad input becomes an InputError that says `what`. */
async function guard<T>(file: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `${what} (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** A row group's place among the rows. */
interface Group {
  index: number;
  start: number;
  end: number;
}

function rowGroups(file: string, metadata: FileMetaData): Group[] {
  const groups: Group[] = [];
  let at = 0;
  if (!Array.isArray(metadata.row_groups) || !isCount(Number(metadata.num_rows))) throw new InputError(file, 'is damaged: its footer has no row count');
  metadata.row_groups.forEach((g, index) => {
    const complete = Array.isArray(g.columns) && g.columns.every(({ meta_data: m }) =>
      m && Array.isArray(m.path_in_schema) && m.path_in_schema.every((p) => typeof p === 'string') &&
      [m.num_values, m.total_compressed_size, m.total_uncompressed_size, m.data_page_offset, m.dictionary_page_offset ?? 0].every((v) => isCount(Number(v))));
    if (!complete) throw new InputError(file, `is damaged: the footer's description of row group ${index} is incomplete`);
    const n = Number(g.num_rows);
    if (!isCount(n)) throw new InputError(file, `is damaged: row group ${index} claims ${String(g.num_rows)} rows`);
    if (n > 0) groups.push({ index, start: at, end: at + n });
    at += n;
  });
  if (at !== Number(metadata.num_rows)) throw new InputError(file, `is damaged: its footer says ${metadata.num_rows} rows but its row groups hold ${at}`);
  return groups.length ? groups : [{ index: -1, start: 0, end: 0 }];
}

/** Decompressors that refuse a page bigger than any column chunk says it holds. */
function boundedDecompressors(metadata: FileMetaData): Compressors {
  let limit = 0;
  for (const g of metadata.row_groups) for (const c of g.columns) limit = Math.max(limit, Number(c.meta_data?.total_uncompressed_size ?? 0));
  limit = Math.min(limit, MAX_PAGE_BYTES);
  const bounded: Compressors = {};
  for (const [codec, decompress] of Object.entries(decompressors) as [keyof Compressors, NonNullable<Compressors[keyof Compressors]>][]) {
    bounded[codec] = (input, length) => {
      if (!(Number.isSafeInteger(length) && length >= 0 && length <= limit)) throw new Error(`a page claims ${length} bytes uncompressed, more than any column chunk holds (${limit})`);
      return decompress(input, length);
    };
  }
  return bounded;
}

/**
 * Reads one top-level column of one row group: fetches its column chunk, checks its pages
 * ({@link checkChunk}) and lets hyparquet decode those same bytes. Returns one value per row.
 */
async function readGroupColumn(buffer: AsyncBuffer, metadata: FileMetaData, group: Group, column: string, compressors: Compressors): Promise<unknown[]> {
  const chunks = metadata.row_groups[group.index]!.columns.filter((c) => c.meta_data?.path_in_schema[0] === column);
  if (chunks.length !== 1 || chunks[0]!.file_path) throw new Error(`column ${column} has ${chunks.length} column chunks in this row group`);
  const meta = chunks[0]!.meta_data!;
  // the byte range hyparquet's plan fetches for one column chunk (plan.js)
  const from = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const to = Number((meta.dictionary_page_offset || meta.data_page_offset) + meta.total_compressed_size);
  const bytes = await buffer.slice(from, to);
  checkChunk(new Uint8Array(bytes), meta, metadata, compressors);
  const served: AsyncBuffer = { byteLength: buffer.byteLength, slice: (s, e) => (s === from && e === to ? bytes : buffer.slice(s, e)) };
  const parts: { at: number; data: ArrayLike<unknown> }[] = [];
  // onChunk must not throw: hyparquet calls it from a promise callback where a throw would go unhandled.
  await parquetRead({ file: served, metadata, columns: [column], rowStart: group.start, rowEnd: group.end, compressors, onChunk: (c) => void parts.push({ at: c.rowStart, data: c.columnData }) });
  const values = new Array<unknown>(group.end - group.start);
  let filled = 0;
  for (const { at, data } of parts) {
    for (let i = 0; i < data.length; i++) {
      const row = at + i - group.start;
      if (row >= 0 && row < values.length) {
        values[row] = data[i];
        filled++;
      }
    }
  }
  if (filled !== values.length) throw new Error(`column ${column} holds ${filled} of the row group's ${values.length} rows`);
  return values;
}

/**
 * Walks the pages of one column chunk the way hyparquet 1.33 will, and rejects what it cannot
 * survive: it repeats a run-length run `count` times into a plain JS array without checking the
 * array's end, so a damaged count (up to 2^31) ends the whole process with V8's fatal "invalid size"
 * error, which no catch stops; a zero-width bit-packed run spins as long. Also caps values per page.
 */
function checkChunk(bytes: Uint8Array, meta: ColumnMetaData, metadata: FileMetaData, compressors: Compressors): void {
  const path = getSchemaPath(metadata.schema, meta.path_in_schema);
  const maxRep = getMaxRepetitionLevel(path);
  const maxDef = getMaxDefinitionLevel(path);
  const boolean = path.at(-1)!.element.type === 'BOOLEAN';
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  while (reader.offset < bytes.length - 1) {
    const header = parquetHeader(reader);
    const size = header.compressed_page_size;
    if (!(size >= 0 && reader.offset + size <= bytes.length)) throw new Error(`a page of ${size} bytes runs past the end of its column chunk`);
    const raw = bytes.subarray(reader.offset, reader.offset + size);
    reader.offset += size;
    const v1 = header.data_page_header;
    const v2 = header.data_page_header_v2;
    // a missing count makes hyparquet allocate `new Array(undefined)`, one slot, and overrun it
    const n = header.type === 'DATA_PAGE' ? v1?.num_values : header.type === 'DATA_PAGE_V2' ? v2?.num_values : header.type === 'DICTIONARY_PAGE' ? header.dictionary_page_header?.num_values : 0;
    if (!isCount(n) || n > MAX_PAGE_VALUES) throw new Error(`a ${header.type} page claims ${n} values`);
    if (v2 && !(isCount(v2.num_nulls) && isCount(v2.repetition_levels_byte_length) && isCount(v2.definition_levels_byte_length))) throw new Error('a page header is incomplete');
    if (header.type === 'DATA_PAGE' && v1) {
      const page = view(decompressPage(raw, header.uncompressed_page_size, meta.codec, compressors));
      let at = 0;
      if (maxRep) at = scanRle(page, at, true, bitWidth(maxRep), n, -1).end;
      let values = n;
      if (maxDef) ({ end: at, hits: values } = scanRle(page, at, true, bitWidth(maxDef), n, maxDef));
      checkValues(page, at, v1.encoding, false, boolean, values);
    } else if (header.type === 'DATA_PAGE_V2' && v2) {
      const page = view(raw);
      if (maxRep) scanRle(page, 0, false, bitWidth(maxRep), n, -1);
      if (maxDef) scanRle(page, v2.repetition_levels_byte_length, false, bitWidth(maxDef), n, -1);
      const levels = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
      const rest = header.uncompressed_page_size - levels;
      let data = raw.subarray(levels);
      if (v2.is_compressed !== false && rest) data = decompressPage(data, rest, meta.codec, compressors);
      checkValues(view(data), 0, v2.encoding, true, boolean, n - v2.num_nulls);
    }
  }
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function bitWidth(max: number): number {
  return 32 - Math.clz32(max);
}

/**
 * The run-length encoded values section of a data page, as datapage.js reads it: RLE is width-1
 * booleans after a length (version 1: for boolean columns only), dictionary indices follow a width
 * byte (version 1 skips them when the width is 0).
 */
function checkValues(page: DataView, at: number, encoding: string, v2: boolean, boolean: boolean, n: number): void {
  if (encoding === 'RLE' && (v2 || boolean)) scanRle(page, at, true, 1, n, -1);
  else if ((encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY' || encoding === 'RLE') && at < page.byteLength) {
    const width = page.getUint8(at);
    if (width || v2) scanRle(page, at + 1, false, width, n, -1);
  }
}

/**
 * Reads a run-length / bit-packed hybrid stream of `n` values as encoding.js does (from `at`, after
 * a 4-byte length when `prefixed`), counting values equal to `target`. Throws where a run would go
 * past `n` values; stops quietly where the bytes end, since hyparquet then fails safely on its own.
 */
function scanRle(page: DataView, at: number, prefixed: boolean, width: number, n: number, target: number): { end: number; hits: number } {
  let end = Infinity;
  if (prefixed) {
    if (at + 4 > page.byteLength) return { end: at + 4, hits: 0 };
    end = at + 4 + page.getUint32(at, true);
    at += 4;
  }
  const reader = { view: page, offset: at };
  let seen = 0;
  let hits = 0;
  while (seen < n && reader.offset < page.byteLength) {
    const header = readVarInt(reader);
    if (header < 0) throw new Error('a run-length header overflows');
    if (header & 1) {
      const count = (header >> 1) * 8;
      // writers pad bit-packed runs freely (DuckDB: 256 values); only width 0 reads no bytes per value and spins
      if (width === 0 && count - (n - seen) > 7) throw new Error(`a bit-packed run of ${count} zero-width values where ${n - seen} remain`);
      if (target < 0) seen = Math.min(n, seen + count);
      else for (let i = 0; i < count && seen < n; i++, seen++) if (bitsAt(page, reader.offset, i * width, width) === target) hits++;
      reader.offset += count === 0 || width === 0 ? 1 : (count / 8) * width;
    } else {
      const count = header >>> 1;
      if (count > n - seen) throw new Error(`a run of ${count} values where ${n - seen} remain`);
      let value = 0;
      for (let i = 0; i < (width + 7) >> 3 && reader.offset < page.byteLength; i++) value |= page.getUint8(reader.offset++) << (i << 3);
      if (value === target) hits += count;
      seen += count;
    }
  }
  return { end: Math.min(end, Number.MAX_SAFE_INTEGER), hits };
}

/** The `width`-bit value starting `bit` bits after byte `at`, least significant bit first (0 past the end). */
function bitsAt(page: DataView, at: number, bit: number, width: number): number {
  let value = 0;
  for (let k = 0; k < width; k++) {
    const byte = at + ((bit + k) >> 3);
    if (byte < page.byteLength && (page.getUint8(byte) >> ((bit + k) & 7)) & 1) value |= 1 << k;
  }
  return value;
}

/** Decodes the embedding column(s) one row group at a time and keeps the last few. */
class GroupReader {
  private readonly cache = new Map<number, Promise<Float32Array | Float64Array>>();
  private readonly compressors: Compressors;
  /** The list column, or the wide table's columns (one per dimension). */
  private readonly names: string[];
  private readonly wide: boolean;
  private readonly single: boolean;

  constructor(
    private readonly file: string,
    private readonly buffer: AsyncBuffer,
    private readonly metadata: FileMetaData,
    features: Features,
    private readonly groups: Group[],
  ) {
    this.names = features.columns.map((c) => c.name);
    this.wide = features.wide;
    // float (and float16) values stay float32 while cached: half the memory, widened exactly when read.
    this.single = !features.columns.some((c: Column) => c.type === 'list<double>' || c.type === 'double');
    this.compressors = boundedDecompressors(metadata);
  }

  /** The list column's name (only for a list column). */
  private get column(): string {
    return this.names[0]!;
  }

  /** Vector length: the wide table's column count, or from the first row (whose row group is decoded and kept). */
  async findDim(): Promise<number> {
    if (this.wide) return this.names.length;
    const g = this.groups[0]!;
    const { data, dim } = await this.decode(g, undefined);
    if (dim === 0) throw new InputError(this.file, `column "${this.column}" holds an empty list in row 0; each row needs its embedding vector`);
    this.cache.set(g.index, Promise.resolve(data));
    return dim;
  }

  /**
   * Compares each row group's value count in the footer with rows × dim and decodes (and so checks)
   * the groups that differ, so ragged vectors and nulls are reported on open, not halfway through a run.
   */
  async checkCounts(dim: number): Promise<void> {
    for (const g of this.groups) {
      const chunks = this.metadata.row_groups[g.index]!.columns;
      const meta = (name: string): ColumnMetaData | undefined => chunks.find((c) => c.meta_data?.path_in_schema[0] === name)?.meta_data;
      // A wide table's columns hold one value per row; nulls show in their statistics where the writer kept them.
      const suspect = this.wide
        ? this.names.some((n) => Number(meta(n)?.num_values) !== g.end - g.start || Number(meta(n)?.statistics?.null_count ?? 0) > 0)
        : Number(meta(this.column)?.num_values) !== (g.end - g.start) * dim;
      if (suspect) await this.group(g, dim);
    }
  }

  async readRows(layer: number, start: number, count: number, dim: number): Promise<Float64Array> {
    const rows = this.groups.at(-1)!.end;
    if (layer !== 0 || !isIndex(start, rows + 1) || !isIndex(count, rows - start + 1)) {
      throw new RangeError(`readRows(${layer}, ${start}, ${count}) is outside 1 layer × ${rows} rows`);
    }
    const out = new Float64Array(count * dim);
    let k = this.groupAt(start);
    for (let row = start; row < start + count; k++) {
      const g = this.groups[k]!;
      const data = await this.group(g, dim);
      const upto = Math.min(g.end, start + count);
      out.set(data.subarray((row - g.start) * dim, (upto - g.start) * dim), (row - start) * dim);
      row = upto;
    }
    return out;
  }

  clear(): void {
    this.cache.clear();
  }

  private groupAt(row: number): number {
    let lo = 0;
    let hi = this.groups.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.groups[mid]!.start <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Group `g` decoded, from the cache when there; overlapping reads of one group share one decode. */
  private group(g: Group, dim: number): Promise<Float32Array | Float64Array> {
    let data = this.cache.get(g.index);
    this.cache.delete(g.index); // (re-)insert last: Map order is our LRU order
    if (!data) {
      data = this.decode(g, dim).then((r) => r.data);
      data.catch(() => this.cache.get(g.index) === data && this.cache.delete(g.index));
    }
    this.cache.set(g.index, data);
    while (this.cache.size > CACHED_GROUPS) this.cache.delete(this.cache.keys().next().value!);
    return data;
  }

  /** Decodes group `g` into rows × dim values (dim undefined: taken from its first row). */
  private async decode(g: Group, dim: number | undefined): Promise<{ data: Float32Array | Float64Array; dim: number }> {
    return this.wide ? this.decodeWide(g) : this.decodeList(g, dim);
  }

  /** A wide table's group: column j's values are dimension j of each row. */
  private async decodeWide(g: Group): Promise<{ data: Float32Array | Float64Array; dim: number }> {
    const d = this.names.length;
    const n = g.end - g.start;
    const data = this.single ? new Float32Array(n * d) : new Float64Array(n * d);
    for (const [j, name] of this.names.entries()) {
      const values = await guard(this.file, `is damaged: row group ${g.index} (rows ${g.start}..${g.end - 1}) of column "${name}" cannot be decoded`, async () =>
        readGroupColumn(this.buffer, this.metadata, g, name, this.compressors));
      for (let i = 0; i < n; i++) {
        const x = values[i];
        if (typeof x !== 'number') throw new InputError(this.file, `row ${g.start + i} has no value (null) in column "${name}"; embeddings cannot have missing values — drop or fill those rows`);
        data[i * d + j] = x;
      }
    }
    return { data, dim: d };
  }

  private async decodeList(g: Group, dim: number | undefined): Promise<{ data: Float32Array | Float64Array; dim: number }> {
    const where = `row group ${g.index} (rows ${g.start}..${g.end - 1})`;
    const values = await guard(this.file, `is damaged: ${where} of column "${this.column}" cannot be decoded`, async () =>
      readGroupColumn(this.buffer, this.metadata, g, this.column, this.compressors));
    const firstRow = values[0];
    const d = dim ?? (Array.isArray(firstRow) ? firstRow.length : 0);
    const data = this.single ? new Float32Array(values.length * d) : new Float64Array(values.length * d);
    values.forEach((v, i) => {
      const row = g.start + i;
      if (v === null || v === undefined) throw new InputError(this.file, `row ${row} has no vector (null) in column "${this.column}"; every row needs its embedding — drop or fill those rows`);
      if (!Array.isArray(v)) throw new InputError(this.file, `row ${row} of column "${this.column}" is not a list of numbers`);
      if (v.length !== d) throw new InputError(this.file, `row ${row} has ${v.length} values in column "${this.column}" but row ${dim === undefined ? g.start : 0} has ${d}; every embedding must have the same length`);
      for (let j = 0; j < d; j++) {
        const x = v[j];
        if (typeof x !== 'number') throw new InputError(this.file, `row ${row} has a null value at position ${j} of column "${this.column}"; embeddings cannot have missing values`);
        data[i * d + j] = x;
      }
    });
    return { data, dim: d };
  }
}

function isIndex(v: number, limit: number): boolean {
  return Number.isSafeInteger(v) && v >= 0 && v < limit;
}

/** Reads every label column, one row group at a time, into label sets. */
async function readLabels(file: string, buffer: AsyncBuffer, metadata: FileMetaData, groups: Group[], columns: Column[]): Promise<LabelSet[]> {
  if (columns.length === 0) return [];
  const builders = columns.map((c) => new LabelSetBuilder(c.name));
  const names = columns.map((c) => c.name);
  const compressors = boundedDecompressors(metadata);
  for (const g of groups) {
    for (const [k, name] of names.entries()) {
      const data = await guard(file, `is damaged: column "${name}" of row group ${g.index} cannot be decoded`, () => readGroupColumn(buffer, metadata, g, name, compressors));
      // booleans as the .npy label reader writes them, so a bool column means the same in every format
      for (const v of data) builders[k]!.add(v === null || v === undefined ? undefined : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));
    }
  }
  return builders.map((b) => b.finish());
}

/** The writer and the short key-value pairs of the footer. */
function fileMetadata(metadata: FileMetaData): Record<string, string> {
  const out: Record<string, string> = {};
  if (metadata.created_by) out.created_by = metadata.created_by;
  for (const { key, value } of metadata.key_value_metadata ?? []) {
    if (value !== undefined && value.length <= MAX_METADATA_VALUE) out[key] = value;
  }
  return out;
}
