import { NPY_MAGIC } from './header';
import { pyTupleRepr } from './pyLiteral';

/** Options for {@link encodeNpy}. */
export interface EncodeNpyOptions {
  /** Element type to write; defaults to `<f4` for a Float32Array and `<f8` for a Float64Array. */
  readonly dtype?: '<f4' | '<f8';
}

// numpy leaves room for the growing axis to reach this many digits, so a header can be rewritten in place.
const GROWTH_AXIS_MAX_DIGITS = 21;
const ALIGN = 64;

/**
 * Encodes a C-order float array as a version 1.0 `.npy` file, byte for byte as numpy 2's `np.save`
 * writes it (sorted keys, spare room after the dict, header padded with spaces to a multiple of 64
 * bytes and ended by a newline).
 */
export function encodeNpy(shape: readonly number[], data: Float64Array | Float32Array, opts: EncodeNpyOptions = {}): Uint8Array {
  if (!shape.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`bad shape ${pyTupleRepr(shape)}`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`shape ${pyTupleRepr(shape)} holds ${count} values but ${data.length} were given`);
  const descr = opts.dtype ?? (data instanceof Float32Array ? '<f4' : '<f8');
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${pyTupleRepr(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const unpadded = NPY_MAGIC.length + 2 + 2 + dict.length + 1;
  const headerLen = dict.length + (ALIGN - (unpadded % ALIGN)) + 1;
  if (headerLen > 0xffff) throw new RangeError(`shape ${pyTupleRepr(shape)} needs a header too long for .npy version 1.0`);
  const itemSize = descr === '<f4' ? 4 : 8;
  const dataOffset = 10 + headerLen;
  const out = new Uint8Array(dataOffset + count * itemSize);
  out.set(NPY_MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = headerLen & 0xff;
  out[9] = headerLen >> 8;
  out.fill(0x20, 10, dataOffset - 1);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  out[dataOffset - 1] = 0x0a;
  const view = new DataView(out.buffer, dataOffset);
  if (itemSize === 4) for (let i = 0; i < count; i++) view.setFloat32(4 * i, data[i]!, true);
  else for (let i = 0; i < count; i++) view.setFloat64(8 * i, data[i]!, true);
  return out;
}
