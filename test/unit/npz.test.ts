import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { crc32 } from 'node:zlib';
import { MemoryByteSource, type ByteSource } from '../../src/core/formats/byteSource';
import { InputError } from '../../src/core/formats/errors';
import { encodeNpy } from '../../src/core/formats/npy';
import { isZip, openNpz } from '../../src/core/formats/npz';
import { checkView, containerFixtures, inputError, pyFloat, readAll } from './support/containerFixtures';
import { CountingSource } from './support/countingSource';
import { rng } from './support/fuzz';

const DIR = 'test/fixtures/npz';

/** What gen_container_fixtures.py says a file must open to. */
const { expected, bytesOf, sourceOf } = containerFixtures(DIR);

const opening = Object.entries(expected).filter(([, e]) => e.default);
const failing = Object.entries(expected).filter(([, e]) => e.error);

test('fixtures cover savez and savez_compressed, layers, 3-D, float16, zip64 and failures', () => {
  for (const f of ['a_savez.npz', 'a_compressed.npz', 'b_layers_savez.npz', 'b_layers_compressed.npz', 'c_cube_savez.npz', 'c_cube_compressed.npz', 'd_f16_savez.npz', 'd_f16_compressed.npz', 'zip64_savez.npz', 'zip64_compressed.npz']) {
    assert.ok(expected[f]?.default, `no fixture ${f}`);
  }
  assert.ok(failing.length >= 5);
});

for (const [name, e] of opening) {
  test(`${name} opens, picks ${e.default!.tensor} and reads the exact values`, async () => {
    await checkView(await openNpz(sourceOf(name)), e.default!, name, 'npz');
  });
  for (const [tensor, v] of Object.entries(e.tensors ?? {})) {
    test(`${name} with --tensor ${tensor}`, async () => {
      await checkView(await openNpz(sourceOf(name), { tensor }), v, `${name} --tensor ${tensor}`, 'npz');
    });
  }
}

for (const [name, e] of failing) {
  test(`${name} is refused with an InputError mentioning "${e.error}"`, async () => {
    await assert.rejects(openNpz(sourceOf(name)), inputError(e.error!));
  });
}

test('info lists every array with shape, dtype and role', async () => {
  const o = await openNpz(sourceOf('a_savez.npz'));
  assert.equal(o.info.format, 'npz');
  assert.deepEqual(o.info.available, [
    { name: 'emb', shape: [12, 5], dtype: '<f4', role: 'embeddings' },
    { name: 'labels', shape: [12], dtype: '<i8', role: 'labels' },
    { name: 'names', shape: [12], dtype: '<U6', role: 'labels' },
    { name: 'mean', shape: [5], dtype: '<f4', role: 'other' },
  ]);
  const layers = await openNpz(sourceOf('b_layers_compressed.npz'));
  assert.deepEqual(layers.info.available?.map((a) => a.role), ['layer', 'layer', 'layer', 'layer', 'labels']);
  const obj = await openNpz(sourceOf('object_other.npz'));
  assert.deepEqual(obj.info.available?.[1], { name: 'meta', shape: undefined, dtype: undefined, role: 'other' });
});

test('twelve layer arrays stack in numeric order, not name order', async () => {
  const o = await openNpz(sourceOf('hidden_states_12.npz'));
  const v = expected['hidden_states_12.npz']!.default!;
  const last = await o.embeddings.readRows(11, 0, 1);
  assert.deepEqual(Array.from(last), v.values.slice(11 * 6 * 3, 11 * 6 * 3 + 3).map(pyFloat));
});

test('--tensor errors: unknown names list the arrays; strings and 1-D arrays are not embeddings', async () => {
  await assert.rejects(openNpz(sourceOf('a_savez.npz'), { tensor: 'hidden' }), inputError("has no array named 'hidden'; its arrays are emb (12, 5) <f4, labels (12,) <i8, names (12,) <U6, mean (5,) <f4"));
  await assert.rejects(openNpz(sourceOf('a_savez.npz'), { tensor: 'names' }), inputError('holds strings'));
  await assert.rejects(openNpz(sourceOf('a_compressed.npz'), { tensor: 'labels.npy' }), inputError('is this a label array?'));
  await assert.rejects(openNpz(sourceOf('object_other.npz'), { tensor: 'meta' }), inputError('never unpickles'));
});

