#!/usr/bin/env python3
"""Reference values for src/core/entropy/bessel.ts and temperature.ts (METHOD.md §1 item 5).

Writes test/fixtures/temperature/{logbessel,kl,eps}.json. Run from the repository root:

    python3 test/tools/gen_temperature_fixtures.py

Two independent references per quantity:
  * mpmath at 50 significant digits: the ground truth the tests hold the TypeScript to (tight tolerances).
    I_nu(x) is mpmath.besseli, except for x >= 1e4, where mpmath's series needs ~x terms (minutes at
    nu = 8191, x = 1e6); there the large-argument (Hankel) expansion is summed instead, to a
    relative 1e-80 with enough digits for its cancellation (it agrees with mpmath.besseli to ~1e-37 at
    nu = 0, 2.5, 383, 8191 and x = 1e4..1e5, checked on every run).
  * scipy (double precision): log(scipy.special.ive) + x, and brentq on the KL built from ive, i.e. what
    a straightforward double-precision implementation gives. Recorded as null where ive under/overflows
    (ive(nu, x) is e^-x I_nu(x), which underflows when nu >> x: e.g. ive(8191, 300) ~ 1e-10804), and for
    eps solves where scipy's own result is off from mpmath by more than 1e-11 relative (the KL formula
    kappa*A - log Z subtracts two numbers ~kappa, so at d = 2, 3 with large n (kappa up to 4e7) it loses
    up to ~8 digits). The omitted cases are listed in the JSON.

Deterministic; needs numpy, scipy, mpmath. Takes about 15 seconds.
"""
from __future__ import annotations

import json
import math
import os
import sys

import mpmath as mp
import numpy as np
from scipy import optimize, special

mp.mp.dps = 50
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "temperature")


# ----------------------------------------------------------------------------------------------------
# High-precision Bessel I
# ----------------------------------------------------------------------------------------------------

def _log_iv_hankel(nu, x):
    """log I_nu(x) for large x: x - ½ln(2πx) + ln Σ_k (-1)^k a_k(nu)/x^k, a_k = Π_{j≤k}(4nu²-(2j-1)²)/(k! 8^k).
    The dropped companion term is O(e^{-2x}) relative. The terms first grow (to ~e^{nu²/(2x)}) while the sum
    is ~e^{-nu²/(2x)}, so a float pass finds the largest term (10^big) and the sum is taken with 2·big + 120
    digits, until a term is below 1e-80 of the sum; raises if that never happens (x too small for it)."""
    mu = 4.0 * float(nu) ** 2
    lg, big = 0.0, 0.0
    for k in range(1, 200000):
        f = abs(mu - (2 * k - 1) ** 2) / (8 * k * float(x))
        if f == 0:
            break
        lg += math.log10(f)
        big = max(big, lg)
        if lg < -big - 90:
            break
    else:
        raise RuntimeError(f"Hankel expansion does not reach 1e-90 at nu={nu}, x={x}")
    with mp.workdps(int(2 * big + 120)):
        nu = mp.mpf(nu)
        x = mp.mpf(x)
        mu = 4 * nu * nu
        term = mp.mpf(1)
        s = mp.mpf(1)
        for k in range(1, 200000):
            term *= -(mu - (2 * k - 1) ** 2) / (8 * k * x)
            s += term
            if abs(term) <= mp.mpf(10) ** -80 * abs(s):
                return x - mp.log(2 * mp.pi * x) / 2 + mp.log(s)
    raise RuntimeError(f"Hankel expansion did not converge at nu={nu}, x={x}")


def log_iv(nu, x):
    """log I_nu(x) at mp.dps digits (x > 0)."""
    x = mp.mpf(x)
    if x >= 10_000:
        return +_log_iv_hankel(nu, x)
    return mp.log(mp.besseli(mp.mpf(nu), x, maxterms=10**7))


def check_hankel():
    for nu, x in [(0, 1e4), (2.5, 2e4), (383, 1e5), (8191, 1e5)]:
        a = _log_iv_hankel(nu, x)
        b = mp.log(mp.besseli(mp.mpf(nu), mp.mpf(x), maxterms=10**7))
        assert abs(a - b) < mp.mpf(10) ** -30 * abs(b), (nu, x, a, b)


# ----------------------------------------------------------------------------------------------------
# KL(vMF_eps || uniform on S^{d-1}) and the Amos-type lower bound
# ----------------------------------------------------------------------------------------------------

