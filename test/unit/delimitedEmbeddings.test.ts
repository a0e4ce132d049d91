import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryByteSource } from '../../src/core/formats/byteSource';
import { openDelimited, parseNumberText, parseVectorText, type DelimitedOpenOptions } from '../../src/core/formats/delimitedEmbeddings';
import { InputError } from '../../src/core/formats/errors';
import type { OpenedEmbeddings } from '../../src/core/formats/opened';
import { readIndexedRecords, scanRecords } from '../../src/core/formats/textIndex';
import { FileByteSource } from '../../src/node/fileByteSource';
import { rng } from './support/fuzz';
import { CountingSource } from './support/countingSource';
import { assertChunkedReadsMatch, fuzzTextCase, isInputError, plain, pyFloat, readAll, rowsOf } from './support/textReaders';

const DIR = 'test/fixtures/text';
interface Expected {
  format: string;
  rows: number;
  dim: number;
  tensor: string;
  values: string[];
  labels: Record<string, Array<string | null>>;
}
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
const FIXTURES = ['tensors.tsv', 'vectors.tsv', 'savetxt.tsv', 'table.csv', 'vectors_json.csv', 'vectors_numpy.tsv', 'vectors_np2.csv'];

const enc = new TextEncoder();
const open = (name: string, content: string | Uint8Array, opts?: DelimitedOpenOptions): Promise<OpenedEmbeddings> =>
  openDelimited(new MemoryByteSource(name, typeof content === 'string' ? enc.encode(content) : content), opts);
const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));

test('fixtures from real writers read to the exact values, labels and chosen columns', async () => {
  for (const name of FIXTURES) {
    const want = EXPECTED[name]!;
    const src = await FileByteSource.open(join(DIR, name), name);
    try {
      const o = await openDelimited(src);
      assert.equal(o.info.format, want.format, name);
      assert.equal(o.info.tensor, want.tensor, name);
      assert.deepEqual([o.embeddings.layers, o.embeddings.rows, o.embeddings.dim], [1, want.rows, want.dim], name);
      const all = await readAll(o);
      assert.equal(all.length, want.values.length, name);
      want.values.forEach((v, i) => assert.ok(Object.is(all[i], pyFloat(v)), `${name}[${i}]: ${all[i]} vs ${v}`));
      assert.deepEqual(plain(o.labelSets), want.labels, name);
    } finally {
      await src.close();
    }
  }
});

test('fixtures: readRows in chunks and random ranges equals a full read, at any index spacing and read size', async () => {
  const rnd = rng(11);
  for (const name of FIXTURES) {
    const bytes = fixtureBytes(name);
    const full = await readAll(await open(name, bytes));
    for (const [chunkSize, indexEvery] of [[1 << 20, 256], [7, 1], [64, 3], [1000, 16]] as const) {
      const o = await open(name, bytes, { chunkSize, indexEvery });
      assert.deepEqual(await readAll(o), full, `${name} chunk ${chunkSize} every ${indexEvery}`);
      await assertChunkedReadsMatch(o, full, [1, 5, 17], rnd, `${name} chunk ${chunkSize} every ${indexEvery}`);
    }
  }
});

test('the pandas-style table: index column skipped, whole-number "class" is a label, float cells exact', async () => {
  const o = await open('table.csv', fixtureBytes('table.csv'));
  assert.deepEqual(
    o.info.available?.map((a) => `${a.name}:${a.role}`),
    ['column 1:other', ...Array.from({ length: 16 }, (_, k) => `f${k}:embeddings`), 'pos:labels', 'lang:labels', 'class:labels'],
  );
  assert.deepEqual(o.labelSets.find((s) => s.name === 'class')!.values.sort(), ['0', '1', '2', '3', '4']);
});

