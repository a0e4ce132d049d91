"""Independent float64 numpy reference for the soft-entropy method (/work/shared/METHOD.md, Conklin 2025).

Used to generate the fixtures in test/fixtures/metrics/ (the TypeScript engine must match them) and as the
numpy side of the benchmark (bench/numpy_pipeline.py). Plain, vectorised numpy; rows are processed in
chunks and only sufficient statistics are kept (per label value: float64 sum of p_i and a row count), so
memory does not grow with N beyond the label vectors.

Public API
----------
analyse(X, label_sets, *, anchors, n_anchors, seed, temperature, similarity, smoothing, weighting,
        shuffles, min_count, optimality) -> dict     (the result JSON shape)
solve_eps_auto(n, d) -> float                         (METHOD.md §1.5 `auto`)
eps_leading_order(n, d) -> float
make_anchors(X, placement, n, seed, similarity) -> (n, d) float64
entropy(P), kl(p, q), js(p, q)
"""
from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import numpy as np
from scipy import optimize, sparse, special

CHUNK_ROWS = 8192

__all__ = [
    "analyse", "solve_eps_auto", "eps_leading_order", "resolve_temperature", "make_anchors",
    "valid_mask", "soft_assign", "entropy", "kl", "js", "log_iv", "kl_vmf_uniform", "CHUNK_ROWS",
]


# ----------------------------------------------------------------------------------------------------
# Information-theoretic helpers
# ----------------------------------------------------------------------------------------------------

def entropy(P) -> float:
    """H(P) = -sum P ln P in nats, with 0 ln 0 = 0."""
    P = np.asarray(P, dtype=np.float64)
    nz = P > 0
    return float(-np.sum(P[nz] * np.log(P[nz]))) + 0.0   # + 0.0 turns −0.0 into 0.0


def entropy_rows(P) -> np.ndarray:
    """H of every row of P (each row a distribution), 0 ln 0 = 0."""
    P = np.asarray(P, dtype=np.float64)
    safe = np.where(P > 0, P, 1.0)
    return -np.sum(np.where(P > 0, P * np.log(safe), 0.0), axis=1) + 0.0


def js_rows(P, Q) -> np.ndarray:
    """JS(P_i ‖ Q_i) for every row i, in nats."""
    M = 0.5 * (P + Q)
    Ms = np.where(M > 0, M, 1.0)

    def kl_rows(A):
        As = np.where(A > 0, A, 1.0)
        return np.sum(np.where(A > 0, A * np.log(As / Ms), 0.0), axis=1)
    return 0.5 * kl_rows(P) + 0.5 * kl_rows(Q)


def kl(p, q) -> float:
    """KL(p || q) = sum p ln(p/q); terms with p = 0 are 0 (inf if q = 0 where p > 0)."""
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    nz = p > 0
    return float(np.sum(p[nz] * np.log(p[nz] / q[nz])))


def js(p, q) -> float:
    """Jensen-Shannon divergence in nats: ½KL(p‖m) + ½KL(q‖m), m = ½(p+q)."""
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    m = 0.5 * (p + q)
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


# ----------------------------------------------------------------------------------------------------
# Temperature (METHOD.md §1.5)
# ----------------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _debye_coefficients(k_max: int = 12):
    """Coefficients (float, ascending powers of t) of the Debye polynomials u_0..u_k_max (DLMF 10.41.10):
    u_0 = 1,  u_{k+1}(t) = ½ t² (1 − t²) u_k'(t) + ⅛ ∫_0^t (1 − 5 s²) u_k(s) ds.  Built with exact rationals."""
    polys = [[Fraction(1)]]
    for _ in range(k_max):
        u = polys[-1]
        deriv = [i * c for i, c in enumerate(u)][1:]                    # u'(t)
        a = [Fraction(0)] * (len(u) + 3)
        for i, c in enumerate(deriv):                                   # ½ (t² − t⁴) u'(t)
            a[i + 2] += c / 2
            a[i + 4] -= c / 2
        b = [Fraction(0)] * (len(u) + 3)
        for i, c in enumerate(u):                                       # ⅛ ∫ (1 − 5 s²) u(s) ds
            b[i + 1] += c / (8 * (i + 1))
            b[i + 3] -= 5 * c / (8 * (i + 3))
        polys.append([x + y for x, y in zip(a, b)])
    return tuple(np.array([float(c) for c in p]) for p in polys)


