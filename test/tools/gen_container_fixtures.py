"""Writes the .npz and .safetensors fixtures in test/fixtures/npz/ and test/fixtures/safetensors/.

Run from the repository root:  python3 test/tools/gen_container_fixtures.py

.npz files come from numpy's own writers (np.savez, np.savez_compressed). Zip timestamps are pinned
so reruns give the same bytes. zip64_*.npz lowers zipfile's ZIP64_LIMIT while numpy writes, so the
real writer emits the zip64 records (central-directory extra fields, zip64 end record and locator)
it would emit for an archive over 2 GiB.

The safetensors Python package cannot be installed here, so write_safetensors() below follows the
published format and the official Rust writer (huggingface/safetensors, safetensors/src/tensor.rs,
`prepare` and `impl Serialize for Metadata`) byte for byte:
  - tensors sorted by dtype in descending alignment order of the `Dtype` enum
    (U64, I64, F64, F32, U32, I32, BF16, F16, U16, I16, F8_E4M3, F8_E5M2, I8, U8, BOOL), then by name;
  - data_offsets contiguous from 0 in that order;
  - header JSON compact (no spaces, non-ASCII not escaped), `__metadata__` first, then the tensors in
    data order, each {"dtype", "shape", "data_offsets"} in that key order. (The official writer does
    not sort the top-level keys alphabetically; it writes them in data order. `__metadata__` is a
    HashMap in Rust, so its key order is unspecified; we write it sorted.);
  - padded with spaces to a multiple of 8 bytes; the 8-byte little-endian length counts the padding;
  - data little-endian, C order. BF16 is float32 rounded to nearest-even, keeping the top 16 bits
    (what torch does).

expected.json in each folder maps a file to what the reader must report:
  {"default": VIEW, "tensors": {name: VIEW}} or {"error": substring of the InputError message}
with VIEW = {tensor, dtype, layers, rows, dim, values (float64 repr strings, layer-major C order),
labels: {set name: [label strings, null = no label]}, available: [names], metadata?}.
"""
import json
import os
import struct
import types
import zipfile
from decimal import Decimal

import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), '..', 'fixtures')
NPZ = os.path.join(ROOT, 'npz')
ST = os.path.join(ROOT, 'safetensors')
rng = np.random.default_rng(20240607)

# Pin zip timestamps (zipfile stamps each member with the current local time).
zipfile.time = types.SimpleNamespace(time=lambda: 0.0, localtime=lambda t=None: (1980, 1, 1, 0, 0, 0, 0, 1, -1))


def reprs(arr):
    return [repr(float(x)) for x in np.asarray(arr, dtype=np.float64).reshape(-1)]


def label_strings(arr):
    out = []
    for x in np.asarray(arr).reshape(-1).tolist():
        if isinstance(x, bool):
            out.append('True' if x else 'False')
        elif isinstance(x, float):
            out.append(None if x != x else str(int(x)))
        elif isinstance(x, bytes):
            out.append(x.decode('utf-8') or None)
        else:
            s = str(x)
            out.append(s if s.strip() else None)
    return out


def view(tensor, dtype, data, labels, available, **extra):
    data = np.asarray(data)
    layers, rows, dim = (data.shape if data.ndim == 3 else (1,) + data.shape)
    v = {'tensor': tensor, 'dtype': dtype, 'layers': layers, 'rows': rows, 'dim': dim, 'values': reprs(data),
         'labels': {k: label_strings(a) for k, a in labels.items()}, 'available': available}
    v.update(extra)
    return v


# ---------------------------------------------------------------------------------------------- npz

def npz(expected, name, arrays, default=None, tensors=None, error=None, compressed=False, **kw):
    path = os.path.join(NPZ, name)
    (np.savez_compressed if compressed else np.savez)(path, **arrays, **kw)
    if error is not None:
        expected[name] = {'error': error}
        return
    with np.load(path) as back:  # the real reader agrees with what we wrote
        for k, a in arrays.items():
            if a.dtype == object:
                continue
            assert np.array_equal(back[k], a, equal_nan=a.dtype.kind == 'f'), k
    expected[name] = {'default': default, 'tensors': tensors or {}}