test('column overrides: a list of feature columns (in that order), one vector column, one numeric column', async () => {
  const table = fixtureBytes('table.csv');
  const all = await rowsOf(await open('table.csv', table));
  const picked = await open('table.csv', table, { column: 'f3, f1' });
  assert.equal(picked.embeddings.dim, 2);
  assert.deepEqual(await rowsOf(picked), all.map((r) => [r[3]!, r[1]!]));
  // every other column becomes a label set, numeric ones included
  assert.ok(picked.labelSets.some((s) => s.name === 'f0') && picked.labelSets.some((s) => s.name === 'pos'));
  const cls = await open('table.csv', table, { column: 'class' });
  assert.equal(cls.embeddings.dim, 1);
  assert.deepEqual((await rowsOf(cls)).slice(0, 3).map((r) => r[0]), EXPECTED['table.csv']!.labels['class']!.slice(0, 3).map((v) => (v === null ? NaN : Number(v))));
  const vec = await open('vectors_json.csv', fixtureBytes('vectors_json.csv'), { column: 'embedding' });
  assert.equal(vec.embeddings.dim, 12);
  await assert.rejects(open('table.csv', table, { column: 'f99' }), isInputError("has no column 'f99' (columns: 'column 1', 'f0',"));
  await assert.rejects(open('table.csv', table, { column: 'f0,pos' }), isInputError(/line 2, column 'pos': 'NOUN' is not a number; the column was chosen with --column/));
  await assert.rejects(open('v.csv', 'a,b,c\n"[1,2]","[3,4]",x\n', { column: 'a,b' }), isInputError("column 'a' holds whole vectors"));
  await assert.rejects(open('v.csv', 'a,b\n1,2\n', { column: ' , ' }), isInputError('names no column'));
});

test('column inference: label-named whole numbers are labels; other numbers are features', async () => {
  const o = await open('x.csv', 'x,y,label,class_id,layer,yTrue,count\n0.5,1.5,1,7,3,0,2\n-1,2.25,2,7,3,1,5\n');
  assert.equal(o.info.tensor, 'x,y,count');
  assert.deepEqual(await rowsOf(o), [[0.5, 1.5, 2], [-1, 2.25, 5]]);
  assert.deepEqual(plain(o.labelSets), { label: ['1', '2'], class_id: ['7', '7'], layer: ['3', '3'], yTrue: ['0', '1'] });
  // quantised features without label names stay features; an empty header cell over whole numbers is pandas' index
  const q = await open('q.csv', ',a,b\n0,1,0\n1,0,1\n2,1,1\n');
  assert.deepEqual([q.info.tensor, q.labelSets.length], ['a,b', 0]);
  // pandas writes integer column names for a frame made from an array
  const p = await open('p.csv', ',0,1,2\n0,0.5,0.25,1\n1,0.75,1.5,2\n');
  assert.deepEqual(await rowsOf(p), [[0.5, 0.25, 1], [0.75, 1.5, 2]]);
  const p2 = await open('p.csv', '0,1,2\n0.5,0.25,1\n');
  assert.equal(p2.embeddings.rows, 1);
  // …but 0,1 over whole numbers is data, and so is a first row with numbers and text under text
  assert.equal((await open('d.csv', '0,1\n1,0\n')).embeddings.rows, 2);
  const h = await open('h.csv', '0.1,0.2,cat\n0.3,0.4,dog\n');
  assert.deepEqual([h.embeddings.rows, plain(h.labelSets)], [2, { 'column 3': ['cat', 'dog'] }]);
  // a name over a column of numbers makes a header, even beside numeric names
  const m = await open('m.csv', 'id,1,2\n5,0.5,0.5\n');
  assert.deepEqual([m.embeddings.rows, m.info.tensor], [1, 'id,1,2']);
  // duplicate and blank names are numbered
  assert.deepEqual((await open('n.csv', 'a,a,,t\n1,2,0.5,x\n')).info.available?.map((a) => a.name), ['a', 'a (2)', 'column 3', 't']);
});

