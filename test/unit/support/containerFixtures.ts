// Shared by the container readers' tests (npz, safetensors): the expected.json views the fixture
// generators write, and the checks an opened file must pass against them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryByteSource } from '../../../src/core/formats/byteSource';
import { InputError } from '../../../src/core/formats/errors';
import type { OpenedEmbeddings } from '../../../src/core/formats/opened';
import { pyFloat } from './values';

/** What a fixture should open as (one entry of a fixture folder's expected.json). */
export interface View {
  tensor: string;
  dtype: string;
  layers: number;
  rows: number;
  dim: number;
  /** Every value, row-major over layers, as Python's repr ('nan', 'inf' included). */
  values: string[];
  labels: Record<string, (string | null)[]>;
  available: string[];
  metadata?: Record<string, string>;
}

export interface Expected {
  default?: View;
  tensors?: Record<string, View>;
  error?: string;
}

/** The fixtures of one folder: expected views, raw bytes and ByteSources by file name. */
export function containerFixtures(dir: string) {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;
  const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));
  const sourceOf = (name: string, bytes = bytesOf(name)): MemoryByteSource => new MemoryByteSource(name, bytes);
  return { expected, bytesOf, sourceOf };
}

/** A Python float repr as a number. */
export { pyFloat } from './values';

/** An assert.rejects/throws predicate: our InputError, with `sub` in its message. */
export const inputError = (sub: string | RegExp) => (e: unknown) => {
  assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
  if (typeof sub === 'string') assert.ok(e.message.includes(sub), `message lacks "${sub}": ${e.message}`);
  else assert.match(e.message, sub);
  return true;
};

/** Every value of every layer, read a few rows at a time so chunk boundaries are crossed. */
export async function readAll(o: OpenedEmbeddings, chunk = 5): Promise<Float64Array> {
  const { layers, rows, dim } = o.embeddings;
  const out = new Float64Array(layers * rows * dim);
  for (let l = 0; l < layers; l++) {
    for (let s = 0; s < rows; s += chunk) {
      const n = Math.min(chunk, rows - s);
      out.set(await o.embeddings.readRows(l, s, n), (l * rows + s) * dim);
    }
  }
  return out;
}

/** Checks an opened file against its expected view: choice, shape, exact values, labels, listing, metadata. */
export async function checkView(o: OpenedEmbeddings, v: View, what: string, format: string, chunk = 5): Promise<void> {
  assert.equal(o.info.format, format, `${what}: format`);
  assert.equal(o.info.tensor, v.tensor, `${what}: tensor`);
  assert.equal(o.info.dtype, v.dtype, `${what}: dtype`);
  assert.deepEqual([o.embeddings.layers, o.embeddings.rows, o.embeddings.dim], [v.layers, v.rows, v.dim], `${what}: L, N, d`);
  const got = await readAll(o, chunk);
  const want = v.values.map(pyFloat);
  assert.equal(got.length, want.length, `${what}: value count`);
  // Object.is: NaN equals NaN, and -0 must stay -0 through the F16/BF16 conversions.
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `${what}[${i}]: got ${got[i]}, expected ${want[i]}`);
  const labels = Object.fromEntries(o.labelSets.map((s) => [s.name, Array.from(s.codes, (c) => (c < 0 ? null : s.values[c]!))]));
  assert.deepEqual(labels, v.labels, `${what}: labels`);
  assert.deepEqual(o.info.available?.map((a) => a.name), v.available, `${what}: available`);
  if (v.metadata !== undefined || format === 'safetensors') assert.deepEqual(o.info.metadata, v.metadata, `${what}: metadata`);
}