test('isZip recognises archives and nothing else', () => {
  assert.ok(isZip(bytesOf('a_savez.npz').subarray(0, 16)));
  assert.ok(isZip(bytesOf('zip64_compressed.npz').subarray(0, 4)));
  assert.ok(isZip(new Uint8Array([0x50, 0x4b, 5, 6, 0, 0])));
  assert.ok(!isZip(new Uint8Array(readFileSync('test/fixtures/npy/f4_le.npy')).subarray(0, 16)));
  assert.ok(!isZip(new Uint8Array([0x50, 0x4b])));
});

test('truncated and damaged archives are InputErrors naming the problem', async () => {
  const good = bytesOf('a_savez.npz');
  const view = new DataView(good.buffer, good.byteOffset, good.byteLength);
  const end = good.length - 22;
  const dirOffset = view.getUint32(end + 16, true);
  await assert.rejects(openNpz(sourceOf('cut.npz', good.subarray(0, 900))), inputError('no end-of-central-directory record'));
  await assert.rejects(openNpz(sourceOf('empty.npz', new Uint8Array(0))), inputError('no end-of-central-directory record'));
  const badSig = good.slice();
  badSig[dirOffset] = 0x51;
  await assert.rejects(openNpz(sourceOf('sig.npz', badSig)), inputError('central directory entry 1 of 4 is malformed'));
  const badOffset = good.slice();
  new DataView(badOffset.buffer).setUint32(end + 16, good.length, true);
  await assert.rejects(openNpz(sourceOf('off.npz', badOffset)), inputError('lies outside the file'));
  const badCount = good.slice();
  new DataView(badCount.buffer).setUint16(end + 10, 60, true);
  await assert.rejects(openNpz(sourceOf('count.npz', badCount)), inputError('too small for the 60 entries'));
  // Data cut out of the middle: the directory is intact but the members no longer line up.
  const spliced = new Uint8Array([...good.subarray(0, 200), ...good.subarray(300)]);
  await assert.rejects(openNpz(sourceOf('spliced.npz', spliced)), (e: unknown) => e instanceof InputError);
  const empty = new Uint8Array([0x50, 0x4b, 5, 6, ...new Array<number>(18).fill(0)]);
  await assert.rejects(openNpz(sourceOf('none.npz', empty)), inputError('empty .npz archive'));
});

test('corrupt compressed data is caught (deflate errors or the CRC-32)', async () => {
  const good = bytesOf('a_compressed.npz');
  for (const at of [120, 200, 300]) {
    const bad = good.slice();
    bad[at] ^= 0x5a;
    await assert.rejects(
      (async () => {
        const o = await openNpz(sourceOf('bad.npz', bad));
        await readAll(o);
        throw new Error(`flip at ${at} went unnoticed`);
      })(),
      inputError(/damaged|corrupt|ended|not a \.npy|no 2-D|header/),
    );
  }
  // A wrong CRC in the directory: this small member is inflated whole to read its header, so opening fails.
  const badCrc = good.slice();
  const v = new DataView(badCrc.buffer);
  const dir = v.getUint32(badCrc.length - 22 + 16, true);
  v.setUint32(dir + 16, v.getUint32(dir + 16, true) ^ 1, true);
  await assert.rejects(openNpz(sourceOf('crc.npz', badCrc)), inputError("crc.npz['emb']: is damaged: its CRC-32 checksum does not match"));
});

