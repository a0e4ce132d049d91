/**
 * Temperature ε of the soft assignment (METHOD.md §1 item 5).
 *
 * `auto` solves KL(vMF_ε ‖ Uniform(S^{d−1})) = ln n for ε, so that each anchor's kernel covers about 1/n of
 * the sphere. With κ = 1/ε, ν = d/2 − 1 and A = I_{ν+1}(κ)/I_ν(κ):
 *
 *   KL(ε) = κ·A − log Z(κ),   log Z(κ) = log[Γ(ν+1)(2/κ)^ν I_ν(κ)] = log ₀F₁(; ν+1; κ²/4),
 *
 * which is METHOD.md's κA_d(κ) + log C_d(κ) + log|S^{d−1}| after cancelling the π's and 2's
 * (log C_d + log|S^{d−1}| = ν ln κ − ν ln 2 − log Γ(d/2) − log I_ν(κ), and Γ(d/2) = Γ(ν+1)).
 * KL is strictly decreasing in ε (dKL/dκ = κ·A'(κ) > 0), from +∞ at ε → 0 to 0 at ε → ∞.
 *
 * `bounds` reproduces the method author's `find_eps` (hcoxec/soft_h, soft_entropy/temp_calibration.py,
 * `KL_lower_bound`): KL replaced by a lower bound built from Amos-type bounds on the Bessel ratio
 * (see {@link klVmfUniformLowerBound}). Solved to full precision here (the author's first version scanned a
 * 100-point grid instead; the current one uses Brent's method on the same bound).
 *
 * Platform-neutral: no Node or DOM APIs.
 */

import { besselIState, logGamma } from './bessel';

/**
 * How ε is chosen: `'auto'` (exact vMF calibration, the default), `'bounds'` (the author's Amos-bound
 * calibration, d > 2), `'leading-order'` (ε = 1/√(2·d·ln n)), or a positive number used as given.
 */
export type TemperatureMode = 'auto' | 'bounds' | 'leading-order' | number;

const DBL_EPS = 2.220446049250313e-16;

function checkDimension(d: number, what: string): void {
  if (!Number.isFinite(d) || d < 2) throw new Error(`${what}: dimension d must be a finite number ≥ 2 (got ${d})`);
}

function checkEps(eps: number, what: string): void {
  if (!(eps > 0)) throw new Error(`${what}: temperature ε must be > 0 (got ${eps})`);
}

/**
 * KL divergence (nats) of the von Mises–Fisher distribution with concentration κ = 1/ε on S^{d−1} from the
 * uniform distribution on S^{d−1}. Accurate to ≈1e-15 relative for d from 2 to beyond 16384 and ε from
 * ~1e-300 to ~1e300 (at large ε, where KL ≈ 1/(2dε²), without cancellation).
 *
 * Two algebraically identical forms keep every term small enough:
 *  - κ ≤ 2(ν+1): KL = κA − log ₀F₁(; ν+1; κ²/4), both terms O(κ²/d) as κ → 0;
 *  - κ > 2(ν+1): KL = −κ(1−A) − [log I_ν(κ) − κ] + ν ln(κ/2) − log Γ(ν+1), where 1 − A ≈ (ν+½)/κ is
 *    computed directly; the first form would subtract two numbers ≈ κ (κ reaches 1e8 at d = 2, n = 10⁴).
 * @param eps temperature ε > 0 (+Infinity gives 0)
 * @param d dimension d ≥ 2 (need not be an integer)
 * @throws Error for ε ≤ 0, NaN, or d < 2
 */
export function klVmfUniform(eps: number, d: number): number {
  checkEps(eps, 'klVmfUniform');
  checkDimension(d, 'klVmfUniform');
  const kappa = 1 / eps;
  if (kappa === Infinity) return Infinity;
  if (kappa === 0) return 0;
  const nu = d / 2 - 1;
  const b = besselIState(nu, kappa);
  if (kappa <= 2 * (nu + 1)) return kappa * b.ratio - b.logNorm;
  const lead = nu === 0 ? 0 : nu * Math.log(0.5 * kappa) - logGamma(nu + 1);
  return -kappa * b.complement - b.logIve + lead;
}

