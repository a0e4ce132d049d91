// Bit-exactness of src/core/entropy/numpyRandom.ts against numpy, layer by layer: SeedSequence words,
// raw PCG64 outputs, then Generator methods. Fixtures come from test/tools/gen_random_fixtures.py
// (numpy 2.4 on Linux x86-64 glibc). Floats are compared as IEEE-754 bit patterns, never approximately.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRng, Generator, PCG64, SeedSequence, type SeedEntropy } from '../../src/core/entropy/numpyRandom';
import { fma, log1p } from '../../src/core/entropy/random/log1p';
import { PCG64_MULTIPLIER } from '../../src/core/entropy/random/pcg64';
import { FI_DOUBLE, KI_DOUBLE, WI_DOUBLE, ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from '../../src/core/entropy/random/zigguratTables';

const DIR = join(__dirname, '..', 'fixtures', 'random');
const load = (name: string): any => JSON.parse(readFileSync(join(DIR, name), 'utf8'));

/** JSON seeds are decimal strings (they exceed 2^53); small ones go in as numbers, as callers would. */
function seedOf(s: string | string[]): SeedEntropy {
  const one = (v: string) => (BigInt(v) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : BigInt(v));
  return Array.isArray(s) ? s.map(one) : one(s);
}

/** The float64's bit pattern as 16 hex digits (the fixtures' format). */
function hex(x: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return dv.getBigUint64(0).toString(16).padStart(16, '0');
}

function fromHex(h: string): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, BigInt('0x' + h));
  return dv.getFloat64(0);
}

function sha256(a: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
}

/** Little-endian bytes of float64s (explicitly, in case the host is big-endian). */
function sha256F64(a: Float64Array): string {
  const dv = new DataView(new ArrayBuffer(a.length * 8));
  a.forEach((v, i) => dv.setFloat64(i * 8, v, true));
  return sha256(dv);
}

function sha256I32(a: Int32Array): string {
  const dv = new DataView(new ArrayBuffer(a.length * 4));
  a.forEach((v, i) => dv.setInt32(i * 4, v, true));
  return sha256(dv);
}

function sha256U64(a: BigUint64Array): string {
  const dv = new DataView(new ArrayBuffer(a.length * 8));
  a.forEach((v, i) => dv.setBigUint64(i * 8, v, true));
  return sha256(dv);
}

const SS = load('seed_sequence.json');
const PCG = load('pcg64.json');
const GEN = load('generator.json');
const LOG = load('log1p.json');

test('SeedSequence: pool and generate_state words match numpy', () => {
  for (const c of SS.cases) {
    const options = c.spawnKey ? { spawnKey: (c.spawnKey as string[]).map((k) => BigInt(k)) } : {};
    const ss = new SeedSequence(seedOf(c.entropy), options);
    const label = JSON.stringify(c.entropy) + (c.spawnKey ? ` spawn ${c.spawnKey}` : '');
    assert.deepEqual(Array.from(ss.pool), c.pool, `pool for ${label}`);
    assert.deepEqual(Array.from(ss.generateState(8)), c.state32, `uint32 state for ${label}`);
    assert.deepEqual(Array.from(ss.generateState(4, 'uint64'), String), c.state64, `uint64 state for ${label}`);
  }
});

test('SeedSequence: bigint and number seeds agree, invalid seeds are refused', () => {
  assert.deepEqual(new SeedSequence(12345).pool, new SeedSequence(12345n).pool);
  assert.deepEqual(new SeedSequence([3, 1]).pool, new SeedSequence([3n, 1n]).pool);
  assert.throws(() => new SeedSequence(-1), RangeError);
  assert.throws(() => new SeedSequence(-1n), RangeError);
  assert.throws(() => new SeedSequence(1.5), TypeError);
  assert.throws(() => new SeedSequence(2 ** 64), /bigint/); // 2 ** 64 - 1 in JS is already 2 ** 64
  assert.throws(() => new SeedSequence(1, { poolSize: 3 }), RangeError);
});

