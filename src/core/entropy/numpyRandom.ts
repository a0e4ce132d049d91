/**
 * numpy's `numpy.random.default_rng(seed)` in TypeScript, bit for bit: the same SeedSequence, the same
 * PCG64 stream and the same Generator algorithms, so a seed gives the numbers the Python reference
 * implementation gets (the analysis's anchors, shuffles and sample data depend on that).
 *
 * Layers, each checked separately by test/unit/numpyRandom.test.ts:
 *   random/seedSequence.ts  seed -> entropy pool -> state words
 *   random/pcg64.ts         the 128-bit LCG and its XSL-RR output, without BigInt in the hot path
 *   this file               Generator methods: standard_normal (ziggurat), random, integers, permutation
 *
 * Platform-neutral: no Node or DOM APIs.
 */
import { log1p } from './random/log1p';
import { PCG64 } from './random/pcg64';
import { SeedSequence, type SeedEntropy } from './random/seedSequence';
import { FI_DOUBLE, KI_DOUBLE, WI_DOUBLE, ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from './random/zigguratTables';

export { PCG64, type PCG64State } from './random/pcg64';
export { SeedSequence, type SeedEntropy, type SeedInteger, type SeedSequenceOptions } from './random/seedSequence';

const KI = Float64Array.from(KI_DOUBLE);
const WI = Float64Array.from(WI_DOUBLE);
const FI = Float64Array.from(FI_DOUBLE);
const R = ZIGGURAT_NOR_R;
const INV_R = ZIGGURAT_NOR_INV_R;
const TWO_POW_32 = 4294967296;
const TWO_POW_64 = 1n << 64n;
const MASK64 = TWO_POW_64 - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Anything shuffle can permute in place: plain arrays and typed arrays. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/** High 32 bits of the 64-bit product of two uint32 values, exactly (split so no partial product passes 2^53). */
function mulHi32(x: number, y: number): number {
  const lo = (x & 0xffff) * y; // < 2^48
  const hi = (x >>> 16) * y; // < 2^48
  return Math.floor((hi + Math.floor(lo / 65536)) / 65536);
}

/**
 * numpy's `Generator` over a PCG64. Methods draw from the same stream in the same order as numpy's
 * methods of the same name, so interleaved calls stay in step with Python too.
 */
export class Generator {
  /** The underlying bit generator (numpy's `Generator.bit_generator`). */
  readonly bitGenerator: PCG64;

  constructor(bitGenerator: PCG64) {
    this.bitGenerator = bitGenerator;
  }

  /** `rng.standard_normal(count)`: numpy's 256-layer ziggurat, one call per value, in order. */
  standardNormal(count: number): Float64Array {
    return this.fillStandardNormal(new Float64Array(checkCount(count)));
  }

  /** Like `standardNormal(out.length)`, writing into `out` (no allocation; returns `out`). */
  fillStandardNormal(out: Float64Array): Float64Array {
    const bg = this.bitGenerator;
    for (let k = 0; k < out.length; k++) {
      // Fast path inline: ~99% of draws end after one 64-bit word.
      bg.next64();
      const lo = bg.lo;
      const idx = lo & 0xff;
      // bits 9..60 form the 52-bit mantissa: 23 from the low word, 29 from the high one
      const rabs = (bg.hi & 0x1fffffff) * 8388608 + (lo >>> 9);
      const x = rabs * WI[idx];
      if (rabs < KI[idx]) {
        out[k] = lo & 0x100 ? -x : x;
      } else {
        out[k] = this.normalSlow(idx, rabs, lo & 0x100 ? -x : x);
      }
    }
    return out;
  }

  /**
   * The rest of numpy's `random_standard_normal` after the first word missed the layer's core: the
   * exponential tail for layer 0, the wedge rejection test otherwise, and on rejection the whole
   * loop again from a new word.
   *
   * The wedge test calls Math.exp where numpy calls the C library's exp; the two can differ in the
   * last bit, but that only matters if the uniform lands exactly between them (odds ~1e-14 per wedge
   * test, which ~1% of draws reach). log1p must match exactly, since its value is returned: see
   * random/log1p.ts.
   */
  private normalSlow(idx: number, rabs: number, x: number): number {
    const bg = this.bitGenerator;
    for (;;) {
      if (idx === 0) {
        for (;;) {
          // numpy uses 1 - U here so log never sees 0 (gh-13361)
          const xx = -INV_R * log1p(-bg.nextDouble());
          const yy = -log1p(-bg.nextDouble());
          // the tail's sign is bit 8 of the mantissa ((rabs >> 8) & 1 in C; & truncates rabs / 256)
          if (yy + yy > xx * xx) return (rabs / 256) & 1 ? -(R + xx) : R + xx;
        }
      }
      if ((FI[idx - 1] - FI[idx]) * bg.nextDouble() + FI[idx] < Math.exp(-0.5 * x * x)) return x;
      bg.next64();
      const lo = bg.lo;
      idx = lo & 0xff;
      rabs = (bg.hi & 0x1fffffff) * 8388608 + (lo >>> 9);
      x = rabs * WI[idx];
      if (lo & 0x100) x = -x;
      if (rabs < KI[idx]) return x;
    }
  }

  /** `rng.random(count)`: doubles in [0, 1) from the top 53 bits of each 64-bit word. */
  random(count: number): Float64Array {
    const out = new Float64Array(checkCount(count));
    const bg = this.bitGenerator;
    for (let k = 0; k < out.length; k++) out[k] = bg.nextDouble();
    return out;
  }

  /**
   * One `rng.integers(low, high)` draw (int64, high exclusive; `integers(high)` means [0, high)).
   * Bounds must be safe integers; use `integersBigInt` for the full int64 range.
   *
   * numpy draws from [0, high - 1 - low] by Lemire's multiply-and-reject method: with 32-bit words
   * from the bit generator's buffered `next_uint32` when that range fits in 32 bits, with 64-bit words
   * otherwise. Note the buffer: one 64-bit word serves two 32-bit draws, and the spare half waits in
   * the bit generator across other calls, exactly as in numpy.
   */
  integers(low: number, high?: number): number {
    if (high === undefined) {
      high = low;
      low = 0;
    }
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
      throw new RangeError(`integers() needs safe integers (use integersBigInt), got ${low}, ${high}`);
    }
    if (low >= high) throw new RangeError('low >= high');
    const rng = high - 1 - low; // exact whenever it is below 2^53, which covers the 32-bit branch
    if (rng <= 0xffffffff) return low + this.boundedUint32(rng);
    const lo = BigInt(low);
    return Number(lo + this.boundedUint64(BigInt(high) - 1n - lo));
  }

  /** `rng.integers(low, high)` for bigint bounds, anywhere in int64 (high may be 2^63, as numpy allows). */
  integersBigInt(low: bigint, high?: bigint): bigint {
    if (high === undefined) {
      high = low;
      low = 0n;
    }
    if (low < INT64_MIN) throw new RangeError('low is out of bounds for int64');
    if (high - 1n > INT64_MAX) throw new RangeError('high is out of bounds for int64');
    if (low >= high) throw new RangeError('low >= high');
    const rng = high - 1n - low;
    if (rng <= 0xffffffffn) return low + BigInt(this.boundedUint32(Number(rng)));
    return low + this.boundedUint64(rng);
  }

  /** numpy's 32-bit branch of `random_bounded_uint64_fill` (Lemire, unmasked): a value in [0, rng]. */
  private boundedUint32(rng: number): number {
    const bg = this.bitGenerator;
    if (rng === 0) return 0; // numpy consumes nothing here
    if (rng === 0xffffffff) return bg.nextUint32(); // Lemire's method cannot take rng + 1 = 2^32
    const rngExcl = rng + 1;
    let x = bg.nextUint32();
    let leftover = Math.imul(x, rngExcl) >>> 0; // low 32 bits of x * rngExcl
    if (leftover < rngExcl) {
      // rngExcl bounds the threshold from above, so most draws skip the modulo
      const threshold = (TWO_POW_32 - rngExcl) % rngExcl;
      while (leftover < threshold) {
        x = bg.nextUint32();
        leftover = Math.imul(x, rngExcl) >>> 0;
      }
    }
    return mulHi32(x, rngExcl);
  }

  /** numpy's 64-bit branch (`bounded_lemire_uint64`), in bigint: only single draws use it. */
  private boundedUint64(rng: bigint): bigint {
    const bg = this.bitGenerator;
    if (rng === MASK64) return bg.nextUint64();
    const rngExcl = rng + 1n;
    let m = bg.nextUint64() * rngExcl;
    let leftover = m & MASK64;
    if (leftover < rngExcl) {
      const threshold = (TWO_POW_64 - rngExcl) % rngExcl;
      while (leftover < threshold) {
        m = bg.nextUint64() * rngExcl;
        leftover = m & MASK64;
      }
    }
    return m >> 64n;
  }

  /**
   * `rng.permutation(n)`: 0..n-1 shuffled, returned as an Int32Array (so n < 2^31). numpy builds
   * `arange(n)` and calls `shuffle` on it; see `shuffle` for the draw order.
   */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new RangeError(`permutation(n) needs 0 <= n < 2^31, got ${n}`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /**
   * `rng.shuffle(x)` for a 1-d sequence, in place: Fisher-Yates from the end, swapping item i with
   * item j = random_interval(i) for i = n-1 down to 1. random_interval is numpy's masked rejection
   * sampler (not Lemire): 32-bit words from the buffered next_uint32, masked to the smallest
   * all-ones mask covering i, redrawn while above i. Returns `x`.
   */
  shuffle<T, A extends MutableArrayLike<T>>(x: A): A {
    const bg = this.bitGenerator;
    for (let i = x.length - 1; i >= 1; i--) {
      let mask = i;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      let j: number;
      do j = (bg.nextUint32() & mask) >>> 0;
      while (j > i);
      const tmp = x[j];
      x[j] = x[i];
      x[i] = tmp;
    }
    return x;
  }
}

function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  return count;
}

/**
 * `numpy.random.default_rng(seed)`: a Generator over PCG64 seeded through SeedSequence. `seed` is a
 * non-negative integer (a bigint past 2^53) or a flat array of them, e.g. `[seed, streamId]`.
 */
export function defaultRng(seed: SeedEntropy | SeedSequence): Generator {
  return new Generator(new PCG64(seed));
}