/**
 * The method author's lower bound on {@link klVmfUniform} (hcoxec/soft_h `KL_lower_bound`), for d > 2.
 *
 * Derivation (ν = d/2 − 1 > 0, κ = 1/ε, r(t) = I_{ν+1}(t)/I_ν(t)):
 *  - d/dκ log Z(κ) = r(κ), log Z(0) = 0, so log Z(κ) = ∫₀^κ r(t) dt and KL = κ·r(κ) − ∫₀^κ r(t) dt.
 *  - Amos (1974): t/(ν+1 + √(t²+(ν+1)²)) ≤ r(t) ≤ t/(ν + √(t²+ν²)). The lower one bounds κ·r(κ) below by
 *    κ²/(a + s_a) = s_a − a, with a = ν+1 = d/2 and s_a = √(κ²+a²).
 *  - Integrating the upper one (substitute s = √(t²+ν²), t dt = s ds) bounds log Z above by
 *    Φ⁺ = s_ν − ν − ν·ln((ν + s_ν)/(2ν)),  s_ν = √(κ²+ν²).
 *  - Hence KL ≥ (s_a − a) − Φ⁺ = (s_a − s_ν) − 1 + ν·ln((ν+s_ν)/(2ν)).
 * The author's code evaluates κ·G − Φ⁺ literally; that subtracts two numbers ≈ κ and returns 0 for κ ≳ 1e16
 * in double precision. Here s_a − s_ν = (2ν+1)/(s_a+s_ν) and s − c = κ²/(s + c) are used instead:
 *   KL⁻ = −[κ²/(s_a+a) + κ²/(s_ν+ν)]/(s_a+s_ν) + ν·log1p(κ²/(2ν(s_ν+ν))),
 * which is the same function, free of cancellation (and ≈ κ²(ν−1)/(4ν(ν+1)) for small κ).
 * The bound is loose by ≈ ½·ln κ for large κ (it misses the ½ in I_ν(κ) ~ e^κ/√(2πκ)), so it matters at
 * small d (at d = 3 it even turns negative for ε > 0.246); it is tight to ~0.1 % in ε for d ≳ 768.
 * It is strictly decreasing in ε wherever it is positive, so KL⁻(ε) = ln n (> 0) has exactly one root.
 * @param eps temperature ε > 0
 * @param d dimension d > 2 (the upper Amos bound degenerates at ν = 0)
 * @throws Error for ε ≤ 0, NaN, or d ≤ 2
 */
export function klVmfUniformLowerBound(eps: number, d: number): number {
  checkEps(eps, 'klVmfUniformLowerBound');
  if (!Number.isFinite(d) || d <= 2) {
    throw new Error(`klVmfUniformLowerBound: the Amos-bound KL needs dimension d > 2 (got ${d})`);
  }
  const kappa = 1 / eps;
  if (kappa === Infinity) return Infinity;
  const nu = d / 2 - 1;
  const a = nu + 1;
  const sa = Math.hypot(kappa, a);
  const sn = Math.hypot(kappa, nu);
  // κ·(κ/(s+c)) rather than κ²/(s+c): κ² overflows for κ > 1e154.
  const qa = kappa * (kappa / (sa + a));
  const qn = kappa * (kappa / (sn + nu));
  return -(qa + qn) / (sa + sn) + nu * Math.log1p(qn / (2 * nu));
}

/** ε = 1/√(2·d·ln n): the large-d, small-κ/d expansion KL ≈ κ²/(2d) set equal to ln n. */
function leadingOrder(n: number, d: number): number {
  return 1 / Math.sqrt(2 * d * Math.log(n));
}