test('PCG64: limb arithmetic equals 128-bit bigint arithmetic', () => {
  // Independent of numpy: step = state * mult + inc mod 2^128, then XSL-RR of the new state.
  const M128 = (1n << 128n) - 1n;
  const M64 = (1n << 64n) - 1n;
  const starts: Array<[bigint, bigint]> = [
    [0n, 1n],
    [M128, M128],
    [0x0123456789abcdef_fedcba9876543210n, 0xdeadbeef_00000001_ffffffff_12345679n],
    [1n << 127n, (1n << 64n) + 1n],
  ];
  for (const [s0, inc] of starts) {
    const g = PCG64.fromState({ state: s0, inc, hasUint32: false, uinteger: 0 });
    let s = s0;
    for (let k = 0; k < 2000; k++) {
      s = (s * PCG64_MULTIPLIER + inc) & M128;
      const x = ((s >> 64n) ^ s) & M64;
      const rot = s >> 122n;
      const want = ((x >> rot) | (x << ((64n - rot) & 63n))) & M64;
      assert.equal(g.nextUint64(), want);
    }
    assert.equal(g.getState().state, s);
  }
});

test('PCG64: seeded state and raw outputs match numpy', () => {
  for (const c of PCG.cases) {
    const g = new PCG64(seedOf(c.seed));
    const st = g.getState();
    assert.equal(st.state.toString(), c.state, `state for seed ${c.seed}`);
    assert.equal(st.inc.toString(), c.inc, `inc for seed ${c.seed}`);
    assert.deepEqual(Array.from(g.randomRaw(64), (v) => v.toString(16).padStart(16, '0')), c.raw, `raw for seed ${c.seed}`);
    assert.equal(sha256U64(g.randomRaw(100000)), c.sha256Next100000, `next 100000 raw for seed ${c.seed}`);
  }
});

test('PCG64: next_uint32 hands out the low half, then the buffered high half', () => {
  const a = new PCG64(7);
  const b = new PCG64(7);
  const w = b.nextUint64();
  assert.equal(a.nextUint32(), Number(w & 0xffffffffn));
  assert.equal(a.nextUint32(), Number(w >> 32n));
  assert.equal(a.getState().hasUint32, false);
});

test('ziggurat tables: shapes and the edges that tie them together', () => {
  assert.equal(KI_DOUBLE.length, 256);
  assert.equal(WI_DOUBLE.length, 256);
  assert.equal(FI_DOUBLE.length, 256);
  assert.equal(KI_DOUBLE[1], 0); // the top layer has no core
  assert.equal(FI_DOUBLE[0], 1);
  assert.equal(WI_DOUBLE[255] * 2 ** 52, ZIGGURAT_NOR_R); // the bottom layer's edge is r
  assert.equal(ZIGGURAT_NOR_INV_R, 1 / ZIGGURAT_NOR_R);
  for (const k of KI_DOUBLE) assert.ok(Number.isSafeInteger(k) && k < 2 ** 52);
});

test('standard_normal: first values, long-draw hashes and tail values match numpy', () => {
  for (const c of GEN.cases) {
    const rng = defaultRng(seedOf(c.seed));
    const big = rng.standardNormal(1000 * 768);
    const first = Array.from(big.subarray(0, c.normal.first.length), hex);
    assert.deepEqual(first, c.normal.first, `first normals for seed ${c.seed}`);
    for (const [i, h] of c.normal.tail) assert.equal(hex(big[i]), h, `tail value at ${i} for seed ${c.seed}`);
    let tails = 0;
    for (const v of big) if (Math.abs(v) >= ZIGGURAT_NOR_R) tails++;
    assert.equal(tails, c.normal.tailCount, `tail count for seed ${c.seed}`);
    assert.equal(sha256F64(big.subarray(0, 6400)), c.normal.sha256_100x64, `(100, 64) for seed ${c.seed}`);
    assert.equal(sha256F64(big), c.normal.sha256_1000x768, `(1000, 768) for seed ${c.seed}`);
    // a second call continues the same stream
    assert.deepEqual(Array.from(rng.standardNormal(10), hex), c.normal.next10, `next 10 for seed ${c.seed}`);
  }
});

