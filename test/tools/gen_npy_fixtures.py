"""Writes the .npy fixtures in test/fixtures/npy/ with numpy's own writer, plus expected.json.

Run from the repository root:  python3 test/tools/gen_npy_fixtures.py
expected.json maps each fixture file to its shape, descr, fortran_order and either the values
(float64 repr strings, C order, so 'nan'/'inf' survive JSON) or the strings, or the error it
should raise ("error": a substring of the InputError message).
Fixtures named encode_* are compared byte for byte with the TypeScript encoder's output.
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'npy')
rng = np.random.default_rng(20240601)
expected = {}


def save(name, arr, **kw):
    np.save(os.path.join(OUT, name), arr, **kw)
    return arr


def numbers(name, arr, *, version=None):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, arr)
    else:
        with open(path, 'wb') as f:
            np.lib.format.write_array(f, arr, version=version)
    flat = np.ascontiguousarray(arr).reshape(-1)
    if arr.dtype.kind in 'iub':
        # Python ints are exact; float(x) is the nearest double, which is what the reader returns.
        vals = [repr(float(int(x))) for x in flat]
    else:
        vals = [repr(float(x)) for x in flat]
    expected[name] = {
        'shape': list(arr.shape),
        'descr': np.lib.format.dtype_to_descr(arr.dtype),
        'fortran_order': bool(arr.flags.f_contiguous and not arr.flags.c_contiguous),
        'values': vals,
    }


def strings(name, arr):
    save(name, arr)
    vals = [x.decode('utf-8') if isinstance(x, bytes) else str(x) for x in arr.tolist()]
    expected[name] = {'shape': list(arr.shape), 'descr': arr.dtype.str, 'fortran_order': False, 'strings': vals}


def error(name, message, arr=None, raw=None, **kw):
    if raw is not None:
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(raw)
    else:
        save(name, arr, **kw)
    expected[name] = {'error': message}


def raw_v1(header, data):
    """A version 1.0 file with a hand-written header, padded the way numpy pads."""
    body = header.encode('latin1')
    pad = 64 - (10 + len(body) + 1) % 64
    body += b' ' * pad + b'\n'
    return b'\x93NUMPY\x01\x00' + len(body).to_bytes(2, 'little') + body + data


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))

    # Floats, both byte orders. Half precision covers subnormals, the largest finite value, ±0, ±inf, nan.
    half = np.array([0.0, -0.0, 1.0, -2.5, 65504.0, 6.1035156e-05, 5.9604645e-08, 3.0e-06, np.inf, -np.inf, np.nan, 0.333], dtype='<f2')
    numbers('f2_le.npy', half.reshape(4, 3))
    numbers('f2_be.npy', half.astype('>f2').reshape(4, 3))
    f32 = rng.standard_normal((5, 3)).astype('<f4')
    f32[1, 2] = np.nan
    f32[3, 0] = np.inf
    numbers('f4_le.npy', f32)
    numbers('f4_be.npy', f32.astype('>f4'))
    f64 = rng.standard_normal((5, 3))
    f64[0, 0] = -0.0
    f64[4, 2] = 1e-310  # subnormal double
    numbers('f8_le.npy', f64)
    numbers('f8_be.npy', f64.astype('>f8'))

    # Integers at their extremes; int64/uint64 beyond 2^53 are rounded to the nearest double.
    for kind, bits in [('i', 8), ('i', 16), ('i', 32), ('i', 64), ('u', 8), ('u', 16), ('u', 32), ('u', 64)]:
        info = np.iinfo(f'{kind}{bits // 8}')
        extra = [2**53 + 1, 2**53 + 3] if bits == 64 else [1, 3]
        vals = [info.min, info.max, 0, 1, 2, info.max - 1] + extra
        for order in ('<', '>') if bits > 8 else ('|',):
            arr = np.array(vals, dtype=f'{order}{kind}{bits // 8}').reshape(4, 2)
            numbers(f'{kind}{bits // 8}_{"be" if order == ">" else "le"}.npy', arr)
    numbers('b1.npy', np.array([[True, False], [False, True], [True, True]]))

    # Layouts: C and Fortran order of the same 2-D and 3-D data.
    m2 = rng.standard_normal((7, 5)).astype('<f4')
    numbers('c_2d.npy', m2)
    numbers('fortran_2d.npy', np.asfortranarray(m2))
    m3 = rng.standard_normal((3, 7, 5))
    numbers('c_3d.npy', m3)
    numbers('fortran_3d.npy', np.asfortranarray(m3))
    numbers('fortran_3d_i2be.npy', np.asfortranarray((m3 * 1000).astype('>i2')))

    # Header versions 2.0 and 3.0 (uint32 header length; 3.0 is UTF-8).
    numbers('v2.npy', m2[:3], version=(2, 0))
    numbers('v3.npy', m2[:3], version=(3, 0))

    # Labels.
    numbers('labels_i8.npy', rng.integers(0, 4, size=20).astype('<i8'))
    numbers('labels_u1.npy', np.array([3, 1, 3, 0, 1], dtype='u1'))
    numbers('labels_b1.npy', np.array([True, False, False, True]))
    numbers('labels_f8_integral.npy', np.array([0.0, 2.0, 1.0, 2.0, np.nan, -1.0]))
    numbers('labels_f4_fractional.npy', np.array([0.0, 0.5, 1.0], dtype='f4'))
    numbers('labels_column.npy', np.array([[2], [0], [2]], dtype='<i4'))
    strings('labels_U_le.npy', np.array(['cat', 'dog', 'naïve', '🐍 snake', '', 'cat'], dtype='<U8'))
    strings('labels_U_be.npy', np.array(['cat', 'dog', 'ünï'], dtype='>U3'))
    strings('labels_S.npy', np.array([b'alpha', b'b', b'', b'alpha', b'gamma'], dtype='S5'))

    # The TypeScript encoder must match these byte for byte.
    numbers('encode_f4.npy', (np.arange(12, dtype='<f4') / 7).reshape(3, 4))
    numbers('encode_f8.npy', (np.arange(6, dtype='<f8') / 3 - 1).reshape(6, 1))
    numbers('encode_1d.npy', np.array([1.5, -2.0, np.pi]))
    numbers('encode_3d.npy', (np.arange(24, dtype='<f4') * 0.25).reshape(2, 3, 4))
    numbers('encode_long.npy', np.arange(1797, dtype='<f4').reshape(1797, 1) / 1797)

    # Files that must be rejected with an InputError.
    error('object.npy', 'Python objects', np.array([{'a': 1}, None, 'x'], dtype=object), allow_pickle=True)
    error('structured.npy', 'structured', np.zeros(3, dtype=[('x', '<f4'), ('y', '<i4')]))
    error('complex.npy', 'complex', np.zeros((2, 2), dtype='<c8'))
    error('datetime.npy', 'dates', np.zeros(3, dtype='datetime64[ns]'))
    error('rank4.npy', 'shape (2, 2, 2, 2)', np.zeros((2, 2, 2, 2), dtype='<f4'))
    error('scalar.npy', 'shape ()', np.float32(1.5))
    error('zero_rows.npy', 'no rows', np.zeros((0, 4), dtype='<f4'))
    error('zero_cols.npy', 'no rows', np.zeros((4, 0), dtype='<f4'))
    good = open(os.path.join(OUT, 'f4_le.npy'), 'rb').read()
    error('truncated_data.npy', 'needs 60 bytes of data but only 50 are present', raw=good[:-10])
    error('truncated_header.npy', 'truncated', raw=good[:40])
    error('bad_magic.npy', 'not a .npy file', raw=b'\x93NUMPZ' + good[6:])
    error('huge_header.npy', 'claims a 4294967295-byte header', raw=b'\x93NUMPY\x02\x00\xff\xff\xff\xff' + good[10:])
    error('bad_version.npy', 'version 9.0', raw=b'\x93NUMPY\x09\x00' + good[8:])
    error('eval_header.npy', 'unreadable', raw=raw_v1("{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os').getpid(), }", good[128:]))
    error('missing_key.npy', "without 'fortran_order'", raw=raw_v1("{'descr': '<f4', 'shape': (5, 3), }", good[128:]))

    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write('\n')


if __name__ == '__main__':
    main()
