import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryByteSource } from '../../src/core/formats/byteSource';
import { InputError } from '../../src/core/formats/errors';
import { readLabels, type LabelSet, type ReadLabelsOptions } from '../../src/core/formats/labels';
import { FileByteSource } from '../../src/node/fileByteSource';
import { CountingSource } from './support/countingSource';

const LABELS = 'test/fixtures/labels';
const NPY = 'test/fixtures/npy';

const enc = new TextEncoder();
const read = (name: string, content: string | Uint8Array, opts?: ReadLabelsOptions): Promise<LabelSet[]> =>
  readLabels(new MemoryByteSource(name, typeof content === 'string' ? enc.encode(content) : content), opts);
const readFixture = async (dir: string, name: string, opts?: ReadLabelsOptions): Promise<LabelSet[]> => {
  const src = await FileByteSource.open(join(dir, name), name);
  try {
    return await readLabels(src, opts);
  } finally {
    await src.close();
  }
};
/** A set as { name: [label or null per row] }, easy to compare. */
const plain = (sets: LabelSet[]): Record<string, Array<string | null>> =>
  Object.fromEntries(sets.map((s) => [s.name, Array.from(s.codes, (c) => (c < 0 ? null : s.values[c]!))]));
const isInputError = (sub: string | RegExp) => (e: unknown) =>
  e instanceof InputError && (typeof sub === 'string' ? e.message.includes(sub) : sub.test(e.message));

test('.txt: every line is a label, header-looking lines included; blank lines are missing', async () => {
  const sets = await readFixture(LABELS, 'labels.txt');
  assert.deepEqual(plain(sets), { label: ['label', 'cat', 'dög', '🐍', null, 'cat'] });
  assert.deepEqual(sets[0]!.values, ['label', 'cat', 'dög', '🐍']);
  assert.deepEqual([...sets[0]!.codes], [0, 1, 2, 3, -1, 1]);
});

test('one-column .tsv has no header (TensorBoard convention); values in order of first appearance', async () => {
  const [set] = await readFixture(LABELS, 'metadata.tsv');
  assert.equal(set!.name, 'label');
  assert.deepEqual(set!.values, ['0', '1', '2', 'seven']);
  assert.deepEqual([...set!.codes], [0, 1, 2, 1, 0, -1, 2, 3, 1, 0]);
});

test('multi-column .tsv: header names the sets; BOM and CRLF handled; empty cells missing', async () => {
  assert.deepEqual(plain(await readFixture(LABELS, 'multi.tsv')), {
    digit: ['3', '4', '3', null],
    parity: ['odd', 'even', 'odd', null],
    source: ['scan', null, 'hand', 'scan'],
  });
});

test('.csv: RFC 4180 quotes with separators, doubled quotes and line breaks inside', async () => {
  assert.deepEqual(plain(await readFixture(LABELS, 'quoted.csv')), {
    name: ['Smith, J.', 'plain', null, 'plain'],
    comment: ['said "hi"', 'two\nlines', 'x', null],
  });
  // Quoted CRLF is data; text after a closing quote is kept; a quote mid-field is literal.
  assert.deepEqual(plain(await read('q.csv', 'a,b\r\n"x\r\ny","p"q\r\nab"c,""""\n')), { a: ['x\r\ny', 'ab"c'], b: ['pq', '"'] });
});

test('header cells: blanks become "column k", repeats are numbered', async () => {
  const sets = await read('h.csv', 'a,,a\n1,2,3\n');
  assert.deepEqual(sets.map((s) => s.name), ['a', 'column 2', 'a (2)']);
});

test('line endings: LF, CRLF, lone CR, with or without a final newline', async () => {
  for (const text of ['a\nb\nc', 'a\nb\nc\n', 'a\r\nb\r\nc\r\n', 'a\rb\rc\r', '\ufeffa\nb\nc']) {
    for (const name of ['l.txt', 'l.tsv', 'l.csv']) assert.deepEqual(plain(await read(name, text)), { label: ['a', 'b', 'c'] }, JSON.stringify(text));
  }
});

