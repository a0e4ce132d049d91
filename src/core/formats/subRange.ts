import type { ByteSource } from './byteSource';

/**
 * A window `[offset, offset + length)` of another ByteSource, seen as a whole file. Lets the `.npy`
 * reader open an array stored uncompressed inside a zip (an `np.savez` member) and stream its rows
 * straight from disk. Reads are clamped to the window, so a reader inside can never reach the bytes
 * of a neighbouring member. Does not own `inner`: closing the window leaves it open.
 */
export class SubRangeByteSource implements ByteSource {
  readonly size: number;

  constructor(
    private readonly inner: ByteSource,
    private readonly offset: number,
    length: number,
    /** Name for messages, e.g. `data.npz['emb']`. */
    readonly name: string,
  ) {
    // A window that runs past the end of the file is cut there; short reads then say "truncated".
    this.size = Math.max(0, Math.min(length, inner.size - offset));
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.min(Math.max(0, offset), this.size);
    const len = Math.min(Math.max(0, length), this.size - start);
    if (len === 0) return new Uint8Array(0);
    return this.inner.read(this.offset + start, len);
  }

  async close(): Promise<void> {}
}
