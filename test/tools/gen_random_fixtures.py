#!/usr/bin/env python3
"""Reference data for src/core/entropy/numpyRandom.ts, taken from the installed numpy.

    python3 test/tools/gen_random_fixtures.py            # fixtures + ziggurat tables
    python3 test/tools/gen_random_fixtures.py --fixtures # fixtures only
    python3 test/tools/gen_random_fixtures.py --tables   # tables only

Two outputs:

1. test/fixtures/random/*.json -- what `numpy.random.default_rng(seed)` produces, layer by layer
   (SeedSequence words, raw PCG64 outputs, then Generator methods), for the unit tests.
   Floats are stored as the 16 hex digits of their IEEE-754 bits so the comparison is exact; long
   draws are stored only as a sha256 of their little-endian bytes.

2. src/core/entropy/random/zigguratTables.ts -- the 256-layer ziggurat tables that numpy's
   `random_standard_normal` uses. They cannot simply be recomputed: the recursion that defines the
   layer edges is ill-conditioned near the top, and the tables numpy ships were produced with a libm
   whose exp/log round differently from today's, so a fresh evaluation disagrees in the last bits of
   about 40 entries. Instead this script *measures* the tables through numpy's public behaviour:
   PCG64's state is settable, and its output function is invertible, so we can make the generator
   emit any chosen 64-bit words and watch what `standard_normal()` does with them:
     - wi[i]: feed a word with layer index i and mantissa 1; the result is exactly 1 * wi[i].
     - ki[i]: one past the largest mantissa accepted on the first try; found by bisection, watching how many
       words were consumed.
     - fi[i]: starts from exp(-x_i^2/2) at the measured layer edge; the candidates around it are
       then told apart by the wedge test `(fi[i-1] - fi[i]) * U + fi[i] < exp(-x^2/2)`, fed chosen
       x (next to the edge) and U (0 first, then values tuned to separate neighbouring candidates).
       This assumes Python's math.exp is the exp numpy calls (both the C library's); the script
       stops if the probes contradict each other.
   A fresh double-precision evaluation of the recursion (r = 3.6541528853610088, v = 0.0049286732339746519)
   is kept as a cross-check: every measured value must lie within 1e-12 of it.
"""

import argparse
import hashlib
import json
import math
import os
import struct
import sys
from fractions import Fraction

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FIXTURE_DIR = os.path.join(ROOT, 'test', 'fixtures', 'random')
TABLES_TS = os.path.join(ROOT, 'src', 'core', 'entropy', 'random', 'zigguratTables.ts')

M64 = (1 << 64) - 1
M128 = (1 << 128) - 1
PCG_MULT = (2549297995355413924 << 64) + 4865540595714422341
PCG_MULT_INV = pow(PCG_MULT, -1, 1 << 128)

SEEDS = [0, 1, 42, 12345, 2**32 + 5, 2**64 - 1, 2**100 + 7, [3, 1]]


# ----------------------------------------------------------------------------------------------
# small helpers

def f64hex(v):
    """The IEEE-754 bit pattern of a float64, as 16 hex digits (big-endian reading)."""
    return '%016x' % struct.unpack('<Q', struct.pack('<d', float(v)))[0]


def sha256_f64(a):
    return hashlib.sha256(np.ascontiguousarray(a, dtype='<f8').tobytes()).hexdigest()


def seed_json(seed):
    """Seeds go to JSON as decimal strings (they can exceed 2**53)."""
    if isinstance(seed, list):
        return [str(s) for s in seed]
    return str(seed)


def write_json(name, obj):
    """Compact JSON, one line per top-level entry (one per case in lists of cases): readable diffs
    without a line per number."""
    os.makedirs(FIXTURE_DIR, exist_ok=True)
    path = os.path.join(FIXTURE_DIR, name)
    with open(path, 'w') as fh:
        def dump(v):
            if isinstance(v, list) and v and isinstance(v[0], (dict, list)):
                return '[\n' + ',\n'.join(json.dumps(x, separators=(',', ':')) for x in v) + '\n]'
            return json.dumps(v, separators=(',', ':'))
        fh.write('{\n' + ',\n'.join(json.dumps(k) + ': ' + dump(v) for k, v in obj.items()) + '\n}\n')
    print('wrote', os.path.relpath(path, ROOT), os.path.getsize(path), 'bytes')


# ----------------------------------------------------------------------------------------------
# Fixtures

