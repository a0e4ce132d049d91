import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryByteSource } from '../../src/core/formats/byteSource';
import { InputError } from '../../src/core/formats/errors';
import { encodeNpy, openNpy, type NpyArray } from '../../src/core/formats/npy';
import { parsePyLiteral, PyLiteralError } from '../../src/core/formats/npy/pyLiteral';
import { FileByteSource } from '../../src/node/fileByteSource';
import { CountingSource } from './support/countingSource';
import { assertSame, pyFloat } from './support/values';

const DIR = 'test/fixtures/npy';
interface Expected {
  shape?: number[];
  descr?: string;
  fortran_order?: boolean;
  values?: string[];
  strings?: string[];
  error?: string;
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const sourceOf = (name: string): MemoryByteSource => new MemoryByteSource(name, bytesOf(name));
const isInputError = (sub: string) => (e: unknown) => e instanceof InputError && e.message.includes(sub);

/** All values of all layers, C order. */
async function readEverything(arr: NpyArray): Promise<Float64Array> {
  const out = new Float64Array(arr.layers * arr.rows * arr.dims);
  for (let l = 0; l < arr.layers; l++) out.set(await arr.readRows(l, 0, arr.rows), l * arr.rows * arr.dims);
  return out;
}

const numeric = Object.entries(expected).filter(([, e]) => e.values);
const stringy = Object.entries(expected).filter(([, e]) => e.strings);
const failing = Object.entries(expected).filter(([, e]) => e.error);

test('fixtures cover the dtypes, layouts and failures the issue lists', () => {
  const descrs = new Set(Object.values(expected).map((e) => e.descr));
  for (const d of ['<f2', '>f2', '<f4', '>f4', '<f8', '>f8', '|i1', '<i2', '>i2', '<i4', '>i4', '<i8', '>i8', '|u1', '<u2', '>u2', '<u4', '>u4', '<u8', '>u8', '|b1', '<U8', '>U3', '|S5']) {
    assert.ok(descrs.has(d), `no fixture with descr ${d}`);
  }
  assert.ok(failing.length >= 15);
});

for (const [name, e] of numeric) {
  test(`${name} reads to the exact values numpy wrote`, async () => {
    const arr = await openNpy(sourceOf(name));
    assert.deepEqual([...arr.shape], e.shape);
    assert.equal(arr.descr, e.descr);
    assert.equal(arr.fortranOrder, e.fortran_order);
    assertSame(await readEverything(arr), e.values!.map(pyFloat), name);
    if (arr.shape.length === 1) assertSame((await arr.readAll1D()) as Float64Array, e.values!.map(pyFloat), `${name} readAll1D`);
  });
}

for (const [name, e] of stringy) {
  test(`${name} reads to the strings numpy wrote`, async () => {
    const arr = await openNpy(sourceOf(name));
    assert.deepEqual(await arr.readAll1D(), e.strings);
    await assert.rejects(arr.readRows(0, 0, 1), isInputError('not numbers'));
  });
}

for (const [name, e] of failing) {
  test(`${name} is rejected with an InputError mentioning "${e.error}"`, async () => {
    await assert.rejects(openNpy(sourceOf(name)), isInputError(e.error!));
  });
}

test('error messages name the file and say what to do', async () => {
  await assert.rejects(openNpy(sourceOf('object.npy')), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.match(err.message, /^object\.npy: has dtype '\|O': it contains Python objects \(pickle\); Embedding Entropy never unpickles — save a numeric array/);
    return true;
  });
  await assert.rejects(openNpy(sourceOf('truncated_data.npy')), /truncated_data\.npy: is truncated: shape \(5, 3\) of '<f4' needs 60 bytes of data but only 50 are present/);
  await assert.rejects(openNpy(sourceOf('zero_rows.npy')), /zero_rows\.npy: has no rows \(shape \(0, 4\)\)/);
});

test('header length claims beyond the file or the limit are refused before reading', async () => {
  const good = bytesOf('f4_le.npy');
  const claim = good.slice(0, 64);
  claim[8] = 0xff; // v1 length 0x..ff: more than the 64-byte file holds
  const counting = new CountingSource(new MemoryByteSource('claim.npy', claim));
  await assert.rejects(openNpy(counting), isInputError('header needs'));
  assert.deepEqual(counting.reads, [[0, 12]]);
  const huge = new Uint8Array([...good.slice(0, 6), 2, 0, 0, 0, 0x20, 0, ...good.slice(12)]); // 2 MiB
  await assert.rejects(openNpy(new MemoryByteSource('huge.npy', huge)), isInputError('limit is 1048576'));
  for (const n of [0, 3, 6, 9]) await assert.rejects(openNpy(new MemoryByteSource('short.npy', good.slice(0, n))), isInputError('short.npy: '));
});

