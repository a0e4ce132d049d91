import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MemoryByteSource } from '../../src/core/formats/byteSource';
import { InputError } from '../../src/core/formats/errors';
import type { OpenedEmbeddings } from '../../src/core/formats/opened';
import { looksLikeSafetensors, openSafetensors } from '../../src/core/formats/safetensors';
import { checkView, containerFixtures, inputError, readAll } from './support/containerFixtures';
import { CountingSource } from './support/countingSource';
import { rng } from './support/fuzz';

const DIR = 'test/fixtures/safetensors';

/** What gen_container_fixtures.py says a file must open to. */
const { expected, bytesOf, sourceOf } = containerFixtures(DIR);

/** A safetensors file from a header object and data bytes, the header padded as the official writer pads it. */
function st(header: unknown, data: Uint8Array | number = 0, rawHeader?: string): Uint8Array {
  let text = rawHeader ?? JSON.stringify(header);
  text += ' '.repeat((8 - (Buffer.byteLength(text) % 8)) % 8);
  const h = new TextEncoder().encode(text);
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + h.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(body, 8 + h.length);
  return out;
}
const open = (bytes: Uint8Array, tensor?: string): Promise<OpenedEmbeddings> => openSafetensors(sourceOf('t.safetensors', bytes), tensor === undefined ? {} : { tensor });

const opening = Object.entries(expected).filter(([, e]) => e.default);
const failing = Object.entries(expected).filter(([, e]) => e.error);

test('fixtures cover BF16, F16, F32, F64, 3-D, every integer label dtype, metadata and the failures', () => {
  const dtypes = new Set<string>();
  for (const [, e] of opening) for (const v of [e.default!, ...Object.values(e.tensors ?? {})]) dtypes.add(v.dtype);
  for (const d of ['BF16', 'F16', 'F32', 'F64']) assert.ok(dtypes.has(d), `no fixture picks ${d}`);
  assert.equal(expected['main.safetensors']!.default!.layers, 3);
  assert.ok(expected['main.safetensors']!.default!.metadata);
  assert.ok(failing.length >= 9);
});

for (const [name, e] of opening) {
  test(`${name} opens, picks ${e.default!.tensor} and reads the exact values`, async () => {
    await checkView(await openSafetensors(sourceOf(name)), e.default!, name, 'safetensors', 3);
  });
  for (const [tensor, v] of Object.entries(e.tensors ?? {})) {
    test(`${name} with --tensor ${tensor} (${v.dtype})`, async () => {
      await checkView(await openSafetensors(sourceOf(name), { tensor }), v, `${name} --tensor ${tensor}`, 'safetensors', 3);
    });
  }
}

for (const [name, e] of failing) {
  test(`${name} is refused with an InputError mentioning "${e.error}"`, async () => {
    await assert.rejects(openSafetensors(sourceOf(name)), inputError(e.error!));
  });
}

test('roles: the chosen tensor, label tensors and the rest', async () => {
  const o = await openSafetensors(sourceOf('main.safetensors'));
  assert.deepEqual(
    o.info.available?.map((a) => [a.name, a.role]),
    [['labels', 'labels'], ['hidden', 'embeddings'], ['scale', 'other'], ['ids', 'labels'], ['proj_bf16', 'other'], ['proj', 'other'], ['mask', 'labels']],
  );
  assert.deepEqual(o.info.available?.[1], { name: 'hidden', shape: [3, 10, 4], dtype: 'F32', role: 'embeddings' });
  const mask = o.labelSets.find((s) => s.name === 'mask')!;
  assert.deepEqual([...mask.values].sort(), ['False', 'True']);
});

test('rows are read by offset, only the rows asked for', async () => {
  const bytes = bytesOf('main.safetensors');
  const counting = new CountingSource(sourceOf('main.safetensors', bytes));
  const o = await openSafetensors(counting);
  const headerLen = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  counting.reads = [];
  await o.embeddings.readRows(1, 2, 3);
  // hidden starts at data offset 80; layer 1, row 2 is element (10 + 2) * 4.
  assert.deepEqual(counting.reads, [[8 + headerLen + 80 + (10 + 2) * 4 * 4, 3 * 4 * 4]]);
  await assert.rejects(o.embeddings.readRows(3, 0, 1), RangeError);
  await assert.rejects(o.embeddings.readRows(0, 8, 3), RangeError);
});