def seed_sequence_fixture():
    cases = []
    entropies = SEEDS + [2**200 + 3, [2**40, 7, 0], [], [0], [1, 2, 3, 4, 5, 6, 7, 8, 9]]
    for ent in entropies:
        ss = np.random.SeedSequence(ent)
        cases.append({
            'entropy': seed_json(ent),
            'pool': [int(w) for w in ss.pool],
            'state32': [int(w) for w in ss.generate_state(8, np.uint32)],
            'state64': [str(int(w)) for w in ss.generate_state(4, np.uint64)],
        })
    # spawn keys (what SeedSequence.spawn() produces) change the assembled entropy.
    for ent, key in [(5, (1, 2)), (2**100 + 7, (0,)), ([3, 1], (7, 2**40))]:
        ss = np.random.SeedSequence(ent, spawn_key=key)
        cases.append({
            'entropy': seed_json(ent),
            'spawnKey': [str(k) for k in key],
            'pool': [int(w) for w in ss.pool],
            'state32': [int(w) for w in ss.generate_state(8, np.uint32)],
            'state64': [str(int(w)) for w in ss.generate_state(4, np.uint64)],
        })
    write_json('seed_sequence.json', {'numpy': np.__version__, 'cases': cases})


def pcg64_fixture():
    cases = []
    for seed in SEEDS:
        bg = np.random.PCG64(seed)
        st = bg.state['state']
        raw = bg.random_raw(64)
        more = bg.random_raw(100000)
        cases.append({
            'seed': seed_json(seed),
            'state': str(st['state']),
            'inc': str(st['inc']),
            'raw': ['%016x' % int(v) for v in raw],
            # the next 100000 words after those 64, as little-endian uint64 bytes
            'sha256Next100000': hashlib.sha256(more.astype('<u8').tobytes()).hexdigest(),
        })
    write_json('pcg64.json', {'numpy': np.__version__, 'cases': cases})


def integer_ops():
    """A call script mixing ranges; every entry is one numpy call on the same generator."""
    ops = []
    ranges = [
        (0, 10), (-5, 5), (0, 1000), (5, 6),                 # small; (5, 6) draws nothing
        (0, 2**31 + 1),                                       # 32-bit Lemire, ~50% rejection
        (0, 2**32 - 1), (0, 2**32), (0, 2**32 + 1),           # around the 32/64-bit switch
        (-(2**31), 2**31), (100, 100 + 2**32),
        (0, 2**53), (-(2**62), 2**62 + 1),                    # 64-bit Lemire, the latter ~50% rejection
        (-(2**63), 2**63 - 1), (-(2**63), 2**63),             # widest: 2**64 - 2 and the full range
        (2**40, 2**40 + 3),
    ]
    for lo, hi in ranges:
        ops.append({'op': 'integers', 'low': lo, 'high': hi, 'repeat': 6})
    # interleave other draws: next_uint32's half-word buffer survives across them
    ops += [
        {'op': 'integers', 'low': 0, 'high': 10, 'repeat': 1},
        {'op': 'random', 'count': 1},
        {'op': 'integers', 'low': 0, 'high': 10, 'repeat': 1},
        {'op': 'standardNormal', 'count': 3},
        {'op': 'integers', 'low': 0, 'high': 10, 'repeat': 3},
        {'op': 'permutation', 'n': 7},
        {'op': 'integers', 'low': 0, 'high': 2**40, 'repeat': 2},
        {'op': 'integers', 'low': 0, 'high': 10, 'repeat': 1},
        {'op': 'random', 'count': 2},
    ]
    return ops


def run_ops(rng, ops):
    out = []
    for op in ops:
        if op['op'] == 'integers':
            vals = [int(rng.integers(op['low'], op['high'])) for _ in range(op['repeat'])]
            out.append({'op': 'integers', 'low': str(op['low']), 'high': str(op['high']),
                        'expect': [str(v) for v in vals]})
        elif op['op'] == 'random':
            out.append({**op, 'expect': [f64hex(v) for v in rng.random(op['count'])]})
        elif op['op'] == 'standardNormal':
            out.append({**op, 'expect': [f64hex(v) for v in rng.standard_normal(op['count'])]})
        elif op['op'] == 'permutation':
            out.append({**op, 'expect': [int(v) for v in rng.permutation(op['n'])]})
    return out


