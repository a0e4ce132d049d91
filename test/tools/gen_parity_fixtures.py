"""The same embeddings and labels in every container, written by the tools researchers use, so a test
can check that the result does not depend on the container (test/unit/containerParity.test.ts).

Run: python3 test/tools/gen_parity_fixtures.py            (npy, npz, safetensors, csv, tsv, jsonl)
     /usr/bin/python3 test/tools/gen_parity_fixtures.py --h5   (HDF5 via Debian's python3-h5py)
     node test/tools/gen_parity_parquet.mjs                  (Parquet via DuckDB, from parity.csv)

Data: 150 rows x 8 dims of float32 (exactly representable in every text format), 3 clusters, one
label set `label` (integers 0–2; a single-column label file names its set `label`, so every
container uses that name). float32 values are written to text as the shortest repr of the float64 they
equal, which parses back to the same number.
"""
import csv
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "parity")
N, D = 150, 8

rng = np.random.default_rng(31)
centres = rng.standard_normal((3, D))
topic = np.arange(N) % 3
X = (centres[topic] + 0.4 * rng.standard_normal((N, D))).astype(np.float32)
names = [str(t) for t in topic]


def num(v):
    return repr(float(v))


def main():
    os.makedirs(OUT, exist_ok=True)
    if "--h5" in sys.argv:
        import h5py  # Debian's python3-h5py

        with h5py.File(os.path.join(OUT, "parity.h5"), "w") as f:
            f.create_dataset("embeddings", data=X)
            f.create_dataset("label", data=topic.astype(np.int32))
        return
    from gen_container_fixtures import write_safetensors

    np.save(os.path.join(OUT, "parity.npy"), X)
    with open(os.path.join(OUT, "parity.labels.tsv"), "w", newline="") as f:
        f.write("\n".join(names) + "\n")
    np.savez(os.path.join(OUT, "parity.npz"), embeddings=X, label=topic)
    np.savez_compressed(os.path.join(OUT, "parity_compressed.npz"), embeddings=X, label=topic)
    write_safetensors(os.path.join(OUT, "parity.safetensors"), {"embeddings": ("F32", X.shape, X), "label": ("I64", (N,), topic.astype(np.int64))})
    with open(os.path.join(OUT, "parity.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"f{k}" for k in range(D)] + ["label"])
        for i in range(N):
            w.writerow([num(v) for v in X[i]] + [names[i]])
    os.makedirs(os.path.join(OUT, "projector"), exist_ok=True)
    with open(os.path.join(OUT, "projector", "tensors.tsv"), "w", newline="") as f:
        for i in range(N):
            f.write("\t".join(num(v) for v in X[i]) + "\n")
    with open(os.path.join(OUT, "projector", "metadata.tsv"), "w", newline="") as f:
        f.write("\n".join(names) + "\n")
    with open(os.path.join(OUT, "parity.jsonl"), "w") as f:
        for i in range(N):
            f.write(json.dumps({"label": int(topic[i]), "embedding": [float(v) for v in X[i]]}) + "\n")


main()