test('ragged rows are an InputError with the line number (counting lines inside quotes)', async () => {
  await assert.rejects(readFixture(LABELS, 'ragged.tsv'), isInputError('ragged.tsv: line 3 has 1 field but the header (line 1) has 2'));
  await assert.rejects(read('r.csv', 'a,b\n"x\ny",1\n1,2,3\n'), isInputError('line 4 has 3 fields'));
  await assert.rejects(read('r.tsv', 'a\nb\tc\n'), isInputError('line 2 has 2 fields but line 1 has 1'));
  await assert.rejects(read('r.tsv', 'a\tb\n1\t2\n\n3\t4\n'), isInputError('line 3 has 1 field'));
  await assert.rejects(read('u.csv', 'a,b\n"open,1\n2,3\n'), isInputError('quoted field starting on line 2 that never ends'));
});

test('row-count mismatch names both files and both counts', async () => {
  const rows = Array.from({ length: 1796 }, (_, i) => `${i % 10}\n`).join('');
  await assert.rejects(
    read('metadata.tsv', rows, { expectedRows: 1797, embeddingsName: 'embeddings.npy' }),
    (e: unknown) => e instanceof InputError && e.message === 'metadata.tsv: has 1796 rows but embeddings.npy has 1797 (a header line is expected only when there are two or more columns)',
  );
  await assert.rejects(read('l.txt', 'a\nb\n', { expectedRows: 3 }), isInputError('has 2 rows but the embeddings has 3 (every line'));
  await assert.rejects(readFixture(NPY, 'labels_u1.npy', { expectedRows: 4 }), isInputError(/labels_u1\.npy: has 5 rows but the embeddings has 4$/));
  assert.equal((await read('ok.tsv', rows, { expectedRows: 1796 }))[0]!.codes.length, 1796);
});

test('blank lines at the end are dropped only when that makes the count match', async () => {
  assert.deepEqual(plain(await read('t.txt', 'a\nb\n\n\n', { expectedRows: 2 })), { label: ['a', 'b'] });
  assert.deepEqual(plain(await read('t.txt', 'a\nb\n\n\n', { expectedRows: 3 })), { label: ['a', 'b', null] });
  assert.deepEqual(plain(await read('t.txt', 'a\nb\n\n\n')), { label: ['a', 'b', null, null] });
  await assert.rejects(read('t.txt', 'a\nb\n\n\n', { expectedRows: 1 }), isInputError('has 4 rows'));
  assert.deepEqual(plain(await read('t.tsv', 'x\ty\n1\t2\n\n\r\n')), { x: ['1'], y: ['2'] });
});

test('empty, header-only and non-UTF-8 files are InputErrors', async () => {
  await assert.rejects(read('e.tsv', ''), isInputError('e.tsv: is empty'));
  await assert.rejects(read('e.txt', '\ufeff'), isInputError('has no labels'));
  await assert.rejects(read('h.csv', 'a,b\n'), isInputError('has a header line but no rows'));
  await assert.rejects(readFixture(LABELS, 'latin1.txt'), isInputError('latin1.txt: is not UTF-8 text (Latin-1 or Windows-1252, perhaps?); save it with UTF-8 encoding'));
});

test('UTF-16 files with a byte-order mark (Excel "Unicode Text") are decoded', async () => {
  const utf16 = (text: string, le: boolean): Uint8Array => {
    const out = new Uint8Array(2 + 2 * text.length);
    const view = new DataView(out.buffer);
    view.setUint16(0, 0xfeff, le);
    for (let i = 0; i < text.length; i++) view.setUint16(2 + 2 * i, text.charCodeAt(i), le);
    return out;
  };
  const text = 'kind\tname\r\ncat\tMöwe 🐍\r\n';
  for (const le of [true, false]) {
    assert.deepEqual(plain(await read('excel.txt', utf16(text, le), { chunkSize: 3 })), { label: ['kind\tname', 'cat\tMöwe 🐍'] });
    assert.deepEqual(plain(await read('excel.tsv', utf16(text, le))), { kind: ['cat'], name: ['Möwe 🐍'] });
  }
  await assert.rejects(read('odd.txt', new Uint8Array([0xff, 0xfe, 0x61])), isInputError('is not valid utf-16le text'));
});

