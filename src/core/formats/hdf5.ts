import type { Metadata } from 'h5wasm';
import type { EmbeddingSource } from '../analysis/embeddingSource';
import type { ByteSource } from './byteSource';
import { InputError } from './errors';
import { LabelSetBuilder, type LabelSet } from './labelSetBuilder';
import type { FormatInfo, OpenedEmbeddings, OpenOptions } from './opened';

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

/** True if `head` holds the HDF5 signature at offset 0, 512, 1024, 2048, … (a user block moves it). */
export function isHdf5(head: Uint8Array): boolean {
  return head.length >= SIGNATURE.length && (SIGNATURE.every((b, i) => head[i] === b) || superblockAt(head) > 0);
}

type H5 = typeof import('h5wasm');
type H5Module = Awaited<H5['ready']>;
interface Library {
  h5: H5;
  m: H5Module;
  /** HDF5's error report of the current call (its stderr), empty when the call went well. */
  errors: number[];
  /** Saves and restores the wasm stack pointer, when the instance exports could be captured. */
  stack?: { save(): number; restore(sp: number): void };
  /** Linear memory and stack pointer as they were right after start-up (see {@link pristine}). */
  snapshot?: { memory: Uint8Array; size: number; sp: number };
  /** Files open now; the library is only reset while none is, unless it crashed. */
  open: number;
  /** Whether HDF5 has run since the last reset. */
  dirty: boolean;
  /** Counts forced resets: files opened before one are gone. */
  generation: number;
}

let library: Promise<Library> | undefined;

/** Where h5wasm comes from: the package itself, unless {@link setH5wasmLoader} names a bundle. */
let loadH5wasm: () => Promise<H5> = () => import('h5wasm');

/**
 * Loads h5wasm from elsewhere (the CLI and the worker use dist/h5wasm.js, a bundle of its own, so
 * the 4 MB of HDF5 in WebAssembly is read only when an HDF5 file is opened). Call before the first.
 */
export function setH5wasmLoader(load: () => Promise<H5>): void {
  loadH5wasm = load;
}
let fileCounter = 0;
const unreleased = new FinalizationRegistry<() => void>((release) => release());

/**
 * Starts h5wasm once per process (its ESM build embeds the wasm and uses no Node API, so this runs
 * in Node, a worker or a browser alike). Three repairs make it fit a long-lived worker that meets
 * damaged files, each found by the fuzz test:
 * - h5wasm's C++ wrappers throw JS errors through wasm frames, which leaves the wasm stack pointer
 *   lowered (Emscripten does not unwind it); some thousands of errors later the stack overruns the
 *   heap and the module corrupts itself. We catch the instance's exports while it is instantiated
 *   and restore the stack pointer after every call.
 * - HDF5 reports errors on stderr (console.error) and the wrappers ignore most status codes. We point
 *   the module's stderr at a buffer: a call that wrote to it failed, and the text says why.
 * - A damaged file can leave HDF5's global state inconsistent: see {@link pristine}.
 */
async function loadLibrary(): Promise<Library> {
  // (lib ES2022 declares no WebAssembly value; every platform we run on has one)
  const wasm = (globalThis as unknown as { WebAssembly: { instantiate: (...args: unknown[]) => Promise<unknown> } }).WebAssembly;
  const instantiate = wasm.instantiate;
  let exports: Record<string, unknown> | undefined;
  wasm.instantiate = async function (this: unknown, ...args: unknown[]) {
    const result = (await instantiate.apply(this, args)) as { instance?: { exports: Record<string, unknown> }; exports?: Record<string, unknown> };
    const found = result.instance?.exports ?? result.exports;
    if (found && 'H5Fopen' in found && 'emscripten_stack_get_current' in found) exports = found;
    return result;
  };
  let h5: H5;
  let m: H5Module;
  try {
    h5 = await loadH5wasm();
    m = await h5.ready;
  } finally {
    wasm.instantiate = instantiate;
  }
  const lib: Library = { h5, m, errors: [], open: 0, dirty: false, generation: 0 };
  const save = exports?.emscripten_stack_get_current;
  const restore = exports?._emscripten_stack_restore;
  if (typeof save === 'function' && typeof restore === 'function') {
    lib.stack = { save: save as () => number, restore: restore as (sp: number) => void };
    const memory = m.HEAPU8;
    let end = memory.length;
    while (end > 0 && memory[end - 1] === 0) end--;
    lib.snapshot = { memory: memory.slice(0, end), size: memory.length, sp: lib.stack.save() };
  }
  const fs = m.FS as unknown as EmscriptenFs;
  fs.createDevice('/dev', 'h5errors', null, (c: number) => void lib.errors.push(c));
  fs.close(fs.streams[2]);
  fs.open('/dev/h5errors', 'w'); // takes the lowest free descriptor: 2
  fs.mkdir('/embedding-entropy');
  return lib;
}