test('numbers: NaN/inf spellings and empty feature cells are NaN; hex and words are not numbers', async () => {
  const o = await open('n.tsv', 'a\tb\tc\nnan\tInf\t-inf\nNaN\t-Infinity\t\n+1.5e-3\t.5\t5.\n');
  assert.deepEqual(await rowsOf(o), [[NaN, Infinity, -Infinity], [NaN, -Infinity, NaN], [0.0015, 0.5, 5]]);
  for (const s of ['0x1f', '', ' ', '1_000', 'e5', '1e', '--1', 'infinite', 'na']) assert.equal(parseNumberText(s), undefined, s);
  assert.equal(parseNumberText(' 0.1 '), 0.1);
  // The famous hard-to-parse double (it hung PHP and Java): the literal is meant to be written this way.
  // eslint-disable-next-line no-loss-of-precision
  assert.equal(parseNumberText('2.2250738585072011e-308'), 2.2250738585072011e-308);
  assert.deepEqual(parseVectorText('array([1., 2.5], dtype=float32)'), [1, 2.5]);
  assert.deepEqual(parseVectorText('[1 ,2 , 3]'), [1, 2, 3]);
  assert.match(parseVectorText('[1,,2]') as string, /empty entry/);
  assert.match(parseVectorText('[[1, 2]]') as string, /nested/);
});

test('vector columns: the preferred name wins among several; otherwise the choice is asked for', async () => {
  const o = await open('v.csv', 'a,vector,label\n"[1,2]","[3, 4]",x\n"[5,6]","[7, 8]",y\n');
  assert.deepEqual([o.info.tensor, await rowsOf(o)], ['vector', [[3, 4], [7, 8]]]);
  assert.deepEqual(Object.keys(plain(o.labelSets)), ['a', 'label']);
  await assert.rejects(open('v.csv', 'a,b\n"[1,2]","[3, 4]"\n'), isInputError("has several columns of vectors ('a', 'b'); choose one with --column"));
  // one vector per line, no header, no quotes needed in a TSV
  assert.deepEqual(await rowsOf(await open('v.tsv', '[1, 2]\t7\n[3, 4]\t8\n')), [[1, 2], [3, 4]]);
});

test('separator: from the extension, else sniffed from the first line, or given', async () => {
  assert.deepEqual(await rowsOf(await open('e.txt', 'a\tb\n1\t2,5\n', { column: 'a' })), [[1]]);
  assert.deepEqual([(await open('e.txt', '"x,1",b,c\n1,2,3\n')).info.format], ['csv']);
  assert.deepEqual(await rowsOf(await open('e', '[1, 2]\n[3, 4]\n')), [[1, 2], [3, 4]]);
  assert.deepEqual(await rowsOf(await open('e.csv', 'a\tb\n1\t2\n', { separator: '\t' })), [[1, 2]]);
  assert.equal((await open('e', '\n\n1\t2\n')).info.format, 'tsv');
  await assert.rejects(open('e.csv', 'a\tb\n1\t2\n'), isInputError("(columns: 'a\tb', read from the header line) — the first line has tabs: is the file really tab-separated?"));
});

test('byte offsets survive a UTF-8 BOM, multi-byte labels, CRLF, lone CR and UTF-16', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => `${i}.5,"ü${'🐍'.repeat(i % 3)}\r\nx",${-i}`);
  const text = `\ufeffa,lbl,b\r\n${rows.join('\r\n')}\r\n`;
  const want = Array.from({ length: 40 }, (_, i) => [i + 0.5, -i || 0]);
  const utf16 = (t: string, le: boolean): Uint8Array => {
    const out = new Uint8Array(2 * t.length);
    const view = new DataView(out.buffer);
    for (let i = 0; i < t.length; i++) view.setUint16(2 * i, t.charCodeAt(i), le);
    return out;
  };
  const rnd = rng(3);
  const cr = text.replace(/\r\n/g, '\r');
  const variants: Array<[Uint8Array, string]> = [[enc.encode(text), '\r\n'], [enc.encode(cr), '\r'], [utf16(text, true), '\r\n'], [utf16(cr, false), '\r']];
  for (const [bytes, br] of variants) {
    for (const chunkSize of [1, 2, 5, 64]) {
      const o = await open('u.csv', bytes, { chunkSize, indexEvery: 1 + (chunkSize % 4) });
      const full = await readAll(o);
      assert.deepEqual(await rowsOf(o), want);
      await assertChunkedReadsMatch(o, full, [1, 3], rnd, `chunk ${chunkSize}`);
      assert.equal(o.labelSets[0]!.values[1], `ü🐍${br}x`);
    }
  }
});

