// Writes test/fixtures/parity/parity.parquet with DuckDB from parity.csv (same rows as every other
// parity container): an `embedding` FLOAT[] list column and a `label` INTEGER column; and
// parity_wide.parquet, the same as one FLOAT column per dimension.
// DuckDB is a dev tool only (see gen_parquet_fixtures.mjs for installing it into .tools/duckdb).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(resolve('.tools/duckdb/package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await db.connect();
const cols = Array.from({ length: 8 }, (_, k) => `CAST(f${k} AS FLOAT)`).join(', ');
await con.run(`COPY (SELECT [${cols}]::FLOAT[] AS embedding, CAST(label AS INTEGER) AS label
  FROM read_csv('test/fixtures/parity/parity.csv', header = true, all_varchar = true)) TO 'test/fixtures/parity/parity.parquet' (FORMAT parquet)`);
// The same rows as pandas' pd.DataFrame(X).to_parquet() lays them out: one FLOAT column per dimension.
const wide = Array.from({ length: 8 }, (_, k) => `CAST(f${k} AS FLOAT) AS "${k}"`).join(', ');
await con.run(`COPY (SELECT ${wide}, CAST(label AS INTEGER) AS label
  FROM read_csv('test/fixtures/parity/parity.csv', header = true, all_varchar = true)) TO 'test/fixtures/parity/parity_wide.parquet' (FORMAT parquet)`);
console.log('wrote test/fixtures/parity/parity.parquet and parity_wide.parquet');
