import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  besselRatio,
  besselRatioComplement,
  logBesselI,
  logBesselINormalized,
  logBesselIScaled,
  logGamma,
} from '../../src/core/entropy/bessel';

// Reference values: test/tools/gen_temperature_fixtures.py (mpmath, 50 digits; scipy double precision).
interface BesselPoint {
  nu: number;
  x: number;
  logI: number;
  ratio: number;
  complement: number;
  scipyLogI: number | null;
  scipyRatio: number | null;
}
const fixture = JSON.parse(readFileSync('test/fixtures/temperature/logbessel.json', 'utf8')) as { points: BesselPoint[] };

/**
 * Tolerances (measured maxima in brackets, at the time of writing):
 *  - log I_ν(x): 2e-14 × max(1, |log I|) [8e-15]. Relative to max(1, ·) because log I crosses 0 (I_ν(x) = 1
 *    near x ≈ ν); there only the absolute error, ~1e-16 × |ν ln(x/2)| + |log Γ(ν+1)|, is meaningful.
 *  - ratio I_{ν+1}/I_ν: 1e-14 relative [1e-15].
 *  - 1 − ratio: 2e-14 relative [3e-15; it is ≈ (ν+½)/x for x ≫ ν, where 1 − ratio would lose digits].
 *  - against scipy (double precision, whose own error vs mpmath is up to 4e-15 on the log and 1.1e-12 on the
 *    ratio at ν = 8191, x ≈ 2e5): 1e-13 × max(1, |log I|) on the log, 2e-12 relative on the ratio.
 */
const TOL_LOG = 2e-14;
const TOL_RATIO = 1e-14;
const TOL_COMPLEMENT = 2e-14;
const TOL_SCIPY_LOG = 1e-13;
const TOL_SCIPY_RATIO = 2e-12;

test('logBesselI, besselRatio, besselRatioComplement match mpmath on ν ∈ {0 … 8191}, x ∈ [1e-6, 1e6]', (t) => {
  let maxLog = 0;
  let maxRatio = 0;
  let maxComp = 0;
  for (const p of fixture.points) {
    const l = logBesselI(p.nu, p.x);
    const el = Math.abs(l - p.logI) / Math.max(1, Math.abs(p.logI));
    assert.ok(el <= TOL_LOG, `log I_${p.nu}(${p.x}) = ${l}, expected ${p.logI} (err ${el})`);
    maxLog = Math.max(maxLog, el);
    const r = besselRatio(p.nu, p.x);
    const er = Math.abs(r - p.ratio) / p.ratio;
    assert.ok(er <= TOL_RATIO, `I_${p.nu + 1}/I_${p.nu}(${p.x}) = ${r}, expected ${p.ratio} (err ${er})`);
    maxRatio = Math.max(maxRatio, er);
    const c = besselRatioComplement(p.nu, p.x);
    const ec = Math.abs(c - p.complement) / p.complement;
    assert.ok(ec <= TOL_COMPLEMENT, `1 − ratio at ν=${p.nu}, x=${p.x} = ${c}, expected ${p.complement} (err ${ec})`);
    maxComp = Math.max(maxComp, ec);
  }
  t.diagnostic(`${fixture.points.length} points; max err: log I ${maxLog.toExponential(1)}, ratio ${maxRatio.toExponential(1)}, complement ${maxComp.toExponential(1)}`);
});

test('logBesselI and besselRatio agree with scipy (ive) wherever ive is a normal double', (t) => {
  let maxLog = 0;
  let maxRatio = 0;
  let count = 0;
  for (const p of fixture.points) {
    if (p.scipyLogI !== null) {
      const e = Math.abs(logBesselI(p.nu, p.x) - p.scipyLogI) / Math.max(1, Math.abs(p.scipyLogI));
      assert.ok(e <= TOL_SCIPY_LOG, `ν=${p.nu}, x=${p.x}: err ${e} vs scipy`);
      maxLog = Math.max(maxLog, e);
      count++;
    }
    if (p.scipyRatio !== null) {
      const e = Math.abs(besselRatio(p.nu, p.x) - p.scipyRatio) / p.scipyRatio;
      assert.ok(e <= TOL_SCIPY_RATIO, `ratio ν=${p.nu}, x=${p.x}: err ${e} vs scipy`);
      maxRatio = Math.max(maxRatio, e);
    }
  }
  t.diagnostic(`${count} points with scipy values; max err: log I ${maxLog.toExponential(1)}, ratio ${maxRatio.toExponential(1)}`);
});

test('half-integer order: I_{1/2}(x) = √(2/(πx))·sinh x, I_{3/2}/I_{1/2} = coth x − 1/x (closed forms)', () => {
  for (const x of [1e-8, 1e-3, 0.5, 1, 3.9, 4.9, 7, 20, 21.5, 100, 1234.5, 1e5, 1e7, 1e12]) {
    // log sinh x = x − ln 2 + log1p(−e^{−2x}) for x ≥ 1; plain log(sinh) below.
    const logSinh = x >= 1 ? x - Math.LN2 + Math.log1p(-Math.exp(-2 * x)) : Math.log(Math.sinh(x));
    const want = 0.5 * Math.log(2 / (Math.PI * x)) + logSinh;
    const got = logBesselI(0.5, x);
    assert.ok(Math.abs(got - want) <= 4e-15 * Math.max(1, Math.abs(want)), `x=${x}: ${got} vs ${want}`);
    // coth x − 1/x, and 1 − (coth x − 1/x) for large x without cancellation.
    if (x >= 1) {
      const coth = 1 + 2 / Math.expm1(2 * x);
      const ratio = coth - 1 / x;
      assert.ok(Math.abs(besselRatio(0.5, x) - ratio) <= 4e-15 * ratio, `ratio x=${x}`);
      const comp = 1 / x - 2 / Math.expm1(2 * x);
      assert.ok(Math.abs(besselRatioComplement(0.5, x) - comp) <= 5e-14 * comp, `complement x=${x}: ${besselRatioComplement(0.5, x)} vs ${comp}`);
    }
  }
});

