import { Inflate } from 'fflate';
import type { ByteSource } from './byteSource';
import { InputError } from './errors';
import { SubRangeByteSource } from './subRange';

/**
 * The parts of a zip archive an `.npz` reader needs: the central directory (read from the end of the
 * file, zip64 included) and each member as a ByteSource — a window of the file for stored members,
 * an in-memory inflater for deflated ones. Nothing here ever reads the whole archive at once.
 */

/** One file in a zip archive, as its central-directory record describes it. */
export interface ZipEntry {
  /** Path inside the archive, e.g. `emb.npy`. */
  readonly name: string;
  /** 0 = stored, 8 = deflated; numpy writes nothing else. */
  readonly method: number;
  /** General-purpose flags (bit 0: encrypted). */
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  /** Uncompressed size. */
  readonly size: number;
  /** Where the member's local header starts. */
  readonly localHeaderOffset: number;
}

/**
 * Deflated members are decompressed into memory (deflate cannot be read from the middle), so each is
 * limited to this many uncompressed bytes; `np.savez` (stored) members have no limit.
 */
export const MAX_INFLATED_BYTES = 2 ** 30;

/** The most output one byte of deflate can produce (a 258-byte match per 2 bits): 1032:1, plus slack. */
const MAX_DEFLATE_RATIO = 1032;
/** A directory this large would describe hundreds of thousands of arrays; refuse rather than read it. */
const MAX_DIRECTORY_BYTES = 64 * 2 ** 20;
/** Compressed bytes per push: small enough that one push of highly compressible data stays ~64 MiB. */
const INFLATE_CHUNK = 64 * 1024;
/** First push is small, so reading a `.npy` header does not decompress much more than the header. */
const FIRST_CHUNK = 4096;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const RESAVE = 're-save it with np.savez or np.savez_compressed';

/** True when `head` starts like a zip archive (a local file header, or the end record of an empty one). */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
// A u64 above 2^53 loses precision, but every such value then fails the bounds checks against the file size.
const u64 = (v: DataView, o: number): number => Number(v.getBigUint64(o, true));

/** Reads the central directory: end record (and zip64 end record) from the tail, then the entries. */
export async function readZipDirectory(source: ByteSource): Promise<ZipEntry[]> {
  const file = source.name;
  const damaged = (what: string): InputError => new InputError(file, `is a damaged zip archive: ${what} — the file was probably cut short or corrupted; ${RESAVE}`);
  // The end record is 22 bytes plus a comment of up to 65535; a zip64 locator sits just before it.
  const tailLen = Math.min(source.size, 22 + 0xffff + 20);
  const tailStart = source.size - tailLen;
  const tail = await source.read(tailStart, tailLen);
  const tv = view(tail);
  let end = -1;
  for (let p = tail.length - 22; p >= 0; p--) {
    if (tv.getUint32(p, true) === SIG_END && p + 22 + tv.getUint16(p + 20, true) <= tail.length) {
      end = p;
      break;
    }
  }
  if (end < 0) {
    throw new InputError(file, `is not a complete zip archive: no end-of-central-directory record was found (every .npz ends with one) — the file was probably cut short; ${RESAVE}`);
  }
  if (tv.getUint16(end + 4, true) !== 0 || tv.getUint16(end + 6, true) !== 0) throw damaged('it claims to be part of a multi-volume (split) archive');
  let count = tv.getUint16(end + 10, true);
  let dirSize = tv.getUint32(end + 12, true);
  let dirOffset = tv.getUint32(end + 16, true);
  let dirLimit = tailStart + end; // the directory must end before the end record
  if (end >= 20 && tv.getUint32(end - 20, true) === SIG_LOCATOR64) {
    const at = u64(tv, end - 20 + 8);
    if (!(at >= 0 && at + 56 <= tailStart + end - 20)) throw damaged('its zip64 end record is out of range');
    const rec = await source.read(at, 56);
    const rv = view(rec);
    if (rec.length < 56 || rv.getUint32(0, true) !== SIG_END64) throw damaged('its zip64 end record is missing');
    count = u64(rv, 32);
    dirSize = u64(rv, 40);
    dirOffset = u64(rv, 48);
    dirLimit = at;
  }
  if (!(dirOffset + dirSize <= dirLimit)) throw damaged(`its central directory (${dirSize} bytes at offset ${dirOffset}) lies outside the file`);
  if (count * 46 > dirSize) throw damaged(`its directory is too small for the ${count} entries it claims`);
  if (dirSize > MAX_DIRECTORY_BYTES) throw damaged(`its central directory claims ${dirSize} bytes, more than any .npz needs`);
  const dir = await source.read(dirOffset, dirSize);
  if (dir.length < dirSize) throw damaged('its central directory is cut short');
  const byName = new Map<string, ZipEntry>();
  const dv = view(dir);
  const utf8 = new TextDecoder('utf-8');
  for (let i = 0, p = 0; i < count; i++) {
    if (p + 46 > dir.length || dv.getUint32(p, true) !== SIG_CENTRAL) throw damaged(`central directory entry ${i + 1} of ${count} is malformed`);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const next = p + 46 + nameLen + extraLen + dv.getUint16(p + 32, true);
    if (next > dir.length) throw damaged(`central directory entry ${i + 1} of ${count} runs past the directory`);
    // numpy names are ASCII; other writers set flag bit 11 for UTF-8 (CP437 otherwise, rare in practice).
    const name = utf8.decode(dir.subarray(p + 46, p + 46 + nameLen));
    const fields = { size: dv.getUint32(p + 24, true), compressedSize: dv.getUint32(p + 20, true), localHeaderOffset: dv.getUint32(p + 42, true) };
    readZip64Extra(dir.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), fields, () => damaged(`the zip64 sizes of '${name}' are missing`));
    const entry: ZipEntry = { name, method: dv.getUint16(p + 10, true), flags: dv.getUint16(p + 8, true), crc32: dv.getUint32(p + 16, true), ...fields };
    if (!name.endsWith('/')) {
      // Python keeps duplicate names and np.load reads the last one; so do we.
      byName.delete(name);
      byName.set(name, entry);
    }
    p = next;
  }
  return [...byName.values()];
}

