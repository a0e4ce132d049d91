import type { ByteSource } from '../byteSource';
import { InputError } from '../errors';
import { parseDescr, type NpyDtype } from './dtype';
import { parsePyLiteral, PyLiteralError, pyTupleRepr, type PyValue } from './pyLiteral';

/** The parsed header of a `.npy` file. */
export interface NpyHeader {
  /** Format version, e.g. `[1, 0]`. */
  readonly version: readonly [number, number];
  readonly dtype: NpyDtype;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Byte offset of the first element. */
  readonly dataOffset: number;
  /** Bytes of element data the shape and dtype call for. */
  readonly dataBytes: number;
}

/** The magic string every `.npy` file starts with. */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const; // \x93NUMPY

/**
 * numpy refuses headers over 10 000 characters unless told to trust the file; we are a little more
 * lenient (old writers padded generously) but still refuse to read megabytes of "header".
 */
export const MAX_HEADER_BYTES = 1 << 20;

const RESAVE = 're-save it with np.save';

/** True when `bytes` starts with the `.npy` magic string. */
export function hasNpyMagic(bytes: Uint8Array): boolean {
  return NPY_MAGIC.every((b, i) => bytes[i] === b);
}

/** Reads and validates the header; never reads more than the header itself. */
export async function readNpyHeader(source: ByteSource): Promise<NpyHeader> {
  const file = source.name;
  const pre = await source.read(0, 12);
  if (!hasNpyMagic(pre)) {
    const why = pre.length < 6 ? `it is only ${pre.length} bytes long` : 'it does not start with \\x93NUMPY';
    throw new InputError(file, `is not a .npy file (${why}); save the array with np.save`);
  }
  if (pre.length < 10) throw new InputError(file, 'is truncated inside the .npy header');
  const major = pre[6]!;
  const minor = pre[7]!;
  if (major < 1 || major > 3 || minor !== 0) {
    throw new InputError(file, `uses .npy format version ${major}.${minor}; only 1.0, 2.0 and 3.0 are known — ${RESAVE}`);
  }
  const wide = major >= 2;
  if (wide && pre.length < 12) throw new InputError(file, 'is truncated inside the .npy header');
  const view = new DataView(pre.buffer, pre.byteOffset, pre.byteLength);
  const headerLen = wide ? view.getUint32(8, true) : view.getUint16(8, true);
  const headerStart = wide ? 12 : 10;
  if (headerLen > MAX_HEADER_BYTES) {
    throw new InputError(file, `claims a ${headerLen}-byte header (the limit is ${MAX_HEADER_BYTES}); the file is corrupt or not a .npy file — ${RESAVE}`);
  }
  const present = Math.max(0, source.size - headerStart);
  if (headerLen > present) {
    throw new InputError(file, `is truncated: its header needs ${headerLen} bytes but only ${present} are present — the file was cut short; ${RESAVE}`);
  }
  const raw = await source.read(headerStart, headerLen);
  if (raw.length < headerLen) throw new InputError(file, 'ended while its header was being read (was it changed on disk?)');
  const text = major === 3 ? decodeUtf8(file, raw) : decodeLatin1(raw);
  const dict = parseHeaderDict(file, text);
  const dtype = parseDescr(file, dict.get('descr') ?? null);
  const fortranOrder = dict.get('fortran_order');
  if (typeof fortranOrder !== 'boolean') throw new InputError(file, `has a header whose 'fortran_order' is not True or False — ${RESAVE}`);
  const shape = parseShape(file, dict.get('shape') ?? null);
  const dataOffset = headerStart + headerLen;
  const elements = shape.reduce((a, b) => a * b, 1);
  const dataBytes = elements * dtype.itemSize;
  const dataPresent = source.size - dataOffset;
  if (!Number.isSafeInteger(dataBytes) || dataBytes > dataPresent) {
    const need = Number.isSafeInteger(dataBytes) ? `${dataBytes} bytes` : 'more bytes than any file holds';
    throw new InputError(file, `is truncated: shape ${pyTupleRepr(shape)} of '${dtype.descr}' needs ${need} of data but only ${dataPresent} are present — the file was cut short (an interrupted copy or download?); ${RESAVE}`);
  }
  return { version: [major, minor], dtype, fortranOrder, shape, dataOffset, dataBytes };
}

function parseHeaderDict(file: string, text: string): Map<string, PyValue> {
  let value: PyValue;
  try {
    value = parsePyLiteral(text);
  } catch (e) {
    if (!(e instanceof PyLiteralError)) throw e;
    throw new InputError(file, `has an unreadable .npy header (${e.message}) — the file is corrupt; ${RESAVE}`);
  }
  if (value === null || typeof value !== 'object' || value.kind !== 'dict') {
    throw new InputError(file, `has a .npy header that is not a dictionary — ${RESAVE}`);
  }
  // numpy insists on exactly these keys; we ignore extras, which a future writer might add harmlessly.
  const missing = ['descr', 'fortran_order', 'shape'].filter((k) => !value.entries.has(k));
  if (missing.length) throw new InputError(file, `has a .npy header without ${missing.map((k) => `'${k}'`).join(', ')} — ${RESAVE}`);
  return value.entries;
}

function parseShape(file: string, v: PyValue): number[] {
  const ok = v !== null && typeof v === 'object' && v.kind === 'list' && v.tuple && v.items.every((x) => typeof x === 'number' && x >= 0);
  if (!ok) throw new InputError(file, `has a .npy header whose 'shape' is not a tuple of non-negative integers — ${RESAVE}`);
  return v.items as number[];
}

function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(file, `has a version 3.0 header that is not valid UTF-8 — ${RESAVE}`);
  }
}