test('extra bytes after the data are tolerated', async () => {
  const good = bytesOf('f8_le.npy');
  const padded = new Uint8Array(good.length + 100).fill(7);
  padded.set(good);
  const arr = await openNpy(new MemoryByteSource('padded.npy', padded));
  assertSame(await arr.readRows(0, 0, 5), expected['f8_le.npy']!.values!.map(pyFloat), 'padded');
});

test('chunked readRows equals whole reads, for every chunk size and layer', async () => {
  for (const name of ['f4_le.npy', 'f2_be.npy', 'i8_be.npy', 'c_3d.npy', 'fortran_2d.npy', 'fortran_3d.npy', 'fortran_3d_i2be.npy', 'encode_long.npy']) {
    const arr = await openNpy(sourceOf(name));
    for (let l = 0; l < arr.layers; l++) {
      const whole = await arr.readRows(l, 0, arr.rows);
      for (const chunk of [1, 2, 3, 5, 64, arr.rows]) {
        for (let start = 0; start < arr.rows; start += chunk) {
          const count = Math.min(chunk, arr.rows - start);
          const part = await arr.readRows(l, start, count);
          assertSame(part, whole.subarray(start * arr.dims, (start + count) * arr.dims), `${name} layer ${l} rows ${start}+${count}`);
        }
      }
    }
  }
});

test('Fortran and C order give the same rows', async () => {
  for (const [c, f] of [['c_2d.npy', 'fortran_2d.npy'], ['c_3d.npy', 'fortran_3d.npy']] as const) {
    const ca = await openNpy(sourceOf(c));
    const fa = await openNpy(sourceOf(f));
    assert.ok(!ca.fortranOrder && fa.fortranOrder);
    assert.deepEqual(ca.shape, fa.shape);
    assertSame(await readEverything(fa), await readEverything(ca), f);
  }
});

test('readRows reads only the bytes it needs', async () => {
  const c = new CountingSource(sourceOf('c_3d.npy'));
  const ca = await openNpy(c);
  c.reads = [];
  await ca.readRows(1, 2, 3);
  assert.deepEqual(c.reads, [[ca.dataOffset + (1 * 7 + 2) * 5 * 8, 3 * 5 * 8]]);
  const f = new CountingSource(sourceOf('fortran_3d.npy'));
  const fa = await openNpy(f);
  f.reads = [];
  await fa.readRows(1, 2, 3);
  // One strided span per column: 3 rows, every 3rd element (3 layers), starting at l + L*(i + N*k).
  assert.deepEqual(f.reads, [0, 1, 2, 3, 4].map((k) => [fa.dataOffset + (1 + 3 * (2 + 7 * k)) * 8, (2 * 3 + 1) * 8]));
});

test('readRows rejects out-of-range requests as programming errors', async () => {
  const arr = await openNpy(sourceOf('f4_le.npy'));
  await assert.rejects(arr.readRows(1, 0, 1), RangeError);
  await assert.rejects(arr.readRows(0, 4, 2), RangeError);
  await assert.rejects(arr.readRows(0, -1, 1), RangeError);
  assert.equal((await arr.readRows(0, 5, 0)).length, 0);
});

test('readAll1D accepts (N,) and (N, 1) and refuses wider arrays', async () => {
  assertSame((await (await openNpy(sourceOf('labels_column.npy'))).readAll1D()) as Float64Array, [2, 0, 2], 'column');
  await assert.rejects((await openNpy(sourceOf('f4_le.npy'))).readAll1D(), isInputError('labels must be a 1-D array'));
});

test('a file on disk reads through FileByteSource', async () => {
  const src = await FileByteSource.open(join(DIR, 'fortran_3d.npy'));
  try {
    const arr = await openNpy(src);
    assertSame(await readEverything(arr), expected['fortran_3d.npy']!.values!.map(pyFloat), 'disk');
  } finally {
    await src.close();
  }
});

test('a file that shrinks after opening gives an InputError, not a crash', async () => {
  const bytes = bytesOf('f8_le.npy');
  const arr = await openNpy(new MemoryByteSource('shrinking.npy', bytes));
  const shrunk = await openNpy({ name: 'shrinking.npy', size: bytes.length, read: async (o, n) => bytes.subarray(o, Math.min(o + n, bytes.length - 8)), close: async () => {} });
  assert.equal(arr.rows, 5);
  await assert.rejects(shrunk.readRows(0, 0, 5), isInputError('ended early'));
});

