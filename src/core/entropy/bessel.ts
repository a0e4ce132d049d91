/**
 * Modified Bessel function of the first kind, I_ν(x), in the forms the temperature solver needs:
 * logarithms (I_ν over/underflows a double long before the solver's range ends: I_8191(300) ≈ 10^-10800,
 * I_0(10^7) ≈ 10^4342944), the ratio I_{ν+1}/I_ν and its complement 1 − I_{ν+1}/I_ν.
 *
 * Domain: ν ≥ 0 (integer or not), x ≥ 0. Accuracy target ≈ 1e-15 relative on every logarithm where the
 * logarithm is not near zero (near a zero only the absolute error, ≈ 1e-16 × the size of the terms that
 * cancel, is meaningful), and a few ulps on the ratios.
 *
 * Four regions (all terms positive or cancellation-free by construction):
 *  1. x² ≤ 16(ν+1): the power series of ₀F₁(; ν+1; x²/4) (positive terms, ≤ ~40 of them).
 *  2. ν ≥ NU_DEBYE: the uniform asymptotic (Debye) expansion in ν, valid uniformly in x/ν, with DEBYE_TERMS
 *     terms whose polynomials U_k, V_k are generated once from their recurrences.
 *  3. ν < NU_DEBYE, x ≥ max(100, 4ν²): the large-argument (Hankel) expansion, ~10–20 terms.
 *  4. ν < NU_DEBYE, x in between: Debye at the shifted order μ = ν + m ≥ NU_DEBYE, then m steps of the
 *     backward three-term recurrence on the ratios, which is the stable direction for I.
 * Ratios come from the Gauss continued fraction where it converges in a few dozen steps (x ≲ ν, or x small),
 * and from the expansions (Debye, directly or shifted as in 4, or Hankel) where x/ν > 1.
 *
 * Platform-neutral: no Node or DOM APIs.
 */

/** Order from which the Debye expansion is used directly (chosen by testing against mpmath, 40 digits). */
const NU_DEBYE = 20;
/** Number of Debye correction terms U_1..U_K (the error is far below double rounding for ν ≥ NU_DEBYE). */
const DEBYE_TERMS = 14;
const LOG_2PI = Math.log(2 * Math.PI);
const DBL_EPS = 2.220446049250313e-16;

// ---------------------------------------------------------------------------------------------------------
// log Γ
// ---------------------------------------------------------------------------------------------------------

/**
 * Stirling's correction series: log Γ(x) − [(x − ½)·ln x − x + ½·ln 2π] = Σ B_2k / (2k(2k−1)·x^(2k−1)).
 * The same series equals log Γ(x+1) − [x·ln x − x + ½·ln(2πx)]. Eight terms leave < 1e-17 for x ≥ 10.
 */
function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  // Coefficients B_2k / (2k(2k−1)), k = 1..8, evaluated with Horner in 1/x².
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 *
            (1 / 1260 +
              r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))))
  );
}

/**
 * Natural log of the gamma function for x > 0 (≈1e-15 relative; exact 0 at x = 1 and x = 2).
 * Stirling's series for x ≥ 10; below that the argument is shifted up with Γ(x) = Γ(x+m)/(x(x+1)…(x+m−1)),
 * whose product is positive, so nothing cancels except near the zeros of log Γ at 1 and 2.
 * @param x positive real; returns NaN for x ≤ 0 or NaN, +Infinity for +Infinity.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === 1 || x === 2) return 0;
  if (x === Infinity) return Infinity;
  if (x < 10) {
    let prod = 1;
    let y = x;
    while (y < 10) {
      prod *= y;
      y += 1;
    }
    return logGamma(y) - Math.log(prod);
  }
  return (x - 0.5) * Math.log(x) - x + 0.5 * LOG_2PI + stirlingCorrection(x);
}

/** log Γ(ν+1) for ν ≥ 0, exact 0 at ν = 0 and ν = 1. */
function logGammaPlus1(nu: number): number {
  return nu === 0 ? 0 : logGamma(nu + 1);
}

// ---------------------------------------------------------------------------------------------------------
// Debye polynomials
// ---------------------------------------------------------------------------------------------------------

