/**
 * Random-access bytes of one file, read in pieces. Readers never ask for the whole file at once, so
 * files larger than memory can be streamed. Node's file adapter lives in src/node/fileByteSource.ts;
 * tests and the webview use {@link MemoryByteSource}.
 */
export interface ByteSource {
  /** Name shown in error messages (usually the path as the user gave it). */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  /** Reads `length` bytes at `offset`; returns fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases the underlying handle. Safe to call twice. */
  close(): Promise<void>;
}

/** A ByteSource over bytes already in memory. */
export class MemoryByteSource implements ByteSource {
  readonly size: number;
  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {
    this.size = bytes.byteLength;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.min(Math.max(0, offset), this.size);
    return this.bytes.subarray(start, Math.min(this.size, start + Math.max(0, length)));
  }
  async close(): Promise<void> {}
}
