"""Writes the HDF5 fixtures in test/fixtures/hdf5/ with h5py (the writer researchers use), plus expected.json.

Run from the repository root with the interpreter that has h5py:
    /usr/bin/python3 test/tools/gen_hdf5_fixtures.py

expected.json maps each fixture to what the reader should find:
  tensor      the dataset chosen by default (path with a leading slash)
  shape       its shape; dtype its element type as the reader names it ("<f4", ">f8", "<f2")
  values      every value of that dataset, C order, as float64 repr strings (exact: the float32 and
              float16 values are widened with float(), which is exact)
  labels      {set name: [label or null]} for every 1-D int/bool/string dataset of length N
  metadata    {key: value} of the attributes the reader should report
  others      {dataset path: {shape, values}} for datasets a test selects with `tensor`
  error       a substring of the InputError message, for files that must not open
Datasets are written with track_times=False so the files are the same on every run.
"""
import json
import os

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'hdf5')
rng = np.random.default_rng(20240917)
expected = {}


def floats(arr):
    return [repr(float(x)) for x in np.asarray(arr).reshape(-1)]


def ds(f, path, data, **kw):
    return f.create_dataset(path, data=data, track_times=False, **kw)


def labels_of(values, missing=()):
    return [None if i in missing else (v.decode() if isinstance(v, bytes) else str(v)) for i, v in enumerate(values)]


def grouped():
    """2-D float32 embeddings inside groups, string/int/bool labels, attributes, decoys."""
    n, d = 40, 8
    name = 'grouped.h5'
    emb = rng.standard_normal((n, d)).astype(np.float32)
    species = np.array(['setosa', 'versicolor', 'virginica', ''], dtype=object)[rng.integers(0, 4, n)]
    cluster = rng.integers(0, 5, n).astype(np.int64)
    is_train = rng.integers(0, 2, n).astype(bool)
    ids = np.array([f'id{i:03d}'.encode() for i in range(n)], dtype='S8')
    proj = rng.standard_normal((n, 3)).astype(np.float32)
    be = rng.standard_normal((n, 2)).astype('>f8')
    with h5py.File(os.path.join(OUT, name), 'w', track_order=True) as f:
        f.attrs['model'] = 'bert-base-uncased'
        f.attrs['layer'] = np.int64(4)
        f.attrs['temperature'] = 0.5
        e = ds(f, 'model/layer4/embeddings', emb)
        e.attrs['pooling'] = 'mean'
        ds(f, 'model/layer4/bias', rng.standard_normal(d).astype(np.float32))
        ds(f, 'model/proj', proj)
        ds(f, 'model/big_endian', be)
        ds(f, 'labels/species', species, dtype=h5py.string_dtype('utf-8'))
        ds(f, 'labels/cluster', cluster)
        ds(f, 'labels/is_train', is_train)
        ds(f, 'labels/too_short', cluster[:-1])
        ds(f, 'ids', ids)
        ds(f, 'scores', rng.standard_normal(n))  # 1-D float: not a label set
    blank = {i for i, s in enumerate(species) if s == ''}
    expected[name] = {
        'tensor': '/model/layer4/embeddings', 'shape': [n, d], 'dtype': '<f4', 'values': floats(emb),
        'labels': {
            'labels/species': labels_of(species, blank),
            'labels/cluster': labels_of(cluster),
            'labels/is_train': [str(bool(b)) for b in is_train],
            'ids': labels_of(ids),
        },
        'metadata': {'model': 'bert-base-uncased', 'layer': '4', 'temperature': '0.5', '/model/layer4/embeddings@pooling': 'mean'},
        'others': {
            '/model/proj': {'shape': [n, 3], 'dtype': '<f4', 'values': floats(proj)},
            '/model/big_endian': {'shape': [n, 2], 'dtype': '>f8', 'values': floats(be)},
        },
    }