/**
 * Coefficients (in powers of p, index = power) of U_k(p), k = 0..DEBYE_TERMS, and of D_k = V_k − U_k.
 * U_0 = 1, U_{k+1}(p) = ½p²(1−p²)U_k'(p) + ⅛∫₀ᵖ(1−5t²)U_k(t)dt  (DLMF 10.41.10);
 * V_{k+1}(p) = U_{k+1}(p) + p(p²−1)(½U_k(p) + pU_k'(p))          (DLMF 10.41.12),
 * so D_{k+1}(p) = (p³−p)(½U_k(p) + pU_k'(p)). Generated once, lazily, in double precision: the relative
 * rounding of the coefficients (~1e-15) is irrelevant after division by ν^k with ν ≥ 20.
 */
let debyePolys: { u: Float64Array[]; dvu: Float64Array[] } | undefined;

function getDebyePolys(): { u: Float64Array[]; dvu: Float64Array[] } {
  if (debyePolys) return debyePolys;
  const u: Float64Array[] = [Float64Array.of(1)];
  const dvu: Float64Array[] = [Float64Array.of(0)];
  for (let k = 0; k < DEBYE_TERMS; k++) {
    const a = u[k];
    const deg = a.length - 1; // degree 3k
    const next = new Float64Array(deg + 4);
    const dnext = new Float64Array(deg + 4);
    for (let j = 0; j <= deg; j++) {
      const aj = a[j];
      if (aj === 0) continue;
      // ½p²(1−p²)·(j a_j p^{j−1}) = ½j a_j (p^{j+1} − p^{j+3})
      next[j + 1] += 0.5 * j * aj;
      next[j + 3] -= 0.5 * j * aj;
      // ⅛∫₀ᵖ (1−5t²) a_j t^j dt = ⅛a_j (p^{j+1}/(j+1) − 5p^{j+3}/(j+3))
      next[j + 1] += (aj / (j + 1)) / 8;
      next[j + 3] -= ((5 * aj) / (j + 3)) / 8;
      // (p³−p)(½a_j p^j + j a_j p^j) = (½ + j) a_j (p^{j+3} − p^{j+1})
      dnext[j + 3] += (0.5 + j) * aj;
      dnext[j + 1] -= (0.5 + j) * aj;
    }
    u.push(next);
    dvu.push(dnext);
  }
  debyePolys = { u, dvu };
  return debyePolys;
}

function horner(c: Float64Array, p: number): number {
  let s = 0;
  for (let j = c.length - 1; j >= 0; j--) s = s * p + c[j];
  return s;
}

/** Σ_k U_k(p)/ν^k and Σ_k (V_k − U_k)(p)/ν^k, k = 0..DEBYE_TERMS (the second sum starts at k = 1). */
function debyeSums(nu: number, p: number): { su: number; sdvu: number } {
  const { u, dvu } = getDebyePolys();
  let su = 0;
  let sdvu = 0;
  const inv = 1 / nu;
  // Horner in 1/ν, highest order first.
  for (let k = DEBYE_TERMS; k >= 0; k--) {
    su = su * inv + horner(u[k], p);
    sdvu = sdvu * inv + horner(dvu[k], p);
  }
  return { su, sdvu };
}

// ---------------------------------------------------------------------------------------------------------
// Core evaluation
// ---------------------------------------------------------------------------------------------------------

/**
 * Everything the callers need about I_ν(x) at one point:
 *  - logIve: log I_ν(x) − x (the exponentially scaled log, small for large x, so the large-x callers keep
 *    their precision);
 *  - logNorm: log[Γ(ν+1)(2/x)^ν I_ν(x)] = log ₀F₁(; ν+1; x²/4) ≥ 0, tending to 0 as x → 0 (the vMF
 *    log-partition function relative to the uniform distribution, accurate to ~1e-16 absolute near 0);
 *  - ratio: I_{ν+1}(x)/I_ν(x) ∈ [0, 1);
 *  - complement: 1 − ratio, accurate also when the ratio is close to 1 (large x).
 */
interface BesselState {
  logIve: number;
  logNorm: number;
  ratio: number;
  complement: number;
}

