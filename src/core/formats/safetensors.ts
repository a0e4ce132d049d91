import type { EmbeddingSource } from '../analysis/embeddingSource';
import type { ByteSource } from './byteSource';
import { InputError } from './errors';
import { LabelSetBuilder, type LabelSet } from './labelSetBuilder';
import { decodeNumbers, type NpyDtype } from './npy';
import type { FormatInfo, OpenedEmbeddings, OpenOptions } from './opened';

/** The header size the official implementation accepts at most (`MAX_HEADER_SIZE` in safetensors). */
export const MAX_SAFETENSORS_HEADER = 100_000_000;

/** How a supported dtype decodes: through the `.npy` decoder, or as bfloat16. */
interface Dtype {
  readonly size: number;
  readonly kind: 'float' | 'int' | 'uint' | 'bool';
  /** The equivalent `.npy` dtype (little-endian, as safetensors always is); absent for BF16. */
  readonly npy?: NpyDtype;
}

const npyDtype = (descr: string, kind: Dtype['kind'], size: number): Dtype => ({
  size,
  kind,
  npy: { descr, kind, itemSize: size, littleEndian: true, chars: 0 },
});

const DTYPES: Record<string, Dtype> = {
  F64: npyDtype('<f8', 'float', 8),
  F32: npyDtype('<f4', 'float', 4),
  F16: npyDtype('<f2', 'float', 2),
  BF16: { size: 2, kind: 'float' },
  I8: npyDtype('|i1', 'int', 1),
  I16: npyDtype('<i2', 'int', 2),
  I32: npyDtype('<i4', 'int', 4),
  I64: npyDtype('<i8', 'int', 8),
  U8: npyDtype('|u1', 'uint', 1),
  U16: npyDtype('<u2', 'uint', 2),
  U32: npyDtype('<u4', 'uint', 4),
  U64: npyDtype('<u8', 'uint', 8),
  BOOL: npyDtype('|b1', 'bool', 1),
};
/** Dtypes the format defines that we do not decode, with their element size where it is whole bytes. */
const OTHER_SIZES: Record<string, number> = { F8_E4M3: 1, F8_E5M2: 1, F8_E8M0: 1, C64: 8 };

/** One tensor as the header describes it; offsets are absolute positions in the file. */
interface Tensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

const RESAVE = 're-save it with safetensors (save_file)';
const LABEL_CHUNK = 1 << 20;

/**
 * Cheap sniff for the dispatcher: an 8-byte little-endian header length that fits the file and the
 * official limit, followed by `{`. Needs the first 9 bytes.
 */
export function looksLikeSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 9 || head[8] !== 0x7b) return false;
  const n = Number(new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true));
  return n >= 2 && n <= MAX_SAFETENSORS_HEADER && n <= size - 8;
}

/**
 * Opens a `.safetensors` file: validates the header (length ≤ 100 MB and ≤ the file, UTF-8 JSON,
 * every tensor's dtype, shape and offsets, no overlaps, nothing past the end) and picks the
 * embeddings: `opts.tensor`, else the largest 2-D or 3-D float tensor (F64, F32, F16, BF16); a 3-D
 * tensor is (L, N, d) layers. 1-D integer or bool tensors of length N become label sets. Rows are
 * read by offset, only those asked for. `__metadata__` is returned as `info.metadata`.
 *
 * Unlike the official loader we accept gaps between tensors and trailing bytes (they do no harm when
 * reading by offset); overlaps and out-of-range offsets are errors.
 */
