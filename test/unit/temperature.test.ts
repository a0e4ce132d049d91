import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  klVmfUniform,
  klVmfUniformLowerBound,
  solveTemperature,
  type TemperatureMode,
} from '../../src/core/entropy/temperature';

// Reference values: test/tools/gen_temperature_fixtures.py (mpmath at 50 digits; scipy in double precision).
interface EpsPoint {
  d: number;
  n: number;
  epsAuto: number;
  epsAutoScipy: number | null;
  epsBounds: number | null;
  epsBoundsScipy: number | null;
}
interface KlPoint {
  d: number;
  eps: number;
  kl: number;
  klLowerBound: number | null;
}
const epsFixture = JSON.parse(readFileSync('test/fixtures/temperature/eps.json', 'utf8')) as { points: EpsPoint[] };
const klFixture = JSON.parse(readFileSync('test/fixtures/temperature/kl.json', 'utf8')) as { points: KlPoint[] };

/**
 * Tolerances (measured maxima in brackets, at the time of writing):
 *  - ε against mpmath: 1e-13 relative [5e-15]; ε against scipy's brentq: 1e-10 relative [4e-13] (the
 *    generator drops the scipy solves that are themselves further than 1e-11 from mpmath).
 *  - KL against mpmath: 1e-13 relative [4e-15].
 *  - the lower bound against mpmath: 3e-13 relative [6e-14, at d = 4, ε = 100, where the bound is 1.6e-10
 *    and made of O(κ²) pieces; 3e-15 wherever it is ≥ 0.01].
 */
const TOL_EPS = 1e-13;
const TOL_EPS_SCIPY = 1e-10;
const TOL_KL = 1e-13;
const TOL_BOUND = 3e-13;

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

test("METHOD.md §1.5 reference table, to 4 significant digits exactly as printed", () => {
  const table: Record<number, [string, string, string]> = {
    3: ['0.07358', '0.007358', '0.0007358'],
    16: ['0.09512', '0.05403', '0.03507'],
    64: ['0.05526', '0.03705', '0.02867'],
    128: ['0.04011', '0.02761', '0.02195'],
    768: ['0.01674', '0.01178', '0.009578'],
    4096: ['0.007275', '0.005140', '0.004193'],
  };
  for (const [d, row] of Object.entries(table)) {
    [10, 100, 1000].forEach((n, j) => {
      assert.equal(solveTemperature('auto', n, Number(d)).toPrecision(4), row[j], `d=${d}, n=${n}`);
    });
  }
});

test('auto: ε matches mpmath (1e-13) and scipy brentq (1e-10) on d ∈ {2 … 16384}, n ∈ {2 … 10⁴}', (t) => {
  let maxMp = 0;
  let maxSc = 0;
  let nSc = 0;
  for (const p of epsFixture.points) {
    const eps = solveTemperature('auto', p.n, p.d);
    const e = rel(eps, p.epsAuto);
    assert.ok(e <= TOL_EPS, `d=${p.d}, n=${p.n}: ${eps} vs mpmath ${p.epsAuto} (rel ${e})`);
    maxMp = Math.max(maxMp, e);
    if (p.epsAutoScipy !== null) {
      const es = rel(eps, p.epsAutoScipy);
      assert.ok(es <= TOL_EPS_SCIPY, `d=${p.d}, n=${p.n}: ${eps} vs scipy ${p.epsAutoScipy} (rel ${es})`);
      maxSc = Math.max(maxSc, es);
      nSc++;
    }
  }
  t.diagnostic(`${epsFixture.points.length} solves; max rel err vs mpmath ${maxMp.toExponential(1)}, vs scipy (${nSc}) ${maxSc.toExponential(1)}`);
});

test('klVmfUniform and klVmfUniformLowerBound match mpmath (1e-13, 3e-13 relative), ε from 1e-6 to 100', (t) => {
  let maxKl = 0;
  let maxLb = 0;
  for (const p of klFixture.points) {
    const e = rel(klVmfUniform(p.eps, p.d), p.kl);
    assert.ok(e <= TOL_KL, `KL d=${p.d}, ε=${p.eps}: ${klVmfUniform(p.eps, p.d)} vs ${p.kl} (rel ${e})`);
    maxKl = Math.max(maxKl, e);
    if (p.klLowerBound !== null) {
      const got = klVmfUniformLowerBound(p.eps, p.d);
      // The bound changes sign (d = 3, ε ≈ 0.246): relative to max(|value|, 1e-3·KL) there.
      const eb = Math.abs(got - p.klLowerBound) / Math.max(Math.abs(p.klLowerBound), 1e-3 * p.kl);
      assert.ok(eb <= TOL_BOUND, `bound d=${p.d}, ε=${p.eps}: ${got} vs ${p.klLowerBound} (rel ${eb})`);
      maxLb = Math.max(maxLb, eb);
      assert.ok(got <= p.kl, `bound above KL at d=${p.d}, ε=${p.eps}`);
    }
  }
  t.diagnostic(`${klFixture.points.length} points; max rel err KL ${maxKl.toExponential(1)}, lower bound ${maxLb.toExponential(1)}`);
});