/** Power series of log ₀F₁(; ν+1; q), q = x²/4; all terms positive. Used for x² ≤ 16(ν+1). */
function logNormSeries(nu: number, x: number): number {
  const q = 0.25 * x * x;
  let term = 1;
  let sum = 0;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * (nu + k));
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return Math.log1p(sum);
}

/**
 * Gauss continued fraction I_{ν+1}/I_ν = 1/(b₁ + 1/(b₂ + …)), b_k = 2(ν+k)/x, evaluated with the modified
 * Lentz method. All b_k > 0, so there is no division by zero and no cancellation. It converges in a few
 * dozen steps when x ≲ max(ν, 20); callers only use it there (the iteration cap is a safety net).
 */
function ratioContinuedFraction(nu: number, x: number): number {
  const twoOverX = 2 / x;
  let f = twoOverX * (nu + 1);
  let c = f;
  let d = 0;
  for (let k = 2; k < 100000; k++) {
    const b = twoOverX * (nu + k);
    d = 1 / (b + d);
    c = b + 1 / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < DBL_EPS) break;
  }
  return 1 / f;
}

/**
 * Debye expansion at order ν ≥ NU_DEBYE (DLMF 10.41.3–4), with z = x/ν, s = √(1+z²), p = 1/s:
 *   I_ν(νz) ≈ e^{νη} / (√(2πν)·√s) · ΣU_k(p)/ν^k,   η = s + ln(z/(1+s)),
 *   I_ν'(νz) ≈ √s·e^{νη} / (√(2πν)·z) · ΣV_k(p)/ν^k.
 * The pieces are rearranged so nothing large cancels:
 *   νη − x = ν/(s+z) − ν·log1p((1 + 1/(s+z))/z)                 (s − z = 1/(s+z));
 *   log ₀F₁ = ν(w − log1p(w/2)) + [log Γ(ν+1) − Stirling] − ½ln s + ln ΣU,  w = s − 1 = z²/(s+1);
 *   ratio I_{ν+1}/I_ν = I_ν'/I_ν − 1/z = (s(1+W) − 1)/z,  W = Σ(V_k−U_k)/ν^k / ΣU_k/ν^k,
 *   complement 1 − ratio = (1 − 1/(s+z) − sW)/z, used when z > 1 (where the ratio approaches 1).
 * For z ≤ 1 the ratio is taken from the continued fraction instead (the Debye form cancels as z → 0).
 */
function debyeState(nu: number, x: number): BesselState {
  const z = x / nu;
  const s = Math.hypot(1, z);
  const p = 1 / s;
  const { su, sdvu } = debyeSums(nu, p);
  const lnSu = Math.log(su);
  const halfLnS = 0.5 * Math.log(s);
  const logIve = nu / (s + z) - nu * Math.log1p((1 + 1 / (s + z)) / z) - 0.5 * (LOG_2PI + Math.log(nu)) - halfLnS + lnSu;
  const w = z * (z / (s + 1));
  const logNorm = nu * (w - Math.log1p(0.5 * w)) + stirlingCorrection(nu) - halfLnS + lnSu;
  let ratio: number;
  let complement: number;
  if (z > 1) {
    const W = sdvu / su;
    complement = (1 - 1 / (s + z) - s * W) / z;
    ratio = 1 - complement;
  } else {
    ratio = ratioContinuedFraction(nu, x);
    complement = 1 - ratio;
  }
  return { logIve, logNorm, ratio, complement };
}

/**
 * Small order ν < NU_DEBYE outside the series region: evaluate at μ = ν + m ≥ NU_DEBYE (Debye) and walk down
 * with I_{μ−1}/I_μ = 2μ/x + I_{μ+1}/I_μ. Written for the complements c_j = 1 − I_{ν+j+1}/I_{ν+j}:
 *   g_j = I_{ν+j}/I_{ν+j+1} − 1 = 2(ν+j+1)/x − c_{j+1} ≥ 0,   c_j = g_j/(1+g_j),
 *   log I_ν = log I_μ + Σ_j log1p(g_j).
 * Downward is the stable direction for the ratios of I (the minimal solution of the recurrence); g_j loses
 * at most a factor ~4 to cancellation at large x, and the complements stay accurate even when the ratios
 * are within 1e-10 of 1, which is what the vMF KL needs at very small temperatures.
 */