/**
 * Puts the C library back as it was after start-up, when no file is open: HDF5 keeps global state
 * (caches, free lists, open objects) in wasm memory, and a damaged file can leave it inconsistent
 * (after a few hundred damaged files, valid ones failed or hung). All of that state is in linear
 * memory plus the stack pointer; the JS side only keeps file descriptors, which are closed here.
 * Costs one copy of the start-up memory (~20 MB, a few ms) per file opened.
 */
function pristine(lib: Library, force = false): void {
  if ((lib.open > 0 && !force) || !lib.dirty || !lib.snapshot || !lib.stack) return;
  const heap = lib.m.HEAPU8;
  heap.set(lib.snapshot.memory, 0);
  // zero what was zero at start-up; memory grown since is beyond sbrk again, and malloc clears what it hands out
  heap.fill(0, lib.snapshot.memory.length, lib.snapshot.size);
  lib.stack.restore(lib.snapshot.sp);
  const fs = lib.m.FS as unknown as EmscriptenFs;
  fs.streams.forEach((stream, fd) => {
    if (stream && fd > 2) fs.close(stream);
  });
  lib.dirty = false;
  if (lib.open > 0) {
    lib.open = 0;
    lib.generation++;
  }
}

/** The part of Emscripten's FS object used here. */
interface EmscriptenFs {
  streams: (unknown | null | undefined)[];
  createDevice(parent: string, name: string, input: null, output: (c: number) => void): void;
  open(path: string, flags: string): unknown;
  close(stream: unknown): void;
  mkdir(path: string): void;
  writeFile(path: string, data: Uint8Array, opts: { canOwn: boolean }): void;
  unlink(path: string): void;
}

/**
 * Runs one call into HDF5 for file `file`. Anything it throws (wrapper errors, wasm traps on damaged
 * data) or reports on stderr becomes an InputError starting with `what`.
 */
function h5call<T>(lib: Library, file: string, what: string, run: () => T): T {
  lib.dirty = true;
  const sp = lib.stack?.save();
  lib.errors.length = 0;
  let result: T;
  try {
    result = run();
  } catch (e) {
    if (e instanceof InputError) throw e;
    const message = hdf5Message(lib) || (e instanceof Error ? e.message : String(e));
    if (sp !== undefined) lib.stack!.restore(sp);
    // a wasm trap (out-of-bounds access, unreachable) leaves HDF5's state undefined: start over,
    // closing every open file, rather than compute with a library that may now be corrupt
    if (e instanceof Error && e.name === 'RuntimeError') pristine(lib, true);
    throw new InputError(file, `${what}: ${message}`);
  } finally {
    if (sp !== undefined) lib.stack!.restore(sp);
  }
  if (lib.errors.length) throw new InputError(file, `${what}: ${hdf5Message(lib)}`);
  return result;
}

/** The last two messages of HDF5's error stack ("unable to read superblock: file signature not found"). */
function hdf5Message(lib: Library): string {
  const text = new TextDecoder().decode(Uint8Array.from(lib.errors));
  const lines = [...text.matchAll(/#\d+: .* in [\w.]+\(\): (.*)$/gm)].map((m) => m[1]!.trim());
  return lines.slice(-2).join(': ') || text.trim().split('\n').at(-1) || '';
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
    lib = await (library ??= loadLibrary());
  } catch (e) {
    library = undefined;
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

/** Runs a clean-up call; its failure changes nothing for the user. */
function h5callQuiet(lib: Library, run: () => unknown): void {
  try {
    h5call(lib, '', '', run);
  } catch {
    // already closed or never opened
  }
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