test('encodeNpy matches numpy byte for byte', () => {
  for (const name of Object.keys(expected).filter((n) => n.startsWith('encode_'))) {
    const e = expected[name]!;
    const values = e.values!.map(pyFloat);
    const data = e.descr === '<f4' ? Float32Array.from(values) : Float64Array.from(values);
    assert.deepEqual(encodeNpy(e.shape!, data), bytesOf(name), name);
  }
});

test('encodeNpy round-trips through openNpy, with and without a dtype override', async () => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 200 - 100;
  for (const shape of [[1, 1], [17, 3], [1797, 64], [4, 9, 5], [2]]) {
    const data = Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, rand);
    data[0] = NaN;
    for (const dtype of ['<f8', '<f4'] as const) {
      const arr = await openNpy(new MemoryByteSource('rt.npy', encodeNpy(shape, data, { dtype })));
      assert.equal(arr.dataOffset % 64, 0);
      assert.equal(arr.descr, dtype);
      const want = dtype === '<f8' ? data : Float64Array.from(data, Math.fround);
      assertSame(await readEverything(arr), want, `${shape} ${dtype}`);
    }
  }
  assert.throws(() => encodeNpy([2, 2], new Float32Array(3)), RangeError);
});

test('the header parser accepts the literal grammar and nothing more', () => {
  const d = parsePyLiteral(`{'descr': "<f4", 'fortran_order': True, 'shape': (10L, 3), 'x': [None, (5), (5,), ()], }  \n`);
  assert.ok(d !== null && typeof d === 'object' && d.kind === 'dict');
  assert.equal(d.entries.get('descr'), '<f4');
  assert.equal(d.entries.get('fortran_order'), true);
  assert.deepEqual(d.entries.get('shape'), { kind: 'list', tuple: true, items: [10, 3] });
  assert.deepEqual(d.entries.get('x'), { kind: 'list', tuple: false, items: [null, 5, { kind: 'list', tuple: true, items: [5] }, { kind: 'list', tuple: true, items: [] }] });
  for (const bad of ["{'a': 1.5}", "{'a': os.system('x')}", "{'a': 1} {}", '{1: 2}', "{'a' 1}", '(1, 2', "'abc", '0x10', '007', '9'.repeat(30), '('.repeat(10000)]) {
    assert.throws(() => parsePyLiteral(bad), PyLiteralError, bad.slice(0, 40));
  }
});

test('fuzz: 500 truncated or corrupted fixtures either read or throw InputError', async () => {
  let s = 0x9e3779b9;
  const rnd = (): number => {
    // mulberry32: small, seeded, good enough to spread the mutations.
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const names = readdirSync(DIR).filter((n) => n.endsWith('.npy')).sort();
  const interesting = [...`'"(),:{}[]0123456789 \n\\LTrueFalse<>|fiuUSbO`].map((c) => c.charCodeAt(0)).concat([0, 0xff, 0x93]);
  let parsed = 0;
  const started = Date.now();
  for (let i = 0; i < 500; i++) {
    const name = names[Math.floor(rnd() * names.length)]!;
    let bytes = bytesOf(name);
    // Modes: 0 truncate, 1 flip bits, 2 write header-ish characters, 3 scribble over the data.
    const mode = i % 4;
    if (mode === 0) bytes = bytes.slice(0, Math.floor(rnd() * (rnd() < 0.5 ? Math.min(bytes.length, 140) : bytes.length)));
    const flips = mode === 0 ? 0 : 1 + Math.floor(rnd() * 3);
    for (let f = 0; f < flips && bytes.length > 128; f++) {
      // Modes 1 and 2 hit the first 128 bytes (magic, length, header), where the parser lives.
      const at = mode === 3 ? 128 + Math.floor(rnd() * (bytes.length - 128)) : Math.floor(rnd() * 128);
      bytes[at] = mode === 1 ? bytes[at]! ^ (1 << Math.floor(rnd() * 8)) : mode === 2 ? interesting[Math.floor(rnd() * interesting.length)]! : Math.floor(rnd() * 256);
    }
    try {
      const arr = await openNpy(new MemoryByteSource(`fuzz${i}.npy`, bytes));
      if (arr.dtype.kind !== 'unicode' && arr.dtype.kind !== 'bytes') await readEverything(arr);
      if (arr.shape.length === 1) await arr.readAll1D();
      parsed++;
    } catch (e) {
      assert.ok(e instanceof InputError, `case ${i} (${name}, mode ${mode}): ${String(e)}`);
    }
  }
  assert.ok(parsed > 60, `only ${parsed} fuzz cases parsed; the mutations are too destructive to be useful`);
  assert.ok(Date.now() - started < 20000, 'fuzz loop took too long');
});