def kl_mp(eps, d):
    """KL = kappa*A - log Z, log Z = nu ln(2/kappa) + lgamma(nu+1) + log I_nu(kappa) (METHOD.md §1.5)."""
    k = 1 / mp.mpf(eps)
    nu = mp.mpf(d) / 2 - 1
    l0 = log_iv(nu, k)
    l1 = log_iv(nu + 1, k)
    a = mp.exp(l1 - l0)
    log_z = nu * mp.log(2 / k) + mp.loggamma(nu + 1) + l0
    return k * a - log_z


def kl_lower_mp(eps, d):
    """The method author's bound (hcoxec/soft_h, soft_entropy/temp_calibration.py, KL_lower_bound), evaluated
    literally: G(d/2, d/2, kappa)*kappa - Phi_plus(eps, d), at 50 digits (enough for kappa up to ~1e30)."""
    eps = mp.mpf(eps)
    k = 1 / eps
    half = mp.mpf(d) / 2
    nu = half - 1
    g = k / (half + mp.sqrt(k * k + half * half))
    root = mp.sqrt(k * k + nu * nu)
    phi_plus = root - nu + nu * mp.log((d - 2) / (nu + root))
    return g / eps - phi_plus


def kl_scipy(eps, d):
    """The same KL in double precision from scipy's exponent-scaled ive (NaN where ive is not normal)."""
    k = 1.0 / eps
    nu = d / 2.0 - 1.0
    i0 = special.ive(nu, k)
    i1 = special.ive(nu + 1.0, k)
    if not (i0 > sys.float_info.min and i1 > sys.float_info.min and math.isfinite(i0) and math.isfinite(i1)):
        return math.nan
    log_z = nu * math.log(2.0 / k) + special.gammaln(nu + 1.0) + math.log(i0) + k
    return k * (i1 / i0) - log_z


def kl_lower_scipy(eps, d):
    """The author's formula exactly as written, in numpy double precision."""
    k = 1.0 / eps
    half = d / 2.0
    nu = half - 1.0
    g = k / (half + np.sqrt(k * k + half * half))
    root = np.sqrt(k * k + nu * nu)
    return float(g / eps - (root - nu + nu * np.log((d - 2.0) / (nu + root))))


def solve_mp(fn, n, d, lo=1e-14, hi=10.0, iters=140):
    """Bisection on ln eps for a decreasing fn(eps, d) = ln n; 140 halvings of [ln 1e-14, ln 10] ~ 1e-41."""
    target = mp.log(n)
    a, b = mp.log(lo), mp.log(hi)
    assert fn(mp.exp(a), d) > target > fn(mp.exp(b), d), (d, n)
    for _ in range(iters):
        m = (a + b) / 2
        if fn(mp.exp(m), d) > target:
            a = m
        else:
            b = m
    return mp.exp((a + b) / 2)


