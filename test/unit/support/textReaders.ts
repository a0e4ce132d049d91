// What the text-reader tests (CSV/TSV, JSONL) share: reading an opened file whole, by rows, or in
// pieces against one full read; label sets as plain lists; Python float reprs; InputError matching.
import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/formats/errors';
import type { LabelSet } from '../../../src/core/formats/labelSetBuilder';
import type { OpenedEmbeddings } from '../../../src/core/formats/opened';

/** Label sets as {name: [value or null per row]}. */
export const plain = (sets: LabelSet[]): Record<string, Array<string | null>> =>
  Object.fromEntries(sets.map((s) => [s.name, Array.from(s.codes, (c) => (c < 0 ? null : s.values[c]!))]));

/** A predicate for assert.rejects: an InputError whose message holds `sub` (or matches it). */
export const isInputError = (sub: string | RegExp) => (e: unknown) =>
  e instanceof InputError && (typeof sub === 'string' ? e.message.includes(sub) : sub.test(e.message));

export { pyFloat } from './values';

/** Every row in one read. */
export const readAll = (o: OpenedEmbeddings): Promise<Float64Array> => o.embeddings.readRows(0, 0, o.embeddings.rows);

/** Every row as a plain list of numbers. */
export async function rowsOf(o: OpenedEmbeddings): Promise<number[][]> {
  const all = await readAll(o);
  const d = o.embeddings.dim;
  return Array.from({ length: o.embeddings.rows }, (_, i) => Array.from(all.subarray(i * d, (i + 1) * d)));
}

/** Reads every row in pieces of each of `sizes` and at random ranges, checking them against one full read. */
export async function assertChunkedReadsMatch(o: OpenedEmbeddings, full: Float64Array, sizes: number[], rnd: () => number, what: string): Promise<void> {
  const { rows, dim } = o.embeddings;
  for (const size of sizes) {
    for (let s = 0; s < rows; s += size) {
      const n = Math.min(size, rows - s);
      assert.deepEqual(await o.embeddings.readRows(0, s, n), full.slice(s * dim, (s + n) * dim), `${what}: rows ${s}+${n}`);
    }
  }
  for (let k = 0; k < 10; k++) {
    const s = Math.floor(rnd() * (rows + 1));
    const n = Math.floor(rnd() * (rows - s + 1));
    assert.deepEqual(await o.embeddings.readRows(0, s, n), full.slice(s * dim, (s + n) * dim), `${what}: random rows ${s}+${n}`);
  }
}