test('d = 3 closed form: KL = κ·coth κ − 1 − ln(sinh κ / κ), including κ up to 1e12', () => {
  for (const kappa of [1e-3, 0.3, 1, 2.9, 3.1, 10, 100, 1e4, 1e8, 1e12]) {
    // κ coth κ − 1 = κ − 1 + 2κ/(e^{2κ} − 1); ln(sinh κ/κ) = κ − ln(2κ) + log1p(−e^{−2κ}) for κ ≥ 1.
    const want =
      kappa < 1
        ? kappa / Math.tanh(kappa) - 1 - Math.log(Math.sinh(kappa) / kappa)
        : -1 + (2 * kappa) / Math.expm1(2 * kappa) + Math.log(2 * kappa) - Math.log1p(-Math.exp(-2 * kappa));
    const got = klVmfUniform(1 / kappa, 3);
    // Below κ = 1 the closed form itself cancels (KL ≈ κ²/6); compare absolutely there.
    const tol = kappa < 1 ? 1e-15 : 1e-14 * want;
    assert.ok(Math.abs(got - want) <= tol, `κ=${kappa}: ${got} vs ${want}`);
  }
});

test('d = 2 and d = 16384 (and d beyond the tables) solve to finite positive ε', () => {
  for (const d of [2, 3, 16384, 20000]) {
    for (const n of [2, 10, 100, 1000, 10000, 1e6]) {
      const eps = solveTemperature('auto', n, d);
      assert.ok(Number.isFinite(eps) && eps > 0, `d=${d}, n=${n}: ${eps}`);
      // It is a root: KL(ε) = ln n to ~1e-14 relative.
      assert.ok(rel(klVmfUniform(eps, d), Math.log(n)) < 1e-13, `d=${d}, n=${n}: KL(ε) = ${klVmfUniform(eps, d)}`);
    }
  }
  // d = 2 with many anchors needs κ ~ 1e8 … 1e12; still exact (no cancellation in KL).
  assert.ok(solveTemperature('auto', 1e6, 2) < 1e-10);
});

test('KL decreases strictly in ε, from +∞ towards 0 (auto); the lower bound decreases wherever positive', () => {
  for (const d of [2, 3, 4, 5, 16, 64, 128, 768, 4096, 16384]) {
    let prev = Infinity;
    let prevLb = Infinity;
    for (let k = -8 * 20; k <= 3 * 20; k++) {
      const eps = 10 ** (k / 20);
      const kl = klVmfUniform(eps, d);
      assert.ok(Number.isFinite(kl) && kl > 0, `d=${d}, ε=${eps}: KL = ${kl}`);
      assert.ok(kl < prev, `d=${d}: KL(${eps}) = ${kl} ≥ previous ${prev}`);
      prev = kl;
      if (d > 2) {
        const lb = klVmfUniformLowerBound(eps, d);
        assert.ok(lb <= kl);
        if (lb > 0) assert.ok(lb < prevLb, `d=${d}: bound not decreasing at ε=${eps}`);
        prevLb = lb;
      }
    }
    // Large ε: KL ≈ κ²/(2d) (leading term of κA − log Z with A ≈ κ/d, log Z ≈ κ²/(2d)).
    assert.ok(rel(klVmfUniform(1e6, d), 1 / (2 * d * 1e12)) < 1e-6);
  }
});

test('leading-order: ε = 1/√(2·d·ln n), and auto approaches it as d grows', () => {
  for (const d of [2, 3, 64, 768, 16384]) {
    for (const n of [2, 10, 100, 10000]) {
      assert.equal(solveTemperature('leading-order', n, d), 1 / Math.sqrt(2 * d * Math.log(n)));
    }
  }
  for (const n of [10, 100, 1000]) {
    const ratio = solveTemperature('auto', n, 16384) / solveTemperature('leading-order', n, 16384);
    assert.ok(Math.abs(ratio - 1) < 2e-3, `n=${n}: auto/leading-order = ${ratio}`);
  }
});

test('a positive number is used as given (for any n and d, e.g. the 1-D worked examples of METHOD.md §6)', () => {
  for (const eps of [1e-9, 0.05, 1, 37.5]) assert.equal(solveTemperature(eps, 100, 768), eps);
  assert.equal(solveTemperature(0.5, 2, 1), 0.5);
  assert.equal(solveTemperature(1, 1, 1), 1);
});