test('standard_normal: chunked fills equal one long draw', () => {
  const whole = defaultRng(42).standardNormal(5000);
  const rng = defaultRng(42);
  const parts = new Float64Array(5000);
  for (let at = 0; at < 5000; at += 777) parts.set(rng.fillStandardNormal(new Float64Array(Math.min(777, 5000 - at))), at);
  assert.deepEqual(Array.from(parts, hex), Array.from(whole, hex));
});

test('random: first values and a 100000-draw hash match numpy', () => {
  for (const c of GEN.cases) {
    const u = defaultRng(seedOf(c.seed)).random(100000);
    assert.deepEqual(Array.from(u.subarray(0, c.random.first.length), hex), c.random.first, `first for seed ${c.seed}`);
    assert.equal(sha256F64(u), c.random.sha256_100000, `hash for seed ${c.seed}`);
  }
});

test('permutation: sizes 0, 1, 2, 10, 1000, 100000 drawn in sequence match numpy', () => {
  for (const c of GEN.cases) {
    const rng = defaultRng(seedOf(c.seed));
    for (const p of c.permutation) {
      const got = rng.permutation(p.n);
      assert.equal(got.length, p.n);
      assert.deepEqual(Array.from(got.subarray(0, 16)), p.first, `permutation(${p.n}) for seed ${c.seed}`);
      if (p.sha256_int32) assert.equal(sha256I32(got), p.sha256_int32, `permutation(${p.n}) hash for seed ${c.seed}`);
    }
  }
});

/** Replays one fixture call script (integers over many ranges, interleaved with other draws). */
function replay(rng: Generator, ops: Array<Record<string, unknown>>, seed: string): void {
  ops.forEach((op, n) => {
    const where = `op ${n} (${op.op} ${op.low ?? ''} ${op.high ?? ''}) for seed ${seed}`;
    const expect = op.expect as Array<string | number>;
    switch (op.op) {
      case 'integers': {
        const lo = BigInt(op.low as string);
        const hi = BigInt(op.high as string);
        const safe = (v: bigint) => v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER);
        for (const e of expect) {
          // the number API where the bounds allow it, the bigint API otherwise
          const got = safe(lo) && safe(hi) ? String(rng.integers(Number(lo), Number(hi))) : String(rng.integersBigInt(lo, hi));
          assert.equal(got, e, where);
        }
        break;
      }
      case 'random':
        assert.deepEqual(Array.from(rng.random(op.count as number), hex), expect, where);
        break;
      case 'standardNormal':
        assert.deepEqual(Array.from(rng.standardNormal(op.count as number), hex), expect, where);
        break;
      case 'permutation':
        assert.deepEqual(Array.from(rng.permutation(op.n as number)), expect, where);
        break;
      default:
        assert.fail(`unknown op ${String(op.op)}`);
    }
  });
}

test('integers: every range and the interleaved call script match numpy', () => {
  for (const c of GEN.cases) replay(defaultRng(seedOf(c.seed)), c.ops, c.seed);
});

test('integers: number and bigint APIs draw the same values; bad bounds are refused', () => {
  const a = defaultRng(5);
  const b = defaultRng(5);
  const MAX = Number.MAX_SAFE_INTEGER;
  for (const [lo, hi] of [[0, 10], [-3, 2 ** 40], [7, 8], [0, 2 ** 32], [-MAX, MAX]]) {
    assert.equal(BigInt(a.integers(lo, hi)), b.integersBigInt(BigInt(lo), BigInt(hi)));
  }
  assert.equal(defaultRng(1).integers(10), defaultRng(1).integers(0, 10)); // integers(high) means [0, high)
  assert.throws(() => a.integers(5, 5), /low >= high/);
  assert.throws(() => a.integers(0, 2 ** 60), RangeError);
  assert.throws(() => a.integersBigInt(0n, (1n << 63n) + 1n), /high is out of bounds/);
  assert.throws(() => a.integersBigInt(-(1n << 63n) - 1n, 0n), /low is out of bounds/);
  assert.throws(() => a.permutation(-1), RangeError);
});

