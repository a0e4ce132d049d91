/**
 * log(1 + x) rounded exactly as glibc's x86-64 `log1p` rounds it, for the ziggurat's tail branch.
 *
 * Why not Math.log1p: numpy's tail sample is r - log1p(-U) / r, computed by the C library's log1p,
 * and V8's Math.log1p (a straight port of Sun's fdlibm) differs from glibc's in the last bit for about
 * 1 input in 1400 on (-1, 0]; about 1 tail value in 30000 then differs too. glibc keeps fdlibm's
 * method -- reduce 1 + x to 2^k (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)), write
 * log(1 + f) = 2s + s R(s^2) with s = f / (2 + f) and a degree-7 minimax R -- but (a) evaluates R in
 * pairs (Estrin-like) rather than by Horner's rule, and (b) on CPUs with FMA (x86-64 since ~2013)
 * dispatches to a build of the same source compiled with fused multiply-add, where the compiler fuses
 * several a*b + c into one rounding. Both change last bits. This is our implementation of that
 * evaluation order, with the fused steps done by an exact `fma` (below).
 *
 * numpy itself is not reproducible here across machines: on a CPU without FMA, on a glibc without the
 * FMA dispatch, or on another libm (macOS, Windows), a similarly rare tail value differs from what
 * this reproduces. The unit tests check it against glibc results recorded by
 * test/tools/gen_random_fixtures.py.
 */

const WORD = new Float64Array(1);
const WORD_U32 = new Uint32Array(WORD.buffer);
/** Index of the high (sign/exponent) 32-bit half of a float64 in WORD_U32, for either byte order. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function fromBits(hi: number, lo: number): number {
  WORD_U32[HI] = hi;
  WORD_U32[LO] = lo;
  return WORD[0];
}

function highWord(x: number): number {
  WORD[0] = x;
  return WORD_U32[HI] | 0;
}

function withHighWord(x: number, hi: number): number {
  WORD[0] = x;
  WORD_U32[HI] = hi;
  return WORD[0];
}

const SPLITTER = 134217729; // 2^27 + 1: Veltkamp's constant, splits a double into two 26-bit halves

/**
 * a * b + c with a single rounding (IEEE fusedMultiplyAdd), which JS lacks. Boldo & Melquiond's
 * emulation ("Emulation of FMA and correctly rounded sums: proved algorithms using rounding to odd",
 * IEEE Trans. Computers 2008): the product exactly as ph + pl (Dekker), c + ph exactly as sh + sl
 * (Knuth's TwoSum), then sh + RO(sl + pl), where RO rounds to odd so that the final rounding to
 * nearest cannot be a double rounding. Exact whenever no intermediate overflows or underflows, which
 * holds for the moderate values log1p feeds it.
 */
export function fma(a: number, b: number, c: number): number {
  if (a === 0 || b === 0 || c === 0 || !Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  const ph = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - ph + ah * bl + al * bh + al * bl;
  const sh = c + ph;
  let v = sh - c;
  const sl = c - (sh - v) + (ph - v);
  const w = sl + pl;
  v = w - sl;
  const err = sl - (w - v) + (pl - v);
  if (err === 0) return sh + w;
  // w = RN(sl + pl) was inexact. Round to odd instead: keep w if its last bit is odd, else take the
  // neighbour on the exact sum's side (which then is odd).
  WORD[0] = w;
  if ((WORD_U32[LO] & 1) === 0) {
    if (err > 0 === w > 0) {
      WORD_U32[LO] += 1; // away from zero; the last bit was 0, so no carry
    } else if (WORD_U32[LO] === 0) {
      WORD_U32[LO] = 0xffffffff; // toward zero, borrowing from the high word
      WORD_U32[HI] -= 1;
    } else {
      WORD_U32[LO] -= 1;
    }
  }
  return sh + WORD[0];
}

// The standard fdlibm constants, written as exact bit patterns.
/** ln 2 split so that k * LN2_HI is exact for the k that occur (its low 32 bits are zero). */
const LN2_HI = fromBits(0x3fe62e42, 0xfee00000);
const LN2_LO = fromBits(0x3dea39ef, 0x35793c76);
// Minimax coefficients of R(z) ~ (log((1+s)/(1-s)) - 2s) / s, z = s^2.
const LP1 = fromBits(0x3fe55555, 0x55555593);
const LP2 = fromBits(0x3fd99999, 0x9997fa04);
const LP3 = fromBits(0x3fd24924, 0x94229359);
const LP4 = fromBits(0x3fcc71c5, 0x1d8e78af);
const LP5 = fromBits(0x3fc74664, 0x96cb03de);
const LP6 = fromBits(0x3fc39a09, 0xd078c69f);
const LP7 = fromBits(0x3fc2f112, 0xdf3e5244);

/**
 * log(1 + x), bit-compatible with glibc's log1p (x86-64, generic double implementation). Handles the
 * whole domain, though numpy only ever calls it with x = -U, U in [0, 1).
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422 (negative x included: hx is negative as a signed int)
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x <= -1
    if (ax < 0x3e200000) {
      // |x| < 2^-29: log(1+x) = x - x^2/2 to working precision (and just x below 2^-54)
      return ax < 0x3c900000 ? x : x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // sqrt(2)/2 <= 1 + x < sqrt(2): no reduction needed, f = x exactly
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x; // +Inf or NaN
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      // 1 + x rounds; c is the rounding error of u = 1 + x, relative to u
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1);
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000); // u in [1, sqrt(2))
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000); // u / 2 in [sqrt(2)/2, 1)
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20: a short series suffices
    if (f === 0) {
      if (k === 0) return 0;
      return k * LN2_HI + fma(k, LN2_LO, c);
    }
    const r = fma(-f, 0.6666666666666666, 1) * hfsq;
    return k === 0 ? f - r : k * LN2_HI - ((r - fma(k, LN2_LO, c)) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  // R(z) = z*LP1 + z^2*(LP2 + z*LP3) + z^4*(LP4 + z*LP5) + z^6*(LP6 + z*LP7), summed left to right,
  // with every multiply-add that the compiler fuses done as one fma.
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const r2 = fma(z, LP3, LP2);
  const r3 = fma(z, LP5, LP4);
  const r4 = fma(z, LP7, LP6);
  const r = fma(z6, r4, fma(z4, r3, fma(z, LP1, z2 * r2)));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  // k * LN2_HI is exact, so fusing the final multiply-subtract changes nothing there.
  return k * LN2_HI - ((hfsq - (s * (hfsq + r) + fma(k, LN2_LO, c))) - f);
}
