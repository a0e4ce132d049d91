"""Generate test/fixtures/metrics/: inputs and expected results of the soft-entropy metrics.

Run from anywhere:  python3 test/tools/gen_metric_fixtures.py
Deterministic (fixed seeds); re-running rewrites identical files.

Layout (see README.md written next to the fixtures):
  <data>.npy / <data>.tsv         embeddings (np.save) and metadata.tsv-style labels, shared by cases
  <case>.expected.json            {"settings", "data", "result", "checks"} for one analysis
  worked-kl-js.expected.json      the METHOD.md §6 divergence example
  index.json                      every case, its data and settings
The result is produced by test/tools/soft_entropy_ref.py (float64 numpy). Before writing, the script
asserts METHOD.md §6's worked examples to 1e-9 and cross-checks the streamed reference against a naive
whole-matrix computation.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import soft_entropy_ref as ref  # noqa: E402

OUT = os.path.normpath(os.path.join(HERE, "..", "fixtures", "metrics"))

DEFAULTS = dict(anchors="normal", n_anchors=100, seed=0, temperature="auto", similarity="cosine",
                smoothing="softmax", weighting="weighted", shuffles=5, min_count=5, optimality=None)


# ----------------------------------------------------------------------------------------------------
# Data sets
# ----------------------------------------------------------------------------------------------------

def clustered_data():
    """N = 600, d = 16: 6 direction clusters with random norms in [0.5, 2]; one NaN row, one Inf row, one
    all-zero row; 40 exact duplicate rows (for `data` anchors); a few missing labels in every set."""
    rng = np.random.default_rng(20250601)
    N, d, K = 600, 16, 6
    centers = rng.standard_normal((K, d))
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    topic = rng.choice(K, size=N, p=[0.3, 0.2, 0.2, 0.15, 0.1, 0.05])
    dirs = centers[topic] + 0.55 * rng.standard_normal((N, d)) / math.sqrt(d) * 2.0
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    X = dirs * rng.uniform(0.5, 2.0, size=(N, 1))

    # style: a noisy binary feature, the side of a random hyperplane with 15 % of labels flipped
    u = rng.standard_normal(d)
    side = (X @ u) > 0
    flip = rng.random(N) < 0.15
    style = np.where(side ^ flip, "formal", "casual")

    # token: ~90 Zipf-distributed values, so that many have fewer than 5 rows
    vocab = [f"w{k:02d}" for k in range(88)] + ["café", "new york"]
    w = 1.0 / np.arange(1, len(vocab) + 1) ** 1.1
    token = rng.choice(len(vocab), size=N, p=w / w.sum())

    # exact duplicates: rows 500..539 copy rows 400..419, each twice
    for k in range(40):
        X[500 + k] = X[400 + k // 2]

    X[17, 3] = np.nan
    X[101, 9] = np.inf
    X[250, :] = 0.0

    labels = {
        "topic": [f"t{c}" for c in topic],
        "style": list(style),
        "token": [vocab[t] for t in token],
    }
    # missing labels (some on invalid rows: shuffles move labels across them)
    for i in (5, 17, 60, 333, 421, 599):
        labels["topic"][i] = None
    for i in (2, 101, 102, 250, 310, 311, 312, 450, 451, 598):
        labels["style"][i] = None
    for i in (0, 1, 3, 17, 44, 101, 150, 151, 152, 250, 260, 261, 262, 480, 590):
        labels["token"][i] = None
    return X, labels


def highdim_data():
    """N = 300, d = 768, 4 clusters; stored as float32 (values exactly representable, analysed in float64);
    one NaN row and one zero row."""
    rng = np.random.default_rng(768)
    N, d, K = 300, 768, 4
    centers = rng.standard_normal((K, d))
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    topic = rng.integers(0, K, size=N)
    X = centers[topic] + 1.2 * rng.standard_normal((N, d)) / math.sqrt(d)
    X *= rng.uniform(0.5, 2.0, size=(N, 1))
    X = X.astype(np.float32)
    X[7, 100] = np.nan
    X[150, :] = 0.0
    u = rng.standard_normal(d)
    style = np.where((X.astype(np.float64) @ u > 0) ^ (rng.random(N) < 0.2), "a", "b")
    labels = {"topic": [f"k{c}" for c in topic], "style": list(style)}
    labels["style"][3] = None
    return X, labels


def plane_data():
    """N = 200, d = 2: 5 angular clusters on circles of varying radius."""
    rng = np.random.default_rng(2)
    N = 200
    sector = rng.integers(0, 5, size=N)
    theta = sector * (2 * math.pi / 5) + 0.35 * rng.standard_normal(N)
    r = rng.uniform(0.3, 3.0, size=N)
    X = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1)
    half = np.where((X[:, 1] > 0) ^ (rng.random(N) < 0.1), "up", "down")
    return X, {"sector": [f"s{c}" for c in sector], "half": list(half)}


# ----------------------------------------------------------------------------------------------------
# Naive whole-matrix cross-check (independent of the streamed accumulator)
# ----------------------------------------------------------------------------------------------------

def naive(X, label_sets, kw):
    X = np.asarray(X, dtype=np.float64)
    W = ref.make_anchors(X, kw["anchors"], kw["n_anchors"], kw["seed"], kw["similarity"])
    n = W.shape[0]
    eps = ref.resolve_temperature(kw["temperature"], n, X.shape[1])
    valid = np.array([np.all(np.isfinite(x)) and (kw["similarity"] != "cosine" or np.linalg.norm(x) > 0)
                      for x in X])
    p = np.full((len(X), n), np.nan)
    p[valid] = ref.soft_assign(X[valid], W, eps, kw["similarity"], kw["smoothing"])
    out = {"entropy": ref.entropy(p[valid].mean(axis=0)), "labelSets": {}}

    def mi_of(labels):
        lab = np.array([v if (v is not None and v != "") else "" for v in labels], dtype=object)
        has = valid & (lab != "")
        vals, counts = np.unique(lab[has].astype(str), return_counts=True)
        inc = [v for v, c in zip(vals, counts) if c >= kw["min_count"]]
        pop = has & np.isin(lab.astype(str), inc)
        H = ref.entropy(p[pop].mean(axis=0))
        Hl = [ref.entropy(p[pop & (lab == v)].mean(axis=0)) for v in inc]
        Nl = np.array([np.sum(pop & (lab == v)) for v in inc])
        wts = Nl / Nl.sum() if kw["weighting"] == "weighted" else np.full(len(inc), 1 / len(inc))
        return H, H - float(np.dot(wts, Hl))

    srng = np.random.default_rng([kw["seed"], 1])
    for name, labels in label_sets.items():
        H, mi = mi_of(labels)
        shuffled = []
        for _ in range(kw["shuffles"]):
            P = [i for i, v in enumerate(labels) if v is not None and v != ""]
            perm = srng.permutation(len(P))
            new = list(labels)
            for i in range(len(P)):
                new[P[i]] = labels[P[perm[i]]]
            shuffled.append(mi_of(new)[1])
        out["labelSets"][name] = {"entropy": H, "mutualInformation": mi, "shuffled": shuffled}
    return out


def assert_close(a, b, rtol, what):
    if not (abs(a - b) <= rtol * max(abs(a), abs(b), 1e-300)):
        raise AssertionError(f"{what}: {a!r} vs {b!r}")


def cross_check(X, label_sets, kw, result):
    nv = naive(X, label_sets, kw)
    assert_close(nv["entropy"], result["entropy"], 1e-12, "naive H")
    for name, ls in result["labelSets"].items():
        assert_close(nv["labelSets"][name]["entropy"], ls["entropy"], 1e-12, f"naive {name} H")
        assert_close(nv["labelSets"][name]["mutualInformation"], ls["mutualInformation"], 1e-10, f"naive {name} I")
        got = ls["shuffled"]["values"] if ls["shuffled"] else []
        for a, b in zip(nv["labelSets"][name]["shuffled"], got):
            assert_close(a, b, 1e-9, f"naive {name} shuffled I")
    # streaming: a tiny chunk size gives the same numbers
    small = ref.analyse(X, label_sets, chunk_rows=37, **kw)
    assert_close(small["entropy"], result["entropy"], 1e-13, "chunked H")
    for name, ls in result["labelSets"].items():
        assert_close(small["labelSets"][name]["mutualInformation"], ls["mutualInformation"], 1e-11, "chunked I")


# ----------------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------------

def settings_json(kw):
    s = {
        "bins": kw["n_anchors"], "seed": kw["seed"],
        "placement": kw["anchors"] if isinstance(kw["anchors"], str) else "file",
        "temperature": kw["temperature"], "similarity": kw["similarity"], "smoothing": kw["smoothing"],
        "weighting": kw["weighting"], "shuffles": kw["shuffles"], "minCount": kw["min_count"],
    }
    if not isinstance(kw["anchors"], str):
        W = np.asarray(kw["anchors"], dtype=np.float64)
        s["bins"] = int(W.shape[0])
        s["anchors"] = [[float(v) for v in row] for row in W.reshape(W.shape[0], -1)]
    if kw["optimality"] is not None:
        s["optimality"] = list(kw["optimality"])
    return s


def dump(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")


def write_data(name, X, labels):
    np.save(os.path.join(OUT, name + ".npy"), X)
    ref.write_labels_tsv(os.path.join(OUT, name + ".tsv"), labels)
    # read back what a consumer reads
    X2 = np.load(os.path.join(OUT, name + ".npy"))
    assert X2.dtype == X.dtype and np.array_equal(X2, X, equal_nan=True)
    assert ref.read_labels_tsv(os.path.join(OUT, name + ".tsv")) == labels
    return {"npy": name + ".npy", "tsv": name + ".tsv", "dtype": str(X.dtype), "shape": list(X.shape)}


INDEX = []


def case(name, data_name, data_info, X, labels, checks_fn=None, naive_check=False, **over):
    kw = dict(DEFAULTS)
    kw.update(over)
    X64 = np.asarray(X, dtype=np.float64)
    result = ref.analyse(X64, labels, **kw)
    if naive_check:
        cross_check(X64, labels, kw, result)
    checks = {}
    if isinstance(kw["anchors"], str):
        W = ref.make_anchors(X64, kw["anchors"], kw["n_anchors"], kw["seed"], kw["similarity"])
        checks["anchorsFirstRow"] = [float(v) for v in W[0]] if W.shape[1] <= 16 else [float(v) for v in W[0, :8]]
        checks["anchorsSum"] = float(W.sum())
    if checks_fn:
        checks.update(checks_fn(X64, labels, kw, result))
    obj = {"case": name, "settings": settings_json(kw), "data": data_info, "result": result}
    if checks:
        obj["checks"] = checks
    dump(os.path.join(OUT, name + ".expected.json"), obj)
    INDEX.append({"case": name, "data": data_name, "expected": name + ".expected.json",
                  "settings": obj["settings"]})
    return result


def shuffle_heads(X, labels, kw, result, head=10):
    """First entries of every shuffle permutation (for debugging a port of Generator.permutation)."""
    srng = np.random.default_rng([kw["seed"], 1])
    out = {}
    for name, lab in labels.items():
        m = sum(1 for v in lab if v is not None and v != "")
        out[name] = [[int(i) for i in srng.permutation(m)[:head]] for _ in range(kw["shuffles"])]
    return {"shufflePermutationsHead": out}


def data_anchor_skips(X, labels, kw, result):
    V = ref._valid_rows(X, kw["similarity"])
    order = np.random.default_rng(kw["seed"]).permutation(len(V))
    seen, taken, skipped = set(), [], 0
    for i in order:
        key = tuple(V[i].tolist())
        if key in seen:
            skipped += 1
            continue
        seen.add(key)
        taken.append(int(i))
        if len(taken) == kw["n_anchors"]:
            break
    return {"dataAnchorValidRowIndices": taken[:10], "dataAnchorDuplicatesSkipped": skipped}


# ----------------------------------------------------------------------------------------------------
# METHOD.md §6 worked examples
# ----------------------------------------------------------------------------------------------------

def check(value, expected, what, tol=1e-9):
    ok = abs(value - expected) <= tol
    print(f"  {what:<38} {value:.12f}  expected {expected:.10f}  {'ok' if ok else 'FAIL'}")
    if not ok:
        raise AssertionError(f"worked example {what}: {value!r} vs {expected!r}")


def worked_examples():
    print("METHOD.md §6 worked examples (|diff| <= 1e-9):")
    LN2 = math.log(2)
    X1 = np.array([[0.0], [1.0], [2.0], [3.0]])
    L1 = {"label": ["A", "A", "B", "B"]}
    d1 = write_data("worked-1", X1, L1)
    common = dict(anchors=np.array([[0.5], [2.5]]), similarity="euclidean", shuffles=0, min_count=1)
    r = case("worked-1-eps1", "worked-1", d1, X1, L1, temperature=1.0, **common)
    ls = r["labelSets"]["label"]
    check(r["entropy"], 0.6931471806, "ex1 eps=1 H(Z)")
    check(ls["values"]["A"]["entropy"], 0.4920740718, "ex1 eps=1 H(Z|L=A)")
    check(ls["values"]["B"]["entropy"], 0.4920740718, "ex1 eps=1 H(Z|L=B)")
    check(ls["mutualInformation"], 0.2010731088, "ex1 eps=1 I")
    r = case("worked-1-eps0.5", "worked-1", d1, X1, L1, temperature=0.5, **common)
    ls = r["labelSets"]["label"]
    check(ls["conditionalEntropy"], 0.2499882600, "ex1 eps=0.5 H(Z|L)")
    check(ls["mutualInformation"], 0.4431589205, "ex1 eps=0.5 I")
    for sm in ("sparsemax", "hard"):
        r = case(f"worked-1-{sm}", "worked-1", d1, X1, L1, temperature=1.0, smoothing=sm, **common)
        check(r["labelSets"]["label"]["mutualInformation"], LN2, f"ex1 {sm} I = ln 2")

    X2 = np.array([[0.0], [0.2], [1.0], [2.1], [2.9], [3.0]])
    L2 = {"label": ["0", "0", "0", "1", "2", "2"]}
    d2 = write_data("worked-2", X2, L2)
    common = dict(anchors=np.array([[0.0], [1.5], [3.0]]), similarity="euclidean", temperature=0.5,
                  shuffles=0, min_count=1)
    r = case("worked-2-weighted", "worked-2", d2, X2, L2, **common)
    ls = r["labelSets"]["label"]
    check(r["entropy"], 1.0876092689, "ex2 H(Z)")
    for v, e in zip("012", (0.6661680262, 0.7685447851, 0.2413550898)):
        check(ls["values"][v]["entropy"], e, f"ex2 H(Z|L={v})")
    check(ls["conditionalEntropy"], 0.5416265072, "ex2 weighted H(Z|L)")
    check(ls["mutualInformation"], 0.5459827617, "ex2 weighted I")
    r = case("worked-2-uniform", "worked-2", d2, X2, L2, weighting="uniform", **common)
    ls = r["labelSets"]["label"]
    check(ls["conditionalEntropy"], 0.5586893004, "ex2 uniform H(Z|L)")
    check(ls["mutualInformation"], 0.5289199686, "ex2 uniform I")
    # Same tiny data with 4 shuffles: small enough to follow the permutation semantics by hand.
    case("worked-2-shuffles", "worked-2", d2, X2, L2, naive_check=True,
         checks_fn=lambda *a: shuffled_labels(*a), **dict(common, shuffles=4))

    X3 = np.array([[1.0, 0.0], [0.6, 0.8], [-1.0, 0.0]])
    L3 = {"label": ["A", "A", "B"]}
    d3 = write_data("worked-3", X3, L3)
    r = case("worked-3-cosine", "worked-3", d3, X3, L3, anchors=np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]),
             similarity="cosine", temperature=1.0, shuffles=0, min_count=1)
    ls = r["labelSets"]["label"]
    check(r["entropy"], 1.0921062614, "ex3 H(Z)")
    check(ls["values"]["A"]["entropy"], 0.9403357958, "ex3 H(Z|L=A)")
    check(ls["values"]["B"]["entropy"], 0.8323955818, "ex3 H(Z|L=B)")
    check(ls["mutualInformation"], 0.1877505369, "ex3 I")

    p, q = [0.5, 0.5], [0.9, 0.1]
    k, j = ref.kl(p, q), ref.js(p, q)
    check(k, 0.5108256238, "KL([.5,.5] || [.9,.1])")
    check(j, 0.1017492251, "JS([.5,.5], [.9,.1])")
    dump(os.path.join(OUT, "worked-kl-js.expected.json"),
         {"case": "worked-kl-js", "p": p, "q": q, "kl": k, "klReverse": ref.kl(q, p), "js": j,
          "jsBits": j / math.log(2)})
    INDEX.append({"case": "worked-kl-js", "data": None, "expected": "worked-kl-js.expected.json"})


def shuffled_labels(X, labels, kw, result):
    srng = np.random.default_rng([kw["seed"], 1])
    out = {}
    for name, lab in labels.items():
        P = [i for i, v in enumerate(lab) if v is not None and v != ""]
        rows = []
        for _ in range(kw["shuffles"]):
            perm = srng.permutation(len(P))
            new = list(lab)
            for i in range(len(P)):
                new[P[i]] = lab[P[perm[i]]]
            rows.append({"permutation": [int(x) for x in perm], "labels": new})
        out[name] = rows
    return {"shuffledLabels": out}


# ----------------------------------------------------------------------------------------------------

def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    worked_examples()

    X, L = clustered_data()
    dc = write_data("clustered", X, L)
    C = lambda name, **kw: case(name, "clustered", dc, X, L, **kw)  # noqa: E731
    print("clustered cases ...")
    C("clustered-defaults", naive_check=True, checks_fn=shuffle_heads)
    C("clustered-eps-0.1", temperature=0.1)
    C("clustered-leading-order", temperature="leading-order")
    C("clustered-weighting-uniform", weighting="uniform", naive_check=True)
    C("clustered-dot", similarity="dot", naive_check=True)
    C("clustered-euclidean", similarity="euclidean", naive_check=True)
    C("clustered-sparsemax", smoothing="sparsemax", naive_check=True)
    C("clustered-hard", smoothing="hard", naive_check=True)
    C("clustered-bins-10", n_anchors=10)
    C("clustered-bins-1000", n_anchors=1000)
    C("clustered-seed-7", seed=7, naive_check=True, checks_fn=shuffle_heads)
    C("clustered-anchors-standard-normal", anchors="standard_normal")
    # under cosine, standard_normal anchors give the same numbers as normal ones; under dot they differ
    C("clustered-anchors-standard-normal-dot", anchors="standard_normal", similarity="dot", naive_check=True)
    C("clustered-anchors-uniform", anchors="uniform", naive_check=True)
    C("clustered-anchors-data", anchors="data", naive_check=True, checks_fn=data_anchor_skips)
    C("clustered-shuffles-0", shuffles=0)
    C("clustered-shuffles-1", shuffles=1)
    C("clustered-mincount-1", min_count=1, naive_check=True)
    C("clustered-optimality", optimality=("topic", "style"))

    print("high-dimensional and 2-D cases ...")
    Xh, Lh = highdim_data()
    dh = write_data("highdim768", Xh, Lh)
    case("highdim768-defaults", "highdim768", dh, Xh, Lh, naive_check=True)
    Xp, Lp = plane_data()
    dp = write_data("plane2d", Xp, Lp)
    case("plane2d-defaults", "plane2d", dp, Xp, Lp, naive_check=True)
    case("plane2d-bins-10", "plane2d", dp, Xp, Lp, n_anchors=10)

    # auto temperatures of METHOD.md's table, to full precision
    table = {str(d): {str(n): ref.solve_eps_auto(n, d) for n in (10, 100, 1000)}
             for d in (2, 3, 16, 64, 128, 768, 4096)}
    dump(os.path.join(OUT, "temperature-auto.expected.json"), {"case": "temperature-auto", "epsilon": table})
    INDEX.append({"case": "temperature-auto", "data": None, "expected": "temperature-auto.expected.json"})

    dump(os.path.join(OUT, "index.json"), {"generator": "test/tools/gen_metric_fixtures.py",
                                           "reference": "test/tools/soft_entropy_ref.py", "cases": INDEX})
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as f:
        f.write(README)
    total = sum(os.path.getsize(os.path.join(OUT, fn)) for fn in os.listdir(OUT))
    print(f"{len(INDEX)} cases, {len(os.listdir(OUT))} files, {total / 1e6:.3f} MB in {OUT}")


README = """# Metric fixtures (generated; do not edit)

