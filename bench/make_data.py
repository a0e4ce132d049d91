"""Benchmark data: sample-like clustered embeddings (N x d float32) and a 10-value label column.

Usage: python3 bench/make_data.py OUT_DIR [N] [D]
"""
import os
import sys

import numpy as np

out = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
D = int(sys.argv[3]) if len(sys.argv) > 3 else 768
rng = np.random.default_rng(123)
centres = rng.standard_normal((10, D))
centres /= np.linalg.norm(centres, axis=1, keepdims=True)
labels = rng.integers(0, 10, N)
x = (centres[labels] + rng.standard_normal((N, D)) / np.sqrt(D)).astype(np.float32)
os.makedirs(out, exist_ok=True)
np.save(os.path.join(out, "embeddings.npy"), x)
with open(os.path.join(out, "labels.tsv"), "w") as f:
    f.write("\n".join(f"class{v}" for v in labels) + "\n")