test('--tensor: unknown names list the tensors; labels and F8 tensors are not embeddings', async () => {
  await assert.rejects(openSafetensors(sourceOf('main.safetensors'), { tensor: 'emb' }), inputError("has no tensor named 'emb'; its tensors are labels (10,) I64, hidden (3, 10, 4) F32, scale (4,) F32, ids (10,) I32, proj_bf16 (10, 6) BF16, proj (10, 4) F16, mask (10,) BOOL"));
  await assert.rejects(openSafetensors(sourceOf('main.safetensors'), { tensor: 'labels' }), inputError('is this a label tensor?'));
  await assert.rejects(openSafetensors(sourceOf('f8.safetensors'), { tensor: 'w' }), inputError('dtype F8_E4M3 (an 8-bit float format)'));
  // An integer matrix can still be chosen explicitly.
  const ints = st({ m: { dtype: 'I16', shape: [2, 2], data_offsets: [0, 8] } }, new Uint8Array([1, 0, 0xff, 0xff, 3, 0, 4, 0]));
  assert.deepEqual(Array.from(await (await open(ints, 'm')).embeddings.readRows(0, 0, 2)), [1, -1, 3, 4]);
});

test('BF16 and F16 bit patterns convert exactly', async () => {
  const bits = [0x3f80, 0xc000, 0x7f80, 0xff80, 0x8000, 0x0001, 0x7f7f, 0x3eaa];
  const data = new Uint8Array(bits.length * 2 * 2);
  const v = new DataView(data.buffer);
  bits.forEach((b, i) => v.setUint16(2 * i, b, true));
  const half = [0x3c00, 0xc000, 0x7c00, 0xfc00, 0x8000, 0x0001, 0x7bff, 0x3555];
  half.forEach((b, i) => v.setUint16(16 + 2 * i, b, true));
  const file = st({ b: { dtype: 'BF16', shape: [1, 8], data_offsets: [0, 16] }, h: { dtype: 'F16', shape: [1, 8], data_offsets: [16, 32] } }, data);
  assert.deepEqual(Array.from(await (await open(file, 'b')).embeddings.readRows(0, 0, 1)), [1, -2, Infinity, -Infinity, -0, 2 ** -133, 3.3895313892515355e38, 0.33203125]);
  assert.deepEqual(Array.from(await (await open(file, 'h')).embeddings.readRows(0, 0, 1)), [1, -2, Infinity, -Infinity, -0, 2 ** -24, 65504, 0.333251953125]);
});

test('header problems are InputErrors that say what is wrong', async () => {
  const f32 = (shape: number[], offsets: number[]) => ({ e: { dtype: 'F32', shape, data_offsets: offsets } });
  const cases: Array<[Uint8Array, string | RegExp]> = [
    [st({}), 'no tensors at all'],
    [st(null, 0, '[1,2,3]'), "does not start with '{'"],
    [st(null, 0, '{"e": 1}'), 'is not an object with dtype, shape and data_offsets'],
    [st(null, 0, '{"e": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},}'), 'not valid JSON'],
    [st(f32([2, -2], [0, 16]), 16), "'shape' is not a list of non-negative integers"],
    [st(f32([2, 2], [16, 0]), 16), 'end before they begin'],
    [st(f32([2, 2], [0]), 16), "'data_offsets' is not a pair"],
    [st(f32([2, 2.5], [0, 20]), 20), "'shape' is not a list"],
    [st(f32([2 ** 40, 2 ** 40], [0, 16]), 16), 'more bytes than any file holds'],
    [st(f32([2, 2], [0, 2 ** 60]), 16), 'but the data holds only 16 bytes'],
    [st({ e: { dtype: 'Q8', shape: [2, 2], data_offsets: [0, 4] } }, 4), 'dtype Q8 (a dtype Embedding Entropy does not read)'],
    [st({ e: { dtype: 'C64', shape: [2, 2], data_offsets: [0, 32] } }, 32), 'complex numbers'],
    [st({ e: { dtype: 'F32', shape: [4, 0], data_offsets: [0, 0] } }), 'rows with no values'],
    [st({ e: { dtype: 'F32', shape: [0, 4, 4], data_offsets: [0, 0] } }), 'no layers'],
    [st({ __metadata__: 'x', ...f32([2, 2], [0, 16]) }, 16), "'__metadata__' entry that is not an object"],
    [new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0xff, 0xfe, 0x7d, 32, 32, 32, 32]), 'not valid UTF-8'],
    [new Uint8Array(0), 'only 0 bytes long'],
  ];
  for (const [bytes, message] of cases) await assert.rejects(open(bytes), inputError(message));
});

test('gaps, trailing bytes and odd metadata values are accepted; a __proto__ key stays data', async () => {
  const data = new Uint8Array(40);
  new DataView(data.buffer).setFloat32(8, 2.5, true);
  const file = st({ __metadata__: { __proto__x: 'a', n: 3 }, e: { dtype: 'F32', shape: [2, 2], data_offsets: [8, 24] } }, data);
  const o = await open(file);
  assert.deepEqual(Array.from(await o.embeddings.readRows(0, 0, 2)), [2.5, 0, 0, 0]);
  assert.deepEqual(o.info.metadata, { __proto__x: 'a', n: '3' });
  const proto = await open(st(null, 16, '{"__metadata__":{"__proto__":"p"},"e":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}'));
  assert.equal(Object.getOwnPropertyDescriptor(proto.info.metadata, '__proto__')?.value, 'p');
});