def solve_scipy(fn, n, d, guess):
    """brentq on ln eps in double precision, bracket [guess/2, 2*guess]; None where fn is NaN there."""
    target = math.log(n)
    f = lambda u: fn(math.exp(u), d) - target  # noqa: E731
    a, b = math.log(guess) - math.log(2), math.log(guess) + math.log(2)
    fa, fb = f(a), f(b)
    if not (math.isfinite(fa) and math.isfinite(fb)) or fa * fb > 0:
        return None
    u = optimize.brentq(f, a, b, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    return math.exp(u)


# ----------------------------------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------------------------------

NUS = [0, 0.5, 1, 2.5, 31, 383, 2047, 8191]
# Extra orders around the implementation's region boundaries (Debye from nu = 20, shifted below).
NUS_EXTRA = [10, 19.5, 20, 20.5]


def logbessel_points():
    pts = []
    xs_grid = [10.0 ** (k / 3) for k in range(-18, 19)]  # 1e-6 ... 1e6, 3 per decade
    for nu in NUS + NUS_EXTRA:
        xs = set(round(x, 12) if x >= 1 else x for x in xs_grid)
        if nu > 0:
            xs.update([nu / 2, float(nu), 2.0 * nu])
        thr = 4 * math.sqrt(nu + 1)  # series / non-series boundary in bessel.ts
        xs.update([thr * (1 - 1e-9), thr * (1 + 1e-9), 21.0, 22.0])
        for x in sorted(xs):
            l0 = log_iv(nu, x)
            l1 = log_iv(nu + 1, x)
            r = mp.exp(l1 - l0)
            s0 = special.ive(nu, x)
            s1 = special.ive(nu + 1, x)
            ok0 = sys.float_info.min < s0 < math.inf
            ok1 = ok0 and sys.float_info.min < s1 < math.inf
            pts.append({
                "nu": nu,
                "x": float(x),
                "logI": float(l0),
                "ratio": float(r),
                "complement": float(1 - r),
                "scipyLogI": (math.log(s0) + x) if ok0 else None,
                "scipyRatio": (s1 / s0) if ok1 else None,
            })
    return pts


DS = [2, 3, 4, 5, 16, 64, 128, 768, 1024, 4096, 16384]
NS = [2, 10, 100, 1000, 10000]


def kl_points():
    pts = []
    for d in DS:
        for eps in [1e-6, 1e-4, 1e-3, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 100.0]:
            if d >= 768 and eps <= 1e-4:
                continue  # kappa >> nu is outside any solve at this d and slow for mpmath; covered at small d
            pts.append({
                "d": d,
                "eps": eps,
                "kl": float(kl_mp(eps, d)),
                "klLowerBound": float(kl_lower_mp(eps, d)) if d > 2 else None,
            })
    return pts


def eps_points():
    pts = []
    omitted = []
    for d in DS:
        for n in NS:
            e_auto = solve_mp(kl_mp, n, d)
            e_auto_f = float(e_auto)
            e_sc = solve_scipy(kl_scipy, n, d, e_auto_f)
            if e_sc is None:
                omitted.append({"d": d, "n": n, "what": "epsAutoScipy", "why": "ive under/overflows"})
            elif abs(e_sc - e_auto_f) > 1e-11 * e_auto_f:
                omitted.append({"d": d, "n": n, "what": "epsAutoScipy",
                                "why": f"scipy's double-precision KL is off: rel. error {abs(e_sc / e_auto_f - 1):.1e}"})
                e_sc = None
            row = {"d": d, "n": n, "epsAuto": e_auto_f, "epsAutoScipy": e_sc, "epsBounds": None, "epsBoundsScipy": None}
            if d > 2:
                e_b = float(solve_mp(kl_lower_mp, n, d, lo=1e-25))
                e_bs = solve_scipy(kl_lower_scipy, n, d, e_b)
                if e_bs is not None and abs(e_bs - e_b) > 1e-11 * e_b:
                    omitted.append({"d": d, "n": n, "what": "epsBoundsScipy",
                                    "why": f"the literal formula cancels in double precision: rel. error {abs(e_bs / e_b - 1):.1e}"})
                    e_bs = None
                row["epsBounds"] = e_b
                row["epsBoundsScipy"] = e_bs
            pts.append(row)
    return pts, omitted


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def main():
    check_hankel()
    common = {
        "generator": "test/tools/gen_temperature_fixtures.py",
        "versions": {"mpmath": mp.__version__, "scipy": __import__("scipy").__version__, "numpy": np.__version__},
        "precision": "reference values from mpmath at 50 digits, rounded to double; scipy values are double precision",
    }
    write("logbessel.json", {**common,
                             "description": "log I_nu(x), I_{nu+1}(x)/I_nu(x) and 1 - that ratio (mpmath); "
                                            "scipy: log(ive(nu,x)) + x and ive(nu+1,x)/ive(nu,x), null where ive is not a normal double",
                             "points": logbessel_points()})
    write("kl.json", {**common,
                      "description": "KL(vMF_eps || Uniform(S^{d-1})) in nats, and the method author's Amos-type lower "
                                     "bound (hcoxec/soft_h KL_lower_bound, null for d = 2), both mpmath",
                      "points": kl_points()})
    pts, omitted = eps_points()
    write("eps.json", {**common,
                       "description": "eps solving KL(vMF_eps || U) = ln n (epsAuto) and KL_lower_bound(eps) = ln n (epsBounds, d > 2): "
                                      "mpmath bisection on ln eps to ~1e-40; *Scipy: brentq in double precision on the ive-based KL / "
                                      "the literal bound formula (null where omitted, see 'omitted')",
                       "points": pts,
                       "omitted": omitted})


if __name__ == "__main__":
    main()
