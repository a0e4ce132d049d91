// The 2-D PCA behind the Projection view, checked against a case with a known answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pca2, project2 } from '../../src/core/analysis/projection';
import { defaultRng } from '../../src/core/entropy/numpyRandom';

describe('pca2', () => {
  it('finds the two axes of an axis-aligned ellipsoid and their variance shares', () => {
    const m = 4000;
    const d = 5;
    const sd = [0.5, 3, 0.2, 1.5, 0.1]; // largest along axis 1, then axis 3
    const z = defaultRng(5).standardNormal(m * d);
    for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) z[i * d + k] = z[i * d + k] * sd[k] + 10;
    const p = pca2(z, m, d);
    assert.ok(Math.abs(Math.abs(p.axes[0][1]) - 1) < 1e-3, `first axis ${p.axes[0]}`);
    assert.ok(Math.abs(Math.abs(p.axes[1][3]) - 1) < 1e-3, `second axis ${p.axes[1]}`);
    const total = sd.reduce((a, s) => a + s * s, 0);
    assert.ok(Math.abs(p.explained[0] - 9 / total) < 0.03, `explained ${p.explained}`);
    assert.ok(Math.abs(p.explained[1] - 2.25 / total) < 0.03);
    const dot = p.axes[0].reduce((a, v, k) => a + v * p.axes[1][k], 0);
    assert.ok(Math.abs(dot) < 1e-9, 'orthogonal');
    const c = project2(p, p.mean);
    assert.ok(Math.abs(c.x) < 1e-12 && Math.abs(c.y) < 1e-12, 'the centre projects to the origin');
    assert.deepEqual(pca2(z, m, d).axes, p.axes, 'seeded: the same picture twice');
  });
});
