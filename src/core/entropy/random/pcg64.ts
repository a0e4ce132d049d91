/**
 * numpy's PCG64 bit generator (numpy/random/src/pcg64): a 128-bit LCG with the XSL-RR output
 * function, seeded from SeedSequence the way numpy's `PCG64.__init__` does.
 *
 * The 128-bit state lives in six 24-bit limbs held as plain numbers (the top limb holds the last 8
 * bits): a 24x24-bit product is below 2^48 and a column of six of them plus the carry stays below
 * 2^51, so the whole multiply-add is exact double arithmetic with no BigInt (which allocates on every
 * operation and is far slower). 24-bit limbs need 21 multiplies per step where 16-bit ones need 36.
 * BigInt is used only for seeding and for the state accessors.
 */
import { SeedSequence, type SeedEntropy } from './seedSequence';

const MASK128 = (1n << 128n) - 1n;

/** PCG's default 128-bit multiplier, 2549297995355413924 * 2^64 + 4865540595714422341. */
export const PCG64_MULTIPLIER = (2549297995355413924n << 64n) + 4865540595714422341n;

// The multiplier's 24-bit limbs, least significant first (a unit test checks the arithmetic against bigint).
const M0 = 0xccf645;
const M1 = 0xdf649f;
const M2 = 0xa44385;
const M3 = 0x1fc65d;
const M4 = 0x60ed05;
const M5 = 0x23;

const LIMB = 16777216; // 2^24
const INV_LIMB = 1 / LIMB;
const LIMB_BITS = [0n, 24n, 48n, 72n, 96n, 120n];
const TWO_POW_M53 = 2 ** -53;

/** PCG64's full state, as numpy's `bit_generator.state['state']` plus the 32-bit buffer. */
export interface PCG64State {
  /** The 128-bit LCG state. */
  state: bigint;
  /** The 128-bit increment (odd). */
  inc: bigint;
  /** Whether the upper half of the last 64-bit word is waiting to be returned by `nextUint32`. */
  hasUint32: boolean;
  /** That waiting upper half. */
  uinteger: number;
}

/**
 * numpy's PCG64. `next64()` is the hot path: it leaves the output in `hi`/`lo` (two unsigned 32-bit
 * halves) instead of returning a 64-bit value, since JS has no unboxed 64-bit integer.
 */
export class PCG64 {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private s4 = 0;
  private s5 = 0;
  private i0 = 0;
  private i1 = 0;
  private i2 = 0;
  private i3 = 0;
  private i4 = 0;
  private i5 = 0;
  private hasUint32 = false;
  private uinteger = 0;
  /** Upper 32 bits of the last `next64()` output, unsigned. */
  hi = 0;
  /** Lower 32 bits of the last `next64()` output, unsigned. */
  lo = 0;

  /**
   * Seed like `numpy.random.PCG64(seed)`: state words from `SeedSequence.generate_state(4, uint64)`,
   * the first two forming the initial state and the last two the stream (increment) selector.
   */
  constructor(seed: SeedSequence | SeedEntropy) {
    const ss = seed instanceof SeedSequence ? seed : new SeedSequence(seed);
    const v = ss.generateState(4, 'uint64');
    const initState = (v[0] << 64n) | v[1];
    const initSeq = (v[2] << 64n) | v[3];
    // pcg_setseq_128_srandom_r: state = 0, inc = 2*seq+1, step, state += initstate, step.
    const inc = ((initSeq << 1n) | 1n) & MASK128;
    let s = inc; // 0 * mult + inc
    s = (s + initState) & MASK128;
    s = (s * PCG64_MULTIPLIER + inc) & MASK128;
    this.setState({ state: s, inc, hasUint32: false, uinteger: 0 });
  }

  /** A generator at an exact state, e.g. one copied from numpy's `bit_generator.state`. */
  static fromState(state: PCG64State): PCG64 {
    const g = new PCG64(0);
    g.setState(state);
    return g;
  }

  /** The current state, in numpy's terms. */
  getState(): PCG64State {
    const join = (l: number[]) => l.reduce((acc, limb, k) => acc | (BigInt(limb) << LIMB_BITS[k]), 0n);
    return {
      state: join([this.s0, this.s1, this.s2, this.s3, this.s4, this.s5]),
      inc: join([this.i0, this.i1, this.i2, this.i3, this.i4, this.i5]),
      hasUint32: this.hasUint32,
      uinteger: this.uinteger,
    };
  }