test('textIndex: a record re-read from its indexed offset equals the record as scanned', async () => {
  const rnd = rng(5);
  const parts = ['a', 'é', '🐍', ',', '"', '\n', '\r\n', '\r', ' ', '\ufeff', '""'];
  for (let c = 0; c < 200; c++) {
    const text = (c % 2 ? '\ufeff' : '') + Array.from({ length: 5 + Math.floor(rnd() * 60) }, () => parts[Math.floor(rnd() * parts.length)]).join('');
    const src = new MemoryByteSource('t.csv', enc.encode(text));
    const opts = { separator: ',', quotes: true };
    const scanned: Array<[string[], number]> = [];
    let index;
    try {
      index = await scanRecords(src, opts, { chunkSize: 1 + (c % 7), indexEvery: 1 }, (f, line) => void scanned.push([f, line]));
    } catch (e) {
      assert.ok(e instanceof InputError, String(e));
      continue;
    }
    for (let i = 0; i < scanned.length; i++) {
      const got: Array<[string[], number]> = [];
      await readIndexedRecords(src, index, opts, { chunkSize: 3 }, i, 1, (f, line) => void got.push([f, line]));
      assert.deepEqual(got, [scanned[i]], `case ${c} record ${i}: ${JSON.stringify(text)}`);
    }
  }
});

test('errors name the file, the line and the fix', async () => {
  await assert.rejects(open('e.csv', ''), isInputError('e.csv: is empty'));
  await assert.rejects(open('e.csv', '\ufeff\n\n  \r\n'), isInputError('e.csv: has only blank lines'));
  await assert.rejects(open('h.csv', 'f0,f1,label\r\n'), isInputError("h.csv: has a header line (line 1: 'f0', 'f1', 'label') but no data rows"));
  await assert.rejects(open('h.csv', '\n\nf0,f1\n\n'), isInputError('has a header line (line 3'));
  await assert.rejects(open('r.tsv', '1\t2\n3\t4\n5\n'), isInputError('r.tsv: line 3 has 1 field but line 1 has 2; every line needs the same number of fields separated by a tab'));
  await assert.rejects(open('r.csv', 'a,b\n"x\ny",1\n1,2,3\n'), isInputError('line 4 has 3 fields but the header (line 1) has 2'));
  await assert.rejects(open('q.csv', 'a,b\n1,"2\n3,4\n'), isInputError('quoted field starting on line 2 that never ends'));
  await assert.rejects(open('t.txt', new Uint8Array([0x31, 0x2c, 0xe9, 0x0a])), isInputError('is not UTF-8 text'));
  await assert.rejects(open('n.csv', 'a,b\nx,y\n'), isInputError("has no column of numbers or [ … ] vectors to use as embeddings (columns: 'a', 'b', read from the header line)"));
  // a cell that breaks a column of numbers after the rows that chose the roles
  const many = ['f0,f1,tag', ...Array.from({ length: 300 }, (_, i) => `${i},0.5,t`), '1,oops,t', '2,3,t'].join('\n');
  await assert.rejects(open('m.csv', many), isInputError("m.csv: line 302, column 'f1': 'oops' is not a number; the first rows made it a column of numbers"));
  await assert.rejects(open('v.csv', 'e\n"[1, 2]"\n"[1, 2, 3]"\n'), isInputError("v.csv: line 3: the vector in column 'e' has 3 values but line 2 has 2"));
  await assert.rejects(open('v.csv', 'e\n"[1, 2]"\n"[1, x]"\n'), isInputError("line 3, column 'e': the vector has 'x', which is not a number"));
  await assert.rejects(open('v.csv', 'e,l\n"[1, 2]",a\n"",b\n'), isInputError("line 3, column 'e': the vector is empty"));
  await assert.rejects(open('v.csv', 'e,l\n"[1, 2]",a\n"[1 ... 2]",b\n'), isInputError("line 3, column 'e': the vector is abbreviated with '...'"));
  await assert.rejects(open('v.csv', 'e,l\n[],a\n'), isInputError("line 2, column 'e': the vector is an empty vector"));
});

