// Writes the Parquet fixtures in test/fixtures/parquet/ with DuckDB (a writer researchers use), plus
// expected.json. DuckDB is a dev tool only; install it outside package.json first:
//   mkdir -p .tools/duckdb && cd .tools/duckdb && npm init -y && npm install @duckdb/node-api
// then, from the repository root:  node test/tools/gen_parquet_fixtures.mjs
//
// Values come from a seeded generator, go into DuckDB as decimal strings cast to DOUBLE (correctly
// rounded) and then to FLOAT (exact: every value is a float32 already), and expected.json holds what
// DuckDB reads back from the written file, so the sidecar describes the file, not our intentions.
// DuckDB closes a row group only between input chunks (2048-row vectors), so small row groups come
// from a UNION ALL of small SELECTs written with ROW_GROUP_SIZE 1: one row group per SELECT.
//
// expected.json maps each fixture to: column (the one chosen by default), rows, dim, values (row-major,
// JSON numbers: exact doubles), labels ({column: [string | null]}), groups (rows per row group),
// others ({column: {dim, values}} selectable with `column`), columns (a wide table's one-per-dimension
// columns; `column` is then the overview's description), or error (a substring of the InputError).
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(resolve('.tools/duckdb/package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const OUT = 'test/fixtures/parquet';
mkdirSync(OUT, { recursive: true });
const db = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await db.connect();
const expected = {};

// mulberry32: small, seeded, the same on every run.
let seed = 20240917;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const f32 = () => Math.fround(gauss());
const vec = (d, make = f32) => Array.from({ length: d }, () => make());
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const maybe = (p, v) => (rand() < p ? null : v);

const sqlString = (s) => (s === null ? 'NULL' : `'${String(s).replaceAll("'", "''")}'`);
/** A list literal: element strings joined, cast through DOUBLE so the decimal parse is correctly rounded. */
const sqlList = (xs, type) => (xs === null ? 'NULL' : `[${xs.map((x) => (x === null ? 'NULL' : `'${x}'::DOUBLE`)).join(', ')}]::${type}`);

/**
 * Creates table `t` from rows (objects of SQL literals), then writes it with row groups of the given
 * sizes and reads it back.
 */
async function write(name, columns, rows, groups, options) {
  await con.run('DROP TABLE IF EXISTS t');
  await con.run(`CREATE TABLE t (rid INTEGER, ${columns.map(([c, type]) => `"${c}" ${type}`).join(', ')})`);
  if (rows.length) {
    const body = rows.map((r, i) => `(${i}, ${columns.map(([c]) => r[c]).join(', ')})`).join(',\n');
    await con.run(`INSERT INTO t VALUES ${body}`);
  }
  let at = 0;
  const parts = (groups.length ? groups : [0]).map((n) => {
    const sql = `SELECT * EXCLUDE (rid) FROM t WHERE rid >= ${at} AND rid < ${at + n}`;
    at += n;
    return sql;
  });
  const path = join(OUT, name);
  rmSync(path, { force: true });
  await con.run(`COPY (${parts.join(' UNION ALL ')}) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1, ${options})`);
  const meta = await con.runAndReadAll(`SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('${path}') ORDER BY 1`);
  const back = await con.runAndReadAll(`SELECT * FROM '${path}'`);
  const written = meta.getRowObjectsJS().map((r) => Number(r.row_group_num_rows));
  if (rows.length && JSON.stringify(written) !== JSON.stringify(groups)) throw new Error(`${name}: DuckDB wrote row groups ${written}, wanted ${groups}`);
  return {
    groups: written,
    rows: back.getRowObjectsJS(),
  };
}

// Booleans as our readers write labels: Python's True/False, like the .npy label reader.
const asLabel = (v) => (v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));
const plain = (v) => (Array.isArray(v) ? v.map(Number) : v && typeof v === 'object' && 'items' in v ? v.items.map(Number) : v);

/** Checks DuckDB read back what we generated, then records the fixture. */
function record(name, result, source, { column, labels, others = [] }) {
  const { rows, groups } = result;
  const check = (c) => {
    rows.forEach((r, i) => {
      const got = plain(r[c]);
      const want = source[i][c];
      if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${name} row ${i} column ${c}: DuckDB read back ${JSON.stringify(got)}, wrote ${JSON.stringify(want)}`);
    });
  };
  check(column);
  others.forEach(check);
  const dim = source[0][column].length;
  expected[name] = {
    column,
    rows: rows.length,
    dim,
    groups,
    values: rows.flatMap((r) => plain(r[column])),
    labels: Object.fromEntries(labels.map((c) => [c, rows.map((r) => asLabel(r[c]))])),
    others: Object.fromEntries(others.map((c) => [c, { dim: source[0][c].length, values: rows.flatMap((r) => plain(r[c])) }])),
  };
}

// 1. FLOAT[] embeddings (DuckDB LIST), five uneven row groups, snappy; string/int/bool labels with
//    NULLs, a unique id, a scalar DOUBLE (not a label) and a second list column to select by name.
{
  const n = 60;
  const src = Array.from({ length: n }, (_, i) => ({
    id: i * 7 + 1000,
    embedding: vec(8),
    species: maybe(0.15, pick(['setosa', 'versicolor', 'virginica'])),
    cluster: maybe(0.1, Math.floor(rand() * 4) - 1),
    is_train: maybe(0.1, rand() < 0.7),
    score: gauss(),
    projection: vec(3),
  }));
  const cols = [['id', 'BIGINT'], ['embedding', 'FLOAT[]'], ['species', 'VARCHAR'], ['cluster', 'INTEGER'], ['is_train', 'BOOLEAN'], ['score', 'DOUBLE'], ['projection', 'FLOAT[]']];
  const lit = src.map((r) => ({ id: r.id, embedding: sqlList(r.embedding, 'FLOAT[]'), species: sqlString(r.species), cluster: r.cluster ?? 'NULL', is_train: r.is_train ?? 'NULL', score: `'${r.score}'::DOUBLE`, projection: sqlList(r.projection, 'FLOAT[]') }));
  const res = await write('list_snappy.parquet', cols, lit, [7, 13, 20, 5, 15], 'COMPRESSION snappy');
  record('list_snappy.parquet', res, src, { column: 'embedding', labels: ['id', 'species', 'cluster', 'is_train'], others: ['projection'] });
}

// 2. FLOAT[16] embeddings (DuckDB fixed-size ARRAY), row groups of 10, zstd, no preferred name.
//    Parquet has no fixed-size list: DuckDB (like Arrow's fixed_size_list) writes a plain LIST.
{
  const n = 40;
  const src = Array.from({ length: n }, (_, i) => ({ vec16: vec(16), label: maybe(0.2, `class_${i % 5}`), year: maybe(0.1, 2000 + (i % 3)) }));
  const cols = [['vec16', 'FLOAT[16]'], ['label', 'VARCHAR'], ['year', 'SMALLINT']];
  const lit = src.map((r) => ({ vec16: sqlList(r.vec16, 'FLOAT[16]'), label: sqlString(r.label), year: r.year ?? 'NULL' }));
  const res = await write('array_zstd.parquet', cols, lit, [10, 10, 10, 10], 'COMPRESSION zstd');
  record('array_zstd.parquet', res, src, { column: 'vec16', labels: ['label', 'year'] });
}

// 3. DOUBLE[] named `vector`, one row group, gzip.
{
  const n = 12;
  const src = Array.from({ length: n }, (_, i) => ({ vector: vec(5, gauss), text: `doc ${i % 4}` }));
  const lit = src.map((r) => ({ vector: sqlList(r.vector, 'DOUBLE[]'), text: sqlString(r.text) }));
  const res = await write('double_gzip.parquet', [['vector', 'DOUBLE[]'], ['text', 'VARCHAR']], lit, [n], 'COMPRESSION gzip');
  record('double_gzip.parquet', res, src, { column: 'vector', labels: ['text'] });
}

// 4. The fuzz seed: tiny, two row groups, snappy, one label column.
{
  const src = Array.from({ length: 6 }, (_, i) => ({ embedding: vec(3), y: i % 2 }));
  const lit = src.map((r) => ({ embedding: sqlList(r.embedding, 'FLOAT[]'), y: r.y }));
  const res = await write('fuzz_tiny.parquet', [['embedding', 'FLOAT[]'], ['y', 'INTEGER']], lit, [3, 3], 'COMPRESSION snappy');
  record('fuzz_tiny.parquet', res, src, { column: 'embedding', labels: ['y'] });
}

// 5. A wide table as pandas writes pd.DataFrame(X).to_parquet(): one FLOAT column per dimension named
//    "0".."11", a label column with NULLs, and pandas' stored index __index_level_0__ (not a label set).
{
  const n = 24;
  const d = 12;
  const dims = Array.from({ length: d }, (_, j) => String(j));
  const src = Array.from({ length: n }, (_, i) => ({ x: vec(d), label: maybe(0.2, pick(['noun', 'verb', 'adj'])), index: 100 + i * 3 }));
  const cols = [...dims.map((c) => [c, 'FLOAT']), ['label', 'VARCHAR'], ['__index_level_0__', 'BIGINT']];
  const lit = src.map((r) => ({ ...Object.fromEntries(dims.map((c, j) => [c, `'${r.x[j]}'::DOUBLE::FLOAT`])), label: sqlString(r.label), __index_level_0__: r.index }));
  const res = await write('wide_pandas.parquet', cols, lit, [9, 9, 6], 'COMPRESSION snappy');
  res.rows.forEach((r, i) => dims.forEach((c, j) => {
    if (Number(r[c]) !== src[i].x[j]) throw new Error(`wide_pandas row ${i} column ${c}: DuckDB read back ${r[c]}, wrote ${src[i].x[j]}`);
  }));
  expected['wide_pandas.parquet'] = {
    column: '0 … 11 (12 columns)',
    columns: dims,
    rows: n,
    dim: d,
    groups: res.groups,
    values: res.rows.flatMap((r) => dims.map((c) => Number(r[c]))),
    labels: { label: res.rows.map((r) => asLabel(r.label)) },
    others: {},
  };
}

// Files that must not open (or must fail while reading), with the message they should give.
async function failing(name, cols, rows, groups, error) {
  await write(name, cols, rows, groups, 'COMPRESSION snappy');
  expected[name] = { error };
}
const row = (d) => sqlList(vec(d), 'FLOAT[]');
await failing('ragged.parquet', [['embedding', 'FLOAT[]'], ['k', 'INTEGER']],
  Array.from({ length: 30 }, (_, i) => ({ embedding: row(i === 23 ? 7 : 8), k: i })), [10, 10, 10], 'row 23 has 7 values');
await failing('null_in_vector.parquet', [['embedding', 'FLOAT[]']],
  Array.from({ length: 20 }, (_, i) => ({ embedding: i === 9 ? `[1.0, NULL, 3.0]::FLOAT[]` : row(3) })), [10, 10], 'row 9 has a null value');
await failing('null_vector.parquet', [['embedding', 'FLOAT[]']],
  Array.from({ length: 8 }, (_, i) => ({ embedding: i === 4 ? 'NULL' : row(3) })), [8], 'row 4 has no vector (null)');
await failing('no_list.parquet', [['a', 'DOUBLE'], ['name', 'VARCHAR'], ['tags', 'VARCHAR[]']],
  Array.from({ length: 5 }, (_, i) => ({ a: `'${i}'::DOUBLE`, name: sqlString(`n${i}`), tags: `['x', 'y']` })), [5], 'no list-of-numbers column and fewer than two float columns');
await failing('wide_null.parquet', ['0', '1', '2', '3'].map((c) => [c, 'DOUBLE']),
  Array.from({ length: 12 }, (_, i) => Object.fromEntries(['0', '1', '2', '3'].map((c) => [c, i === 7 && c === '2' ? 'NULL' : `'${gauss()}'::DOUBLE`]))), [6, 6], 'row 7 has no value (null) in column "2"');
await failing('empty.parquet', [['embedding', 'FLOAT[]'], ['y', 'INTEGER']], [], [], 'has no rows');

writeFileSync(join(OUT, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
console.log('wrote', Object.keys(expected).length, 'fixtures to', OUT);
