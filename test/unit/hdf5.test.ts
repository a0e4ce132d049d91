import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryByteSource } from '../../src/core/formats/byteSource';
import { InputError } from '../../src/core/formats/errors';
import { isHdf5, openHdf5 } from '../../src/core/formats/hdf5';
import type { OpenedEmbeddings } from '../../src/core/formats/opened';
import { mutate, rng } from './support/fuzz';
import { assertSame, labelsOf, pyFloat } from './support/values';

// Fixtures written by h5py: test/tools/gen_hdf5_fixtures.py (expected.json describes them).
const DIR = 'test/fixtures/hdf5';
interface Values {
  shape: number[];
  dtype: string;
  values: string[];
}
interface Expected extends Partial<Values> {
  tensor?: string;
  labels?: Record<string, (string | null)[]>;
  metadata?: Record<string, string>;
  others?: Record<string, Values>;
  error?: string;
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const sourceOf = (name: string): MemoryByteSource => new MemoryByteSource(name, bytesOf(name));
const inputError = (sub: string) => (e: unknown) => e instanceof InputError && e.message.includes(sub);
const good = Object.entries(expected).filter(([, e]) => !e.error) as [string, Required<Expected>][];
const failing = Object.entries(expected).filter(([, e]) => e.error);

/** Every layer, C order, as one array. */
async function readAll({ embeddings: e }: OpenedEmbeddings): Promise<Float64Array> {
  const out = new Float64Array(e.layers * e.rows * e.dim);
  for (let l = 0; l < e.layers; l++) out.set(await e.readRows(l, 0, e.rows), l * e.rows * e.dim);
  return out;
}

async function check(opened: OpenedEmbeddings, want: Values, what: string): Promise<void> {
  const { embeddings: e, info } = opened;
  assert.deepEqual(want.shape.length === 3 ? [e.layers, e.rows, e.dim] : [e.rows, e.dim], want.shape, `${what}: shape`);
  if (want.shape.length === 2) assert.equal(e.layers, 1);
  assert.equal(info.dtype, want.dtype);
  assertSame(await readAll(opened), want.values.map(pyFloat), what);
}

test('fixtures cover groups, float16/32/64, big-endian, chunked gzip, labels, attributes and failures', () => {
  const dtypes = new Set(good.flatMap(([, e]) => [e.dtype, ...Object.values(e.others ?? {}).map((o) => o.dtype)]));
  for (const d of ['<f2', '<f4', '<f8', '>f8']) assert.ok(dtypes.has(d), d);
  assert.ok(good.some(([, e]) => e.shape.length === 3), 'a 3-D (L, N, d) dataset');
  assert.ok(failing.length >= 4);
});

for (const [name, e] of good) {
  test(`${name} picks ${e.tensor} and reads the exact values h5py wrote, with its labels and attributes`, async () => {
    const opened = await openHdf5(sourceOf(name));
    try {
      assert.equal(opened.info.format, 'hdf5');
      assert.equal(opened.info.tensor, e.tensor);
      await check(opened, e, name);
      assert.deepEqual(Object.fromEntries(opened.labelSets.map((s) => [s.name, labelsOf(s)])), e.labels);
      assert.deepEqual(opened.info.metadata, e.metadata);
    } finally {
      opened.dispose?.();
    }
  });
}

test('grouped.h5: other datasets are chosen by path, with or without the leading slash', async () => {
  for (const [path, want] of Object.entries(expected['grouped.h5']!.others!)) {
    for (const tensor of [path, path.slice(1)]) {
      const opened = await openHdf5(sourceOf('grouped.h5'), { tensor });
      await check(opened, want, tensor);
      assert.equal(opened.info.tensor, path);
      opened.dispose?.();
    }
  }
  const other = await openHdf5(sourceOf('chunked_gzip.h5'), { tensor: 'emb_f64' });
  await check(other, expected['chunked_gzip.h5']!.others!['/emb_f64']!, 'emb_f64');
  other.dispose?.();
});

test('grouped.h5 lists every dataset with its role; wrong-length and float 1-D datasets are no labels', async () => {
  const { info, dispose } = await openHdf5(sourceOf('grouped.h5'));
  dispose?.();
  const roles = Object.fromEntries(info.available!.map((a) => [a.name, `${a.shape!.join('x')} ${a.dtype} ${a.role}`]));
  assert.deepEqual(roles, {
    '/ids': '40 S8 labels',
    '/labels/cluster': '40 <i8 labels',
    '/labels/is_train': '40 bool labels',
    '/labels/species': '40 str labels',
    '/labels/too_short': '39 <i8 other',
    '/model/big_endian': '40x2 >f8 other',
    '/model/layer4/bias': '8 <f4 other',
    '/model/layer4/embeddings': '40x8 <f4 embeddings',
    '/model/proj': '40x3 <f4 other',
    '/scores': '40 <f8 other',
  });
});

test('chunked readRows (chunks of 7 rows, gzip + shuffle) equals one full read; 3-D layers read apart', async () => {
  const opened = await openHdf5(sourceOf('chunked_gzip.h5'));
  const e = opened.embeddings;
  const full = await e.readRows(0, 0, e.rows);
  for (const chunk of [1, 3, 5, 7, 8, 13, 49]) {
    const parts = new Float64Array(e.rows * e.dim);
    for (let start = 0; start < e.rows; start += chunk) parts.set(await e.readRows(0, start, Math.min(chunk, e.rows - start)), start * e.dim);
    assertSame(parts, full, `chunks of ${chunk}`);
  }
  assert.equal((await e.readRows(0, 10, 0)).length, 0);
  await assert.rejects(e.readRows(0, 45, 6), RangeError);
  await assert.rejects(e.readRows(1, 0, 1), RangeError);
  opened.dispose?.();
  await assert.rejects(e.readRows(0, 0, 1), /closed/);

  const layered = await openHdf5(sourceOf('layers_f16.h5'));
  const all = expected['layers_f16.h5']!.values!.map(pyFloat);
  const { rows, dim } = layered.embeddings;
  for (let l = 0; l < 3; l++) {
    assertSame(await layered.embeddings.readRows(l, 5, 7), all.slice((l * rows + 5) * dim, (l * rows + 12) * dim), `layer ${l}`);
  }
  layered.dispose?.();
});

test('two files open at once read independently, and many opens in a row do not leak', async () => {
  const a = await openHdf5(sourceOf('grouped.h5'));
  const b = await openHdf5(sourceOf('chunked_gzip.h5'));
  await check(a, expected['grouped.h5'] as Values, 'a');
  await check(b, expected['chunked_gzip.h5'] as Values, 'b');
  a.dispose?.();
  await check(b, expected['chunked_gzip.h5'] as Values, 'b after a closed');
  b.dispose?.();
  b.dispose?.(); // twice is harmless
  for (let i = 0; i < 200; i++) (await openHdf5(sourceOf('fuzz_tiny.h5'))).dispose?.();
  const last = await openHdf5(sourceOf('fuzz_tiny.h5'));
  await check(last, expected['fuzz_tiny.h5'] as Values, 'after 200 opens');
  last.dispose?.();
});

for (const [name, e] of failing) {
  test(`${name} fails with an InputError: ${e.error}`, async () => {
    await assert.rejects(openHdf5(sourceOf(name)), inputError(`${name}: `));
    await assert.rejects(openHdf5(sourceOf(name)), inputError(e.error!));
  });
}

test('errors list what the file holds', async () => {
  await assert.rejects(openHdf5(sourceOf('no_float.h5')), inputError('its datasets are: /ints (4×3 <i4), /names (4 S1), /vector (4 <f8)'));
  await assert.rejects(openHdf5(sourceOf('grouped.h5'), { tensor: '/nope' }), inputError('has no dataset "/nope"; its datasets are: /ids (40 S8), /labels/cluster (40 <i8)'));
  await assert.rejects(openHdf5(sourceOf('grouped.h5'), { tensor: 'labels/species' }), inputError('dataset /labels/species is 40 str; embeddings must be a 2-D (N, d) or 3-D (L, N, d) array of numbers'));
  await assert.rejects(openHdf5(sourceOf('grouped.h5'), { tensor: 'model' }), inputError('has no dataset "model"'));
});

test('files that are not HDF5, truncated, or over the size limit are InputErrors', async () => {
  const bytes = bytesOf('grouped.h5');
  const npy = new Uint8Array(readFileSync('test/fixtures/npy/c_2d.npy'));
  await assert.rejects(openHdf5(new MemoryByteSource('e.npy', npy)), inputError('e.npy: is not an HDF5 file'));
  await assert.rejects(openHdf5(new MemoryByteSource('tiny', bytes.subarray(0, 4))), inputError('tiny: is not an HDF5 file'));
  await assert.rejects(openHdf5(new MemoryByteSource('cut', bytes.subarray(0, 5000))), inputError('cut: is not a valid HDF5 file: unable to read superblock: truncated file'));
  await assert.rejects(openHdf5(new MemoryByteSource('big', bytes), {}, { maxBytes: 10000 }), inputError('big: is 0.014 MiB; HDF5 files are read into memory and the limit is 0.010 MiB — save the embeddings as .npy'));
});

test('isHdf5 finds the signature at 0 and after a user block', () => {
  assert.equal(isHdf5(bytesOf('grouped.h5').subarray(0, 8)), true);
  const withUserBlock = bytesOf('userblock.h5');
  assert.equal(isHdf5(withUserBlock.subarray(0, 16)), false, 'the first 16 bytes are the user block');
  assert.equal(isHdf5(withUserBlock.subarray(0, 1024)), true);
  assert.equal(isHdf5(new Uint8Array([0x89, 0x48, 0x44, 0x46])), false);
  assert.equal(isHdf5(new TextEncoder().encode('PAR1PAR1')), false);
});

test('a damaged global heap (variable-length strings) is refused before HDF5 loops on it', async () => {
  const bytes = bytesOf('fuzz_tiny.h5');
  const gcol = Buffer.from(bytes).indexOf('GCOL');
  assert.ok(gcol > 0);
  // the first heap object (index 1) follows the 16-byte collection header; give the free-space
  // object that ends the collection size 0, as the fuzz found: HDF5 2.0 would never finish reading it
  const damaged = bytes.slice();
  const view = new DataView(damaged.buffer);
  let p = gcol + 16;
  while (view.getUint16(p, true) !== 0) p += 16 + Math.ceil(Number(view.getBigUint64(p + 8, true)) / 8) * 8;
  view.setBigUint64(p + 8, 0n, true);
  await assert.rejects(openHdf5(new MemoryByteSource('heap', damaged)), inputError('heap: is damaged: the global heap at byte'));
});

test('15000 errors thrown out of h5wasm while a file is open leave the library working (wasm stack restored)', async () => {
  // h5wasm throws JS errors through wasm frames when it cannot open the root group; each leaves
  // ~150 bytes of wasm stack behind unless restored, and its 2 MiB stack overruns the heap after
  // about 12000. The open file keeps the library from being reset between files, as in real use.
  const bytes = bytesOf('fuzz_tiny.h5');
  assert.equal(bytes[8], 3, 'fuzz_tiny.h5 has a version 3 superblock');
  const root = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(36, true)); // root object header address
  const broken = bytes.slice();
  broken[root + 10]! ^= 0x55; // its checksum fails: the file opens but its root group does not
  await assert.rejects(openHdf5(new MemoryByteSource('broken', broken)), inputError('broken: is damaged: its groups cannot be listed'));
  const kept = await openHdf5(new MemoryByteSource('kept', bytes));
  for (let i = 0; i < 15000; i++) await assert.rejects(openHdf5(new MemoryByteSource('broken', broken)), InputError);
  await check(kept, expected['fuzz_tiny.h5'] as Values, 'the file kept open');
  kept.dispose?.();
  const opened = await openHdf5(new MemoryByteSource('ok', bytes));
  await check(opened, expected['fuzz_tiny.h5'] as Values, 'after 15000 failures');
  opened.dispose?.();
});

test('fuzz: 1500 damaged files each open and read, or fail with an InputError, quickly', async () => {
  const base = bytesOf('fuzz_tiny.h5');
  const rand = rng(20240917);
  let opened = 0;
  let slowest = 0;
  for (let i = 0; i < 1500; i++) {
    const bytes = mutate(base, rand);
    const started = performance.now();
    try {
      const o = await openHdf5(new MemoryByteSource(`case ${i}`, bytes));
      try {
        await readAll(o);
      } finally {
        o.dispose?.();
      }
      opened++;
    } catch (e) {
      if (!(e instanceof InputError)) assert.fail(`case ${i} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      assert.ok(e.message.startsWith(`case ${i}: `), e.message);
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  assert.ok(slowest < 2000, `slowest case took ${slowest.toFixed(0)} ms`);
  assert.ok(opened > 100 && opened < 1400, `${opened} of 1500 damaged files still opened`);
  const after = await openHdf5(sourceOf('fuzz_tiny.h5'));
  await check(after, expected['fuzz_tiny.h5'] as Values, 'after the fuzz');
  after.dispose?.();
});