def _log_iv_debye(nu: float, x: float) -> float:
    """log I_nu(x) from the uniform asymptotic (Debye) expansion; for large nu (used only when the
    exponent-scaled Bessel function underflows, which happens only for nu in the hundreds or more)."""
    z = x / nu
    sq = math.sqrt(1.0 + z * z)
    t = 1.0 / sq
    eta = sq + math.log(z / (1.0 + sq))
    series = 0.0
    for k, coef in enumerate(_debye_coefficients()):
        series += np.polynomial.polynomial.polyval(t, coef) / nu ** k
    return nu * eta - 0.5 * math.log(2.0 * math.pi * nu) - 0.5 * math.log(sq) + math.log(series)


def log_iv(nu: float, x: float) -> float:
    """log I_nu(x) for nu >= 0, x > 0: scipy's exponent-scaled ive where it is a normal float, otherwise
    the Debye expansion (ive underflows only when nu >> x, and then nu is large)."""
    v = float(special.ive(nu, x))
    if math.isfinite(v) and v > 1e-290:
        return math.log(v) + x
    if nu < 50:
        raise FloatingPointError(f"log I_{nu}({x}): ive={v} and nu too small for the Debye expansion")
    return _log_iv_debye(nu, x)


def _bessel_ratio(nu: float, x: float) -> float:
    """A = I_{nu+1}(x) / I_nu(x)."""
    a = float(special.ive(nu + 1.0, x))
    b = float(special.ive(nu, x))
    if math.isfinite(a) and math.isfinite(b) and a > 1e-290 and b > 1e-290:
        return a / b
    return math.exp(log_iv(nu + 1.0, x) - log_iv(nu, x))


def kl_vmf_uniform(kappa: float, d: int) -> float:
    """KL(vMF_kappa ‖ Uniform(S^{d-1})) = κ A_d(κ) + log C_d(κ) + log|S^{d-1}| with ν = d/2 − 1,
    A_d = I_{d/2}/I_{d/2−1}, C_d = κ^ν / ((2π)^{d/2} I_ν(κ)), |S^{d−1}| = 2π^{d/2}/Γ(d/2).
    The π terms cancel: = κA + ν ln κ − ln I_ν(κ) + ln 2 − (d/2) ln 2 − lnΓ(d/2)."""
    nu = d / 2.0 - 1.0
    A = _bessel_ratio(nu, kappa)
    return (kappa * A + nu * math.log(kappa) - log_iv(nu, kappa)
            + math.log(2.0) - (d / 2.0) * math.log(2.0) - math.lgamma(d / 2.0))


def eps_leading_order(n: int, d: int) -> float:
    """ε = 1/√(2 d ln n)."""
    return 1.0 / math.sqrt(2.0 * d * math.log(n))