function shiftedState(nu: number, x: number): BesselState {
  const m = Math.ceil(NU_DEBYE - nu);
  const mu = nu + m;
  const top = debyeState(mu, x);
  let c = top.complement;
  let sumLog = 0;
  for (let j = m - 1; j >= 0; j--) {
    const g = (2 * (nu + j + 1)) / x - c;
    c = g / (1 + g);
    sumLog += Math.log1p(g);
  }
  const logIve = top.logIve + sumLog;
  const logNorm = logIve + x - nu * Math.log(0.5 * x) + logGammaPlus1(nu);
  return { logIve, logNorm, ratio: 1 - c, complement: c };
}

/**
 * Large-argument (Hankel) expansion for small orders ν < NU_DEBYE and x ≥ max(100, 4ν²) (DLMF 10.40.1):
 *   I_μ(x) ≈ e^x/√(2πx) · S_μ(x),   S_μ(x) = Σ_k t_k(μ),   t_k = t_{k−1}·γ_k(μ),   γ_k(μ) = −(4μ² − (2k−1)²)/(8kx).
 * Here |γ_1| ≤ ⅛ and the terms shrink for k up to ~2x, so ~10–20 terms reach 1e-17; the neglected
 * companion term is e^{−2x} ≤ e^{−200} relative. The complement needs S_ν − S_{ν+1} without cancellation;
 * D_k = t_k(ν) − t_k(ν+1) obeys D_k = γ_k(ν)·D_{k−1} + t_{k−1}(ν+1)·(2ν+1)/(2kx), D_0 = 0, so
 *   1 − I_{ν+1}/I_ν = Σ D_k / S_ν ≈ (ν+½)/x,
 * to a few ulps, which the shifted recurrence can only give to ~(ν+m+½)/(ν+½) times that.
 */
function hankelState(nu: number, x: number): BesselState {
  const mu0 = 4 * nu * nu;
  const mu1 = 4 * (nu + 1) * (nu + 1);
  let t0 = 1; // t_k(ν)
  let t1 = 1; // t_k(ν+1)
  let diff = 0; // D_k
  let s0 = 1;
  let sDiff = 0;
  for (let k = 1; k < 200; k++) {
    const odd = (2 * k - 1) * (2 * k - 1);
    const inv = 1 / (8 * k * x);
    const g0 = -(mu0 - odd) * inv;
    diff = g0 * diff + t1 * ((2 * nu + 1) / (2 * k * x));
    t0 *= g0;
    t1 *= -(mu1 - odd) * inv;
    s0 += t0;
    sDiff += diff;
    if (Math.abs(t0) <= 1e-17 * Math.abs(s0) && Math.abs(diff) <= 1e-17 * Math.abs(sDiff)) break;
  }
  const logIve = -0.5 * (LOG_2PI + Math.log(x)) + Math.log(s0);
  const complement = sDiff / s0;
  const logNorm = logIve + x - nu * Math.log(0.5 * x) + logGammaPlus1(nu);
  return { logIve, logNorm, ratio: 1 - complement, complement };
}

function checkArgs(nu: number, x: number, fn: string): void {
  if (!(nu >= 0) || nu === Infinity) throw new RangeError(`${fn}: order ν must be finite and ≥ 0 (got ${nu})`);
  if (!(x >= 0)) throw new RangeError(`${fn}: argument x must be ≥ 0 (got ${x})`);
}

/** Dispatch to the region that is accurate and fast at (ν, x); x > 0 finite. */
function besselState(nu: number, x: number): BesselState {
  if (x * x <= 16 * (nu + 1)) {
    const logNorm = logNormSeries(nu, x);
    const logIve = logNorm + (nu === 0 ? 0 : nu * Math.log(0.5 * x)) - logGammaPlus1(nu) - x;
    const ratio = ratioContinuedFraction(nu, x);
    return { logIve, logNorm, ratio, complement: 1 - ratio };
  }
  if (nu >= NU_DEBYE) return debyeState(nu, x);
  if (x >= 100 && x >= 4 * nu * nu) return hankelState(nu, x);
  return shiftedState(nu, x);
}