def gen_npz():
    expected = {}
    N = 12
    emb = rng.standard_normal((N, 5)).astype('<f4')
    emb[2, 3] = np.nan
    emb[7, 0] = -0.0
    labels = rng.integers(0, 3, size=N).astype('<i8')
    names = np.array(['cat', 'dog', 'émile', 'dog', '', 'cat', 'owl', 'owl', 'cat', 'dog', 'x', 'cat'], dtype='<U6')
    mean = emb[~np.isnan(emb).any(axis=1)].mean(axis=0)
    a = {'emb': emb, 'labels': labels, 'names': names, 'mean': mean}
    names_all = ['emb', 'labels', 'names', 'mean']
    lab = {'labels': labels, 'names': names}
    for suffix, comp in (('savez', False), ('compressed', True)):
        npz(expected, f'a_{suffix}.npz', a, compressed=comp,
            default=view('emb', '<f4', emb, lab, names_all),
            tensors={'emb.npy': view('emb', '<f4', emb, lab, names_all)})

    # (b) one 2-D array per layer, plus integral float labels (NaN = no label).
    layers = [rng.standard_normal((10, 4)).astype('<f4') for _ in range(4)]
    y = np.array([0, 1, 1, 2, np.nan, 0, 2, 2, 1, 0])
    b = {f'layer_{i}': l for i, l in enumerate(layers)} | {'y': y}
    b_names = [f'layer_{i}' for i in range(4)] + ['y']
    for suffix, comp in (('savez', False), ('compressed', True)):
        npz(expected, f'b_layers_{suffix}.npz', b, compressed=comp,
            default=view('layer_0…layer_3', '<f4', np.stack(layers), {'y': y}, b_names),
            tensors={'layer_2': view('layer_2', '<f4', layers[2], {'y': y}, b_names)})

    # Twelve layers written out of order: numeric order must win over name order (hidden_states_10 < _2).
    hs = [rng.standard_normal((6, 3)).astype('<f8') for _ in range(12)]
    order = [5, 11, 0, 10, 2, 1, 9, 3, 8, 4, 7, 6]
    h = {f'hidden_states_{i}': hs[i] for i in order} | {'targets': np.array([1, 0, 1, 1, 0, 0], dtype='<i4')}
    npz(expected, 'hidden_states_12.npz', h,
        default=view('hidden_states_0…hidden_states_11', '<f8', np.stack(hs), {'targets': h['targets']}, list(h)))

    # (c) one 3-D array (L, N, d), bool labels.
    cube = rng.standard_normal((3, 8, 4))
    flags = np.array([True, False, True, True, False, False, True, False])
    c = {'hidden_states': cube, 'is_noun': flags, 'token_ids': rng.integers(0, 50000, size=(8, 16))}
    for suffix, comp in (('savez', False), ('compressed', True)):
        npz(expected, f'c_cube_{suffix}.npz', c, compressed=comp,
            default=view('hidden_states', '<f8', cube, {'is_noun': flags}, list(c)))

    # (d) float16 with the special values, positional names (np.savez(path, x, y) → arr_0, arr_1).
    half = np.array([0.0, -0.0, 1.0, -2.5, 65504.0, 6.1035156e-05, 5.9604645e-08, 3.0e-06, np.inf, -np.inf, np.nan, 0.333], dtype='<f2')
    half = np.concatenate([half, rng.standard_normal(42).astype('<f2')]).reshape(9, 6)
    codes = np.array([3, 3, 1, 0, 1, 3, 0, 0, 1], dtype='u1')
    for suffix, comp in (('savez', False), ('compressed', True)):
        path = os.path.join(NPZ, f'd_f16_{suffix}.npz')
        (np.savez_compressed if comp else np.savez)(path, half, codes)
        expected[f'd_f16_{suffix}.npz'] = {'default': view('arr_0', '<f2', half, {'arr_1': codes}, ['arr_0', 'arr_1']), 'tensors': {}}

    # zip64 records from the real writer (see the module docstring).
    limit = zipfile.ZIP64_LIMIT
    zipfile.ZIP64_LIMIT = 0
    try:
        for suffix, comp in (('savez', False), ('compressed', True)):
            npz(expected, f'zip64_{suffix}.npz', a, compressed=comp, default=view('emb', '<f4', emb, lab, names_all))
    finally:
        zipfile.ZIP64_LIMIT = limit

    # An object array that is not needed is listed, never unpickled; one that is needed is an error.
    ragged = np.empty(3, dtype=object)
    ragged[:] = [np.zeros(2), np.zeros(3), None]
    npz(expected, 'object_other.npz', {'emb': emb, 'meta': ragged}, allow_pickle=True,
        default=view('emb', '<f4', emb, {}, ['emb', 'meta']))
    npz(expected, 'object_emb.npz', {'emb': ragged, 'labels': labels[:3]}, error='Python objects', allow_pickle=True)
    npz(expected, 'object_labels.npz', {'emb': emb, 'labels': np.array(list(names), dtype=object)}, error='Python objects', allow_pickle=True)
    npz(expected, 'zero_rows.npz', {'emb': np.zeros((0, 4), dtype='<f4')}, error='no rows')
    npz(expected, 'labels_only.npz', {'labels': labels, 'names': names}, error='no 2-D or 3-D float array')
    npz(expected, 'ragged_layers.npz', {'layer_0': emb, 'layer_1': emb[:, :3]}, error='do not stack')
    return expected


