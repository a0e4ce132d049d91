import type { ByteSource } from '../../../src/core/formats/byteSource';

/**
 * A ByteSource that records what a reader asks for, to check that readers stream and seek instead
 * of reading whole files: every request, the largest request, and the bytes actually returned.
 */
export class CountingSource implements ByteSource {
  /** Every read as [offset, length], in order; tests may reset it. */
  reads: Array<[number, number]> = [];
  /** Bytes returned so far. */
  bytes = 0;
  /** Largest length asked for. */
  largest = 0;
  /** Bytes asked for (negative lengths count as 0), whether or not the source had them. */
  requested = 0;
  constructor(private readonly inner: ByteSource) {}
  get name(): string {
    return this.inner.name;
  }
  get size(): number {
    return this.inner.size;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    this.reads.push([offset, length]);
    this.largest = Math.max(this.largest, length);
    this.requested += Math.max(0, length);
    const b = await this.inner.read(offset, length);
    this.bytes += b.length;
    return b;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
