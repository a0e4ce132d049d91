/**
 * numpy's `SeedSequence` (numpy/random/bit_generator.pyx), word for word: it turns a user seed of any
 * size into well-mixed 32-bit words from which a bit generator's state is drawn. All arithmetic is
 * modulo 2^32, done with Math.imul and `>>> 0`.
 */

/** One entropy word source: a non-negative integer of any size (numbers must be safe integers). */
export type SeedInteger = number | bigint;

/** What numpy accepts as `entropy`: one non-negative integer, or a flat sequence of them. */
export type SeedEntropy = SeedInteger | ReadonlyArray<SeedInteger>;

/** Optional `SeedSequence` arguments, as in numpy. */
export interface SeedSequenceOptions {
  /** numpy's `spawn_key`: the path of child indices that `spawn()` appends; default empty. */
  spawnKey?: ReadonlyArray<SeedInteger>;
  /** numpy's `pool_size` in 32-bit words; at least 4 (the default). */
  poolSize?: number;
}

const DEFAULT_POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;

/**
 * numpy's `_int_to_uint32_array`: least-significant 32-bit word first; zero is one word `[0]`.
 * JS numbers above 2^53 are rejected rather than rounded, since `2 ** 64 - 1` silently becomes
 * 2^64 and would seed a different stream than the user meant; pass a bigint for those.
 */
function intToWords(n: SeedInteger, out: number[]): void {
  let v: bigint;
  if (typeof n === 'bigint') {
    v = n;
  } else {
    if (!Number.isInteger(n)) throw new TypeError(`seed must be an integer, got ${n}`);
    if (!Number.isSafeInteger(n)) throw new RangeError(`seed ${n} is not a safe integer: pass it as a bigint`);
    v = BigInt(n);
  }
  if (v < 0n) throw new RangeError('expected non-negative integer');
  if (v === 0n) {
    out.push(0);
    return;
  }
  while (v > 0n) {
    out.push(Number(v & 0xffffffffn));
    v >>= 32n;
  }
}

/** numpy's `_coerce_to_uint32_array` for the inputs we accept: an integer, or a flat sequence of them. */
function coerceToWords(x: SeedEntropy): number[] {
  const out: number[] = [];
  if (typeof x === 'number' || typeof x === 'bigint') {
    intToWords(x, out);
  } else {
    for (const v of x) {
      if (typeof v !== 'number' && typeof v !== 'bigint') throw new TypeError('SeedSequence does not accept nested sequences.');
      intToWords(v, out);
    }
  }
  return out;
}

/** numpy's `hashmix`; the running multiplier lives in `hc[0]` because it changes on every call. */
function hashmix(value: number, hc: Uint32Array): number {
  value = (value ^ hc[0]) >>> 0;
  hc[0] = Math.imul(hc[0], MULT_A);
  value = Math.imul(value, hc[0]) >>> 0;
  return (value ^ (value >>> XSHIFT)) >>> 0;
}

/** numpy's `mix`: (L*x - R*y) mod 2^32, then an xor-shift. */
function mix(x: number, y: number): number {
  const result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
  return (result ^ (result >>> XSHIFT)) >>> 0;
}

/**
 * numpy's `SeedSequence`: the same pool and the same `generate_state` words for the same entropy,
 * spawn key and pool size. `entropy` is required here (numpy draws OS randomness when it is
 * omitted, which cannot be reproduced anyway).
 */
export class SeedSequence {
  /** The entropy as given. */
  readonly entropy: SeedEntropy;
  /** The spawn key (empty unless this sequence stands for a spawned child). */
  readonly spawnKey: ReadonlyArray<SeedInteger>;
  /** Pool size in 32-bit words. */
  readonly poolSize: number;
  /** The mixed entropy pool: what every `generateState` call hashes out. */
  readonly pool: Uint32Array;

  constructor(entropy: SeedEntropy, options: SeedSequenceOptions = {}) {
    const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(poolSize) || poolSize < DEFAULT_POOL_SIZE) {
      throw new RangeError(`The size of the entropy pool should be at least ${DEFAULT_POOL_SIZE}`);
    }
    this.entropy = entropy;
    this.spawnKey = options.spawnKey ?? [];
    this.poolSize = poolSize;
    this.pool = new Uint32Array(poolSize);
    this.mixEntropy(this.assembledEntropy());
  }

  /**
   * numpy's `get_assembled_entropy`: run entropy then spawn key. With a spawn key, short run entropy
   * is zero-padded to the pool size first (numpy's gh-16539 fix), and only then, so that unspawned
   * streams stay as they were before that fix.
   */
  private assembledEntropy(): number[] {
    const run = coerceToWords(this.entropy);
    const spawn = coerceToWords(this.spawnKey);
    if (spawn.length > 0) while (run.length < this.poolSize) run.push(0);
    return run.concat(spawn);
  }

  /** numpy's `mix_entropy`: hash the first words into the pool, cross-mix, then fold in the rest. */
  private mixEntropy(entropy: number[]): void {
    const mixer = this.pool;
    const n = mixer.length;
    const hc = new Uint32Array([INIT_A]);
    for (let i = 0; i < n; i++) mixer[i] = hashmix(i < entropy.length ? entropy[i] : 0, hc);
    for (let src = 0; src < n; src++) {
      for (let dst = 0; dst < n; dst++) {
        if (src !== dst) mixer[dst] = mix(mixer[dst], hashmix(mixer[src], hc));
      }
    }
    for (let src = n; src < entropy.length; src++) {
      for (let dst = 0; dst < n; dst++) mixer[dst] = mix(mixer[dst], hashmix(entropy[src], hc));
    }
  }

  /**
   * numpy's `generate_state(n_words, dtype)`. With 'uint64' it draws 2*nWords 32-bit words and pairs
   * them little-endian (low word first), as numpy does on every platform.
   */
  generateState(nWords: number, dtype?: 'uint32'): Uint32Array;
  generateState(nWords: number, dtype: 'uint64'): BigUint64Array;
  generateState(nWords: number, dtype: 'uint32' | 'uint64' = 'uint32'): Uint32Array | BigUint64Array {
    if (!Number.isInteger(nWords) || nWords < 0) throw new RangeError(`nWords must be a non-negative integer, got ${nWords}`);
    const n32 = dtype === 'uint64' ? 2 * nWords : nWords;
    const words = new Uint32Array(n32);
    let hc = INIT_B;
    for (let i = 0; i < n32; i++) {
      let v = (this.pool[i % this.pool.length] ^ hc) >>> 0;
      hc = Math.imul(hc, MULT_B) >>> 0;
      v = Math.imul(v, hc) >>> 0;
      words[i] = (v ^ (v >>> XSHIFT)) >>> 0;
    }
    if (dtype === 'uint32') return words;
    const out = new BigUint64Array(nWords);
    for (let i = 0; i < nWords; i++) out[i] = (BigInt(words[2 * i + 1]) << 32n) | BigInt(words[2 * i]);
    return out;
  }
}
