import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadataAsync } from 'hyparquet';
import { MemoryByteSource } from '../../src/core/formats/byteSource';
import { InputError } from '../../src/core/formats/errors';
import { isParquet, openParquet } from '../../src/core/formats/parquet';
import { mutate, rng } from './support/fuzz';
import { CountingSource } from './support/countingSource';
import { assertSame, labelsOf } from './support/values';

// Fixtures written by DuckDB: test/tools/gen_parquet_fixtures.mjs (expected.json describes them).
const DIR = 'test/fixtures/parquet';
interface Expected {
  column?: string;
  rows?: number;
  dim?: number;
  groups?: number[];
  values?: number[];
  labels?: Record<string, (string | null)[]>;
  others?: Record<string, { dim: number; values: number[] }>;
  /** A wide table's columns, one per dimension (then `column` is the overview's description). */
  columns?: string[];
  error?: string;
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const sourceOf = (name: string): MemoryByteSource => new MemoryByteSource(name, bytesOf(name));
const inputError = (sub: string) => (e: unknown) => e instanceof InputError && e.message.includes(sub);
const good = Object.entries(expected).filter(([, e]) => !e.error) as [string, Required<Omit<Expected, 'columns'>> & Pick<Expected, 'columns'>][];
const failing = Object.entries(expected).filter(([, e]) => e.error);

test('fixtures cover list and fixed-size columns, codecs, row groups and the failures the issue lists', () => {
  assert.ok(good.some(([, e]) => e.groups.length >= 4), 'a file with several row groups');
  assert.deepEqual(Object.keys(expected).filter((n) => n.includes('snappy') || n.includes('zstd') || n.includes('gzip')).length, 3);
  assert.ok(good.some(([, e]) => e.columns), 'a wide table (one column per dimension)');
  for (const sub of ['row 23 has 7 values', 'null value', 'no vector', 'no list-of-numbers', 'no rows', 'has no value (null) in column']) {
    assert.ok(failing.some(([, e]) => e.error!.includes(sub)), sub);
  }
});

for (const [name, e] of good) {
  test(`${name} opens on column ${e.column} and reads the exact values DuckDB wrote`, async () => {
    const opened = await openParquet(sourceOf(name));
    const { embeddings: emb, info } = opened;
    assert.equal(info.format, 'parquet');
    assert.equal(info.tensor, e.column);
    assert.deepEqual([emb.layers, emb.rows, emb.dim], [1, e.rows, e.dim]);
    assertSame(await emb.readRows(0, 0, emb.rows), e.values, name);
    assert.deepEqual(Object.fromEntries(opened.labelSets.map((s) => [s.name, labelsOf(s)])), e.labels);
    for (const c of e.columns ?? [e.column]) assert.equal(info.available?.find((a) => a.name === c)?.role, 'embeddings', c);
    opened.dispose?.();
  });
}

test('list_snappy.parquet: a scalar double column is no label set, and other list columns can be chosen', async () => {
  const { info } = await openParquet(sourceOf('list_snappy.parquet'));
  assert.deepEqual(info.available?.map((c) => `${c.name}:${c.dtype}:${c.role}`), [
    'id:int64:labels', 'embedding:list<float>:embeddings', 'species:string:labels', 'cluster:int32:labels',
    'is_train:bool:labels', 'score:double:other', 'projection:list<float>:other',
  ]);
  assert.match(info.metadata?.created_by ?? '', /DuckDB/);
  const other = expected['list_snappy.parquet']!.others!.projection!;
  const { embeddings } = await openParquet(sourceOf('list_snappy.parquet'), { column: 'projection' });
  assert.equal(embeddings.dim, other.dim);
  assertSame(await embeddings.readRows(0, 0, embeddings.rows), other.values, 'projection');
  const upper = await openParquet(sourceOf('list_snappy.parquet'), { column: 'PROJECTION' });
  assert.equal(upper.info.tensor, 'projection');
});

test('array_zstd.parquet: without a preferred name the list column is found, typed list<float>', async () => {
  const { info } = await openParquet(sourceOf('array_zstd.parquet'));
  assert.equal(info.dtype, 'list<float>');
  assert.equal(info.available?.find((c) => c.name === 'year')?.dtype, 'int16');
});

test('wide_pandas.parquet: float columns are the dimensions, in schema order; pandas\' index is no label set', async () => {
  const { info, labelSets } = await openParquet(sourceOf('wide_pandas.parquet'));
  assert.equal(info.dtype, 'float × 12 columns');
  assert.deepEqual(labelSets.map((l) => l.name), ['label']);
  assert.equal(info.available?.find((c) => c.name === '__index_level_0__')?.role, 'other');
  await assert.rejects(openParquet(sourceOf('wide_pandas.parquet'), { column: '3' }), inputError('column "3" is float, not a list'));
});

test('chunked readRows across row-group boundaries equals one full read', async () => {
  for (const name of ['list_snappy.parquet', 'array_zstd.parquet', 'wide_pandas.parquet']) {
    const { embeddings: emb } = await openParquet(sourceOf(name));
    const full = await emb.readRows(0, 0, emb.rows);
    for (const chunk of [1, 3, 6, 7, 8, 13, 21, emb.rows]) {
      const parts = new Float64Array(emb.rows * emb.dim);
      for (let start = 0; start < emb.rows; start += chunk) {
        const n = Math.min(chunk, emb.rows - start);
        parts.set(await emb.readRows(0, start, n), start * emb.dim);
      }
      assertSame(parts, full, `${name} in chunks of ${chunk}`);
    }
    for (let start = 0; start <= emb.rows; start += 5) {
      for (const count of [0, 1, 9, 26]) {
        if (start + count > emb.rows) continue;
        assertSame(await emb.readRows(0, start, count), full.subarray(start * emb.dim, (start + count) * emb.dim), `${name} rows ${start}+${count}`);
      }
    }
    await assert.rejects(emb.readRows(0, emb.rows - 1, 2), RangeError);
    await assert.rejects(emb.readRows(1, 0, 1), RangeError);
  }
});

test('readRows reads only the row groups it needs and keeps at most two decoded', async () => {
  const name = 'list_snappy.parquet';
  const bytes = bytesOf(name);
  const metadata = await parquetMetadataAsync({ byteLength: bytes.length, slice: (s, e) => bytes.slice(s, e).buffer });
  const range = (g: number): [number, number] => {
    const m = metadata.row_groups[g]!.columns.find((c) => c.meta_data!.path_in_schema[0] === 'embedding')!.meta_data!;
    const from = Number(m.dictionary_page_offset || m.data_page_offset);
    return [from, from + Number(m.total_compressed_size)];
  };
  const source = new CountingSource(new MemoryByteSource(name, bytes));
  const { embeddings: emb } = await openParquet(source);
  const readsFor = async (start: number, count: number) => {
    source.reads = [];
    await emb.readRows(0, start, count);
    return source.reads;
  };
  // groups hold rows 0-6, 7-19, 20-39, 40-44, 45-59
  assert.deepEqual(await readsFor(41, 3), [[range(3)[0], range(3)[1] - range(3)[0]]], 'only group 3');
  assert.deepEqual(await readsFor(40, 5), [], 'group 3 is cached');
  const spanning = await readsFor(18, 4); // groups 1 and 2
  assert.deepEqual(spanning.map(([o]) => o).sort((a, b) => a - b), [range(1)[0], range(2)[0]]);
  assert.equal((await readsFor(42, 1)).length, 1, 'group 3 was evicted: two groups are kept');
  assert.equal((await readsFor(20, 1)).length, 0, 'group 2 is still kept');
  source.reads = [];
  const [a, b] = await Promise.all([emb.readRows(0, 45, 5), emb.readRows(0, 50, 10)]);
  assert.equal(source.reads.length, 1, 'overlapping reads of group 4 share one decode');
  const full = await emb.readRows(0, 45, 15);
  assertSame([...a, ...b], full, 'rows 45..59');
});

for (const [name, e] of failing) {
  test(`${name} fails with an InputError: ${e.error}`, async () => {
    await assert.rejects(async () => {
      const { embeddings: emb } = await openParquet(sourceOf(name));
      await emb.readRows(0, 0, emb.rows);
    }, inputError(e.error!));
  });
}

test('no_list.parquet lists the columns and their types', async () => {
  await assert.rejects(openParquet(sourceOf('no_list.parquet')), inputError('a (double), name (string), tags (list<string>)'));
});

test('a chosen column must exist and hold lists of numbers', async () => {
  await assert.rejects(openParquet(sourceOf('list_snappy.parquet'), { column: 'nope' }), inputError('has no column "nope"; its columns are: id (int64), embedding (list<float>)'));
  await assert.rejects(openParquet(sourceOf('list_snappy.parquet'), { column: 'species' }), inputError('column "species" is string, not a list of float or double numbers (columns holding lists of numbers: embedding, projection)'));
});

test('files that are not Parquet, truncated or encrypted are InputErrors', async () => {
  const bytes = bytesOf('fuzz_tiny.parquet');
  const npy = new Uint8Array(readFileSync('test/fixtures/npy/c_2d.npy'));
  await assert.rejects(openParquet(new MemoryByteSource('e.npy', npy)), inputError('e.npy: is not a Parquet file'));
  await assert.rejects(openParquet(new MemoryByteSource('short', bytes.subarray(0, 8))), inputError('only 8 bytes'));
  for (const cut of [12, 100, bytes.length - 100, bytes.length - 1]) {
    await assert.rejects(openParquet(new MemoryByteSource('cut', bytes.subarray(0, cut))), inputError('cut: is not a Parquet file'));
  }
  const encrypted = bytes.slice();
  encrypted.set([0x50, 0x41, 0x52, 0x45], encrypted.length - 4);
  await assert.rejects(openParquet(new MemoryByteSource('enc', encrypted)), inputError('encrypted'));
  const badFooter = bytes.slice();
  badFooter.set([0xff, 0xff, 0xff, 0x7f], badFooter.length - 8); // metadata length far beyond the file
  await assert.rejects(openParquet(new MemoryByteSource('foot', badFooter)), inputError('foot: is not a valid Parquet file: its footer cannot be read'));
});

test('isParquet sniffs the magic at both ends', () => {
  const bytes = bytesOf('fuzz_tiny.parquet');
  assert.equal(isParquet(bytes.subarray(0, 16)), true);
  assert.equal(isParquet(bytes.subarray(0, 4), bytes.subarray(bytes.length - 8)), true);
  assert.equal(isParquet(bytes.subarray(0, 4), bytes.subarray(0, 8)), false);
  assert.equal(isParquet(new TextEncoder().encode('PAR')), false);
  assert.equal(isParquet(new Uint8Array([0x93, 0x4e, 0x55, 0x4d])), false);
});

test('fuzz: 1800 damaged files each open and read, or fail with an InputError, quickly', async () => {
  // fuzz_tiny (2 row groups, snappy) for speed, list_snappy for dictionary-encoded strings and nulls,
  // wide_pandas for one column per dimension
  const seeds = [...Array<string>(1200).fill('fuzz_tiny.parquet'), ...Array<string>(300).fill('list_snappy.parquet'), ...Array<string>(300).fill('wide_pandas.parquet')];
  const bases = new Map(seeds.map((n) => [n, bytesOf(n)]));
  const rand = rng(20240917);
  let opened = 0;
  let slowest = 0;
  for (const [i, name] of seeds.entries()) {
    const bytes = mutate(bases.get(name)!, rand);
    const started = performance.now();
    try {
      const o = await openParquet(new MemoryByteSource(`case ${i}`, bytes));
      await o.embeddings.readRows(0, 0, o.embeddings.rows);
      opened++;
    } catch (e) {
      if (!(e instanceof InputError)) assert.fail(`case ${i} (${name}) threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      assert.ok(e.message.startsWith(`case ${i}: `), e.message);
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  assert.ok(slowest < 2000, `slowest case took ${slowest.toFixed(0)} ms`);
  assert.ok(opened > 100 && opened < 1700, `${opened} of ${seeds.length} damaged files still opened`);
});