def layers_f16():
    """3-D float16 (L, N, d): one embedding matrix per layer."""
    layers, n, d = 3, 20, 6
    name = 'layers_f16.h5'
    hidden = (rng.standard_normal((layers, n, d)) * 4).astype(np.float16)
    y = rng.integers(-2, 3, n).astype(np.int32)
    with h5py.File(os.path.join(OUT, name), 'w') as f:
        h = ds(f, 'hidden_states', hidden)
        h.attrs['layers'] = np.array([0, 6, 12], dtype=np.int32)
        ds(f, 'y', y)
    expected[name] = {
        'tensor': '/hidden_states', 'shape': [layers, n, d], 'dtype': '<f2', 'values': floats(hidden),
        'labels': {'y': labels_of(y)},
        'metadata': {'/hidden_states@layers': '[0,6,12]'},
    }


def chunked_gzip():
    """Chunked, shuffled and gzip-compressed float32, with chunk rows that do not divide N."""
    n, d = 50, 16
    name = 'chunked_gzip.h5'
    emb = rng.standard_normal((n, d)).astype(np.float32)
    small = rng.standard_normal((n, 4))
    with h5py.File(os.path.join(OUT, name), 'w') as f:
        ds(f, 'emb', emb, chunks=(7, d), compression='gzip', compression_opts=4, shuffle=True)
        ds(f, 'emb_f64', small, chunks=(16, 4), compression='gzip')
        ds(f, 'label', np.array([f'c{i % 3}' for i in range(n)], dtype='S2'), chunks=(8,), compression='gzip')
    expected[name] = {
        'tensor': '/emb', 'shape': [n, d], 'dtype': '<f4', 'values': floats(emb),
        'labels': {'label': [f'c{i % 3}' for i in range(n)]},
        'metadata': {},
        'others': {'/emb_f64': {'shape': [n, 4], 'dtype': '<f8', 'values': floats(small)}},
    }


def fuzz_tiny():
    """The seed of the fuzz test: small, chunked + compressed (filters), with variable-length strings (global heap)."""
    name = 'fuzz_tiny.h5'
    emb = rng.standard_normal((4, 3)).astype(np.float32)
    with h5py.File(os.path.join(OUT, name), 'w', libver='latest') as f:
        ds(f, 'e', emb, chunks=(2, 3), compression='gzip')
        ds(f, 'y', np.array([1, 2, 1, 3], dtype=np.int8))
        ds(f, 's', np.array(['a', 'bb', 'a', 'ccc'], dtype=object), dtype=h5py.string_dtype('utf-8'))
    expected[name] = {'tensor': '/e', 'shape': [4, 3], 'dtype': '<f4', 'values': floats(emb),
                      'labels': {'y': ['1', '2', '1', '3'], 's': ['a', 'bb', 'a', 'ccc']}, 'metadata': {}}


def userblock():
    """A 512-byte user block in front of the superblock (the signature is then at offset 512)."""
    name = 'userblock.h5'
    emb = rng.standard_normal((5, 2))
    with h5py.File(os.path.join(OUT, name), 'w', userblock_size=512) as f:
        ds(f, 'x', emb)
    expected[name] = {'tensor': '/x', 'shape': [5, 2], 'dtype': '<f8', 'values': floats(emb), 'labels': {}, 'metadata': {}}


def error(name, message, build):
    with h5py.File(os.path.join(OUT, name), 'w') as f:
        build(f)
    expected[name] = {'error': message}


os.makedirs(OUT, exist_ok=True)
grouped()
layers_f16()
chunked_gzip()
fuzz_tiny()
userblock()
error('no_float.h5', 'no floating-point dataset', lambda f: (
    ds(f, 'ints', np.arange(12, dtype=np.int32).reshape(4, 3)),
    ds(f, 'names', np.array([b'a', b'b', b'c', b'd'])),
    ds(f, 'vector', np.arange(4, dtype=np.float64)),
))
error('lzf.h5', 'filter', lambda f: ds(f, 'emb', np.ones((8, 4), dtype=np.float32), chunks=(4, 4), compression='lzf'))
error('no_rows.h5', 'no rows', lambda f: ds(f, 'emb', np.zeros((0, 8), dtype=np.float32)))
error('four_d.h5', 'no floating-point dataset', lambda f: ds(f, 'images', np.zeros((2, 2, 2, 2), dtype=np.float32)))
with open(os.path.join(OUT, 'expected.json'), 'w') as fh:
    json.dump(expected, fh, indent=1)
    fh.write('\n')
print('wrote', len(expected), 'fixtures to', os.path.normpath(OUT))