@lru_cache(maxsize=None)
def solve_eps_auto(n: int, d: int) -> float:
    """The ε with KL(vMF_{1/ε} ‖ Uniform(S^{d−1})) = ln n (METHOD.md §1.5 `auto`). KL decreases in ε;
    bracket in log ε around the leading-order value, then Brent to full double precision."""
    if n < 2 or d < 2:
        raise ValueError(f"auto temperature needs n >= 2 anchors and d >= 2 (got n={n}, d={d})")
    target = math.log(n)

    def f(log_eps: float) -> float:
        return kl_vmf_uniform(math.exp(-log_eps), d) - target

    lo = hi = math.log(eps_leading_order(n, d))
    while f(lo) <= 0:           # need KL > ln n at lo (smaller ε)
        lo -= 1.0
    while f(hi) >= 0:           # need KL < ln n at hi (larger ε)
        hi += 1.0
    root = optimize.brentq(f, lo, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    return math.exp(root)


def resolve_temperature(temperature, n: int, d: int) -> float:
    if isinstance(temperature, str):
        if temperature == "auto":
            return solve_eps_auto(n, d)
        if temperature == "leading-order":
            return eps_leading_order(n, d)
        raise ValueError(f"unknown temperature mode {temperature!r}")
    eps = float(temperature)
    if not (eps > 0 and math.isfinite(eps)):
        raise ValueError(f"temperature must be a positive number, got {temperature!r}")
    return eps


# ----------------------------------------------------------------------------------------------------
# Rows, anchors, kernels (METHOD.md §1.1–1.4)
# ----------------------------------------------------------------------------------------------------

def _row_norms(Xc: np.ndarray) -> np.ndarray:
    return np.sqrt(np.einsum("ij,ij->i", Xc, Xc))


def valid_mask(Xc: np.ndarray, similarity: str, norms: np.ndarray | None = None):
    """(valid, nonfinite, zero) boolean masks for a chunk. A row with NaN/Inf is nonFinite; a finite row
    with norm 0 is `zero` (and invalid) only under cosine. `norms` (the row norms, if already computed)
    only speeds up the finiteness test: a row whose norm is finite has no NaN/Inf, and the few others are
    checked element by element (a huge finite row can overflow its norm)."""
    if norms is None:
        with np.errstate(over="ignore", invalid="ignore"):
            norms = _row_norms(Xc)
    finite = np.isfinite(norms)
    suspect = np.flatnonzero(~finite)
    finite[suspect] = np.isfinite(Xc[suspect]).all(axis=1)
    nonfinite = ~finite
    zero = finite & (norms == 0) if similarity == "cosine" else np.zeros_like(finite)
    return finite & ~zero, nonfinite, zero


def _chunks(N: int, size: int = CHUNK_ROWS):
    for start in range(0, N, size):
        yield start, min(N, start + size)


def _valid_rows(X: np.ndarray, similarity: str) -> np.ndarray:
    """All valid rows (in file order) as one float64 array (used only by `uniform` and `data` anchors)."""
    parts = []
    for a, b in _chunks(X.shape[0]):
        Xc = np.asarray(X[a:b], dtype=np.float64)
        parts.append(Xc[valid_mask(Xc, similarity)[0]])
    return np.concatenate(parts, axis=0) if parts else np.zeros((0, X.shape[1]))


def make_anchors(X, placement, n: int, seed: int, similarity: str = "cosine") -> np.ndarray:
    """Anchors W (n × d) for a placement name, or an explicit array (returned as float64)."""
    X = np.asarray(X) if not hasattr(X, "shape") else X
    d = X.shape[1]
    if not isinstance(placement, str):
        W = np.array(placement, dtype=np.float64, copy=True)
        if W.ndim == 1:
            W = W[:, None]
        if W.ndim != 2 or W.shape[1] != d:
            raise ValueError(f"explicit anchors must be (n, {d}); got {W.shape}")
        return W
    rng = np.random.default_rng(seed)
    if placement == "normal":
        W = rng.standard_normal((n, d))
        W /= np.linalg.norm(W, axis=1, keepdims=True)
        return W
    if placement == "standard_normal":
        return rng.standard_normal((n, d))
    if placement == "uniform":
        V = _valid_rows(X, similarity)
        if len(V) == 0:
            raise ValueError("uniform anchors need at least one valid row")
        lo, hi = V.min(axis=0), V.max(axis=0)
        return lo + (hi - lo) * rng.random((n, d))
    if placement == "data":
        V = _valid_rows(X, similarity)
        order = rng.permutation(len(V))
        taken, seen = [], set()
        for i in order:
            key = tuple(V[i].tolist())  # numeric equality (−0.0 == 0.0), valid rows hold no NaN
            if key in seen:
                continue
            seen.add(key)
            taken.append(i)
            if len(taken) == n:
                break
        if len(taken) < n:
            raise ValueError(f"data anchors: only {len(taken)} distinct valid rows, {n} anchors asked for")
        return V[np.array(taken)].copy()
    raise ValueError(f"unknown anchor placement {placement!r}")


def similarity_matrix(Xc: np.ndarray, W: np.ndarray, similarity: str, norms: np.ndarray | None = None):
    """s (m × n) for valid rows Xc (m × d) and anchors W (n × d); `norms` = ‖x‖ of the rows if known."""
    if similarity == "cosine":
        # (x·ŵ)/‖x‖: the same as x̂·ŵ up to rounding, without writing a normalised copy of the chunk
        if norms is None:
            norms = _row_norms(Xc)
        Wn = W / _row_norms(W)[:, None]
        return (Xc @ Wn.T) / norms[:, None]
    if similarity == "dot":
        return Xc @ W.T
    if similarity == "euclidean":
        # Direct differences (not ‖x‖²+‖w‖²−2x·w): exact 0 when a row equals an anchor, no cancellation.
        m, d = Xc.shape
        n = W.shape[0]
        out = np.empty((m, n))
        block = max(1, int(4_000_000 // max(1, m * d)))
        for j0 in range(0, n, block):
            diff = Xc[:, None, :] - W[None, j0:j0 + block, :]
            out[:, j0:j0 + block] = -np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
        return out
    raise ValueError(f"unknown similarity {similarity!r}")


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _sparsemax(z: np.ndarray) -> np.ndarray:
    """Euclidean projection of each row onto the simplex (sort-based: k* = max{k : 1 + k z_(k) > Σ_{j≤k} z_(j)},
    τ = (Σ_{j≤k*} z_(j) − 1)/k*, p = max(z − τ, 0))."""
    zs = -np.sort(-z, axis=1)
    cs = np.cumsum(zs, axis=1)
    k = np.arange(1, z.shape[1] + 1)
    support = 1.0 + k * zs > cs
    kstar = support.sum(axis=1)
    tau = (cs[np.arange(z.shape[0]), kstar - 1] - 1.0) / kstar
    return np.maximum(z - tau[:, None], 0.0)


def _hard(z: np.ndarray) -> np.ndarray:
    p = np.zeros_like(z)
    p[np.arange(z.shape[0]), np.argmax(z, axis=1)] = 1.0   # argmax: first index on ties
    return p


def soft_assign(Xc: np.ndarray, W: np.ndarray, eps: float, similarity: str, smoothing: str,
                norms: np.ndarray | None = None) -> np.ndarray:
    """p (m × n) for valid rows Xc."""
    z = similarity_matrix(Xc, W, similarity, norms) / eps
    if smoothing == "softmax":
        return _softmax(z)
    if smoothing == "sparsemax":
        return _sparsemax(z)
    if smoothing == "hard":
        return _hard(z)
    raise ValueError(f"unknown smoothing {smoothing!r}")


# ----------------------------------------------------------------------------------------------------
# Labels and sufficient statistics (METHOD.md §2–4)
# ----------------------------------------------------------------------------------------------------

def _encode(labels, N: int):
    """Label strings → (codes (N,) int64 with −1 = missing, value names in first-appearance order)."""
    if len(labels) != N:
        raise ValueError(f"label set has {len(labels)} rows but X has {N}")
    index, names = {}, []
    codes = np.full(N, -1, dtype=np.int64)
    for i, v in enumerate(labels):
        if v is None or v == "":
            continue
        v = str(v)
        c = index.get(v)
        if c is None:
            c = index[v] = len(names)
            names.append(v)
        codes[i] = c
    return codes, names


def _shuffled_codes(codes: np.ndarray, srng: np.random.Generator) -> np.ndarray:
    """new[P[i]] = old[P[perm[i]]] over P = ascending indices of ALL rows whose label is present."""
    P = np.flatnonzero(codes >= 0)
    perm = srng.permutation(len(P))
    new = codes.copy()
    new[P] = codes[P[perm]]
    return new


class _GroupSums:
    """Sufficient statistics of every (label set, variant) at once: per label value the float64 sum of p_i
    (rows of `sums`) and the row count, over valid rows. Variant 0 is the real label vector, 1..K the
    shuffles; each variant owns the block of rows offset..offset+G of `sums`."""

    def __init__(self, code_vectors, sizes, n: int):
        self.offsets = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        self.sizes = list(sizes)
        self.codes = code_vectors
        total = int(sum(sizes))
        self.sums = np.zeros((total, n))
        self.counts = np.zeros(total, dtype=np.int64)

    def add(self, rows: np.ndarray, p: np.ndarray):
        """Add the soft assignments p (m × n) of the valid rows `rows` (global indices)."""
        gid, local = [], []
        for codes, off in zip(self.codes, self.offsets):
            c = codes[rows]
            keep = np.flatnonzero(c >= 0)
            gid.append(c[keep] + off)
            local.append(keep)
        gid = np.concatenate(gid) if gid else np.zeros(0, dtype=np.int64)
        local = np.concatenate(local) if local else np.zeros(0, dtype=np.int64)
        # indicator matrix (groups × rows) times p: each group's sum of its rows' p
        M = sparse.csr_matrix((np.ones(len(gid)), (gid, local)), shape=(len(self.counts), len(rows)))
        self.sums += M @ p
        self.counts += np.bincount(gid, minlength=len(self.counts))

    def block(self, k: int):
        a = self.offsets[k]
        return self.sums[a:a + self.sizes[k]], self.counts[a:a + self.sizes[k]]


def _none_if_nan(x):
    return None if x is None or not math.isfinite(x) else float(x)


def _ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return float(a / b)


def _finish_label_set(sums: np.ndarray, counts: np.ndarray, names, n: int, min_count: int, weighting: str,
                      with_values=True):
    """All label-set numbers from the sufficient statistics (sums G × n, counts G)."""
    ln_n = math.log(n) if n > 1 else float("nan")
    present = np.flatnonzero(counts > 0)
    included = present[counts[present] >= min_count]
    pop_rows = int(counts[included].sum())
    H_l = np.full(len(counts), np.nan)
    H_l[present] = entropy_rows(sums[present] / counts[present, None])
    out = {"rows": pop_rows}
    if pop_rows == 0:
        H_pop = cond = mi = disent = None
    else:
        pop_sum = sums[included].sum(axis=0)
        H_pop = entropy(pop_sum / pop_rows)
        if weighting == "weighted":
            w = counts[included] / pop_rows
        elif weighting == "uniform":
            w = np.full(len(included), 1.0 / len(included))
        else:
            raise ValueError(f"unknown weighting {weighting!r}")
        cond = float(np.sum(w * H_l[included]))
        mi = H_pop - cond
        if len(included) >= 2:
            P_l = sums[included] / counts[included, None]
            P_not = (pop_sum[None, :] - sums[included]) / (pop_rows - counts[included, None])
            disent = float(np.mean(js_rows(P_l, P_not) / math.log(2.0)))
        else:
            disent = None
    out.update({
        "entropy": H_pop,
        "conditionalEntropy": cond,
        "mutualInformation": mi,
        "mutualInformationNormalized": _none_if_nan(mi / ln_n) if mi is not None else None,
        "regularity": _ratio(mi, H_pop),
        "variation": _none_if_nan(cond / ln_n) if cond is not None else None,
        "disentanglement": disent,
    })
    if with_values:
        inc = np.zeros(len(counts), dtype=bool)
        inc[included] = True
        values = {}
        for k in present.tolist():
            h = float(H_l[k])
            gain = None if H_pop is None else H_pop - h
            values[names[k]] = {
                "count": int(counts[k]),
                "entropy": h,
                "included": bool(inc[k]),
                "regularity": _ratio(gain, H_pop),
                "informationGain": gain,
            }
        out["values"] = values
    return out


# ----------------------------------------------------------------------------------------------------
# The analysis
# ----------------------------------------------------------------------------------------------------

def analyse(X, label_sets=None, *, anchors="normal", n_anchors=100, seed=0, temperature="auto",
            similarity="cosine", smoothing="softmax", weighting="weighted", shuffles=5, min_count=5,
            optimality=None, chunk_rows=CHUNK_ROWS) -> dict:
    """Soft entropy, conditional entropies and information of embeddings X (N × d) with label sets
    {name: [str | None] * N}. Returns the result JSON shape (see the module's docstring)."""
    if not hasattr(X, "shape"):
        X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (N, d); got shape {X.shape}")
    N, d = X.shape
    label_sets = dict(label_sets or {})
    W = make_anchors(X, anchors, n_anchors, seed, similarity)
    n = W.shape[0]
    eps = resolve_temperature(temperature, n, d)

    # Label vectors: the real one and K shuffled copies per label set, all fixed before the single pass.
    srng = np.random.default_rng([seed, 1])
    names_of, code_vectors, sizes = {}, [], []
    for name, labels in label_sets.items():
        codes, names = _encode(labels, N)
        names_of[name] = names
        for v in range(1 + shuffles):
            code_vectors.append(codes if v == 0 else _shuffled_codes(codes, srng))
            sizes.append(len(names))
    stats = _GroupSums(code_vectors, sizes, n)

    total = np.zeros(n)
    n_valid = n_nonfinite = n_zero = 0
    for a, b in _chunks(N, chunk_rows):
        Xc = np.asarray(X[a:b], dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            norms = _row_norms(Xc)
        valid, nonfinite, zero = valid_mask(Xc, similarity, norms)
        n_nonfinite += int(nonfinite.sum())
        n_zero += int(zero.sum())
        if not valid.all():
            Xc, norms = Xc[valid], norms[valid]
        if similarity == "cosine" and not np.isfinite(norms).all():
            # finite rows so large that ‖x‖² overflows: normalise them with a scaled norm first
            big = np.flatnonzero(~np.isfinite(norms))
            scale = np.abs(Xc[big]).max(axis=1, keepdims=True)
            Xc = Xc.copy()
            Xc[big] = (Xc[big] / scale) / _row_norms(Xc[big] / scale)[:, None]
            norms = norms.copy()
            norms[big] = 1.0
        rows = a + np.flatnonzero(valid)
        if len(rows) == 0:
            continue
        p = soft_assign(Xc, W, eps, similarity, smoothing, norms)
        total += p.sum(axis=0)
        n_valid += len(rows)
        stats.add(rows, p)

    ln_n = math.log(n) if n > 1 else float("nan")
    H = entropy(total / n_valid) if n_valid else None
    result = {
        "rows": int(N), "dim": int(d), "anchors": int(n), "seed": int(seed), "temperature": float(eps),
        "skippedRows": {"nonFinite": n_nonfinite, "zero": n_zero},
        "entropy": H,
        "entropyNormalized": _none_if_nan(H / ln_n) if H is not None else None,
        "labelSets": {},
    }
    for j, (name, names) in enumerate(names_of.items()):
        first = j * (1 + shuffles)
        ls = _finish_label_set(*stats.block(first), names, n, min_count, weighting)
        if shuffles > 0:
            vals = [_finish_label_set(*stats.block(first + k), names, n, min_count, weighting,
                                      with_values=False)["mutualInformation"]
                    for k in range(1, 1 + shuffles)]
            if any(v is None for v in vals):
                mean = sd = None
            else:
                mean = float(np.mean(vals))
                sd = float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0
            ls["shuffled"] = {"values": vals, "mean": mean, "sd": sd}
            ls["mutualInformationCorrected"] = (None if mean is None or ls["mutualInformation"] is None
                                                else ls["mutualInformation"] - mean)
        else:
            ls["shuffled"] = None
            ls["mutualInformationCorrected"] = None
        # key order as in the documented shape
        order = ["rows", "entropy", "conditionalEntropy", "mutualInformation", "mutualInformationNormalized",
                 "mutualInformationCorrected", "regularity", "variation", "disentanglement", "shuffled", "values"]
        result["labelSets"][name] = {k: ls[k] for k in order}
    if optimality is not None:
        x, y = optimality
        ix = result["labelSets"][x]["mutualInformation"]
        iy = result["labelSets"][y]["mutualInformation"]
        result["optimality"] = _ratio(iy, ix)
    return result


def read_labels_tsv(path) -> dict:
    """metadata.tsv (TensorBoard's rule): with two or more columns the first row names the label sets; a
    single column has no header and is named `label`. Empty cell = missing. Returns {name: [str|None]}."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    if "\t" not in lines[0]:
        return {"label": [ln if ln != "" else None for ln in lines]}
    header = lines[0].split("\t")
    cols = {h: [] for h in header}
    for r, ln in enumerate(lines[1:], start=2):
        cells = ln.split("\t")
        if len(cells) != len(header):
            raise ValueError(f"{path}: line {r} has {len(cells)} cells, header has {len(header)}")
        for h, c in zip(header, cells):
            cols[h].append(c if c != "" else None)
    return cols


def write_labels_tsv(path, label_sets: dict):
    names = list(label_sets)
    N = len(next(iter(label_sets.values())))
    if len(names) == 1 and names[0] != "label":
        raise ValueError("a single-column metadata.tsv has no header, so its label set must be named 'label'")
    with open(path, "w", encoding="utf-8", newline="") as f:
        if len(names) > 1:
            f.write("\t".join(names) + "\n")
        for i in range(N):
            cells = []
            for h in names:
                v = label_sets[h][i]
                cells.append("" if v is None else str(v))
            f.write("\t".join(cells) + "\n")
