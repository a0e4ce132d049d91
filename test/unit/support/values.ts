// Comparing what readers return with what the fixture scripts wrote: Python float reprs, exact
// element-wise equality, label sets as plain lists.
import assert from 'node:assert/strict';
import type { LabelSet } from '../../../src/core/formats/labelSetBuilder';

/** A Python float repr as a JS number ('nan', 'inf' and '-inf' included). */
export const pyFloat = (s: string): number => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

/** Asserts equality with Object.is per element, so NaN equals NaN and -0 differs from 0 (widened float16/float32 must match exactly). */
export function assertSame(actual: ArrayLike<number>, wanted: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, wanted.length, `${what}: length`);
  for (let i = 0; i < wanted.length; i++) assert.ok(Object.is(actual[i], wanted[i]), `${what}[${i}]: got ${actual[i]}, expected ${wanted[i]}`);
}

/** A label set's rows as values, null where a row has none. */
export function labelsOf(set: LabelSet): (string | null)[] {
  return Array.from(set.codes, (c) => (c < 0 ? null : set.values[c]!));
}
