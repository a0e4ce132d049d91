import type { Metadata } from 'h5wasm';
import type { EmbeddingSource } from '../analysis/embeddingSource';
import type { ByteSource } from './byteSource';
import { InputError } from './errors';
import { LabelSetBuilder, type LabelSet } from './labelSetBuilder';
import { h5call, h5callQuiet, pristine, startLibrary, type EmscriptenFs, type Library } from './hdf5Library';
import type { FormatInfo, OpenedEmbeddings, OpenOptions } from './opened';

export { setH5wasmLoader } from './hdf5Library';

/**
 * Largest HDF5 file opened (1 GiB). The HDF5 C library (h5wasm) reads synchronously from an
 * in-memory file system while our ByteSource reads asynchronously, so the whole file has to be in
 * memory, once; a .npy file of the same array streams in chunks instead.
 */
export const HDF5_MAX_BYTES = 1 << 30;
/** Raw bytes per call into HDF5 when reading rows: bounds the wasm heap, which never shrinks. */
const SLICE_BYTES = 16 << 20;
/** Filters h5wasm has built in: deflate (gzip), shuffle, fletcher32, n-bit, scale-offset. */
const BUILT_IN_FILTERS = new Set([1, 2, 3, 5, 6]);
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const H5T = { INTEGER: 0, FLOAT: 1, STRING: 3, ENUM: 8 };

/** Limits for {@link openHdf5}; tests lower them. */
export interface Hdf5Limits {
  /** Refuse files larger than this many bytes (default {@link HDF5_MAX_BYTES}). */
  maxBytes?: number;
}

/** Names the in-memory copies of opened files. */
let fileCounter = 0;
/** Releases what a caller forgot to dispose (see openHdf5). */
const unreleased = new FinalizationRegistry<() => void>((release) => release());

/** True if `head` holds the HDF5 signature at offset 0, 512, 1024, 2048, … (a user block moves it). */
export function isHdf5(head: Uint8Array): boolean {
  return head.length >= SIGNATURE.length && (SIGNATURE.every((b, i) => head[i] === b) || superblockAt(head) > 0);
}

/** A dataset as found in the file. */
interface Dataset {
  path: string;
  meta: Metadata;
  shape: number[];
  dtype: string;
}

/**
 * Opens an HDF5 file (`.h5`, `.hdf5`; h5py, Keras, MATLAB v7.3, …). The embeddings are the dataset
 * at `opts.tensor`, else the largest 2-D or 3-D floating-point dataset: (N, d) rows, or (L, N, d)
 * one matrix per layer. Every 1-D integer, boolean or string dataset of length N becomes a label set
 * named after its path (an empty string is no label). Attributes of the root and of the chosen
 * dataset go to `info.metadata`. The whole file is held in memory (see {@link HDF5_MAX_BYTES}); rows
 * are converted a slice at a time. Damaged files, filters h5wasm lacks (lzf, blosc, zstd) and paths
 * that do not exist are InputErrors. Call `dispose` to free the in-memory copy.
 */