test('a bad CRC in a larger compressed member shows when its end is reached, and on every read after', async () => {
  const values = Float32Array.from({ length: 4000 * 8 }, (_, i) => Math.sin(i) * 1000);
  const npy = encodeNpy([4000, 8], values);
  const deflated = deflateSync(npy);
  assert.ok(deflated.length > 3 * 4096);
  const src = virtualZip('crc.npz', [{ name: 'emb.npy', method: 8, head: deflated, restLength: 0, rest: () => 0, size: npy.length, crc: 12345 }]);
  const o = await openNpz(src);
  assert.equal((await o.embeddings.readRows(0, 0, 1))[1], values[1]);
  await assert.rejects(o.embeddings.readRows(0, 3999, 1), inputError('CRC-32 checksum does not match'));
  await assert.rejects(o.embeddings.readRows(0, 0, 1), inputError('CRC-32'));
  // The same member with its true CRC reads back exactly, across many inflate chunks.
  const ok = await openNpz(virtualZip('ok.npz', [{ name: 'emb.npy', method: 8, head: deflated, restLength: 0, rest: () => 0, size: npy.length, crc: crc32(npy) }]));
  const rows = await ok.embeddings.readRows(0, 0, 4000);
  assert.ok(rows.every((x, i) => x === values[i]));
});

test('compressed layers read concurrently still decode exactly (one inflater at a time)', async () => {
  const o = await openNpz(sourceOf('b_layers_compressed.npz'));
  const v = expected['b_layers_compressed.npz']!.default!;
  const all = await Promise.all([0, 1, 2, 3, 2, 0].map((l) => o.embeddings.readRows(l, 0, 10)));
  [0, 1, 2, 3, 2, 0].forEach((l, k) => assert.deepEqual(Array.from(all[k]!), v.values.slice(l * 40, l * 40 + 40).map(pyFloat)));
  o.dispose?.();
  assert.deepEqual(Array.from(await o.embeddings.readRows(3, 9, 1)), v.values.slice(156, 160).map(pyFloat));
});

// ------------------------------------------------------------------------------------------------
// A virtual archive over 4 GiB: stored members at zip64 offsets, read without touching the middle.

/** A ByteSource of literal pieces and computed regions; records every read. */
class VirtualSource implements ByteSource {
  reads: Array<[number, number]> = [];
  constructor(
    readonly name: string,
    readonly size: number,
    private readonly parts: { at: number; length: number; bytes?: Uint8Array; fill?: (pos: number) => number }[],
  ) {}
  async read(offset: number, length: number): Promise<Uint8Array> {
    this.reads.push([offset, length]);
    const end = Math.min(this.size, offset + length);
    const out = new Uint8Array(Math.max(0, end - offset));
    for (const p of this.parts) {
      const from = Math.max(offset, p.at);
      const to = Math.min(end, p.at + p.length);
      for (let i = from; i < to; i++) out[i - offset] = p.bytes ? p.bytes[i - p.at]! : p.fill!(i - p.at);
    }
    return out;
  }
  async close(): Promise<void> {}
}

function npyHeader(descr: string, shape: number[]): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  dict += ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
  const out = new Uint8Array(10 + dict.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length & 0xff, dict.length >> 8]);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

/** Little-endian record writer. */
function record(fields: Array<[number, 2 | 4 | 8]>, tail: Uint8Array[] = []): Uint8Array {
  const size = fields.reduce((a, [, w]) => a + w, 0);
  const out = new Uint8Array(size + tail.reduce((a, t) => a + t.length, 0));
  const v = new DataView(out.buffer);
  let p = 0;
  for (const [x, w] of fields) {
    if (w === 2) v.setUint16(p, x, true);
    else if (w === 4) v.setUint32(p, x >>> 0, true);
    else v.setBigUint64(p, BigInt(x), true);
    p += w;
  }
  for (const t of tail) {
    out.set(t, p);
    p += t.length;
  }
  return out;
}
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

interface Member {
  name: string;
  method: number;
  /** Bytes stored in the archive (header + data), given as a literal head and a computed rest. */
  head: Uint8Array;
  restLength: number;
  rest: (pos: number) => number;
  size: number;
  /** CRC-32 to record (stored members are not checked; 0 is fine for them). */
  crc?: number;
}

