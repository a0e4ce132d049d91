import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryByteSource } from '../../src/core/formats/byteSource';
import { openJsonl, type JsonlOpenOptions } from '../../src/core/formats/jsonl';
import type { OpenedEmbeddings } from '../../src/core/formats/opened';
import { FileByteSource } from '../../src/node/fileByteSource';
import { rng } from './support/fuzz';
import { CountingSource } from './support/countingSource';
import { assertChunkedReadsMatch, fuzzTextCase, isInputError, plain, pyFloat, readAll, rowsOf } from './support/textReaders';

const DIR = 'test/fixtures/text';
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8'))['sentences.jsonl'] as {
  rows: number;
  dim: number;
  values: string[];
  labels: Record<string, Array<string | null>>;
};
const FIXTURE = new Uint8Array(readFileSync(join(DIR, 'sentences.jsonl')));

const enc = new TextEncoder();
const open = (content: string | Uint8Array, opts?: JsonlOpenOptions, name = 'e.jsonl'): Promise<OpenedEmbeddings> =>
  openJsonl(new MemoryByteSource(name, typeof content === 'string' ? enc.encode(content) : content), opts);

test('bare arrays, one json.dumps(list) per line, read to the exact values (Infinity and NaN included)', async () => {
  const want = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8'))['vectors.jsonl'] as { rows: number; dim: number; tensor: string; values: string[] };
  const o = await open(new Uint8Array(readFileSync(join(DIR, 'vectors.jsonl'))));
  assert.deepEqual([o.info.tensor, o.embeddings.rows, o.embeddings.dim, o.labelSets.length], [want.tensor, want.rows, want.dim, 0]);
  const all = await readAll(o);
  want.values.forEach((v, i) => assert.ok(Object.is(all[i], pyFloat(v)), `[${i}]: ${all[i]} vs ${v}`));
  assert.equal(all[3 * 6 + 2], Infinity);
  await assert.rejects(open('[1, 2]\n{"embedding": [1, 2]}\n'), isInputError('line 2 is an object but line 1 is a bare array'));
  await assert.rejects(open('{"embedding": [1, 2]}\n[1, 2]\n'), isInputError('line 2 is a bare array but line 1 is an object'));
  await assert.rejects(open('[1, 2]\n[1, 2, 3]\n'), isInputError('has 3 values but line 1 has 2'));
  await assert.rejects(open('[1, 2]\n', { column: 'embedding' }), isInputError('its lines are bare arrays'));
  await assert.rejects(open('[1, "a"]\n'), isInputError('not a number'));
  await assert.rejects(open('"text"\n'), isInputError('not a JSON object or array'));
});

test('sentence-transformers style JSONL (json.dumps) reads to the exact values and label sets', async () => {
  const src = await FileByteSource.open(join(DIR, 'sentences.jsonl'), 'sentences.jsonl');
  try {
    const o = await openJsonl(src);
    assert.deepEqual([o.info.format, o.info.tensor, o.embeddings.layers, o.embeddings.rows, o.embeddings.dim], ['jsonl', 'embedding', 1, EXPECTED.rows, EXPECTED.dim]);
    const all = await readAll(o);
    EXPECTED.values.forEach((v, i) => assert.ok(Object.is(all[i], pyFloat(v)), `[${i}]: ${all[i]} vs ${v}`));
    assert.ok(Number.isNaN(all[9 * 16 + 3]), "json.dumps's bare NaN reads as NaN");
    assert.deepEqual(plain(o.labelSets), EXPECTED.labels);
    assert.deepEqual(o.info.available?.map((a) => `${a.name}:${a.role}`), ['embedding:embeddings', 'text:labels', 'label:labels', 'source:labels']);
  } finally {
    await src.close();
  }
});

test('readRows in chunks and random ranges equals a full read, at any index spacing and read size', async () => {
  const rnd = rng(17);
  const full = await readAll(await open(FIXTURE));
  for (const [chunkSize, indexEvery] of [[1 << 20, 256], [5, 1], [97, 4], [4096, 7]] as const) {
    const o = await open(FIXTURE, { chunkSize, indexEvery });
    assert.deepEqual(await readAll(o), full);
    await assertChunkedReadsMatch(o, full, [1, 3, 10], rnd, `chunk ${chunkSize} every ${indexEvery}`);
  }
  // CRLF, a UTF-8 byte-order mark and blank lines between records change nothing
  const crlf = '\ufeff' + new TextDecoder().decode(FIXTURE).replace(/\n/g, '\r\n\r\n');
  for (const chunkSize of [3, 1 << 20]) {
    const o = await open(crlf, { chunkSize, indexEvery: 2 });
    assert.deepEqual(await readAll(o), full);
    assert.deepEqual(plain(o.labelSets), EXPECTED.labels);
    await assertChunkedReadsMatch(o, full, [7], rnd, `crlf chunk ${chunkSize}`);
  }
});