test('bounds: the author\'s find_eps; finite, matches mpmath and the literal double-precision formula; ε_bounds ≤ ε_auto', (t) => {
  let maxMp = 0;
  let maxSc = 0;
  for (const p of epsFixture.points) {
    if (p.epsBounds === null) continue;
    const eb = solveTemperature('bounds', p.n, p.d);
    const ea = solveTemperature('auto', p.n, p.d);
    assert.ok(Number.isFinite(eb) && eb > 0);
    const e = rel(eb, p.epsBounds);
    assert.ok(e <= TOL_EPS, `d=${p.d}, n=${p.n}: ${eb} vs mpmath ${p.epsBounds} (rel ${e})`);
    maxMp = Math.max(maxMp, e);
    if (p.epsBoundsScipy !== null) {
      const es = rel(eb, p.epsBoundsScipy);
      assert.ok(es <= TOL_EPS_SCIPY, `d=${p.d}, n=${p.n}: ${eb} vs scipy ${p.epsBoundsScipy}`);
      maxSc = Math.max(maxSc, es);
    }
    // The documented relation: the bound is below KL and both decrease in ε, so ε_bounds ≤ ε_auto and the
    // exact KL at ε_bounds is at least ln n (slightly sharper kernels).
    assert.ok(eb <= ea, `d=${p.d}, n=${p.n}: ε_bounds ${eb} > ε_auto ${ea}`);
    assert.ok(klVmfUniform(eb, p.d) >= Math.log(p.n) * (1 - 1e-14));
    // …and close to it at large d (the bound is loose by ~½ ln κ, which matters only at small d).
    if (p.d >= 768) assert.ok(eb / ea > 0.998, `d=${p.d}, n=${p.n}: ε_bounds/ε_auto = ${eb / ea}`);
  }
  t.diagnostic(`max rel err vs mpmath ${maxMp.toExponential(1)}, vs scipy (literal formula) ${maxSc.toExponential(1)}`);
});

test('invalid inputs throw a plain Error with a clear message', () => {
  const bad: [TemperatureMode, number, number, RegExp][] = [
    ['auto', 1, 768, /number of anchors n must be an integer ≥ 2/],
    ['auto', 0, 768, /n must be/],
    ['auto', 2.5, 768, /n must be/],
    ['auto', NaN, 768, /n must be/],
    ['auto', Infinity, 768, /n must be/],
    ['auto', 100, 1, /dimension d must be an integer ≥ 2/],
    ['auto', 100, 0, /dimension d/],
    ['auto', 100, 7.5, /dimension d/],
    ['leading-order', 1, 768, /n must be/],
    [0, 100, 768, /must be finite and > 0/],
    [-0.1, 100, 768, /must be finite and > 0/],
    [NaN, 100, 768, /must be finite and > 0/],
    [Infinity, 100, 768, /must be finite and > 0/],
    ['bounds', 100, 2, /'bounds' needs dimension d > 2/],
    ['exact' as TemperatureMode, 100, 768, /unknown mode "exact"/],
  ];
  for (const [mode, n, d, msg] of bad) {
    assert.throws(
      () => solveTemperature(mode, n, d),
      (e: unknown) => e instanceof Error && e.constructor === Error && msg.test(e.message),
      `mode=${String(mode)}, n=${n}, d=${d}`,
    );
  }
  assert.throws(() => klVmfUniform(0, 3), Error);
  assert.throws(() => klVmfUniform(0.1, 1.5), Error);
  assert.throws(() => klVmfUniformLowerBound(0.1, 2), /d > 2/);
});

test('speed: a solve takes well under 5 ms for any d up to 16384 (bounded work, no hangs)', (t) => {
  const ds = [2, 3, 4, 7, 16, 33, 64, 128, 300, 768, 1024, 2047, 4096, 8192, 12345, 16384];
  const ns = [2, 10, 100, 1000, 10000, 1e6];
  solveTemperature('auto', 100, 768); // warm-up (JIT, Debye polynomial tables)
  let worst = 0;
  let count = 0;
  const t0 = performance.now();
  for (const d of ds) {
    for (const n of ns) {
      for (const mode of ['auto', 'bounds'] as const) {
        if (mode === 'bounds' && d <= 2) continue;
        const s = performance.now();
        solveTemperature(mode, n, d);
        worst = Math.max(worst, performance.now() - s);
        count++;
      }
    }
  }
  const mean = (performance.now() - t0) / count;
  t.diagnostic(`${count} solves: mean ${mean.toFixed(3)} ms, worst ${worst.toFixed(3)} ms`);
  assert.ok(mean < 5, `mean ${mean} ms per solve`);
});