/** Lays members out like Python's zipfile with zip64 everywhere. */
function virtualZip(name: string, members: Member[]): VirtualSource {
  const parts: ConstructorParameters<typeof VirtualSource>[2] = [];
  const central: Uint8Array[] = [];
  let at = 0;
  for (const m of members) {
    const csize = m.head.length + m.restLength;
    const extra = record([[1, 2], [16, 2], [m.size, 8], [csize, 8]]);
    const local = record([[0x04034b50, 4], [45, 2], [0, 2], [m.method, 2], [0, 2], [0x21, 2], [m.crc ?? 0, 4], [0xffffffff, 4], [0xffffffff, 4], [m.name.length, 2], [extra.length, 2]], [ascii(m.name), extra]);
    parts.push({ at, length: local.length, bytes: local }, { at: at + local.length, length: m.head.length, bytes: m.head }, { at: at + local.length + m.head.length, length: m.restLength, fill: m.rest });
    const cextra = record([[1, 2], [24, 2], [m.size, 8], [csize, 8], [at, 8]]);
    central.push(record([[0x02014b50, 4], [45, 2], [45, 2], [0, 2], [m.method, 2], [0, 2], [0x21, 2], [m.crc ?? 0, 4], [0xffffffff, 4], [0xffffffff, 4], [m.name.length, 2], [cextra.length, 2], [0, 2], [0, 2], [0, 2], [0, 4], [0xffffffff, 4]], [ascii(m.name), cextra]));
    at += local.length + csize;
  }
  const dirSize = central.reduce((a, c) => a + c.length, 0);
  const n = members.length;
  const end64 = record([[0x06064b50, 4], [44, 8], [45, 2], [45, 2], [0, 4], [0, 4], [n, 8], [n, 8], [dirSize, 8], [at, 8]]);
  const locator = record([[0x07064b50, 4], [0, 4], [at + dirSize, 8], [1, 4]]);
  const end = record([[0x06054b50, 4], [0, 2], [0, 2], [0xffff, 2], [0xffff, 2], [0xffffffff, 4], [0xffffffff, 4], [0, 2]]);
  const tail = new Uint8Array([...central.flatMap((c) => [...c]), ...end64, ...locator, ...end]);
  parts.push({ at, length: tail.length, bytes: tail });
  return new VirtualSource(name, at + tail.length, parts);
}

test('a 5 GB np.savez archive (zip64 offsets) opens and streams rows without reading the middle', async () => {
  const N = 5_000_000;
  const d = 256;
  const f32 = new Float32Array(1);
  const b32 = new Uint8Array(f32.buffer);
  // Element k holds k mod 1000, so any misplaced byte offset shows.
  const embFill = (pos: number): number => {
    f32[0] = Math.floor(pos / 4) % 1000;
    return b32[pos % 4]!;
  };
  const embHead = npyHeader('<f4', [N, d]);
  const labHead = npyHeader('|u1', [N]);
  const src = virtualZip('big.npz', [
    { name: 'emb.npy', method: 0, head: embHead, restLength: N * d * 4, rest: embFill, size: embHead.length + N * d * 4 },
    { name: 'labels.npy', method: 0, head: labHead, restLength: N, rest: (p) => p % 3, size: labHead.length + N },
  ]);
  assert.ok(src.size > 2 ** 32);
  const o = await openNpz(src);
  assert.deepEqual([o.embeddings.layers, o.embeddings.rows, o.embeddings.dim], [1, N, d]);
  const rows = await o.embeddings.readRows(0, N - 2, 2);
  assert.deepEqual(Array.from(rows.subarray(0, 3)), [((N - 2) * d) % 1000, ((N - 2) * d + 1) % 1000, ((N - 2) * d + 2) % 1000]);
  assert.equal(rows[2 * d - 1], ((N * d) - 1) % 1000);
  assert.deepEqual(o.labelSets.map((s) => [s.name, s.values, s.codes[N - 1]]), [['labels', ['0', '1', '2'], (N - 1) % 3]]);
  const biggest = Math.max(...src.reads.map(([, n]) => n));
  const total = src.reads.reduce((a, [, n]) => a + n, 0);
  assert.ok(biggest <= 1 << 20, `one read of ${biggest} bytes`);
  assert.ok(total < 2 * N, `read ${total} bytes in all (the labels are ${N})`);
});