test('looksLikeSafetensors sniffs the header length and the opening brace', () => {
  for (const f of ['main.safetensors', 'bf16.safetensors', 'ints.safetensors', 'f8.safetensors']) {
    const b = bytesOf(f);
    assert.ok(looksLikeSafetensors(b.subarray(0, 16), b.length), f);
  }
  const npy = new Uint8Array(readFileSync('test/fixtures/npy/f4_le.npy'));
  assert.ok(!looksLikeSafetensors(npy.subarray(0, 16), npy.length));
  const zip = new Uint8Array(readFileSync('test/fixtures/npz/a_savez.npz'));
  assert.ok(!looksLikeSafetensors(zip.subarray(0, 16), zip.length));
  for (const f of ['header_past_end.safetensors', 'header_2e60.safetensors', 'short.safetensors']) {
    const b = bytesOf(f);
    assert.ok(!looksLikeSafetensors(b.subarray(0, 16), b.length), f);
  }
});

test('fuzz: 1500 truncated, flipped or edited files each read fully or throw InputError', async () => {
  const names = ['main.safetensors', 'bf16.safetensors', 'ints.safetensors'];
  const bases = names.map(bytesOf);
  const rand = rng(0x51a7e);
  const int = (n: number): number => Math.floor(rand() * n);
  const numbers = ['0', '1', '7', '80', '4294967296', '9007199254740993', '1e20', '-1', '2.5', '"8"', 'null', '[]'];
  const dtypes = ['F64', 'F32', 'F16', 'BF16', 'I64', 'U8', 'BOOL', 'F8_E5M2', 'XX', ''];
  const latin1 = new TextDecoder('latin1');
  let opened = 0;
  let refused = 0;
  const started = Date.now();
  for (let i = 0; i < 1500; i++) {
    const base = bases[i % bases.length]!;
    const headerEnd = 8 + Number(new DataView(base.buffer, base.byteOffset).getBigUint64(0, true));
    let bytes: Uint8Array = base.slice();
    const kind = i % 6;
    if (kind === 0) bytes = bytes.slice(0, int(bytes.length));
    else if (kind === 1) for (let k = 1 + int(6); k > 0; k--) bytes[int(bytes.length)] ^= 1 << int(8);
    else if (kind === 2) for (let k = 1 + int(3); k > 0; k--) bytes[8 + int(headerEnd - 8)] = 32 + int(95);
    else if (kind === 3) {
      const n = [0, 1, 7, headerEnd - 9, headerEnd - 7, bytes.length - 8, bytes.length, 2 ** 40, 2 ** 60, int(bytes.length)][int(10)]!;
      new DataView(bytes.buffer).setBigUint64(0, BigInt(n), true);
    } else {
      // Edit the header text: a number or a dtype, keeping the length so offsets stay put where they can.
      const text = latin1.decode(bytes.subarray(8, headerEnd));
      const re = kind === 4 ? /\d+/g : /"dtype":"[A-Z0-9_]+"/g;
      const hits = [...text.matchAll(re)];
      const hit = hits[int(hits.length)]!;
      const repl = kind === 4 ? numbers[int(numbers.length)]! : `"dtype":"${dtypes[int(dtypes.length)]}"`;
      const edited = text.slice(0, hit.index) + repl + text.slice(hit.index! + hit[0].length);
      bytes = st(null, bytes.subarray(headerEnd), edited.trimEnd());
    }
    const size = bytes.length;
    const src = new CountingSource(new MemoryByteSource(`fuzz${i}.safetensors`, bytes));
    const t0 = Date.now();
    try {
      const o = await openSafetensors(src);
      const { layers, rows, dim } = o.embeddings;
      assert.ok(layers * rows * dim <= size, `case ${i}: ${layers}×${rows}×${dim} elements from ${size} bytes`);
      await readAll(o, 4);
      opened++;
    } catch (e) {
      if (!(e instanceof InputError)) assert.fail(`case ${i} (kind ${kind}, ${names[i % names.length]}): ${String((e as Error)?.stack ?? e)}`);
      refused++;
    }
    assert.ok(Date.now() - t0 < 2000, `case ${i} took ${Date.now() - t0} ms`);
    assert.ok(src.largest <= size, `case ${i}: one read of ${src.largest} bytes from a ${size}-byte file`);
    assert.ok(src.requested <= 4 * size, `case ${i}: read ${src.requested} bytes in all from a ${size}-byte file`);
  }
  assert.ok(opened > 150 && refused > 150, `opened ${opened}, refused ${refused}: the mutations should do both`);
  assert.ok(Date.now() - started < 60000, 'fuzz loop took too long');
});
