// Anchor placements (METHOD.md §1.2) beyond what the numpy fixtures cover: k-means and the hash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anchorsHash, dataAnchors, kmeansAnchors, normalAnchors } from '../../src/core/entropy/anchors';
import { defaultRng } from '../../src/core/entropy/numpyRandom';
import { analyse } from '../../src/core/analysis/analyse';
import { DEFAULT_SETTINGS } from '../../src/core/entropy/settings';
import { labelSet, memorySource } from './support/data';

/** m rows around k well-separated centres on the axes of R^d. */
function clusters(m: number, k: number, d: number) {
  const rng = defaultRng(11);
  const x = rng.standardNormal(m * d).map((v) => v * 0.05);
  for (let i = 0; i < m; i++) x[i * d + (i % k)] += 1;
  return x;
}

describe('anchors', () => {
  it('normal anchors are unit rows and the same for the same (seed, n, d)', () => {
    const a = normalAnchors(7, 5, 3);
    for (let j = 0; j < 7; j++) {
      const norm = Math.hypot(...a.w.subarray(j * 5, j * 5 + 5));
      assert.ok(Math.abs(norm - 1) < 1e-15);
    }
    assert.deepEqual(normalAnchors(7, 5, 3).w, a.w);
    assert.notDeepEqual(normalAnchors(7, 5, 4).w, a.w);
  });

  it('k-means finds well-separated clusters, deterministically for a seed', () => {
    const d = 6;
    const x = clusters(300, 4, d);
    const a = kmeansAnchors(4, d, 0, x, 300, true);
    const found = new Set<number>();
    for (let j = 0; j < 4; j++) {
      const row = Array.from(a.w.subarray(j * d, j * d + d));
      const axis = row.indexOf(Math.max(...row));
      assert.ok(row[axis] > 0.99, `centre ${j} is on axis ${axis}: ${row}`);
      assert.ok(Math.abs(Math.hypot(...row) - 1) < 1e-12, 'spherical centres are unit vectors');
      found.add(axis);
    }
    assert.equal(found.size, 4, 'one centre per cluster');
    assert.deepEqual(kmeansAnchors(4, d, 0, x, 300, true).w, a.w);
  });

  it('k-means and data placements refuse when there are too few rows', async () => {
    assert.throws(() => kmeansAnchors(10, 2, 0, new Float64Array(8), 4, false), /at least 10 rows/);
    const same = new Float64Array([1, 2]);
    await assert.rejects(dataAnchors(3, 2, 0, 5, async () => same), /only 1 distinct usable rows, fewer than the 3 anchors/);
  });

  it('the hash changes with any bit of the anchors and with the shape', () => {
    const a = normalAnchors(4, 3, 0);
    const h = anchorsHash(a);
    assert.match(h, /^[0-9a-f]{16}$/);
    const b = { ...a, w: Float64Array.from(a.w) };
    b.w[5] *= 1 + Number.EPSILON;
    assert.notEqual(anchorsHash(b), h);
    assert.notEqual(anchorsHash({ n: 3, d: 4, w: a.w }), h);
    assert.equal(anchorsHash(normalAnchors(4, 3, 0)), h);
  });

  it('k-means anchors through the analysis: placed on the clusters, so each cluster gets its own anchor', async () => {
    const d = 6;
    const x = clusters(300, 4, d);
    x.fill(NaN, 0, d); // a skipped row must not become a centre
    const labels = labelSet('c', Array.from({ length: 300 }, (_, i) => `c${i % 4}`));
    const settings = { ...DEFAULT_SETTINGS, bins: 4, shuffles: 0, temperature: 0.05 };
    const km = (await analyse(memorySource([x], 300, d), [labels], { settings: { ...settings, placement: 'kmeans' } })).result;
    assert.equal(km.settings.placement, 'kmeans');
    // with one anchor per cluster and a sharp ε, the labels explain almost all of H(Z) = ln 4
    assert.ok(Math.abs(km.entropy! - Math.log(4)) < 0.01, `H = ${km.entropy}`);
    assert.ok(km.labelSets.c.regularity! > 0.99, `regularity ${km.labelSets.c.regularity}`);
  });
});