/** Replaces 0xFFFFFFFF fields by their zip64 extra-field values, in the order the spec lists them. */
function readZip64Extra(extra: Uint8Array, f: { size: number; compressedSize: number; localHeaderOffset: number }, missing: () => InputError): void {
  const want = (['size', 'compressedSize', 'localHeaderOffset'] as const).filter((k) => f[k] === 0xffffffff);
  if (want.length === 0) return;
  const v = view(extra);
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = v.getUint16(p, true);
    const len = v.getUint16(p + 2, true);
    if (id === 1) {
      if (len < 8 * want.length || p + 4 + len > extra.length) throw missing();
      want.forEach((k, j) => (f[k] = u64(v, p + 4 + 8 * j)));
      return;
    }
    p += 4 + len;
  }
  throw missing();
}

/**
 * The uncompressed bytes of one member as a ByteSource named `name`. Stored members are a window of
 * `source` (streamed from disk); deflated ones inflate on demand (see {@link InflatedMember}).
 * Throws InputError for encrypted members, other compression methods and impossible sizes.
 */
export async function openZipMember(source: ByteSource, entry: ZipEntry, name: string): Promise<ByteSource> {
  if (entry.flags & 1) throw new InputError(name, `is encrypted; Embedding Entropy reads only unencrypted archives — ${RESAVE}`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new InputError(name, `uses zip compression method ${entry.method}; only stored (np.savez) and deflated (np.savez_compressed) members can be read — ${RESAVE}`);
  }
  const head = await source.read(entry.localHeaderOffset, 30);
  if (head.length < 30 || view(head).getUint32(0, true) !== SIG_LOCAL) {
    throw new InputError(name, `has no local header where the zip directory says it starts (offset ${entry.localHeaderOffset}) — the archive is damaged; ${RESAVE}`);
  }
  const start = entry.localHeaderOffset + 30 + view(head).getUint16(26, true) + view(head).getUint16(28, true);
  if (!(start + entry.compressedSize <= source.size)) {
    throw new InputError(name, `is truncated: its ${entry.compressedSize} bytes at offset ${start} run past the end of the ${source.size}-byte archive — the file was cut short; ${RESAVE}`);
  }
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) throw new InputError(name, `is stored uncompressed but its zip sizes disagree (${entry.size} vs ${entry.compressedSize}) — the archive is damaged; ${RESAVE}`);
    return new SubRangeByteSource(source, start, entry.size, name);
  }
  if (entry.size > entry.compressedSize * MAX_DEFLATE_RATIO + 1024) {
    throw new InputError(name, `claims ${entry.size} bytes uncompressed from ${entry.compressedSize} compressed, more than deflate can produce — the archive is damaged; ${RESAVE}`);
  }
  return new InflatedMember(source, start, entry, name);
}

/** True when a member can be read: stored, or deflated to at most {@link MAX_INFLATED_BYTES}. */
export function fitsInMemory(entry: ZipEntry): boolean {
  return entry.method !== 8 || entry.size <= MAX_INFLATED_BYTES;
}

/** The message for a deflated member over {@link MAX_INFLATED_BYTES}. */
export function tooLargeToInflate(name: string, entry: ZipEntry): InputError {
  const gib = (entry.size / 2 ** 30).toFixed(1);
  return new InputError(name, `is compressed and ${gib} GiB uncompressed; compressed .npz arrays are decompressed into memory, up to ${MAX_INFLATED_BYTES / 2 ** 30} GiB each — save with np.savez (uncompressed), which is streamed from disk with no limit`);
}