test('three-term recurrence I_{ν−1} − I_{ν+1} = (2ν/x)·I_ν holds across all regions', () => {
  // In ratio form: I_{ν−1}/I_ν − I_{ν+1}/I_ν = 2ν/x, i.e. 1/ratio(ν−1) − ratio(ν) = 2ν/x.
  for (const nu of [1, 1.5, 2.5, 7, 19.5, 20, 20.5, 21, 31, 100, 383, 2047, 8191]) {
    for (const x of [1e-3, 0.7, 4, 10, 21, 50, nu, 2 * nu, 300, 1e4, 1e6]) {
      const lhs = 1 / besselRatio(nu - 1, x) - besselRatio(nu, x);
      const rhs = (2 * nu) / x;
      assert.ok(Math.abs(lhs - rhs) <= 1e-13 * (rhs + 1 / besselRatio(nu - 1, x)), `ν=${nu}, x=${x}: ${lhs} vs ${rhs}`);
      // And the logs: log I_{ν+1} − log I_ν = log ratio.
      const dl = logBesselI(nu + 1, x) - logBesselI(nu, x);
      const scale = Math.abs(logBesselI(nu, x)) + 1;
      assert.ok(Math.abs(dl - Math.log(besselRatio(nu, x))) <= 4e-14 * scale, `log ratio ν=${nu}, x=${x}`);
    }
  }
});

test('scaled and normalised forms are consistent with logBesselI', () => {
  for (const nu of [0, 0.5, 3, 19.5, 31, 8191]) {
    for (const x of [1e-6, 0.1, 5, 30, 500, 1e5]) {
      const l = logBesselI(nu, x);
      assert.ok(Math.abs(logBesselIScaled(nu, x) + x - l) <= 1e-14 * Math.max(1, Math.abs(l), x));
      const norm = logBesselINormalized(nu, x);
      const viaLog = l - nu * Math.log(x / 2) + logGamma(nu + 1);
      assert.ok(norm >= 0);
      assert.ok(Math.abs(norm - viaLog) <= 1e-14 * Math.max(1, Math.abs(l), nu * Math.abs(Math.log(x)), x));
    }
  }
  // Small x: log ₀F₁(; ν+1; x²/4) = q/(ν+1) − q²/(2(ν+1)²(ν+2)) + …, q = x²/4, to full relative precision.
  for (const nu of [0, 0.5, 8191]) {
    const x = 1e-4;
    const q = (x * x) / 4;
    const want = q / (nu + 1) - (q * q) / (2 * (nu + 1) ** 2 * (nu + 2));
    assert.ok(Math.abs(logBesselINormalized(nu, x) - want) <= 1e-15 * want);
  }
  // log I_0(x) ≈ x²/4 at tiny x, to full relative precision (no cancellation against log Γ(1) = 0).
  assert.ok(Math.abs(logBesselI(0, 1e-8) - 2.5e-17) <= 1e-30);
});

test('edge cases: x = 0, huge x, invalid arguments', () => {
  assert.equal(logBesselI(0, 0), 0);
  assert.equal(logBesselI(2.5, 0), -Infinity);
  assert.equal(besselRatio(3, 0), 0);
  assert.equal(besselRatioComplement(3, 0), 1);
  assert.equal(logBesselI(1, Infinity), Infinity);
  // I_ν(x) ~ e^x/√(2πx) for x → ∞.
  for (const nu of [0, 2.5, 8191]) {
    const x = 1e300;
    assert.ok(Math.abs(logBesselIScaled(nu, x) + 0.5 * Math.log(2 * Math.PI * x)) < 1e-12);
    assert.equal(logBesselI(nu, x), x);
  }
  // Tiny x, huge order: no underflow to −∞.
  const v = logBesselI(8191, 1e-300);
  assert.ok(Number.isFinite(v) && v < -5e6);
  for (const [nu, x] of [[-1, 1], [1, -1], [NaN, 1], [1, NaN], [Infinity, 1]] as const) {
    assert.throws(() => logBesselI(nu, x), RangeError);
    assert.throws(() => besselRatio(nu, x), RangeError);
  }
});

test('logGamma: exact zeros, factorials, half-integers, large arguments', () => {
  assert.equal(logGamma(1), 0);
  assert.equal(logGamma(2), 0);
  let f = 1;
  for (let k = 1; k <= 25; k++) {
    f *= k;
    // Absolute ~4e-15 near the zeros of log Γ (the shift to the Stirling region costs that much).
    assert.ok(Math.abs(logGamma(k + 1) - Math.log(f)) <= 4e-15 * Math.max(1, Math.log(f)), `Γ(${k + 1})`);
  }
  // Γ(1/2) = √π, Γ(k + 1/2) = Γ(k − 1/2)·(k − 1/2).
  let g = 0.5 * Math.log(Math.PI);
  for (let k = 0; k < 40; k++) {
    const want = g;
    assert.ok(Math.abs(logGamma(k + 0.5) - want) <= 4e-15 * Math.max(1, Math.abs(want)), `Γ(${k}+½)`);
    g += Math.log(k + 0.5);
  }
  // Stirling region against a recurrence from the shifted region.
  assert.ok(Math.abs(logGamma(8192.5) - (logGamma(8191.5) + Math.log(8191.5))) <= 1e-15 * logGamma(8192.5));
  assert.ok(Number.isNaN(logGamma(0)) && Number.isNaN(logGamma(-1)));
});
