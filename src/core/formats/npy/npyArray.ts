import type { ByteSource } from '../byteSource';
import { InputError } from '../errors';
import { decodeNumbers, decodeStrings } from './decode';
import { isNumericDtype, type NpyDtype } from './dtype';
import { readNpyHeader, type NpyHeader } from './header';
import { pyTupleRepr } from './pyLiteral';

// readAll1D reads in pieces of about this size, so even a long label array never needs one huge read.
const CHUNK_BYTES = 1 << 20;

/**
 * An opened `.npy` array: header parsed and checked, data still on disk. Shapes are (N,) labels,
 * (N, d) embeddings or (L, N, d) per-layer embeddings; a 1-D array reads as N rows of one value.
 * Does not own the ByteSource: the caller closes it.
 */
export class NpyArray {
  /** The header's descr string, e.g. `<f4`. */
  readonly descr: string;
  /** Number of layers L (1 unless the array is 3-D). */
  readonly layers: number;
  /** Number of rows N. */
  readonly rows: number;
  /** Values per row d (1 for a 1-D array). */
  readonly dims: number;

  private constructor(
    private readonly source: ByteSource,
    /** The parsed header. */
    readonly header: NpyHeader,
  ) {
    const s = header.shape;
    this.descr = header.dtype.descr;
    this.layers = s.length === 3 ? s[0]! : 1;
    this.rows = s[s.length === 3 ? 1 : 0]!;
    this.dims = s.length === 1 ? 1 : s[s.length - 1]!;
  }

  /** Element type. */
  get dtype(): NpyDtype {
    return this.header.dtype;
  }
  /** Shape as in the header. */
  get shape(): readonly number[] {
    return this.header.shape;
  }
  /** True when the data is stored column-major. */
  get fortranOrder(): boolean {
    return this.header.fortranOrder;
  }
  /** Byte offset of the first element in the file. */
  get dataOffset(): number {
    return this.header.dataOffset;
  }

  /** Parses and validates the header of `source` (see {@link openNpy}). */
  static async open(source: ByteSource): Promise<NpyArray> {
    const header = await readNpyHeader(source);
    const { shape } = header;
    const shown = pyTupleRepr(shape);
    if (shape.length < 1 || shape.length > 3) {
      throw new InputError(source.name, `has shape ${shown}; expected (N, d) embeddings, (L, N, d) per-layer embeddings or (N,) labels`);
    }
    const arr = new NpyArray(source, header);
    if (arr.layers === 0) throw new InputError(source.name, `has no layers (shape ${shown})`);
    if (arr.rows === 0) throw new InputError(source.name, `has no rows (shape ${shown})`);
    if (arr.dims === 0) throw new InputError(source.name, `has no rows with values: each row is empty (shape ${shown})`);
    return arr;
  }

  /**
   * Rows `start .. start+count-1` of `layer` as float64, row-major (count × d). Reads only the bytes
   * those rows occupy: one range in C order; in Fortran order one strided span per column (for a
   * 3-D array the span also covers the other layers' values in between, so keep chunks moderate).
   * NaN and ±Infinity are returned as stored; int64/uint64 values beyond ±2^53 become the nearest double.
   */
  async readRows(layer: number, start: number, count: number): Promise<Float64Array> {
    const { layers: L, rows: N, dims: d, dtype } = this;
    if (!isNumericDtype(dtype)) {
      throw new InputError(this.source.name, `holds strings ('${dtype.descr}'), not numbers; embeddings must be a numeric array`);
    }
    if (!isIndex(layer, L) || !isIndex(start, N + 1) || !isIndex(count, N - start + 1)) {
      throw new RangeError(`readRows(${layer}, ${start}, ${count}) is outside shape ${pyTupleRepr(this.shape)}`);
    }
    const out = new Float64Array(count * d);
    if (count === 0) return out;
    const size = dtype.itemSize;
    if (!this.fortranOrder || this.shape.length === 1) {
      const first = (layer * N + start) * d;
      const bytes = await this.readData(first * size, count * d * size);
      decodeNumbers(dtype, bytes, 1, count * d, out, 0, 1);
      return out;
    }
    // Fortran order: element (l, i, k) sits at flat index l + L*(i + N*k), so for a fixed column k
    // our rows are every L-th element of one span.
    for (let k = 0; k < d; k++) {
      const first = layer + L * (start + N * k);
      const bytes = await this.readData(first * size, ((count - 1) * L + 1) * size);
      decodeNumbers(dtype, bytes, L, count, out, k, d);
    }
    return out;
  }

  /**
   * The whole array as numbers (float64; bools as 0/1) or strings, for label arrays: 1-D, or 2-D with
   * a single column. Reads in pieces of about 1 MiB.
   */
  async readAll1D(): Promise<Float64Array | string[]> {
    const { shape, dtype } = this;
    if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
      throw new InputError(this.source.name, `has shape ${pyTupleRepr(shape)}; labels must be a 1-D array of shape (N,)`);
    }
    const n = this.rows;
    const per = Math.max(1, Math.floor(CHUNK_BYTES / dtype.itemSize));
    const numeric = isNumericDtype(dtype);
    const nums = new Float64Array(numeric ? n : 0);
    const strs: string[] = [];
    for (let i = 0; i < n; i += per) {
      const m = Math.min(per, n - i);
      const bytes = await this.readData(i * dtype.itemSize, m * dtype.itemSize);
      if (numeric) decodeNumbers(dtype, bytes, 1, m, nums, i, 1);
      else for (const s of decodeStrings(dtype, bytes, m)) strs.push(s);
    }
    return numeric ? nums : strs;
  }

  /** Reads `length` data bytes at `offset` past the header; a short read means the file changed. */
  private async readData(offset: number, length: number): Promise<Uint8Array> {
    const bytes = await this.source.read(this.dataOffset + offset, length);
    if (bytes.length < length) {
      throw new InputError(this.source.name, `ended early: ${length} bytes were expected at offset ${this.dataOffset + offset} but only ${bytes.length} were read (was the file changed on disk?)`);
    }
    return bytes;
  }
}

function isIndex(v: number, limit: number): boolean {
  return Number.isSafeInteger(v) && v >= 0 && v < limit;
}

/**
 * Opens a `.npy` file: reads and validates its header (magic, version 1.0/2.0/3.0, dtype, shape,
 * data size) and nothing else. Every problem with the file is an InputError.
 */
export function openNpy(source: ByteSource): Promise<NpyArray> {
  return NpyArray.open(source);
}