Made by `python3 test/tools/gen_metric_fixtures.py` from the float64 numpy reference
`test/tools/soft_entropy_ref.py` (METHOD.md plus the precise semantics in that module). Tolerance for the
engine: 1e-6 relative on every number (with an absolute floor of about 1e-12: a few values are differences
of nearly equal numbers, e.g. `mutualInformationCorrected`, or entropies of near-one-hot distributions, and
carry ~1e-16 absolute rounding); the `worked-*` cases (METHOD.md §6) 1e-9.

- `<data>.npy` + `<data>.tsv`: embeddings (np.save) and labels (header row of label-set names, one row per
  embedding, empty cell = missing). Several cases share one data set; each `<case>.expected.json` names its
  files under `data`. `highdim768.npy` is stored as float32 (`<f4`) to keep this folder small; the expected
  values are for those float32 values widened exactly to float64.
- `<case>.expected.json`: `settings` (names as in `src/core/entropy/settings.ts`: bins, seed, placement,
  temperature, similarity, smoothing, weighting, shuffles, minCount; `anchors` holds explicit anchors when
  placement is `file`; `optimality` = [x, y]), `result` (the result JSON), `checks` (debug aids: first
  anchor row and anchor sum, heads of the shuffle permutations, data-anchor picks).
- `temperature-auto.expected.json`: `auto` ε for d in {2,3,16,64,128,768,4096} × n in {10,100,1000}.
- `worked-kl-js.expected.json`: KL and JS of METHOD.md §6.
- `index.json`: every case with its data and settings.
"""

if __name__ == "__main__":
    main()
