import { InputError } from '../errors';
import type { PyValue } from './pyLiteral';

/** What the elements of an array are, as far as Embedding Entropy cares. */
export type NpyKind = 'float' | 'int' | 'uint' | 'bool' | 'unicode' | 'bytes';

/** A supported `.npy` element type, parsed from the header's `descr`. */
export interface NpyDtype {
  /** The descr string as written in the header, e.g. `<f4`. */
  readonly descr: string;
  readonly kind: NpyKind;
  /** Bytes per element (for `<U{k}` this is 4k). */
  readonly itemSize: number;
  /** Byte order of multi-byte elements; true for single-byte types too. */
  readonly littleEndian: boolean;
  /** Characters per element for `unicode` and `bytes`; 0 otherwise. */
  readonly chars: number;
}

/** True when elements decode to numbers (everything but strings). */
export function isNumericDtype(dt: NpyDtype): boolean {
  return dt.kind !== 'unicode' && dt.kind !== 'bytes';
}

const NUMERIC_SIZES: Record<string, { kind: NpyKind; sizes: number[] }> = {
  f: { kind: 'float', sizes: [2, 4, 8] },
  i: { kind: 'int', sizes: [1, 2, 4, 8] },
  u: { kind: 'uint', sizes: [1, 2, 4, 8] },
  b: { kind: 'bool', sizes: [1] },
  '?': { kind: 'bool', sizes: [1] },
};

const SAVE_NUMERIC = 'save a numeric array instead, e.g. np.save(path, arr.astype(np.float32))';

/**
 * Parses a header `descr` into a supported dtype, or throws an InputError that names the dtype and
 * says what to save instead. Structured (record) arrays arrive as a list and are rejected.
 */
export function parseDescr(file: string, descr: PyValue): NpyDtype {
  if (typeof descr !== 'string') {
    const shown = descr !== null && typeof descr === 'object' && descr.kind === 'list' ? 'a structured (record) dtype' : 'an unreadable dtype';
    throw new InputError(file, `has ${shown}; Embedding Entropy reads plain numeric or string arrays — ${SAVE_NUMERIC}`);
  }
  const m = /^([<>|=]?)([A-Za-z?])(\d*)(\[\w+\])?$/.exec(descr);
  const order = m?.[1] ?? '';
  const code = m?.[2] ?? '';
  const size = m?.[3] ? Number(m[3]) : 0;
  // '=' is "native order"; numpy never writes it to a file, and every platform we run on is little-endian.
  const littleEndian = order !== '>';
  const unsupported = (why: string): never => {
    throw new InputError(file, `has dtype '${descr}' (${why}), which Embedding Entropy cannot read; ${SAVE_NUMERIC}`);
  };
  if (!m) return unsupported('not a recognised numpy dtype');
  if (code === 'O') {
    throw new InputError(file, `has dtype '${descr}': it contains Python objects (pickle); Embedding Entropy never unpickles — save a numeric array (or, for labels, a string array such as arr.astype(str))`);
  }
  if (m[4] !== undefined || code === 'M' || code === 'm') return unsupported('dates and times');
  if (code === 'c') return unsupported('complex numbers');
  if (code === 'V') return unsupported('raw or structured records');
  if (code === 'f' && size === 16) return unsupported('128-bit long double');
  const numeric = NUMERIC_SIZES[code];
  if (numeric) {
    if (!numeric.sizes.includes(size)) return unsupported(`a ${size}-byte ${numeric.kind}`);
    return { descr, kind: numeric.kind, itemSize: size, littleEndian, chars: 0 };
  }
  if (code === 'U' || code === 'S' || code === 'a') {
    if (size < 1) return unsupported('zero-width strings');
    const kind = code === 'U' ? 'unicode' : 'bytes';
    const itemSize = kind === 'unicode' ? 4 * size : size;
    if (!Number.isSafeInteger(itemSize)) return unsupported('strings too wide');
    return { descr, kind, itemSize, littleEndian, chars: size };
  }
  return unsupported('an unsupported type code');
}