def generator_fixture():
    cases = []
    for seed in SEEDS:
        case = {'seed': seed_json(seed)}

        rng = np.random.default_rng(seed)
        big = rng.standard_normal((1000, 768))
        after = rng.standard_normal(10)
        r = 3.6541528853610087963519472518
        tail = np.flatnonzero(np.abs(big.ravel()) >= r)
        case['normal'] = {
            'first': [f64hex(v) for v in big.ravel()[:128]],
            'sha256_100x64': sha256_f64(big.ravel()[:6400]),
            'sha256_1000x768': sha256_f64(big),
            'next10': [f64hex(v) for v in after],
            # values from the ziggurat's tail branch (|x| >= r), to debug the log1p path directly
            'tail': [[int(i), f64hex(big.ravel()[i])] for i in tail[:12]],
            'tailCount': int(tail.size),
        }

        rng = np.random.default_rng(seed)
        u = rng.random(100000)
        case['random'] = {'first': [f64hex(v) for v in u[:64]], 'sha256_100000': sha256_f64(u)}

        # permutations of these sizes, drawn in this order from one generator; the long ones are
        # stored as their first 16 entries plus a sha256 of all of them as little-endian int32
        rng = np.random.default_rng(seed)
        perms = []
        for n in (0, 1, 2, 10, 1000, 100000):
            p = rng.permutation(n)
            entry = {'n': n, 'first': [int(v) for v in p[:16]]}
            if n > 16:
                entry['sha256_int32'] = hashlib.sha256(p.astype('<i4').tobytes()).hexdigest()
            perms.append(entry)
        case['permutation'] = perms

        rng = np.random.default_rng(seed)
        case['ops'] = run_ops(rng, integer_ops())
        cases.append(case)
    write_json('generator.json', {'numpy': np.__version__, 'cases': cases})


def log1p_fixture():
    """glibc's log1p on -U for uniform U: what numpy's tail branch evaluates. Platform-dependent:
    this records the libm numpy used here, so the TS log1p can be checked against it directly."""
    rng = np.random.default_rng(2024)
    raw = rng.integers(0, 2**53, size=1500, dtype=np.uint64)
    us = [int(v) * 2.0**-53 for v in raw]
    # a few edge values: tiny, the k=0/k=1 boundary near 1+x = sqrt(2)/2, and close to 1
    us += [2.0**-53, 2.0**-40, 2.0**-29, 1e-9, 0.29289321881345248, 0.2928932188134524,
           0.29289321881345254, 0.5, 0.75, 1 - 2.0**-53]
    cases = [[f64hex(-u), f64hex(math.log1p(-u))] for u in us]
    h = hashlib.sha256()
    for v in rng.integers(0, 2**53, size=200000, dtype=np.uint64):
        h.update(struct.pack('<d', math.log1p(-(int(v) * 2.0**-53))))
    # fma(a, b, c) correctly rounded (exact rational arithmetic), for the TS fma that log1p relies on;
    # c is often close to -a*b, where a separately rounded product would lose everything.
    fr = np.random.default_rng(7)
    fma_cases = []
    for j in range(300):
        a = float(fr.uniform(-2, 2) * 2.0 ** int(fr.integers(-30, 30)))
        b = float(fr.uniform(-2, 2) * 2.0 ** int(fr.integers(-30, 30)))
        if j % 3 == 0:
            c = float(fr.uniform(-2, 2) * 2.0 ** int(fr.integers(-60, 60)))
        else:
            c = -(a * b) * (1 + float(fr.integers(-4, 5)) * 2.0**-52)
        exact = float(Fraction(a) * Fraction(b) + Fraction(c))
        fma_cases.append([f64hex(a), f64hex(b), f64hex(c), f64hex(exact)])
    write_json('log1p.json', {
        'fma': fma_cases,
        'libm': os.confstr('CS_GNU_LIBC_VERSION') if hasattr(os, 'confstr') else 'unknown',
        'cases': cases,
        # log1p(-u) for u = the next 200000 uint64 draws of default_rng(2024).integers(0, 2**53) * 2**-53
        'sha256_200000': h.hexdigest(),
    })


# ----------------------------------------------------------------------------------------------
# Measuring the ziggurat tables through numpy's behaviour

def rotl64(v, r):
    r &= 63
    return ((v << r) | (v >> (64 - r))) & M64 if r else v


def state_emitting(y, hi):
    """A PCG64 state whose XSL-RR output is y, with chosen high half (its top 6 bits are the rotation)."""
    rot = hi >> 58
    lo = rotl64(y, rot) ^ hi
    return (hi << 64) | lo