# -------------------------------------------------------------------------------------- safetensors

# Descending alignment order of the official Dtype enum (the writer sorts by this, then by name).
ST_ORDER = ['U64', 'I64', 'F64', 'F32', 'U32', 'I32', 'BF16', 'F16', 'U16', 'I16', 'F8_E4M3', 'F8_E5M2', 'I8', 'U8', 'BOOL']
ST_NUMPY = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'I64': '<i8', 'I32': '<i4', 'I16': '<i2', 'I8': 'i1',
            'U64': '<u8', 'U32': '<u4', 'U16': '<u2', 'U8': 'u1', 'BOOL': '?'}


def bf16_bits(x):
    """float32 → bfloat16 bits, round to nearest even (NaN kept quiet)."""
    u = np.asarray(x, dtype='<f4').view('<u4').astype(np.uint64)
    r = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype('<u2')
    r[np.isnan(np.asarray(x, dtype='<f4'))] = 0x7FC0
    return r


def bf16_value(bits):
    return (bits.astype('<u4') << 16).view('<f4').astype(np.float64)


def st_bytes(dtype, arr):
    if dtype == 'BF16':
        return np.ascontiguousarray(arr, dtype='<u2').tobytes()  # arr holds the bits
    if dtype.startswith('F8'):
        return np.ascontiguousarray(arr, dtype='u1').tobytes()  # raw bytes
    return np.ascontiguousarray(arr, dtype=ST_NUMPY[dtype]).tobytes()