test('a file changed on disk after opening is an InputError, not a crash', async () => {
  const bytes = enc.encode('a,b\n' + Array.from({ length: 50 }, (_, i) => `${i},1`).join('\n') + '\n');
  const src = new MemoryByteSource('c.csv', bytes);
  const o = await openDelimited(src, { indexEvery: 4 });
  bytes.fill(0x0a, 60); // the rows after byte 60 become blank lines
  await assert.rejects(o.embeddings.readRows(0, 40, 5), isInputError('c.csv: changed on disk since it was opened'));
  bytes.set(enc.encode('x,1\n'), 4);
  await assert.rejects(o.embeddings.readRows(0, 0, 1), isInputError("c.csv: line 2, column 'a': 'x' is not a number"));
});

test('readRows checks its arguments', async () => {
  const o = await open('t.tsv', '1\t2\n3\t4\n');
  assert.deepEqual(await o.embeddings.readRows(0, 2, 0), new Float64Array(0));
  for (const [l, s, n] of [[1, 0, 1], [0, 0, 3], [0, 3, 0], [0, -1, 1], [0, 0.5, 1]]) await assert.rejects(o.embeddings.readRows(l!, s!, n!), RangeError);
});

test('a small readRows after opening reads only the bytes near those rows', async () => {
  const text = 'f0\tf1\tf2\tlabel\n' + Array.from({ length: 20000 }, (_, i) => `${i}\t${i / 7}\t-${i}e-3\tc${i % 5}`).join('\n') + '\n';
  const src = new CountingSource(new MemoryByteSource('big.tsv', enc.encode(text)));
  const o = await openDelimited(src);
  assert.ok(src.bytes >= src.size && src.largest <= 1 << 20);
  for (const start of [0, 9000, 19990]) {
    src.bytes = 0;
    const rows = await o.embeddings.readRows(0, start, 10);
    assert.deepEqual(Array.from(rows.subarray(0, 3)), [start, start / 7, Number(`-${start}e-3`)]);
    assert.ok(src.bytes < src.size / 20, `read ${src.bytes} of ${src.size} bytes for 10 rows`);
  }
});

test('fuzz: mutated tables either open and read every row, or fail with InputError', async () => {
  const bases = [
    '0.1\t0.2\t0.3\n-1e-3\tnan\t4\n5\t6\t7\n',
    ',f0,f1,pos,class\r\n0,1.5,2,"NOUN, x",3.0\r\n1,0.25,-2,"say ""hi""",\r\n2,inf,3,ADJ,1\r\n',
    'id,text,embedding\n1,"two\nlines","[0.1, 0.2, 0.3]"\n2,b,"[ 0.4 -0.5\n  0.6]"\n3,c,"[np.float32(1.5), 2, 3]"\n',
  ];
  const inserts = [',', '\t', '"', '[', ']', '\n', '\r\n', '\r', ' ', 'x', 'nan', '...', '1e309', ',,', '""', '\ufeff', 'é'];
  const rnd = rng(2024);
  let opened = 0;
  const errors = new Map<string, number>();
  for (let c = 0; c < 1200; c++) {
    let bytes = enc.encode(bases[c % bases.length]!);
    for (let m = 1 + Math.floor(rnd() * 3); m > 0; m--) {
      const at = Math.floor(rnd() * (bytes.length + 1));
      const kind = rnd();
      if (kind < 0.25) bytes = bytes.slice(0, at);
      else if (kind < 0.5 && bytes.length > 0) {
        bytes = bytes.slice();
        bytes[Math.min(at, bytes.length - 1)] = Math.floor(rnd() * 256);
      } else if (kind < 0.6) bytes = Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + 1 + Math.floor(rnd() * 5))]);
      else bytes = Uint8Array.from([...bytes.slice(0, at), ...enc.encode(inserts[Math.floor(rnd() * inserts.length)]!), ...bytes.slice(at)]);
    }
    const name = (c / 3) % 2 < 1 ? 'f' : ['f.tsv', 'f.csv', 'f.csv'][c % 3]!;
    // the message up to its first number or quote
    if (await fuzzTextCase((b, o) => open(name, b, o), bytes, rnd, c, errors, (problem) => problem.replace(/[^a-z ].*/, ''))) opened++;
  }
  assert.ok(opened > 300, `only ${opened} of 1200 fuzz cases opened`);
  assert.ok(errors.size >= 5, `the fuzz reached only these errors: ${[...errors.keys()].join(' | ')}`);
});
