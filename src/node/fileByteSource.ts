import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../core/formats/byteSource';
import { InputError } from '../core/formats/errors';

/** A ByteSource over a file on disk: positional reads, one open handle. */
export class FileByteSource implements ByteSource {
  private constructor(
    readonly name: string,
    readonly size: number,
    private handle: FileHandle | undefined,
  ) {}

  /** Opens `path`; a missing or unreadable file becomes an InputError naming it. */
  static async open(path: string, name = path): Promise<FileByteSource> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be opened (${code ?? String(e)})`;
      throw new InputError(name, why);
    }
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      throw new InputError(name, 'is not a regular file');
    }
    return new FileByteSource(name, st.size, handle);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!this.handle) throw new Error(`${this.name} is closed`);
    const len = Math.max(0, Math.min(length, this.size - offset));
    const buf = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const { bytesRead } = await this.handle.read(buf, done, len - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === len ? buf : buf.subarray(0, done);
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }
}

/** Opens `path`, runs `fn`, always closes it. */
export async function withFile<T>(path: string, fn: (src: FileByteSource) => Promise<T>): Promise<T> {
  const src = await FileByteSource.open(path);
  try {
    return await fn(src);
  } finally {
    await src.close();
  }
}