/**
 * A deflated member, decompressed lazily and sequentially into memory: a read inflates just far
 * enough to cover it, so opening a `.npy` header costs a few KiB, and rows are then served from
 * memory. Deflate is not seekable, so random access needs the whole prefix; holding the output is the
 * simple, fast choice, bounded by {@link MAX_INFLATED_BYTES}. {@link release} frees it (a later read
 * starts over). The output is checked against the directory's size and CRC-32 when complete.
 */
export class InflatedMember implements ByteSource {
  readonly size: number;
  private out = new Uint8Array(0);
  private produced = 0;
  private consumed = 0;
  private crc = 0xffffffff;
  private inflater: Inflate | undefined;
  /** Bumped by release(), so an inflation in flight notices and starts over. */
  private generation = 0;
  /** Inflation is sequential: concurrent reads queue here instead of pushing the same chunk twice. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Once the data proved damaged, every later read says so too (the buffer may hold bad bytes). */
  private failure: InputError | undefined;

  constructor(
    private readonly source: ByteSource,
    private readonly start: number,
    private readonly entry: ZipEntry,
    readonly name: string,
  ) {
    this.size = entry.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const from = Math.min(Math.max(0, offset), this.size);
    const to = Math.min(this.size, from + Math.max(0, length));
    const run = this.queue.then(async () => {
      if (this.failure) throw this.failure;
      try {
        await this.inflateTo(to);
      } catch (e) {
        if (e instanceof InputError) this.failure = e;
        throw e;
      }
      return this.out.subarray(from, to); // in the same task, so a release() cannot come in between
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Drops the decompressed bytes; the next read inflates again from the start. */
  release(): void {
    this.out = new Uint8Array(0);
    this.produced = this.consumed = 0;
    this.crc = 0xffffffff;
    this.inflater = undefined;
    this.failure = undefined;
    this.generation++;
  }

  async close(): Promise<void> {
    this.release();
  }

  private async inflateTo(want: number): Promise<void> {
    const csize = this.entry.compressedSize;
    // Once the declared size is reached, drain the rest of the stream so the CRC can be checked.
    while (this.produced < want || (this.produced === this.size && this.consumed < csize)) {
      if (this.consumed >= csize) {
        throw new InputError(this.name, `is damaged: its compressed data ends after ${this.produced} of the ${this.size} bytes the zip directory promises — ${RESAVE}`);
      }
      const n = Math.min(this.consumed === 0 ? FIRST_CHUNK : INFLATE_CHUNK, csize - this.consumed);
      const generation = this.generation;
      const chunk = await this.source.read(this.start + this.consumed, n);
      if (generation !== this.generation) continue; // released meanwhile: start again from byte 0
      if (chunk.length < n) throw new InputError(this.name, `ended early while being decompressed (was the file changed on disk?)`);
      this.consumed += n;
      this.inflater ??= new Inflate((data) => this.accept(data));
      try {
        this.inflater.push(chunk, this.consumed === csize);
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(this.name, `has corrupt compressed data (${e instanceof Error ? e.message : String(e)}) — ${RESAVE}`);
      }
      if (this.consumed === csize) this.finish();
    }
  }

  private accept(data: Uint8Array): void {
    const need = this.produced + data.length;
    if (need > this.size) {
      throw new InputError(this.name, `is damaged: it decompresses to more than the ${this.size} bytes the zip directory promises — ${RESAVE}`);
    }
    if (need > this.out.length) this.grow(need);
    this.out.set(data, this.produced);
    this.produced = need;
    this.crc = crc32Update(this.crc, data);
  }

  /** Small doublings while only a header is wanted, then the whole declared size at once. */
  private grow(need: number): void {
    let cap = Math.max(need, this.out.length * 2, 1 << 16);
    if (cap > 1 << 21) {
      if (this.size > MAX_INFLATED_BYTES) throw tooLargeToInflate(this.name, this.entry);
      cap = this.size;
    }
    const next = new Uint8Array(Math.min(cap, this.size));
    next.set(this.out.subarray(0, this.produced));
    this.out = next;
  }

  private finish(): void {
    if (this.produced !== this.size) {
      throw new InputError(this.name, `is damaged: it decompresses to ${this.produced} bytes but the zip directory promises ${this.size} — ${RESAVE}`);
    }
    if ((this.crc ^ 0xffffffff) >>> 0 !== this.entry.crc32) {
      throw new InputError(this.name, `is damaged: its CRC-32 checksum does not match (the compressed data is corrupt) — ${RESAVE}`);
    }
  }
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (the zip polynomial, reflected 0xEDB88320), continued over `data`; start from 0xFFFFFFFF. */
function crc32Update(crc: number, data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = crc;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}