test('shuffle works on plain arrays like permutation does on arange', () => {
  const arr = Array.from({ length: 50 }, (_, i) => `item${i}`);
  defaultRng(3).shuffle(arr);
  const perm = defaultRng(3).permutation(50);
  assert.deepEqual(arr, Array.from(perm, (i) => `item${i}`));
});

test('log1p reproduces glibc bit for bit on (-1, 0]', () => {
  for (const [x, want] of LOG.cases) assert.equal(hex(log1p(fromHex(x))), want, `log1p(${fromHex(x)})`);
  // the long check, on inputs drawn the way the fixture script drew them
  // the fixture drew integers(0, 2**53, size=1500) then size=200000 from default_rng(2024)
  const inputs = defaultRng(2024);
  for (let k = 0; k < 1500; k++) inputs.integersBigInt(0n, 1n << 53n);
  const out = new Float64Array(200000);
  for (let k = 0; k < out.length; k++) out[k] = log1p(-(Number(inputs.integersBigInt(0n, 1n << 53n)) * 2 ** -53));
  assert.equal(sha256F64(out), LOG.sha256_200000);
});

/** Reference fma in exact integer arithmetic: x = m 2^e for each operand, one final rounding. */
function fmaExact(a: number, b: number, c: number): number {
  const parts = (x: number): [bigint, number] => {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, x);
    const bits = dv.getBigUint64(0);
    const biased = Number((bits >> 52n) & 0x7ffn);
    let m = bits & ((1n << 52n) - 1n);
    if (biased) m |= 1n << 52n;
    return [bits >> 63n ? -m : m, biased ? biased - 1075 : -1074];
  };
  const [ma, ea] = parts(a);
  const [mb, eb] = parts(b);
  const [mc, ec] = parts(c);
  const e0 = Math.min(ea + eb, ec);
  const total = ((ma * mb) << BigInt(ea + eb - e0)) + (mc << BigInt(ec - e0));
  if (total === 0n) return 0;
  let mag = total < 0n ? -total : total;
  let e = e0;
  const bits = mag.toString(2).length;
  if (bits > 60) {
    // keep 60 bits, OR-ing the dropped ones into the last (round to odd): rounding to 53 is unchanged
    const shift = BigInt(bits - 60);
    mag = (mag >> shift) | ((mag & ((1n << shift) - 1n)) !== 0n ? 1n : 0n);
    e += bits - 60;
  }
  const r = Number(mag) * 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2));
  return total < 0n ? -r : r;
}

test('fma is correctly rounded', () => {
  for (const [a, b, c, want] of LOG.fma) {
    assert.equal(hex(fma(fromHex(a), fromHex(b), fromHex(c))), want, `fma(${fromHex(a)}, ${fromHex(b)}, ${fromHex(c)})`);
  }
  // and on many more cases, against exact integer arithmetic: random scales, and c near -a*b where
  // everything hinges on the product's rounding error
  const u = defaultRng(11).random(4 * 30000);
  for (let k = 0; k < 30000; k++) {
    const a = (u[4 * k] - 0.5) * 2 ** Math.floor(u[4 * k + 3] * 40 - 20);
    const b = (u[4 * k + 1] - 0.5) * 2 ** Math.floor(u[4 * k + 2] * 40 - 20);
    const c = k % 2 ? -(a * b) * (1 + (Math.floor(u[4 * k + 2] * 9) - 4) * 2 ** -52) : (u[4 * k + 2] - 0.5) * 2 ** Math.floor(u[4 * k] * 80 - 40);
    assert.equal(hex(fma(a, b, c)), hex(fmaExact(a, b, c)), `fma(${a}, ${b}, ${c})`);
  }
});
