import type { Generator } from '../entropy/numpyRandom';

/**
 * One shuffled copy of a label column (METHOD.md §3): the labels present are permuted among the rows
 * that have one — `new[P[i]] = old[P[perm[i]]]` with P the labelled rows in order and
 * perm = rng.permutation(|P|) — and missing labels stay missing. Matches the numpy reference.
 */
export function shuffledCodes(codes: Int32Array, rng: Generator): Int32Array {
  const positions: number[] = [];
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) positions.push(i);
  const perm = rng.permutation(positions.length);
  const out = new Int32Array(codes.length).fill(-1);
  for (let i = 0; i < positions.length; i++) out[positions[i]] = codes[positions[perm[i]]];
  return out;
}