export async function openHdf5(source: ByteSource, opts: OpenOptions = {}, limits: Hdf5Limits = {}): Promise<OpenedEmbeddings> {
  const file = source.name;
  const max = limits.maxBytes ?? HDF5_MAX_BYTES;
  if (source.size > max) {
    throw new InputError(file, `is ${mib(source.size)}; HDF5 files are read into memory and the limit is ${mib(max)} — save the embeddings as .npy instead (np.save("embeddings.npy", f["${opts.tensor ?? 'dataset'}"][...]))`);
  }
  if (source.size < SIGNATURE.length || !isHdf5(await source.read(0, Math.min(source.size, 2048 + SIGNATURE.length)))) {
    throw new InputError(file, 'is not an HDF5 file (no HDF5 signature at its start); was it truncated or renamed?');
  }
  const bytes = await readAll(source);
  checkGlobalHeaps(file, bytes);
  let lib: Library;
  try {
    lib = await startLibrary();
  } catch (e) {
    throw new InputError(file, `cannot be read: the HDF5 library (WebAssembly) did not start (${e instanceof Error ? e.message : String(e)}); save the embeddings as .npy instead`);
  }
  const { m } = lib;
  pristine(lib);
  const path = `/embedding-entropy/${++fileCounter}.h5`;
  (m.FS as unknown as EmscriptenFs).writeFile(path, bytes, { canOwn: true });
  lib.open++;
  const generation = lib.generation;
  let id = -1n;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    unreleased.unregister(release);
    if (lib.generation === generation) {
      if (id >= 0n) h5callQuiet(lib, () => m.close_file(id));
      lib.open--;
    }
    id = -1n;
    h5callQuiet(lib, () => (m.FS as unknown as EmscriptenFs).unlink(path));
  };
  try {
    id = h5call(lib, file, 'is not a valid HDF5 file', () => m.open(path, m.H5F_ACC_RDONLY, false, -1, -1));
    if (id < 0n) throw new InputError(file, 'is not a valid HDF5 file');
    const datasets = listDatasets(lib, file, id);
    const chosen = chooseDataset(file, datasets, opts.tensor);
    const { shape } = chosen;
    const [layers, rows, dim] = shape.length === 3 ? [shape[0]!, shape[1]!, shape[2]!] : [1, shape[0]!, shape[1]!];
    if (rows === 0 || layers === 0 || dim === 0) throw new InputError(file, `dataset ${chosen.path} has no ${rows === 0 ? 'rows' : layers === 0 ? 'layers' : 'values per row'} (shape ${shape.join('×')})`);
    checkFilters(lib, file, id, chosen.path);
    if (dim * chosen.meta.size > SLICE_BYTES) throw new InputError(file, `dataset ${chosen.path} has rows of ${mib(dim * chosen.meta.size)} each (d = ${dim}); that is too wide for embeddings — is it the right dataset?`);
    const labels = datasets.filter((d) => d !== chosen && d.shape.length === 1 && d.shape[0] === rows && isLabelType(d.meta));
    const labelSets = labels.map((d) => readLabels(lib, file, id, d));
    const fid = id;
    const embeddings: EmbeddingSource = {
      name: file,
      layers,
      rows,
      dim,
      readRows: async (layer, start, count) => {
        if (fid !== id) throw new Error(`${file} is closed`);
        if (lib.generation !== generation) throw new InputError(file, 'can no longer be read: the HDF5 library was restarted after it crashed on a damaged file; open this file again');
        return readRows(lib, file, fid, chosen, layer, start, count);
      },
    };
    // a file the caller forgets to dispose would keep the library from being reset: release it when collected
    unreleased.register(embeddings, release, release);
    const info: FormatInfo = {
      format: 'hdf5',
      tensor: chosen.path,
      dtype: chosen.dtype,
      available: datasets.map((d) => ({ name: d.path, shape: d.shape, dtype: d.dtype, role: d === chosen ? 'embeddings' : labels.includes(d) ? 'labels' : 'other' })),
      metadata: { ...attributes(lib, id, '/', ''), ...attributes(lib, id, chosen.path, `${chosen.path}@`) },
    };
    return { embeddings, labelSets, info, dispose: release };
  } catch (e) {
    release();
    if (e instanceof InputError) throw e;
    // a damaged file can still hand our JS code metadata of a shape it does not expect
    throw new InputError(file, `is damaged or uses an HDF5 feature this reader does not know (${e instanceof Error ? e.message : String(e)})`);
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 3 : 0)} MiB`;
}

/** The whole file, read in 16 MiB pieces into one buffer. */
async function readAll(source: ByteSource): Promise<Uint8Array> {
  const bytes = new Uint8Array(source.size);
  for (let at = 0; at < source.size; ) {
    const piece = await source.read(at, Math.min(SLICE_BYTES, source.size - at));
    if (piece.length === 0) throw new InputError(source.name, `ended early at byte ${at} of ${source.size} (was the file changed on disk?)`);
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes;
}

/**
 * HDF5 2.0 (inside h5wasm) loops forever reading a global heap collection ("GCOL", where h5py keeps
 * variable-length strings) whose free-space object has size 0, or whose object sizes wrap around in
 * wasm's 32-bit size_t: found by our fuzz test on a damaged string label dataset. Walks every
 * collection as H5HG__cache_heap_deserialize does and refuses the file where that walk would not advance.
 */
function checkGlobalHeaps(file: string, bytes: Uint8Array): void {
  const sb = superblockAt(bytes);
  const version = bytes[sb + 8] ?? 0;
  const lengthSize = (version < 2 ? bytes[sb + 14] : bytes[sb + 10]) || 8;
  const objectHeader = 8 + lengthSize;
  const low32 = (at: number) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
  for (let at = bytes.indexOf(0x47); at >= 0 && at + 16 <= bytes.length; at = bytes.indexOf(0x47, at + 1)) {
    if (bytes[at + 1] !== 0x43 || bytes[at + 2] !== 0x4f || bytes[at + 3] !== 0x4c || bytes[at + 4] !== 1) continue; // "GCOL" v1
    const size = low32(at + 8);
    const end = at + size;
    if (end > bytes.length) continue; // past the end of the file: HDF5 fails cleanly reading it
    for (let p = at + 8 + lengthSize; p < end && p + objectHeader <= end; ) {
      const index = bytes[p]! | (bytes[p + 1]! << 8);
      const objectSize = low32(p + 8);
      const need = index > 0 ? (objectHeader + Math.floor(((objectSize + 7) % 2 ** 32) / 8) * 8) % 2 ** 32 : objectSize;
      if (need === 0 || need >= 2 ** 31) {
        throw new InputError(file, `is damaged: the global heap at byte ${at} (where variable-length strings are kept) has an object of impossible size at byte ${p}`);
      }
      p += need;
    }
  }
}

/** Offset of the superblock: where the signature is (0, 512, 1024, …). */
function superblockAt(bytes: Uint8Array): number {
  for (let at = 0; at + SIGNATURE.length <= bytes.length; at = at ? at * 2 : 512) {
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return at;
  }
  return 0;
}

function listDatasets(lib: Library, file: string, id: bigint): Dataset[] {
  const { m } = lib;
  const names = h5call(lib, file, 'is damaged: its groups cannot be listed', () => m.get_names(id, '/', true));
  const out: Dataset[] = [];
  for (const name of names) {
    const path = `/${name}`;
    if (h5call(lib, file, `is damaged: object ${path} cannot be read`, () => m.get_type(id, path)) !== m.H5G_DATASET) continue;
    const meta = h5call(lib, file, `is damaged: dataset ${path} cannot be read`, () => m.get_dataset_metadata(id, path));
    out.push({ path, meta, shape: meta.shape ?? [], dtype: dtypeName(meta) });
  }
  return out;
}

function dtypeName(meta: Metadata): string {
  const { type, size, signed, littleEndian, vlen } = meta;
  if (type === H5T.FLOAT || type === H5T.INTEGER) {
    return `${size === 1 ? '|' : littleEndian ? '<' : '>'}${type === H5T.FLOAT ? 'f' : signed ? 'i' : 'u'}${size}`;
  }
  if (type === H5T.STRING) return vlen ? 'str' : `S${size}`;
  if (type === H5T.ENUM) return isBoolEnum(meta) ? 'bool' : 'enum';
  return ['time', 'bitfield', 'opaque', 'compound', 'reference', 'enum', 'vlen', 'array'][type - 2] ?? `class ${type}`;
}

/** h5py stores numpy bools as an int8 enum {FALSE: 0, TRUE: 1}. */
function isBoolEnum(meta: Metadata): boolean {
  const members = meta.enum_type?.members;
  return !!members && Object.keys(members).length === 2 && members.FALSE === 0 && members.TRUE === 1;
}

function isNumeric(meta: Metadata): boolean {
  return (meta.type === H5T.FLOAT && (meta.size === 2 || meta.size === 4 || meta.size === 8)) || (meta.type === H5T.INTEGER && [1, 2, 4, 8].includes(meta.size));
}

function isLabelType(meta: Metadata): boolean {
  return (meta.type === H5T.INTEGER && isNumeric(meta)) || meta.type === H5T.STRING || (meta.type === H5T.ENUM && [1, 2, 4, 8].includes(meta.size));
}

function listDatasetsText(datasets: Dataset[]): string {
  return datasets.length ? datasets.map((d) => `${d.path} (${d.shape.join('×') || 'scalar'} ${d.dtype})`).join(', ') : 'none';
}

function chooseDataset(file: string, datasets: Dataset[], wanted: string | undefined): Dataset {
  if (wanted !== undefined) {
    const path = `/${wanted.replace(/^\/+/, '')}`;
    const found = datasets.find((d) => d.path === path);
    if (!found) throw new InputError(file, `has no dataset "${wanted}"; its datasets are: ${listDatasetsText(datasets)}`);
    if (!isNumeric(found.meta) || (found.shape.length !== 2 && found.shape.length !== 3)) {
      throw new InputError(file, `dataset ${found.path} is ${found.shape.join('×') || 'scalar'} ${found.dtype}; embeddings must be a 2-D (N, d) or 3-D (L, N, d) array of numbers`);
    }
    return found;
  }
  const floats = datasets.filter((d) => d.meta.type === H5T.FLOAT && isNumeric(d.meta) && (d.shape.length === 2 || d.shape.length === 3));
  if (floats.length === 0) {
    throw new InputError(file, `has no floating-point dataset of shape (N, d) or (L, N, d) to use as embeddings; its datasets are: ${listDatasetsText(datasets)}`);
  }
  const size = (d: Dataset) => d.shape.reduce((a, b) => a * b, 1);
  return floats.reduce((best, d) => (size(d) > size(best) ? d : best));
}

function checkFilters(lib: Library, file: string, id: bigint, path: string): void {
  const filters = h5call(lib, file, `is damaged: the filters of ${path} cannot be read`, () => lib.m.get_dataset_filters(id, path));
  const missing = filters.find((f) => !BUILT_IN_FILTERS.has(f.id));
  if (missing) {
    throw new InputError(file, `dataset ${path} is compressed with the "${missing.name || 'unknown'}" filter (id ${missing.id}), which this reader cannot decode; rewrite it with gzip (h5py: compression="gzip") or save it as .npy`);
  }
}

/** Reads the hyperslab starting at `offset` with extent `count` as raw little-endian bytes. */
function readSlice(lib: Library, file: string, id: bigint, d: Dataset, offset: number[], count: number[]): Uint8Array {
  const { m } = lib;
  const nbytes = count.reduce((a, b) => a * b, d.meta.size);
  const ptr = m._malloc(Math.max(1, nbytes));
  if (!ptr) throw new InputError(file, `cannot be read: out of memory reading ${nbytes} bytes of ${d.path}`);
  try {
    const where = `${d.path}[${offset.map((o, i) => `${o}:${o + count[i]!}`).join(', ')}]`;
    const status = h5call(lib, file, `is damaged: ${where} cannot be read`, () =>
      m.get_dataset_data(id, d.path, count.map(BigInt), offset.map(BigInt), count.map(() => 1n), BigInt(ptr)));
    if (status < 0) throw new InputError(file, `is damaged: ${where} cannot be read`);
    return m.HEAPU8.slice(ptr, ptr + nbytes);
  } finally {
    m._free(ptr);
  }
}

/** Numbers of a raw slice (HDF5 hands them over little-endian whatever the file's order). */
function decodeNumbers(meta: Metadata, raw: Uint8Array): ArrayLike<number | bigint> {
  const { buffer } = raw;
  if (meta.type === H5T.FLOAT) return meta.size === 2 ? decodeHalf(raw) : meta.size === 4 ? new Float32Array(buffer) : new Float64Array(buffer);
  switch (meta.size) {
    case 1: return meta.signed ? new Int8Array(buffer) : raw;
    case 2: return meta.signed ? new Int16Array(buffer) : new Uint16Array(buffer);
    case 4: return meta.signed ? new Int32Array(buffer) : new Uint32Array(buffer);
    default: return meta.signed ? new BigInt64Array(buffer) : new BigUint64Array(buffer);
  }
}

/** IEEE binary16 → float64, exactly (subnormals, infinities and NaN included). */
function decodeHalf(raw: Uint8Array): Float64Array {
  const out = new Float64Array(raw.length >> 1);
  for (let i = 0; i < out.length; i++) {
    const h = raw[2 * i]! | (raw[2 * i + 1]! << 8);
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    const mag = exp === 0 ? frac * 2 ** -24 : exp === 31 ? (frac ? NaN : Infinity) : (1 + frac / 1024) * 2 ** (exp - 15);
    out[i] = h & 0x8000 ? -mag : mag;
  }
  return out;
}

function readRows(lib: Library, file: string, id: bigint, d: Dataset, layer: number, start: number, count: number): Float64Array {
  const three = d.shape.length === 3;
  const [layers, rows, dim] = three ? d.shape : [1, ...d.shape];
  if (!isIndex(layer, layers!) || !isIndex(start, rows! + 1) || !isIndex(count, rows! - start + 1)) {
    throw new RangeError(`readRows(${layer}, ${start}, ${count}) is outside shape (${d.shape.join(', ')}) of ${d.path}`);
  }
  const out = new Float64Array(count * dim!);
  const step = Math.max(1, Math.floor(SLICE_BYTES / (dim! * d.meta.size)));
  for (let at = 0; at < count; at += step) {
    const n = Math.min(step, count - at);
    const raw = readSlice(lib, file, id, d, three ? [layer, start + at, 0] : [start + at, 0], three ? [1, n, dim!] : [n, dim!]);
    const values = decodeNumbers(d.meta, raw);
    for (let i = 0; i < values.length; i++) out[at * dim! + i] = Number(values[i]);
  }
  return out;
}

function isIndex(v: number, limit: number): boolean {
  return Number.isSafeInteger(v) && v >= 0 && v < limit;
}

/** A 1-D integer, bool (h5py enum) or string dataset as a label set named after its path. */
function readLabels(lib: Library, file: string, id: bigint, d: Dataset): LabelSet {
  const set = new LabelSetBuilder(d.path.slice(1));
  const n = d.shape[0]!;
  const members = d.meta.enum_type ? new Map(Object.entries(d.meta.enum_type.members).map(([k, v]) => [String(v), k])) : undefined;
  const bool = isBoolEnum(d.meta);
  const step = Math.max(1, Math.floor(SLICE_BYTES / Math.max(d.meta.size, 16)));
  for (let at = 0; at < n; at += step) {
    const m = Math.min(step, n - at);
    if (d.meta.type === H5T.STRING) {
      // h5wasm's own slice decodes fixed and variable-length strings and frees the latter.
      const dataset = new lib.h5.Dataset(id, d.path);
      const strings = h5call(lib, file, `is damaged: ${d.path} cannot be read`, () => dataset.slice([[at, at + m]])) as string[];
      for (const s of strings) set.add(s);
      continue;
    }
    const meta = d.meta.type === H5T.ENUM ? { ...d.meta, type: H5T.INTEGER } : d.meta;
    for (const v of Array.from(decodeNumbers(meta, readSlice(lib, file, id, d, [at], [m])))) {
      const key = String(v);
      set.add(bool ? (key === '1' ? 'True' : 'False') : (members?.get(key) ?? key));
    }
  }
  return set.finish();
}

/** Attributes of one object as strings; values that cannot be shown (references, float16) are skipped. */
function attributes(lib: Library, id: bigint, path: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    const obj = path === '/' ? new lib.h5.Group(id, '/') : new lib.h5.Dataset(id, path);
    const attrs = h5call(lib, '', '', () => obj.attrs);
    for (const name of Object.keys(attrs)) {
      try {
        const value = h5call(lib, '', '', () => attrs[name]!.json_value);
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (text !== undefined) out[prefix + name] = text.length > 200 ? `${text.slice(0, 199)}…` : text;
      } catch {
        // an attribute h5wasm cannot convert is left out
      }
    }
  } catch {
    // attributes are extras: a file whose attributes cannot be listed still opens
  }
  return out;
}