/**
 * Internal entry for the temperature solver: all four quantities at once (one Debye evaluation).
 * @internal
 */
export function besselIState(nu: number, x: number): Readonly<BesselState> {
  checkArgs(nu, x, 'besselIState');
  if (x === 0) return { logIve: nu === 0 ? 0 : -Infinity, logNorm: 0, ratio: 0, complement: 1 };
  if (x === Infinity) return { logIve: -Infinity, logNorm: Infinity, ratio: 1, complement: 0 };
  return besselState(nu, x);
}

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

/**
 * Natural log of the modified Bessel function of the first kind, log I_ν(x), without overflow or underflow.
 * Accurate to ≈1e-15 relative for ν ∈ [0, ~10⁴] (integer or half-integer or any real) and x ∈ (0, 10³⁰⁰];
 * where log I_ν(x) is near 0 the error is ≈1e-16 × the magnitude of ν·ln(x/2) and log Γ(ν+1).
 * @param nu order ν ≥ 0
 * @param x argument x ≥ 0 (log I_0(0) = 0, log I_ν(0) = −∞ for ν > 0)
 * @throws RangeError for ν < 0, x < 0 or NaN
 */
export function logBesselI(nu: number, x: number): number {
  checkArgs(nu, x, 'logBesselI');
  if (x === 0) return nu === 0 ? 0 : -Infinity;
  if (x === Infinity) return Infinity;
  if (x * x <= 16 * (nu + 1)) {
    // Series region: assemble log I directly (no detour through log I − x).
    return logNormSeries(nu, x) + (nu === 0 ? 0 : nu * Math.log(0.5 * x)) - logGammaPlus1(nu);
  }
  return besselState(nu, x).logIve + x;
}

/**
 * Exponentially scaled log, log(I_ν(x)·e^{−x}) = log I_ν(x) − x; stays O(ln x) for large x, so differences
 * such as log I_ν(x) − x − (−½ln 2πx) keep their precision. Same domain and accuracy as {@link logBesselI}.
 * @throws RangeError for ν < 0, x < 0 or NaN
 */
export function logBesselIScaled(nu: number, x: number): number {
  return besselIState(nu, x).logIve;
}

/**
 * log ₀F₁(; ν+1; x²/4) = log[Γ(ν+1)·(2/x)^ν·I_ν(x)]: log I_ν with its small-x leading behaviour divided out.
 * It is ≥ 0, ≈ x²/(4(ν+1)) for small x, and is computed without cancellation there (absolute error ≈1e-16
 * of the value), which is what the vMF log-partition function needs. (−log of the normaliser of a vMF
 * density relative to the uniform distribution on S^{2ν+1} is exactly this.)
 * @throws RangeError for ν < 0, x < 0 or NaN
 */
export function logBesselINormalized(nu: number, x: number): number {
  return besselIState(nu, x).logNorm;
}

/**
 * Bessel ratio I_{ν+1}(x)/I_ν(x) ∈ [0, 1), computed without forming I_ν: the Gauss continued fraction
 * (modified Lentz) where it converges quickly, the Debye expansion of I_ν'/I_ν where x/ν > 1 (ν ≥ 20),
 * Hankel's large-x expansion for ν < 20 and x ≥ max(100, 4ν²), and the backward recurrence from a Debye
 * order in between. A few ulps relative. This is A_{2ν+2}(x), the mean resultant length of a vMF
 * distribution on S^{2ν+1} with concentration x.
 * @throws RangeError for ν < 0, x < 0 or NaN
 */
export function besselRatio(nu: number, x: number): number {
  return besselIState(nu, x).ratio;
}

/**
 * 1 − I_{ν+1}(x)/I_ν(x), accurate to a few ulps relative even when the ratio is within 1e-12 of 1
 * (x ≫ ν, where 1 − ratio ≈ (ν+½)/x), which plain `1 - besselRatio(ν, x)` cannot be.
 * @throws RangeError for ν < 0, x < 0 or NaN
 */
export function besselRatioComplement(nu: number, x: number): number {
  return besselIState(nu, x).complement;
}