test('.npy labels: integers, bools, strings, bytes and whole-number floats', async () => {
  const i8 = JSON.parse(readFileSync(join(NPY, 'expected.json'), 'utf8'))['labels_i8.npy'].values as string[];
  assert.deepEqual(plain(await readFixture(NPY, 'labels_i8.npy')), { label: i8.map((v) => String(Number(v))) });
  assert.deepEqual(plain(await readFixture(NPY, 'labels_u1.npy')), { label: ['3', '1', '3', '0', '1'] });
  assert.deepEqual(plain(await readFixture(NPY, 'labels_b1.npy')), { label: ['True', 'False', 'False', 'True'] });
  assert.deepEqual(plain(await readFixture(NPY, 'labels_f8_integral.npy')), { label: ['0', '2', '1', '2', null, '-1'] });
  assert.deepEqual(plain(await readFixture(NPY, 'labels_U_le.npy')), { label: ['cat', 'dog', 'naïve', '🐍 snake', null, 'cat'] });
  assert.deepEqual(plain(await readFixture(NPY, 'labels_U_be.npy')), { label: ['cat', 'dog', 'ünï'] });
  assert.deepEqual(plain(await readFixture(NPY, 'labels_S.npy')), { label: ['alpha', 'b', null, 'alpha', 'gamma'] });
  assert.deepEqual(plain(await readFixture(NPY, 'labels_column.npy')), { label: ['2', '0', '2'] });
});

test('.npy labels: fractional floats, 2-D arrays and pickles are refused', async () => {
  await assert.rejects(readFixture(NPY, 'labels_f4_fractional.npy'), isInputError('holds non-integer values (0.5 at row 1)'));
  await assert.rejects(readFixture(NPY, 'f4_le.npy'), isInputError('labels must be a 1-D array'));
  await assert.rejects(readFixture(NPY, 'object.npy'), isInputError('never unpickles'));
});

test('the format follows the content: a .npy saved as labels.txt is still read as .npy', async () => {
  const bytes = new Uint8Array(readFileSync(join(NPY, 'labels_u1.npy')));
  assert.deepEqual(plain(await read('labels.txt', bytes)), { label: ['3', '1', '3', '0', '1'] });
  await assert.rejects(read('labels.npy', 'a\nb\n'), isInputError('is not a .npy file'));
});

test('text is read in chunks, and chunk boundaries never change the result', async () => {
  const text = '\ufeffname,ünï 🐍\r\n"a,\r\nb",é\r\n"x""y",🐍🐍\r\n,\r\nzz,"q"\r\n';
  const want = plain(await read('c.csv', text));
  assert.deepEqual(want, { name: ['a,\r\nb', 'x"y', null, 'zz'], 'ünï 🐍': ['é', '🐍🐍', null, 'q'] });
  for (let chunkSize = 1; chunkSize <= 20; chunkSize++) {
    const src = new CountingSource(new MemoryByteSource('c.csv', enc.encode(text)));
    assert.deepEqual(plain(await readLabels(src, { chunkSize })), want, `chunkSize ${chunkSize}`);
    // The one read that may be larger is the 6-byte sniff for the .npy magic.
    assert.ok(src.largest <= Math.max(chunkSize, 6) && src.reads.length >= Math.ceil(enc.encode(text).length / chunkSize));
  }
});

test('fuzz: random CSV/TSV/TXT text parses the same at every chunk size, or fails with InputError', async () => {
  let s = 7;
  const rnd = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const alphabet = ['a', 'b', ',', '\t', '"', '"', '\n', '\n', '\r', '\r\n', ' ', 'é', '🐍', '\ufeff'];
  let ok = 0;
  for (let i = 0; i < 500; i++) {
    const text = Array.from({ length: Math.floor(rnd() * 40) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const name = ['f.csv', 'f.tsv', 'f.txt'][i % 3]!;
    const bytes = rnd() < 0.1 ? Uint8Array.from({ length: 20 }, () => Math.floor(rnd() * 256)) : enc.encode(text);
    const outcome = async (chunkSize: number): Promise<string> => {
      try {
        return JSON.stringify(await readLabels(new MemoryByteSource(name, bytes), { chunkSize }), (_, v) => (v instanceof Int32Array ? [...v] : v));
      } catch (e) {
        assert.ok(e instanceof InputError, `case ${i}: ${String(e)}`);
        return `InputError ${e.problem}`;
      }
    };
    const whole = await outcome(1 << 20);
    for (const chunkSize of [1, 2, 3, 5]) assert.equal(await outcome(chunkSize), whole, `case ${i} chunk ${chunkSize}: ${JSON.stringify(text)}`);
    if (!whole.startsWith('InputError')) ok++;
  }
  assert.ok(ok > 200, `only ${ok} fuzz cases parsed`);
});