class Prober:
    """Drives numpy's own Generator with chosen 64-bit words by setting PCG64's state and increment."""

    def __init__(self):
        self.bg = np.random.PCG64(0)
        self.gen = np.random.Generator(self.bg)

    def arm(self, y0, y1):
        """Make the next two outputs y0 then y1; returns the two post-step states."""
        s0 = state_emitting(y0, 0x1234_5678_9abc_def0)
        s1 = state_emitting(y1, 0x0fed_cba9_8765_4321)
        inc = (s1 - s0 * PCG_MULT) & M128
        if not inc & 1:  # the increment must be odd: flip the lowest bit of s1's low half via its high half
            s1 = state_emitting(y1, 0x0fed_cba9_8765_4320)
            inc = (s1 - s0 * PCG_MULT) & M128
        assert inc & 1
        prev = ((s0 - inc) * PCG_MULT_INV) & M128
        self.bg.state = {'bit_generator': 'PCG64', 'state': {'state': prev, 'inc': inc},
                         'has_uint32': 0, 'uinteger': 0}
        return s0, s1

    def normal(self, y0, y1):
        """standard_normal() fed y0, y1, ...; returns (value, words consumed: 1, 2 or 3 meaning more)."""
        s0, s1 = self.arm(y0, y1)
        v = float(self.gen.standard_normal())
        s = self.bg.state['state']['state']
        return v, (1 if s == s0 else 2 if s == s1 else 3)


def word(idx, rabs, sign=0):
    """The 64-bit word from which random_standard_normal takes layer idx, sign and 52-bit mantissa."""
    return (rabs << 9) | (sign << 8) | idx


def recomputed_tables():
    """The textbook double-precision evaluation (cross-check only; see the module docstring)."""
    r = float(Fraction('3.6541528853610087963519472518'))
    v = 0.0049286732339746519
    pdf = lambda x: math.exp(-0.5 * x * x)
    x = [0.0] * 256
    x[255] = r
    for i in range(254, 0, -1):
        x[i] = math.sqrt(-2.0 * math.log(pdf(x[i + 1]) + v / x[i + 1]))
    wi = [xi / 2.0**52 for xi in x]
    wi[0] = v / pdf(r) / 2.0**52
    ki = [0] * 256
    ki[0] = int(round(r * pdf(r) / v * 2.0**52))
    for i in range(2, 256):
        ki[i] = int(round(x[i - 1] / x[i] * 2.0**52))
    fi = [pdf(xi) for xi in x]
    return ki, wi, fi


def measure_tables():
    p = Prober()
    ki_c, wi_c, fi_c = recomputed_tables()

    wi = []
    for i in range(256):
        v, _ = p.normal(word(i, 1), 0)
        wi.append(v)
    ki = []
    for i in range(256):
        lo, hi = 0, 1 << 52  # invariant: rabs < lo accepted at once, rabs >= hi not
        while lo < hi:
            mid = (lo + hi) // 2
            if p.normal(word(i, mid), 0)[1] == 1:
                lo = mid + 1
            else:
                hi = mid
        ki.append(lo)

    # fi[0] only enters as fi[idx - 1] for idx = 1; the curve's value at 0 is exactly 1.
    fi = [1.0]
    by_bracket = by_u = 0
    for i in range(1, 256):
        a = fi[i - 1]
        x_edge = wi[i] * 2.0**52
        guess = math.exp(-0.5 * x_edge * x_edge)
        # Achievable x just inside the edge (mantissas at and above ki[i] reach the rejection test).
        points = []  # (e, rabs): one mantissa per distinct value of exp(-x^2/2)
        seen = set()
        rabs = (1 << 52) - 1
        while rabs >= ki[i] and len(points) < 8 and rabs > (1 << 52) - 4000:
            x = rabs * wi[i]
            e = math.exp(-0.5 * x * x)
            if e not in seen:
                seen.add(e)
                points.append((e, rabs))
            rabs -= 1
        # Step 1, U = 0: the test reads fi[i] < e, which brackets fi[i] between achievable e values.
        lo, hi = -math.inf, math.inf
        for e, rb in points:
            v, used = p.normal(word(i, rb), 0)
            if used == 2 and v == rb * wi[i]:
                hi = min(hi, e)
            else:
                lo = max(lo, e)
        if not lo < hi:
            raise SystemExit(f'fi[{i}]: inconsistent probes (exp here differs from the one numpy calls?)')
        cands = [guess]
        for _ in range(4):
            cands.insert(0, math.nextafter(cands[0], -math.inf))
            cands.append(math.nextafter(cands[-1], math.inf))
        cands = [c for c in cands if lo <= c < hi]
        if pinned := (lo > -math.inf and math.nextafter(lo, math.inf) == hi):
            by_bracket += 1
        # Step 2, U > 0: (a - b) * U + b < e tells adjacent candidates b apart once U is tuned so the
        # left side lands on e for one of them. Predictions use the same double operations as the C code.
        guard = 0
        while len(cands) > 1 and guard < 16:
            guard += 1
            b_lo, b_hi = cands[0], cands[1]
            above = [pt for pt in points if pt[0] > b_hi]
            if not above:
                break
            e, rb = min(above)
            x = rb * wi[i]
            probe = None
            m0 = int((e - b_hi) / (a - b_hi) * 2.0**53)
            for m in range(max(0, m0 - 64), min(1 << 53, m0 + 64)):
                u = m * 2.0**-53
                if (a - b_lo) * u + b_lo < e <= (a - b_hi) * u + b_hi:
                    probe = m
                    break
            if probe is None:
                break
            v, used = p.normal(word(i, rb), probe << 11)
            accepted = used == 2 and v == x
            u = probe * 2.0**-53
            cands = [c for c in cands if (((a - c) * u + c) < e) == accepted]
            by_u += 1
        if not cands:
            raise SystemExit(f'fi[{i}]: no candidate near {guess!r} matches numpy')
        if len(cands) > 1 and not pinned:
            print(f'fi[{i}]: {len(cands)} candidates stay indistinguishable; keeping the nearest to exp()')
        fi.append(min(cands, key=lambda c: abs(c - guess)))

    # r is the tail's start: with U1 = 0 the tail returns r + 0 exactly (U2 is whatever follows).
    v, _ = p.normal(word(0, (1 << 52) - 1), 0)
    r = float(Fraction('3.6541528853610087963519472518'))
    inv_r = float(1 / Fraction('3.6541528853610087963519472518'))
    assert abs(v) == r == wi[255] * 2.0**52, (v, r)

    for name, meas, calc in (('ki', ki, ki_c), ('wi', wi, wi_c), ('fi', fi, fi_c)):
        worst = max(abs(a - b) / max(abs(a), 1e-300) for a, b in zip(meas, calc) if a or b)
        if worst > 1e-12:
            raise SystemExit(f'{name}: measured table is far from the recomputed one ({worst})')
        diff = sum(1 for a, b in zip(meas, calc) if a != b)
        print(f'{name}: {diff} of 256 entries differ (in the last bits) from a fresh evaluation')
    print(f'fi: {by_bracket} entries pinned by U = 0 brackets, {by_u} probes with U > 0')
    return ki, wi, fi, r, inv_r