test('the vector field: preferred names, any case, the only array of numbers, or --column', async () => {
  assert.equal((await open('{"emb":[1],"vector":[2,3]}\n')).info.tensor, 'vector');
  assert.equal((await open('{"Embedding":[1,2],"x":[3]}\n')).info.tensor, 'Embedding');
  const only = await open('{"id":"a","feats":[1,2,null],"tags":["x"],"meta":{"k":1}}\n');
  assert.deepEqual([only.info.tensor, await rowsOf(only)], ['feats', [[1, 2, NaN]]]);
  assert.deepEqual(only.info.available?.map((a) => `${a.name}:${a.role}`), ['feats:embeddings', 'id:labels', 'tags:other', 'meta:other']);
  const chosen = await open('{"a":[1,2],"b":[3,4,5],"c":"x"}\n{"a":[0,0],"b":[6,7,8]}\n', { column: 'b' });
  assert.deepEqual([await rowsOf(chosen), plain(chosen.labelSets)], [[[3, 4, 5], [6, 7, 8]], { c: ['x', null] }]);
  await assert.rejects(open('{"a":[1,2],"b":[3]}\n'), isInputError('e.jsonl: line 1 has several arrays of numbers ("a", "b"); choose the embedding field with --column'));
  await assert.rejects(open('\n{"a":"x","b":2}\n'), isInputError('e.jsonl: line 2 has no array of numbers to use as the embedding (it has fields "a", "b"); name the field with --column'));
  await assert.rejects(open('{"a":[1,2]}\n', { column: 'z' }), isInputError('line 1 has no "z" field (it has fields "a"); every line needs its vector'));
  await assert.rejects(open('{"a":"1,2"}\n', { column: 'a' }), isInputError('line 1: "a" is the string "1,2", not an array of numbers'));
});

test('label fields: strings, numbers, bools; null and absent are missing; fields may appear late', async () => {
  const o = await open(['{"v":[1],"s":"cat","n":3,"b":true,"z":null}', '{"v":[2],"s":"dog","n":3.0,"b":false,"late":"x"}', '{"v":[3],"n":-0.5,"s":{"no":1}}'].join('\n'));
  assert.deepEqual(plain(o.labelSets), { s: ['cat', 'dog', null], n: ['3', '3', '-0.5'], b: ['true', 'false', null], z: [null, null, null], late: [null, 'x', null] });
  // keys named like Object.prototype members are just fields
  const p = await open('{"__proto__":"a","constructor":"b","embedding":[1]}\n');
  assert.deepEqual(p.labelSets.map((s) => [s.name, s.values]), [['__proto__', ['a']], ['constructor', ['b']]]);
});

test("Python's NaN / Infinity / -Infinity, and JS's null, are non-finite values; strings stay strings", async () => {
  const o = await open('{"t":"NaN Infinity","embedding":[NaN, Infinity,-Infinity,null, 1e308],"label":NaN,"l2":-Infinity}\n');
  assert.deepEqual(await rowsOf(o), [[NaN, Infinity, -Infinity, NaN, 1e308]]);
  assert.deepEqual(plain(o.labelSets), { t: ['NaN Infinity'], label: [null], l2: ['-Infinity'] });
  await assert.rejects(open('{"embedding":[Nan]}\n'), isInputError('line 1 is not valid JSON'));
});

test('errors name the file and the line', async () => {
  await assert.rejects(open(''), isInputError('e.jsonl: is empty'));
  await assert.rejects(open('\n \r\n\n'), isInputError('e.jsonl: has only blank lines'));
  await assert.rejects(open('{"embedding":[1,2]}\n\n{"embedding":[1,2]\n'), isInputError(/^e\.jsonl: line 3 is not valid JSON( at column \d+)?: '\{"embedding":\[1,2\]'; JSONL needs one complete JSON object on each line$/));
  await assert.rejects(open('{"embedding":[1,2]}\n[1,2]\n'), isInputError('e.jsonl: line 2 is a bare array but line 1 is an object; use one form on every line'));
  await assert.rejects(open('{"embedding":[1,2]}\n"x"\n'), isInputError('line 2 is the string "x", not a JSON object or array'));
  await assert.rejects(open('{"embedding":[1,2]}\n{"label":1}\n'), isInputError('line 2 has no "embedding" field (it has fields "label"); every line needs its vector, or choose the field with --column'));
  await assert.rejects(open('{"embedding":[1,2]}\n{"embedding":[1,"2"]}\n'), isInputError('line 2: "embedding"[1] is the string "2", not a number'));
  await assert.rejects(open('{"embedding":[1,2]}\n{"embedding":[[1,2]]}\n'), isInputError('line 2: "embedding" has 1 values but line 1 has 2'));
  await assert.rejects(open('{"embedding":[[1],[2]]}\n'), isInputError('line 1: "embedding"[0] is an array ([1]), not a number'));
  await assert.rejects(open('\n\n{"embedding":[1,2]}\r\n{"embedding":[1,2,3]}\r\n'), isInputError('e.jsonl: line 4: "embedding" has 3 values but line 3 has 2; every row needs a vector of the same length'));
  await assert.rejects(open('{"embedding":[]}\n'), isInputError('line 1: "embedding" is an empty array'));
  await assert.rejects(open('{"embedding":{"a":1}}\n'), isInputError('line 1: "embedding" is an object ({"a":1}), not an array of numbers'));
  await assert.rejects(open(new Uint8Array([0x7b, 0xff, 0x7d])), isInputError('is not UTF-8 text'));
});