interface BrentResult {
  /** Best estimate (the end of the final bracket with the smaller |f|). */
  x: number;
  /** The other end of the final bracket (f has the opposite sign there, or f(x) = 0). */
  other: number;
}

/**
 * Brent's method (inverse quadratic interpolation / secant / bisection) for f on [a, b] with f(a)·f(b) ≤ 0.
 * Stops when the bracket is narrower than 2·(2·DBL_EPS·|x| + xtol/2), when f(x) = 0, or after maxIter steps;
 * every step keeps a sign-changing bracket, so the result is always inside the original interval.
 */
function brent(f: (x: number) => number, a: number, b: number, fa: number, fb: number, xtol: number, maxIter: number): BrentResult {
  let c = a;
  let fc = fa;
  let step = b - a;
  let prevStep = step;
  for (let iter = 0; iter < maxIter; iter++) {
    if (Math.sign(fb) * Math.sign(fc) > 0) {
      // Keep the contrapoint c on the other side of the root from b.
      c = a;
      fc = fa;
      step = prevStep = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      // Make b the best estimate so far.
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * DBL_EPS * Math.abs(b) + 0.5 * xtol;
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tol || fb === 0) return { x: b, other: c };
    if (Math.abs(prevStep) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Try interpolation: secant when only two distinct points are known, inverse quadratic otherwise.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * half * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * half * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      // Accept only if it lands well inside the bracket and shrinks faster than bisection would.
      if (2 * p < Math.min(3 * half * q - Math.abs(tol * q), Math.abs(prevStep * q))) {
        prevStep = step;
        step = p / q;
      } else {
        step = half;
        prevStep = step;
      }
    } else {
      step = half;
      prevStep = step;
    }
    a = b;
    fa = fb;
    b += Math.abs(step) > tol ? step : half > 0 ? tol : -tol;
    fb = f(b);
  }
  return { x: b, other: c };
}

/** ln ε bounds for the bracket search: ε in [1e-300, 1e300] (κ·κ-free formulas keep KL finite there). */
const LOG_EPS_MIN = Math.log(1e-300);
const LOG_EPS_MAX = Math.log(1e300);

/**
 * Solves kl(ε) = target for a kl that decreases in ε, to full double precision.
 *  1. Bracket in u = ln ε from the leading-order guess, with steps 1, 2, 4, … (≤ 11 expansions per side
 *     before hitting ε = 1e∓300).
 *  2. Brent in u to |Δu| ≤ 1e-11 (the function is smooth and close to linear in ln ε).
 *  3. Brent in ε itself on that tiny bracket, to a few ulps of ε (u cannot resolve single ulps of ε).
 * At most ~11 + 200 + 100 evaluations; never loops unboundedly.
 */
function solveDecreasing(kl: (eps: number) => number, target: number, guess: number, what: string): number {
  const f = (u: number): number => kl(Math.exp(u)) - target;
  let lo = Math.log(guess);
  let flo = f(lo);
  let hi = lo;
  let fhi = flo;
  if (flo === 0) return Math.exp(lo);
  let step = 1;
  if (flo > 0) {
    // KL too large: root at larger ε.
    while (fhi > 0) {
      lo = hi;
      flo = fhi;
      if (hi >= LOG_EPS_MAX) throw new Error(`${what}: could not bracket the temperature (KL stays above ${target} up to ε = 1e300)`);
      hi = Math.min(hi + step, LOG_EPS_MAX);
      step *= 2;
      fhi = f(hi);
    }
  } else {
    while (flo < 0) {
      hi = lo;
      fhi = flo;
      if (lo <= LOG_EPS_MIN) throw new Error(`${what}: could not bracket the temperature (KL stays below ${target} down to ε = 1e-300)`);
      lo = Math.max(lo - step, LOG_EPS_MIN);
      step *= 2;
      flo = f(lo);
    }
  }
  if (Number.isNaN(flo) || Number.isNaN(fhi)) throw new Error(`${what}: KL evaluated to NaN while bracketing`);
  if (fhi === 0) return Math.exp(hi);
  const r1 = brent(f, lo, hi, flo, fhi, 1e-11, 200);
  let e1 = Math.exp(Math.min(r1.x, r1.other));
  let e2 = Math.exp(Math.max(r1.x, r1.other));
  const g = (eps: number): number => kl(eps) - target;
  let g1 = g(e1);
  let g2 = g(e2);
  // exp() rounding can move an end across the root; widen by a few ulps until the signs differ again.
  for (let i = 0; i < 40 && g1 < 0; i++) {
    e1 *= 1 - 4 * DBL_EPS * 2 ** i;
    g1 = g(e1);
  }
  for (let i = 0; i < 40 && g2 > 0; i++) {
    e2 *= 1 + 4 * DBL_EPS * 2 ** i;
    g2 = g(e2);
  }
  if (g1 === 0) return e1;
  if (g2 === 0) return e2;
  if (g1 < 0 || g2 > 0) return Math.exp(r1.x); // cannot happen for a monotone kl; best u-space estimate
  return brent(g, e1, e2, g1, g2, 0, 100).x;
}

