import type { NpyDtype } from './dtype';

/** Reads one element at a byte offset of a DataView. */
type Getter = (view: DataView, byteOffset: number) => number;

let halfTable: Float64Array | undefined;

/** float16 bits → float64, exactly (every half value is a double). Table built on first use: 512 KiB. */
function halfToDouble(bits: number): number {
  if (!halfTable) {
    halfTable = new Float64Array(65536);
    for (let h = 0; h < 65536; h++) {
      const sign = h & 0x8000 ? -1 : 1;
      const exp = (h >> 10) & 0x1f;
      const frac = h & 0x3ff;
      halfTable[h] =
        exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
    }
  }
  return halfTable[bits]!;
}

/**
 * The element reader for a numeric dtype. 64-bit integers beyond ±2^53 become the nearest double
 * (Number(bigint) rounds to nearest), which is what a float64 engine would see anyway.
 */
function getterFor(dt: NpyDtype): Getter {
  const le = dt.littleEndian;
  switch (`${dt.kind}${dt.itemSize}`) {
    case 'float2': return (v, o) => halfToDouble(v.getUint16(o, le));
    case 'float4': return (v, o) => v.getFloat32(o, le);
    case 'float8': return (v, o) => v.getFloat64(o, le);
    case 'int1': return (v, o) => v.getInt8(o);
    case 'int2': return (v, o) => v.getInt16(o, le);
    case 'int4': return (v, o) => v.getInt32(o, le);
    case 'int8': return (v, o) => Number(v.getBigInt64(o, le));
    case 'uint1': return (v, o) => v.getUint8(o);
    case 'uint2': return (v, o) => v.getUint16(o, le);
    case 'uint4': return (v, o) => v.getUint32(o, le);
    case 'uint8': return (v, o) => Number(v.getBigUint64(o, le));
    // numpy writes bools as 0/1 bytes, but any non-zero byte is True when it reads them back.
    case 'bool1': return (v, o) => (v.getUint8(o) ? 1 : 0);
    default: throw new Error(`no numeric decoder for ${dt.descr}`);
  }
}

/**
 * Decodes `count` numeric elements from `bytes`, element j at byte `j * strideElems * itemSize`,
 * into `out[outStart + j * outStride]`.
 */
export function decodeNumbers(
  dt: NpyDtype,
  bytes: Uint8Array,
  strideElems: number,
  count: number,
  out: Float64Array,
  outStart: number,
  outStride: number,
): void {
  const step = strideElems * dt.itemSize;
  // The common case — contiguous little-endian float32/float64 — goes through a typed-array view,
  // several times faster than DataView calls. A copy realigns bytes that start at an odd offset.
  if (strideElems === 1 && dt.littleEndian && dt.kind === 'float' && dt.itemSize !== 2) {
    const aligned = bytes.byteOffset % dt.itemSize === 0 ? bytes : bytes.slice(0, count * dt.itemSize);
    const src = dt.itemSize === 4 ? new Float32Array(aligned.buffer, aligned.byteOffset, count) : new Float64Array(aligned.buffer, aligned.byteOffset, count);
    for (let j = 0, o = outStart; j < count; j++, o += outStride) out[o] = src[j]!;
    return;
  }
  const get = getterFor(dt);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let j = 0, b = 0, o = outStart; j < count; j++, b += step, o += outStride) out[o] = get(view, b);
}

const utf8 = new TextDecoder('utf-8');

/**
 * Decodes `count` contiguous fixed-width string elements. numpy pads with NULs and strips trailing
 * NULs when reading, so we do too. `|S` bytes are decoded as UTF-8 (invalid bytes become U+FFFD);
 * `<U` code points that are not valid Unicode scalar values also become U+FFFD.
 */
export function decodeStrings(dt: NpyDtype, bytes: Uint8Array, count: number): string[] {
  const out: string[] = new Array<string>(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let j = 0; j < count; j++) {
    const base = j * dt.itemSize;
    if (dt.kind === 'bytes') {
      let end = base + dt.itemSize;
      while (end > base && bytes[end - 1] === 0) end--;
      out[j] = utf8.decode(bytes.subarray(base, end));
      continue;
    }
    let n = dt.chars;
    while (n > 0 && view.getUint32(base + 4 * (n - 1), dt.littleEndian) === 0) n--;
    const cps = new Array<number>(n);
    for (let c = 0; c < n; c++) {
      const cp = view.getUint32(base + 4 * c, dt.littleEndian);
      cps[c] = cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp;
    }
    out[j] = fromCodePoints(cps);
  }
  return out;
}

function fromCodePoints(cps: number[]): string {
  let s = '';
  // Spread in slices: a very wide `<U` element must not overflow the argument limit.
  for (let i = 0; i < cps.length; i += 4096) s += String.fromCodePoint(...cps.slice(i, i + 4096));
  return s;
}