def write_safetensors(path, tensors, metadata=None):
    """tensors: {name: (dtype, shape, array or raw bits)}. Returns the file's bytes."""
    items = sorted(tensors.items(), key=lambda kv: (ST_ORDER.index(kv[1][0]), kv[0]))
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header['__metadata__'] = dict(sorted(metadata.items()))
    for name, (dtype, shape, arr) in items:
        blob = st_bytes(dtype, arr)
        header[name] = {'dtype': dtype, 'shape': list(shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    raw = struct.pack('<Q', len(text)) + text + b''.join(blobs)
    with open(path, 'wb') as f:
        f.write(raw)
    return raw


def raw_file(expected, name, raw, error):
    with open(os.path.join(ST, name), 'wb') as f:
        f.write(raw)
    expected[name] = {'error': error}


def st_header(obj, data=b''):
    text = json.dumps(obj, separators=(',', ':')).encode()
    text += b' ' * ((8 - len(text) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + data


def gen_safetensors():
    expected = {}
    N = 10
    cube = rng.standard_normal((3, N, 4)).astype('<f4')
    proj = rng.standard_normal((N, 4)).astype('<f2')
    proj[0, :4] = [np.inf, -np.inf, -0.0, 6.1e-05]
    f32 = rng.standard_normal((N, 6)).astype('<f4')
    f32[0, :6] = [np.inf, -np.inf, np.nan, -0.0, 1e-40, 3.3895314e38]  # ±inf, nan, -0, subnormal, max bf16
    wbits = bf16_bits(f32)
    labels = rng.integers(0, 4, size=N).astype('<i8')
    mask = rng.integers(0, 2, size=N).astype(bool)
    ids = rng.integers(-5, 5, size=N).astype('<i4')
    tensors = {'hidden': ('F32', cube.shape, cube), 'proj': ('F16', proj.shape, proj), 'proj_bf16': ('BF16', wbits.shape, wbits),
               'labels': ('I64', (N,), labels), 'mask': ('BOOL', (N,), mask), 'ids': ('I32', (N,), ids),
               'scale': ('F32', (4,), np.ones(4, dtype='<f4'))}
    meta = {'format': 'pt', 'source': 'gen_container_fixtures.py', 'note': 'entropy ✓'}
    write_safetensors(os.path.join(ST, 'main.safetensors'), tensors, meta)
    names = [k for k, _ in sorted(tensors.items(), key=lambda kv: (ST_ORDER.index(kv[1][0]), kv[0]))]
    lab = {'labels': labels, 'mask': mask, 'ids': ids}
    expected['main.safetensors'] = {
        'default': view('hidden', 'F32', cube, lab, names, metadata=meta),
        'tensors': {'proj': view('proj', 'F16', proj, lab, names, metadata=meta),
                    'proj_bf16': view('proj_bf16', 'BF16', bf16_value(wbits), lab, names, metadata=meta)}}

    # BF16 alone (no metadata), the default pick; I64 labels.
    e = rng.standard_normal((7, 5)).astype('<f4') * 1000
    ebits = bf16_bits(e)
    y = np.array([2, 0, 1, 1, 0, 2, 2], dtype='<i8')
    write_safetensors(os.path.join(ST, 'bf16.safetensors'), {'embeddings': ('BF16', e.shape, ebits), 'labels': ('I64', (7,), y)})
    expected['bf16.safetensors'] = {'default': view('embeddings', 'BF16', bf16_value(ebits), {'labels': y}, ['labels', 'embeddings']), 'tensors': {}}

    # F64 embeddings with label tensors of every integer dtype.
    f64 = rng.standard_normal((5, 3))
    ints = {dt: np.array([0, 1, 0, 2, 1], dtype=ST_NUMPY[dt]) for dt in ['I8', 'I16', 'I32', 'U8', 'U16', 'U32', 'U64']}
    ints['U64'] = np.array([2**64 - 1, 1, 2**64 - 1, 0, 1], dtype='<u8')
    ints['I64'] = np.array([-(2**63), 5, 5, 0, -1], dtype='<i8')
    t = {'x': ('F64', (5, 3), f64)} | {f'y_{dt.lower()}': (dt, (5,), a) for dt, a in ints.items()}
    write_safetensors(os.path.join(ST, 'ints.safetensors'), t)
    order = [k for k, _ in sorted(t.items(), key=lambda kv: (ST_ORDER.index(kv[1][0]), kv[0]))]
    labs = {f'y_{dt.lower()}': a for dt, a in ints.items()}
    # 64-bit labels beyond 2^53 become the nearest double, printed as JavaScript's String(number) does.
    exp_labs = {k: [f'{Decimal(repr(float(v))).quantize(Decimal(1)):f}' for v in a.tolist()] for k, a in labs.items()}
    expected['ints.safetensors'] = {'default': view('x', 'F64', f64, {}, order), 'tensors': {}}
    expected['ints.safetensors']['default']['labels'] = exp_labs

    # Files the reader must refuse.
    write_safetensors(os.path.join(ST, 'f8.safetensors'), {'w': ('F8_E4M3', (4, 4), np.arange(16, dtype='u1')), 'labels': ('I64', (4,), labels[:4])})
    expected['f8.safetensors'] = {'error': 'F8_E4M3'}
    write_safetensors(os.path.join(ST, 'zero_rows.safetensors'), {'emb': ('F32', (0, 4), np.zeros((0, 4), dtype='<f4'))})
    expected['zero_rows.safetensors'] = {'error': 'no rows'}
    good = st_header({'a': {'dtype': 'F32', 'shape': [2, 2], 'data_offsets': [0, 16]}}, bytes(16))
    raw_file(expected, 'header_past_end.safetensors', struct.pack('<Q', len(good) + 100) + good[8:], 'only')
    raw_file(expected, 'header_2e60.safetensors', struct.pack('<Q', 2**60) + good[8:], 'over the 100 MB')
    raw_file(expected, 'offsets_past_end.safetensors', st_header({'a': {'dtype': 'F32', 'shape': [2, 2], 'data_offsets': [0, 16]}}, bytes(8)), 'cut short')
    raw_file(expected, 'shape_mismatch.safetensors', st_header({'a': {'dtype': 'F32', 'shape': [2, 3], 'data_offsets': [0, 16]}}, bytes(16)), 'needs 24 bytes')
    raw_file(expected, 'overlap.safetensors', st_header({'a': {'dtype': 'F32', 'shape': [2, 2], 'data_offsets': [0, 16]},
                                                         'b': {'dtype': 'F32', 'shape': [2], 'data_offsets': [8, 16]}}, bytes(16)), 'overlapping')
    raw_file(expected, 'bad_json.safetensors', struct.pack('<Q', 16) + b'{"a": {"dtype":' + b' ' + bytes(16), 'not valid JSON')
    raw_file(expected, 'short.safetensors', b'\x10\x00\x00', 'only 3 bytes')
    return expected


def dump(folder, expected):
    with open(os.path.join(folder, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write('\n')


def main():
    for folder in (NPZ, ST):
        os.makedirs(folder, exist_ok=True)
        for f in os.listdir(folder):
            os.remove(os.path.join(folder, f))
    dump(NPZ, gen_npz())
    dump(ST, gen_safetensors())


if __name__ == '__main__':
    main()