test('a compressed array over the 1 GiB in-memory limit is refused before it is decompressed', async () => {
  const N = 3_000_000;
  const d = 128;
  const head = npyHeader('<f4', [N, d]);
  // One non-final stored deflate block holding the .npy header, then empty stored blocks (zeros).
  const block = new Uint8Array(5 + 65535);
  block.set([0, 0xff, 0xff, 0, 0]);
  block.set(head, 5);
  const size = head.length + N * d * 4;
  const src = virtualZip('huge.npz', [{ name: 'emb.npy', method: 8, head: block, restLength: size, rest: () => 0, size }]);
  await assert.rejects(openNpz(src), inputError(/is compressed and 1\.4 GiB uncompressed.*up to 1 GiB.*np\.savez \(uncompressed\)/));
  assert.ok(Math.max(...src.reads.map(([, n]) => n)) <= 0x10000 + 42);
});

// ------------------------------------------------------------------------------------------------

test('fuzz: 1200 truncated, flipped or edited archives each read fully or throw InputError', async () => {
  const names = ['a_savez.npz', 'a_compressed.npz', 'b_layers_compressed.npz', 'c_cube_savez.npz', 'd_f16_compressed.npz', 'zip64_savez.npz', 'zip64_compressed.npz', 'hidden_states_12.npz'];
  const bases = names.map(bytesOf);
  const rand = rng(0x2f6b1d);
  const int = (n: number): number => Math.floor(rand() * n);
  const interesting = [0, 1, 0xff, 0xffff, 0xffffffff, 0x7fffffff, 0x80000000, 46, 22];
  let opened = 0;
  let refused = 0;
  const started = Date.now();
  for (let i = 0; i < 1200; i++) {
    const base = bases[i % bases.length]!;
    let bytes: Uint8Array = base.slice();
    const kind = i % 5;
    if (kind === 0) bytes = bytes.slice(0, int(bytes.length));
    else if (kind === 1) for (let k = 1 + int(8); k > 0; k--) bytes[int(bytes.length)] ^= 1 << int(8);
    else if (kind === 2) {
      // Hit the directory and end records, where a flip changes offsets, sizes and counts.
      const from = Math.max(0, bytes.length - 64 - 90 * 4);
      for (let k = 1 + int(4); k > 0; k--) bytes[from + int(bytes.length - from)] = int(256);
    } else if (kind === 3) {
      const at = int(bytes.length - 4);
      new DataView(bytes.buffer).setUint32(at, interesting[int(interesting.length)]! + (int(3) - 1), true);
    } else {
      // Edit the first .npy header: shapes, dtypes and lengths.
      const text = new TextDecoder('latin1').decode(bytes);
      const at = text.indexOf("'shape': (");
      const edits = ["'shape': (0, ", "'shape': (999999, ", "'shape': (3, 4, 5, ", "'descr': '|O', 'shape': (", "'shape': (-1, ", "'shape': (1e9, "];
      const e = edits[int(edits.length)]!;
      if (at >= 0) bytes = new Uint8Array([...bytes.subarray(0, at), ...Uint8Array.from(e, (c) => c.charCodeAt(0)), ...bytes.subarray(at + 10)]);
    }
    const size = bytes.length;
    const src = new CountingSource(new MemoryByteSource(`fuzz${i}.npz`, bytes));
    const t0 = Date.now();
    try {
      const o = await openNpz(src);
      const { layers, rows, dim } = o.embeddings;
      // Deflate can justify at most 1032 bytes out per byte in; a claimed shape must fit that.
      assert.ok(layers * rows * dim <= 1032 * size + 1024, `case ${i}: ${layers}×${rows}×${dim} from ${size} bytes`);
      await readAll(o, 64);
      o.dispose?.();
      opened++;
    } catch (e) {
      if (!(e instanceof InputError)) assert.fail(`case ${i} (kind ${kind}, ${names[i % names.length]}): ${String((e as Error)?.stack ?? e)}`);
      refused++;
    }
    assert.ok(Date.now() - t0 < 2000, `case ${i} took ${Date.now() - t0} ms`);
    assert.ok(src.largest <= size, `case ${i}: one read of ${src.largest} bytes from a ${size}-byte file`);
    assert.ok(src.requested <= 64 * size + (1 << 20), `case ${i}: read ${src.requested} bytes in all from a ${size}-byte file`);
  }
  assert.ok(opened > 100 && refused > 100, `opened ${opened}, refused ${refused}: the mutations should do both`);
  assert.ok(Date.now() - started < 60000, 'fuzz loop took too long');
});