export async function openSafetensors(source: ByteSource, opts: OpenOptions = {}): Promise<OpenedEmbeddings> {
  const file = source.name;
  const { tensors, metadata } = await readHeader(source);
  const chosen = opts.tensor !== undefined ? byName(file, tensors, opts.tensor) : pickDefault(file, tensors);
  const dt = DTYPES[chosen.dtype];
  if (!dt) throw unsupported(file, chosen);
  const s = chosen.shape;
  if (s.length !== 2 && s.length !== 3) {
    const why = s.length === 1 ? ' — is this a label tensor?' : '';
    throw new InputError(file, `tensor '${chosen.name}' has shape ${shapeText(s)}; embeddings need (N, d) or (L, N, d)${why} — pass another tensor with --tensor`);
  }
  const [L, N, d] = s.length === 3 ? (s as [number, number, number]) : [1, s[0]!, s[1]!];
  if (L === 0 || N === 0 || d === 0) {
    const what = N === 0 ? 'no rows' : d === 0 ? 'rows with no values' : 'no layers';
    throw new InputError(file, `tensor '${chosen.name}' has ${what} (shape ${shapeText(s)}); there is nothing to analyse`);
  }

  const readRows = async (layer: number, start: number, count: number): Promise<Float64Array> => {
    const ok = (v: number, lim: number): boolean => Number.isSafeInteger(v) && v >= 0 && v < lim;
    if (!ok(layer, L) || !ok(start, N + 1) || !ok(count, N - start + 1)) {
      throw new RangeError(`readRows(${layer}, ${start}, ${count}) is outside shape ${shapeText(s)}`);
    }
    const out = new Float64Array(count * d);
    if (count === 0) return out;
    const bytes = await readExact(source, chosen.begin + (layer * N + start) * d * dt.size, count * d * dt.size);
    decode(dt, bytes, count * d, out, 0);
    return out;
  };
  const embeddings: EmbeddingSource = { name: file, layers: L, rows: N, dim: d, readRows };

  const labelSets: LabelSet[] = [];
  const labelled = new Set<Tensor>();
  for (const t of tensors) {
    const ldt = DTYPES[t.dtype];
    if (t === chosen || !ldt || ldt.kind === 'float' || t.shape.length !== 1 || t.shape[0] !== N) continue;
    labelSets.push(await readLabels(source, t, ldt));
    labelled.add(t);
  }

  const info: FormatInfo = {
    format: 'safetensors',
    tensor: chosen.name,
    dtype: chosen.dtype,
    available: tensors.map((t) => ({ name: t.name, shape: [...t.shape], dtype: t.dtype, role: t === chosen ? 'embeddings' : labelled.has(t) ? 'labels' : 'other' })),
  };
  if (metadata) info.metadata = metadata;
  return { embeddings, labelSets, info };
}

/** Reads and validates the header; tensors come back in header order. */
async function readHeader(source: ByteSource): Promise<{ tensors: Tensor[]; metadata?: Record<string, string> }> {
  const file = source.name;
  if (source.size < 8) throw new InputError(file, `is only ${source.size} bytes long; a .safetensors file starts with an 8-byte header length — the file is cut short or not safetensors`);
  const pre = await readExact(source, 0, 8);
  const n = new DataView(pre.buffer, pre.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_SAFETENSORS_HEADER)) {
    throw new InputError(file, `claims a ${n}-byte header, over the 100 MB safetensors limit — the file is corrupt or not a .safetensors file; ${RESAVE}`);
  }
  const headerLen = Number(n);
  const dataStart = 8 + headerLen;
  if (dataStart > source.size) {
    throw new InputError(file, `claims a ${headerLen}-byte header but only ${source.size - 8} bytes follow the length — the file was cut short (an interrupted download?); ${RESAVE}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readExact(source, 8, headerLen));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `has a header that is not valid UTF-8 — the file is corrupt; ${RESAVE}`);
  }
  if (!text.startsWith('{')) throw new InputError(file, `has a header that does not start with '{' — the file is corrupt or not a .safetensors file; ${RESAVE}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `has a header that is not valid JSON (${e instanceof Error ? e.message : String(e)}) — the file is corrupt; ${RESAVE}`);
  }
  if (!isRecord(json)) throw new InputError(file, `has a header that is not a JSON object — ${RESAVE}`);

  let metadata: Record<string, string> | undefined;
  const tensors: Tensor[] = [];
  const dataSize = source.size - dataStart;
  for (const [name, raw] of Object.entries(json)) {
    if (name === '__metadata__') {
      if (!isRecord(raw)) throw new InputError(file, `has a '__metadata__' entry that is not an object of strings — ${RESAVE}`);
      // fromEntries defines own properties, so even a key named __proto__ survives as data.
      metadata = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
      continue;
    }
    tensors.push(parseTensor(file, name, raw, dataStart, dataSize));
  }
  // Offsets must not overlap: sort by position and compare neighbours.
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (b.begin < a.end) {
      throw new InputError(file, `has overlapping tensors: '${a.name}' and '${b.name}' share bytes ${b.begin - dataStart}–${Math.min(a.end, b.end) - dataStart} of the data — the header is corrupt; ${RESAVE}`);
    }
  }
  return metadata ? { tensors, metadata } : { tensors };
}

/** Validates one header entry against its dtype and the data size. */
function parseTensor(file: string, name: string, raw: unknown, dataStart: number, dataSize: number): Tensor {
  const bad = (what: string): InputError => new InputError(file, `has a header entry for tensor '${name}' whose ${what} — the header is corrupt; ${RESAVE}`);
  if (!isRecord(raw)) throw bad('value is not an object with dtype, shape and data_offsets');
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string') throw bad("'dtype' is not a string");
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad("'shape' is not a list of non-negative integers");
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isWhole)) throw bad("'data_offsets' is not a pair of non-negative integers");
  const [b, e] = offsets as [number, number];
  if (e < b) throw bad(`'data_offsets' [${b}, ${e}] end before they begin`);
  if (e > dataSize) {
    throw new InputError(file, `has tensor '${name}' at data bytes [${b}, ${e}) but the data holds only ${dataSize} bytes — the file was cut short or the header is corrupt; ${RESAVE}`);
  }
  const size = DTYPES[dtype]?.size ?? OTHER_SIZES[dtype];
  if (size !== undefined) {
    let count = 1;
    for (const k of shape as number[]) count *= k;
    if (!Number.isSafeInteger(count * size) || count * size !== e - b) {
      const need = Number.isSafeInteger(count * size) ? `${count * size} bytes` : 'more bytes than any file holds';
      throw new InputError(file, `has tensor '${name}' of shape ${shapeText(shape as number[])} ${dtype}, which needs ${need}, but its data_offsets [${b}, ${e}) span ${e - b} — the header is corrupt; ${RESAVE}`);
    }
  }
  return { name, dtype, shape: shape as number[], begin: dataStart + b, end: dataStart + e };
}