test('readRows checks its arguments', async () => {
  const o = await open('{"v":[1,2]}\n{"v":[3,4]}\n');
  assert.deepEqual(await o.embeddings.readRows(0, 1, 0), new Float64Array(0));
  for (const [l, s, n] of [[1, 0, 1], [0, 0, 3], [0, 3, 0], [0, -1, 1]]) await assert.rejects(o.embeddings.readRows(l!, s!, n!), RangeError);
});

test('a small readRows after opening reads only the bytes near those rows', async () => {
  const text = Array.from({ length: 20000 }, (_, i) => JSON.stringify({ text: `s${i}`, label: i % 4, embedding: [i, i / 3, -i] })).join('\n');
  const src = new CountingSource(new MemoryByteSource('big.jsonl', enc.encode(text)));
  const o = await openJsonl(src);
  assert.ok(src.bytes >= src.size);
  for (const start of [0, 12345, 19995]) {
    src.bytes = 0;
    const rows = await o.embeddings.readRows(0, start, 5);
    assert.deepEqual(Array.from(rows.subarray(0, 3)), [start, start / 3, -start || 0]);
    assert.ok(src.bytes < src.size / 20, `read ${src.bytes} of ${src.size} bytes for 5 rows`);
  }
});

test('fuzz: mutated JSONL (objects, bare arrays) either opens and reads every row, or fails with InputError', async () => {
  const base = [
    '{"text": "a \\"q\\" \\u00e9", "label": 1, "embedding": [0.1, -2e-3, 3]}',
    '{"text": "b", "label": null, "embedding": [NaN, 1, 2], "ok": true}',
    '',
    '{"embedding": [4, 5, 6.5], "label": "x", "meta": {"k": [1]}}',
  ].join('\n');
  // and bare arrays, one per line (json.dumps(list))
  const bare = ['[0.1, -2e-3, 3]', '[NaN, 1, Infinity]', '', '[4, 5, 6.5]'].join('\n');
  const inserts = ['{', '}', '[', ']', '"', ',', ':', '\n', '\r\n', '\r', ' ', 'NaN', '-Infinity', 'null', '1e999', '\\', 'é', '\ufeff'];
  const rnd = rng(99);
  let opened = 0;
  const errors = new Map<string, number>();
  for (let c = 0; c < 1500; c++) {
    let bytes = enc.encode(c < 1200 ? base : bare);
    for (let m = 1 + Math.floor(rnd() * 2); m > 0; m--) {
      const at = Math.floor(rnd() * (bytes.length + 1));
      const kind = rnd();
      if (kind < 0.15) {
        // keeps the JSON valid: a digit becomes another digit
        const digits = [...bytes.keys()].filter((i) => bytes[i]! >= 0x30 && bytes[i]! <= 0x39);
        bytes = bytes.slice();
        if (digits.length) bytes[digits[Math.floor(rnd() * digits.length)]!] = 0x30 + Math.floor(rnd() * 10);
      } else if (kind < 0.25) bytes = bytes.slice(0, at);
      else if (kind < 0.45 && bytes.length > 0) {
        bytes = bytes.slice();
        bytes[Math.min(at, bytes.length - 1)] = rnd() < 0.5 ? Math.floor(rnd() * 128) : Math.floor(rnd() * 256);
      } else if (kind < 0.55) bytes = Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + 1 + Math.floor(rnd() * 5))]);
      else bytes = Uint8Array.from([...bytes.slice(0, at), ...enc.encode(inserts[Math.floor(rnd() * inserts.length)]!), ...bytes.slice(at)]);
    }
    if (await fuzzTextCase((b, o) => open(b, o), bytes, rnd, c, errors, (problem) => problem.replace(/^line \d+:? /, '').replace(/[^a-z ].*/, ''))) opened++;
  }
  assert.ok(opened > 200, `only ${opened} of 1500 fuzz cases opened`); // JSON breaks more easily than a table
  assert.ok(errors.size >= 5, `the fuzz reached only these errors: ${[...errors.keys()].join(' | ')}`);
});
