// METHOD.md §4: chunking invariance, sharding + merge, state round trip; §3 shuffle reproducibility.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyse, buildResult } from '../../src/core/analysis/analyse';
import { Accumulator } from '../../src/core/entropy/accumulator';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../src/core/entropy/settings';
import { defaultRng } from '../../src/core/entropy/numpyRandom';
import { labelSet, memorySource } from './support/data';

/** Clustered rows with a NaN row, a zero row and missing labels, so every path is exercised. */
function data(N = 500, d = 12) {
  const rng = defaultRng(99);
  const x = rng.standardNormal(N * d);
  const topic: (string | null)[] = [];
  const parity: (string | null)[] = [];
  for (let i = 0; i < N; i++) {
    const t = i % 5;
    x[i * d + t] += 3;
    topic.push(`t${t}`);
    parity.push(i % 17 === 0 ? null : String(i % 2));
  }
  x[7 * d + 3] = NaN;
  for (let k = 0; k < d; k++) x[11 * d + k] = 0;
  return { src: memorySource([x], N, d), sets: [labelSet('topic', topic), labelSet('parity', parity)], N };
}

const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, bins: 16, shuffles: 3, minCount: 3 };
const ctx = { source: 'memory', labels: null, engine: 'reference', kernelMode: 'float64', seconds: 0 };

/** Every number in two results agrees to `tol` (relative to max(1, |a|)). */
function assertClose(a: unknown, b: unknown, tol: number, path = 'result'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(a)), `${path}: ${a} vs ${b}`);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${path}: keys`);
    for (const k of Object.keys(a)) assertClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol, `${path}.${k}`);
  } else {
    assert.deepEqual(a, b, path);
  }
}

describe('accumulator', () => {
  it('one chunk, many chunks and merged shards agree to 1e-12', async () => {
    const { src, sets, N } = data();
    const one = await analyse(src, sets, { settings, chunkRows: N });
    const many = await analyse(src, sets, { settings, chunkRows: 7 });
    assertClose({ ...many.result, seconds: 0 }, { ...one.result, seconds: 0 }, 1e-12);
    const a = await analyse(src, sets, { settings, shard: { start: 0, end: 213 }, chunkRows: 50 });
    const b = await analyse(src, sets, { settings, shard: { start: 213, end: N } });
    const merged = a.accumulators[0];
    merged.merge(b.accumulators[0]);
    assertClose(buildResult([merged], ctx), { ...one.result, seconds: 0, source: 'memory' }, 1e-12);
  });

  it('skips NaN and zero rows and counts them', async () => {
    const { src, sets, N } = data();
    const { result } = await analyse(src, sets, { settings });
    assert.deepEqual(result.skippedRows, { nonFinite: 1, zero: 1 });
    assert.equal(result.rows, N);
    assert.equal(result.validRows, N - 2);
  });

  it('merges shards whose label files list values in a different order, or other values', async () => {
    const { src, sets, N } = data();
    const noShuffle = { ...settings, shuffles: 0 };
    const whole = await analyse(src, sets, { settings: noShuffle });
    const half = (start: number, end: number) => {
      const rows = src.rows;
      const part = { ...src, rows: end - start, readRows: (l: number, s: number, c: number) => src.readRows(l, start + s, c) };
      assert.equal(rows, N);
      // each shard's label sets are built from its own rows, as a separate labels file would be
      const own = sets.map((set) => labelSet(set.name, Array.from(set.codes.subarray(start, end), (c) => (c < 0 ? null : set.values[c]))));
      return analyse(part, own, { settings: noShuffle });
    };
    const a = await half(253, N);
    const b = await half(0, 253);
    assert.notDeepEqual(a.accumulators[0].labelSets[0].values, b.accumulators[0].labelSets[0].values);
    a.accumulators[0].merge(b.accumulators[0]);
    assertClose(buildResult(a.accumulators, ctx), { ...whole.result, seconds: 0 }, 1e-12);
  });

  it('state survives JSON and loads back to the same result', async () => {
    const { src, sets } = data();
    const run = await analyse(src, sets, { settings });
    const json = JSON.stringify(run.accumulators[0].toState());
    const back = Accumulator.fromState(JSON.parse(json));
    assert.deepEqual(buildResult([back], ctx), { ...run.result, seconds: 0, source: 'memory', labels: null, engine: 'reference' });
  });

  it('refuses to merge states with different settings or anchors', async () => {
    const { src, sets } = data();
    const a = await analyse(src, sets, { settings });
    const b = await analyse(src, sets, { settings: { ...settings, seed: 1 } });
    assert.throws(() => a.accumulators[0].merge(b.accumulators[0]), /different anchors, seed/);
    const c = await analyse(src, sets, { settings: { ...settings, minCount: 4 } });
    assert.throws(() => a.accumulators[0].merge(c.accumulators[0]), /minCount \(3 vs 4\)/);
  });

  it('shuffled baseline is reproducible for a seed and changes with it', async () => {
    const { src, sets } = data();
    const r1 = (await analyse(src, sets, { settings })).result.labelSets.topic.shuffled!;
    const r2 = (await analyse(src, sets, { settings })).result.labelSets.topic.shuffled!;
    const r3 = (await analyse(src, sets, { settings: { ...settings, seed: 5 } })).result.labelSets.topic.shuffled!;
    assert.deepEqual(r1, r2);
    assert.equal(r1.values.length, 3);
    assert.notDeepEqual(r1.values, r3.values);
  });

  it('real structure beats the shuffled baseline', async () => {
    const { src, sets } = data();
    const t = (await analyse(src, sets, { settings })).result.labelSets.topic;
    assert.ok(t.mutualInformation! > t.shuffled!.mean + 10 * t.shuffled!.sd);
    assert.ok(t.mutualInformationCorrected! > 0);
  });

  it('leaves rows with a missing label out of that label set only', async () => {
    const { src, sets } = data();
    const r = (await analyse(src, sets, { settings })).result;
    // rows 0, 17, … have no parity; row 7 (NaN) and 11 (zero) are skipped everywhere
    const missing = Array.from({ length: 500 }, (_, i) => i).filter((i) => i % 17 === 0 && i !== 7 && i !== 11).length;
    assert.equal(r.labelSets.parity.rows, r.validRows - missing);
    assert.equal(r.labelSets.topic.rows, r.validRows);
  });
});