function validateCommon(n: number, d: number): void {
  if (!Number.isInteger(n) || n < 2) throw new Error(`temperature: the number of anchors n must be an integer ≥ 2 (got ${n})`);
  if (!Number.isInteger(d) || d < 2) throw new Error(`temperature: the dimension d must be an integer ≥ 2 (got ${d})`);
}

/**
 * Resolves a temperature mode to ε > 0 for n anchors in dimension d (METHOD.md §1 item 5).
 *  - `'auto'`: the ε with KL(vMF_ε ‖ Uniform(S^{d−1})) = ln n ({@link klVmfUniform}), to full double
 *    precision.
 *  - `'bounds'`: the ε with {@link klVmfUniformLowerBound}(ε) = ln n (the method author's default
 *    `find_eps`); d > 2 only. Because that bound is below KL and both decrease in ε, ε_bounds ≤ ε_auto and
 *    KL(ε_bounds) ≥ ln n (slightly sharper kernels; ≈0.1 % smaller ε at d = 768, ×0.02 at d = 3).
 *  - `'leading-order'`: 1/√(2·d·ln n).
 *  - a number: returned as given if it is finite and > 0 (n and d are then not checked: any data works).
 * A solve costs well under a millisecond for any d up to 16384 and beyond.
 * @param mode temperature mode
 * @param n number of anchors, an integer ≥ 2 (for the string modes)
 * @param d embedding dimension, an integer ≥ 2 (for the string modes)
 * @throws Error (plain) with a message naming the problem, for a string mode with n or d not integers ≥ 2,
 *   a number mode that is not finite and > 0, an unknown mode, or `'bounds'` with d ≤ 2
 */
export function solveTemperature(mode: TemperatureMode, n: number, d: number): number {
  if (typeof mode === 'number') {
    // Used as given, whatever n and d are (METHOD.md §6's worked examples are 1-D, with 2 or 3 anchors).
    if (!Number.isFinite(mode) || mode <= 0) throw new Error(`temperature: a numeric temperature must be finite and > 0 (got ${mode})`);
    return mode;
  }
  validateCommon(n, d);
  const target = Math.log(n);
  switch (mode) {
    case 'leading-order':
      return leadingOrder(n, d);
    case 'auto':
      return solveDecreasing((e) => klVmfUniform(e, d), target, leadingOrder(n, d), 'temperature auto');
    case 'bounds':
      if (d <= 2) throw new Error(`temperature: mode 'bounds' needs dimension d > 2 (got d = ${d}); use 'auto'`);
      return solveDecreasing((e) => klVmfUniformLowerBound(e, d), target, leadingOrder(n, d), 'temperature bounds');
    default:
      throw new Error(`temperature: unknown mode ${JSON.stringify(mode)} (expected 'auto', 'bounds', 'leading-order' or a positive number)`);
  }
}