def write_tables():
    ki, wi, fi, r, inv_r = measure_tables()

    def block(values, fmt):
        items = [fmt(v) for v in values]
        return '\n'.join('  ' + ', '.join(items[j:j + 4]) + ',' for j in range(0, len(items), 4))

    text = f"""// Generated by test/tools/gen_random_fixtures.py from numpy {np.__version__}; do not edit by hand.
// numpy's 256-layer ziggurat for the standard normal (random_standard_normal in distributions.c),
// measured through numpy's own behaviour, not recomputed: see the script's docstring for why.
// Floats are shortest round-trip literals, which every conforming JS engine parses to the same double.

/** Tail cut-off r: the right edge of the top-most rectangle, where the exponential tail begins. */
export const ZIGGURAT_NOR_R = {r!r};

/** 1 / r: numpy stores it as a separate constant; it is the double nearest 1 / r (and equals 1 / ZIGGURAT_NOR_R). */
export const ZIGGURAT_NOR_INV_R = {inv_r!r};

/** ki[i]: a 52-bit mantissa below ki[i] lies inside layer i's core and is accepted at once. */
export const KI_DOUBLE: readonly number[] = [
{block(ki, str)}
];

/** wi[i]: layer i's width divided by 2^52, so mantissa * wi[i] is the candidate x. */
export const WI_DOUBLE: readonly number[] = [
{block(wi, repr)}
];

/** fi[i]: the density exp(-x_i^2 / 2) at layer i's edge, for the rejection test. */
export const FI_DOUBLE: readonly number[] = [
{block(fi, repr)}
];
"""
    with open(TABLES_TS, 'w') as fh:
        fh.write(text)
    print('wrote', os.path.relpath(TABLES_TS, ROOT))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--fixtures', action='store_true', help='only the JSON fixtures')
    ap.add_argument('--tables', action='store_true', help='only the ziggurat tables')
    a = ap.parse_args()
    both = not a.fixtures and not a.tables
    if both or a.tables:
        write_tables()
    if both or a.fixtures:
        seed_sequence_fixture()
        pcg64_fixture()
        generator_fixture()
        log1p_fixture()


if __name__ == '__main__':
    sys.exit(main())