function byName(file: string, tensors: Tensor[], name: string): Tensor {
  const t = tensors.find((x) => x.name === name);
  if (t) return t;
  throw new InputError(file, `has no tensor named '${name}'; its tensors are ${listing(tensors)} — pass one of these names with --tensor`);
}

/** The largest 2-D or 3-D float tensor we can decode, or an InputError saying why there is none. */
function pickDefault(file: string, tensors: Tensor[]): Tensor {
  const matrixLike = tensors.filter((t) => t.shape.length === 2 || t.shape.length === 3);
  const floats = matrixLike.filter((t) => DTYPES[t.dtype]?.kind === 'float');
  const elements = (t: Tensor): number => t.shape.reduce((a, b) => a * b, 1);
  if (floats.length > 0) return floats.reduce((best, t) => (elements(t) > elements(best) ? t : best));
  const exotic = matrixLike.find((t) => !DTYPES[t.dtype]);
  if (exotic) throw unsupported(file, exotic);
  const what = tensors.length === 0 ? 'no tensors at all' : `no 2-D or 3-D float tensor; its tensors are ${listing(tensors)}`;
  throw new InputError(file, `has ${what} — pass a tensor with --tensor, or save the embeddings as a float tensor of shape (N, d)`);
}

function unsupported(file: string, t: Tensor): InputError {
  const bits = /^F([468])(_|$)/.exec(t.dtype)?.[1];
  const why = bits ? `${bits === '8' ? 'an' : 'a'} ${bits}-bit float format` : t.dtype === 'C64' ? 'complex numbers' : 'a dtype Embedding Entropy does not read';
  return new InputError(file, `tensor '${t.name}' has dtype ${t.dtype} (${why}); supported are F64, F32, F16, BF16 and integer types — convert before saving, e.g. tensor.to(torch.float32)`);
}

/** A 1-D integer or bool tensor as a label set, read in pieces of about 1 MiB. */
async function readLabels(source: ByteSource, t: Tensor, dt: Dtype): Promise<LabelSet> {
  const n = t.shape[0]!;
  const set = new LabelSetBuilder(t.name);
  const per = Math.floor(LABEL_CHUNK / dt.size);
  const values = new Float64Array(Math.min(per, n));
  for (let i = 0; i < n; i += per) {
    const m = Math.min(per, n - i);
    decode(dt, await readExact(source, t.begin + i * dt.size, m * dt.size), m, values, 0);
    for (let j = 0; j < m; j++) set.add(dt.kind === 'bool' ? (values[j] ? 'True' : 'False') : String(values[j]));
  }
  return set.finish();
}

let bf16Scratch: { f: Float32Array; u: Uint32Array } | undefined;

/** Decodes `count` contiguous little-endian elements into `out` from `at`. bfloat16 is the top half of a float32, so it converts exactly. */
function decode(dt: Dtype, bytes: Uint8Array, count: number, out: Float64Array, at: number): void {
  if (dt.npy) {
    decodeNumbers(dt.npy, bytes, 1, count, out, at, 1);
    return;
  }
  if (!bf16Scratch) {
    const f = new Float32Array(1);
    bf16Scratch = { f, u: new Uint32Array(f.buffer) };
  }
  const { f, u } = bf16Scratch;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let j = 0; j < count; j++) {
    u[0] = v.getUint16(2 * j, true) << 16;
    out[at + j] = f[0]!;
  }
}

async function readExact(source: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  const bytes = await source.read(offset, length);
  if (bytes.length < length) {
    throw new InputError(source.name, `ended early: ${length} bytes were expected at offset ${offset} but only ${bytes.length} were read (was the file changed on disk?)`);
  }
  return bytes;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Offsets may be huge (then the range check names them); they must still be whole numbers. */
function isWhole(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function listing(tensors: Tensor[]): string {
  return tensors.length === 0 ? '(none)' : tensors.map((t) => `${t.name} ${shapeText(t.shape)} ${t.dtype}`).join(', ');
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}