  /** Replace the state (as numpy's `bit_generator.state = ...` does). */
  setState(st: PCG64State): void {
    if ((st.inc & 1n) === 0n) throw new RangeError('PCG64 increment must be odd');
    const s = st.state & MASK128;
    const i = st.inc & MASK128;
    const limb = (x: bigint, k: number) => Number((x >> LIMB_BITS[k]) & 0xffffffn);
    this.s0 = limb(s, 0);
    this.s1 = limb(s, 1);
    this.s2 = limb(s, 2);
    this.s3 = limb(s, 3);
    this.s4 = limb(s, 4);
    this.s5 = limb(s, 5);
    this.i0 = limb(i, 0);
    this.i1 = limb(i, 1);
    this.i2 = limb(i, 2);
    this.i3 = limb(i, 3);
    this.i4 = limb(i, 4);
    this.i5 = limb(i, 5);
    this.hasUint32 = st.hasUint32;
    this.uinteger = st.uinteger >>> 0;
  }

  /**
   * Advance the LCG (state = state * mult + inc mod 2^128) and put the XSL-RR output of the new state
   * in `hi`/`lo`: (high64 xor low64) rotated right by the state's top 6 bits. numpy steps first and
   * outputs second, so the output never comes from the seeded state itself.
   */
  next64(): void {
    const a0 = this.s0, a1 = this.s1, a2 = this.s2, a3 = this.s3, a4 = this.s4, a5 = this.s5;
    // Schoolbook columns, low to high; terms past bit 127 fall off the end.
    let t = a0 * M0 + this.i0;
    let c = Math.floor(t * INV_LIMB);
    const r0 = t - c * LIMB;
    t = c + a0 * M1 + a1 * M0 + this.i1;
    c = Math.floor(t * INV_LIMB);
    const r1 = t - c * LIMB;
    t = c + a0 * M2 + a1 * M1 + a2 * M0 + this.i2;
    c = Math.floor(t * INV_LIMB);
    const r2 = t - c * LIMB;
    t = c + a0 * M3 + a1 * M2 + a2 * M1 + a3 * M0 + this.i3;
    c = Math.floor(t * INV_LIMB);
    const r3 = t - c * LIMB;
    t = c + a0 * M4 + a1 * M3 + a2 * M2 + a3 * M1 + a4 * M0 + this.i4;
    c = Math.floor(t * INV_LIMB);
    const r4 = t - c * LIMB;
    t = c + a0 * M5 + a1 * M4 + a2 * M3 + a3 * M2 + a4 * M1 + a5 * M0 + this.i5;
    const r5 = t - Math.floor(t * 0.00390625) * 256; // the top limb keeps bits 120..127 only
    this.s0 = r0;
    this.s1 = r1;
    this.s2 = r2;
    this.s3 = r3;
    this.s4 = r4;
    this.s5 = r5;

    // 32-bit words of the two halves: low64 = r0 | r1 << 24 | r2 << 48, high64 = r2 >> 16 | ... | r5 << 56
    let xl = (r0 | (r1 << 24)) ^ ((r2 >>> 16) | (r3 << 8));
    let xh = ((r1 >>> 8) | (r2 << 16)) ^ (r4 | (r5 << 24));
    let rot = r5 >>> 2; // the state's top 6 bits
    if (rot >= 32) {
      // rotating a 64-bit value by 32 swaps its halves
      const tmp = xl;
      xl = xh;
      xh = tmp;
      rot -= 32;
    }
    if (rot === 0) {
      this.lo = xl >>> 0;
      this.hi = xh >>> 0;
    } else {
      this.lo = ((xl >>> rot) | (xh << (32 - rot))) >>> 0;
      this.hi = ((xh >>> rot) | (xl << (32 - rot))) >>> 0;
    }
  }

  /** numpy's `next_uint64` as a bigint (convenient, not fast). */
  nextUint64(): bigint {
    this.next64();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /**
   * numpy's `pcg64_next32`: returns the low half of a fresh 64-bit word and keeps the high half for
   * the next call. The buffer belongs to the bit generator, so it survives across other draws.
   */
  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.next64();
    this.hasUint32 = true;
    this.uinteger = this.hi;
    return this.lo;
  }

  /** numpy's `next_double`: the top 53 bits of a 64-bit word, times 2^-53, so in [0, 1). */
  nextDouble(): number {
    this.next64();
    return (this.hi * 2097152 + (this.lo >>> 11)) * TWO_POW_M53;
  }

  /** The next `count` raw 64-bit outputs (numpy's `random_raw(count)`), for tests and debugging. */
  randomRaw(count: number): BigUint64Array {
    const out = new BigUint64Array(count);
    for (let k = 0; k < count; k++) out[k] = this.nextUint64();
    return out;
  }
}
