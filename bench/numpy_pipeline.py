"""numpy side of the benchmark: the whole soft-entropy analysis in plain, vectorised float64 numpy.

    python3 bench/numpy_pipeline.py X.npy labels.tsv --bins 100 --seed 0 --shuffles 5

Prints one JSON line {"seconds": compute time, "secondsTotal": time including loading, "result": {...}}.
The analysis is test/tools/soft_entropy_ref.py's `analyse` with METHOD.md's defaults: rows in chunks of
8192, one BLAS matmul per chunk for the similarities, softmax, and per label value the float64 sum of p_i
(sort + np.add.reduceat). The K shuffled label vectors are made up front and accumulated in the same pass
from the same soft assignments; the data is read once.
"""
import argparse
import json
import os
import resource
import sys
import time

t0 = time.perf_counter()
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "tools"))
import soft_entropy_ref as ref  # noqa: E402


def temperature_arg(s):
    return s if s in ("auto", "leading-order") else float(s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("npy")
    ap.add_argument("labels", nargs="?", help="metadata.tsv with a header row (optional)")
    ap.add_argument("--bins", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--shuffles", type=int, default=5)
    ap.add_argument("--temperature", type=temperature_arg, default="auto")
    ap.add_argument("--min-count", type=int, default=5)
    args = ap.parse_args()

    X = np.load(args.npy)
    labels = ref.read_labels_tsv(args.labels) if args.labels else {}
    t1 = time.perf_counter()
    result = ref.analyse(X, labels, n_anchors=args.bins, seed=args.seed, shuffles=args.shuffles,
                         temperature=args.temperature, min_count=args.min_count)
    t2 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": t2 - t1, "secondsTotal": t2 - t0, "peakRssMB": peak_mb, "result": result},
                     ensure_ascii=False, allow_nan=False))


if __name__ == "__main__":
    main()
