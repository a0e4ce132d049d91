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

/**
 * One case of the text readers' fuzz tests: `open(bytes, opts)` with tiny reads and index spacing
 * either throws an InputError (its kind, from `kindOf`, is counted in `errors`) or gives a file
 * whose every read succeeds and matches one full read; the same bytes opened with the defaults give
 * the same outcome (except that, read in one piece, a bad UTF-8 byte may be met before an earlier
 * error). Returns whether the file opened.
 */
export async function fuzzTextCase(
  open: (bytes: Uint8Array, opts?: { chunkSize: number; indexEvery: number }) => Promise<OpenedEmbeddings>,
  bytes: Uint8Array,
  rnd: () => number,
  c: number,
  errors: Map<string, number>,
  kindOf: (problem: string) => string,
): Promise<boolean> {
  const t0 = performance.now();
  const summary = async (o: OpenedEmbeddings): Promise<string> => JSON.stringify([o.embeddings.rows, o.embeddings.dim, Array.from(await readAll(o), String), plain(o.labelSets)]);
  let outcome: string;
  let o: OpenedEmbeddings | undefined;
  try {
    o = await open(bytes, { chunkSize: 1 + Math.floor(rnd() * 16), indexEvery: 1 + Math.floor(rnd() * 3) });
  } catch (e) {
    assert.ok(e instanceof InputError, `case ${c}: ${String(e)} for ${JSON.stringify(new TextDecoder().decode(bytes))}`);
    outcome = e.message;
    const kind = kindOf(e.problem);
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
  }
  if (o) {
    // once open, every read succeeds: the file was validated
    const full = await readAll(o);
    assert.equal(full.length, o.embeddings.rows * o.embeddings.dim);
    await assertChunkedReadsMatch(o, full, [1, 2], rnd, `case ${c}`);
    outcome = await summary(o);
  }
  let again: string;
  try {
    again = await summary(await open(bytes));
  } catch (e) {
    again = (e as Error).message;
  }
  const bothFailed = !o && !again.startsWith('[');
  if (!(bothFailed && (again.includes('is not UTF-8') || outcome!.includes('is not UTF-8')))) assert.equal(again, outcome!, `case ${c}`);
  assert.ok(performance.now() - t0 < 2000, `case ${c} took ${performance.now() - t0} ms`);
  return o !== undefined;
}
