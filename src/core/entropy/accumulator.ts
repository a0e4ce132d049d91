import type { ChunkSums, Engine } from '../engines/engine';
import type { PreparedAnchors } from './kernels/similarity';
import { rowProblem } from './rowProblem';
import type { AnalysisSettings, KernelSettings } from './settings';

/** One label column as accumulated: a real label set (`shuffle` −1) or its k-th shuffle. */
export interface GroupSpec {
  /** Index into {@link AccumulatorState.labelSets}. */
  labelSet: number;
  /** −1 for the real labels, k ≥ 0 for the k-th shuffled baseline. */
  shuffle: number;
}

/** Why rows were left out (METHOD.md §1.1). */
export interface SkippedRows {
  /** Rows holding NaN or ±Infinity. */
  nonFinite: number;
  /** All-zero rows under cosine similarity (no direction). */
  zero: number;
}

/** Everything two partial states must share to be merged (METHOD.md §4). */
export interface StateIdentity {
  settings: AnalysisSettings;
  /** Resolved temperature ε. */
  epsilon: number;
  /** Number of anchors n and dimension d. */
  n: number;
  d: number;
  /** Hash of the anchor matrix's float64 bits (see anchorsHash). */
  anchorsHash: string;
  /** Layer index within the input (0 for a 2-D input). */
  layer: number;
}

/** The serialisable sufficient statistics of one layer (JSON-safe: plain arrays of numbers). */
export interface AccumulatorState extends StateIdentity {
  rows: number;
  skippedRows: SkippedRows;
  total: number[];
  labelSets: { name: string; values: string[] }[];
  groups: (GroupSpec & { sums: number[]; counts: number[] })[];
}

/**
 * Streaming sufficient statistics of one layer: Σp over valid rows and per group Σp and counts per
 * label value. Memory is O(n · Σ values), independent of the number of rows.
 */
export class Accumulator {
  rows = 0;
  readonly skipped: SkippedRows = { nonFinite: 0, zero: 0 };
  readonly sums: ChunkSums;
  private scratchRows = new Float64Array(0);
  private scratchCodes: Int32Array[] = [];

  constructor(
    readonly identity: StateIdentity,
    readonly labelSets: { name: string; values: string[] }[],
    readonly groups: GroupSpec[],
  ) {
    const n = identity.n;
    this.sums = {
      total: new Float64Array(n),
      groupSums: groups.map((g) => new Float64Array(labelSets[g.labelSet].values.length * n)),
      groupCounts: groups.map((g) => new Float64Array(labelSets[g.labelSet].values.length)),
    };
  }

  /** Rows that entered the sums. */
  get validRows(): number {
    return this.rows - this.skipped.nonFinite - this.skipped.zero;
  }

  /**
   * Adds `count` raw rows (row-major, d each). `codes[g]` holds the same rows' codes for group g
   * (already sliced to this chunk). Invalid rows are counted and left out; the rest go to `engine`.
   */
  async addChunk(rows: Float64Array, count: number, codes: readonly Int32Array[], engine: Engine, anchors: PreparedAnchors, kernel: KernelSettings): Promise<void> {
    const run = (r: Float64Array, m: number, c: readonly Int32Array[]): void | Promise<void> =>
      engine.accumulateAsync ? engine.accumulateAsync(r, m, c, anchors, kernel, this.sums) : engine.accumulate(r, m, c, anchors, kernel, this.sums);
    const d = this.identity.d;
    const cosine = this.identity.settings.similarity === 'cosine';
    this.rows += count;
    // Common case: every row is usable, so the chunk goes to the engine without a copy.
    let firstBad = 0;
    while (firstBad < count && rowProblem(rows, firstBad * d, d, cosine) === undefined) firstBad++;
    if (firstBad === count) {
      if (count > 0) await run(rows, count, codes);
      return;
    }
    if (this.scratchRows.length < count * d) this.scratchRows = new Float64Array(count * d);
    if (this.scratchCodes.length !== codes.length || (this.scratchCodes[0]?.length ?? 0) < count) {
      this.scratchCodes = codes.map(() => new Int32Array(count));
    }
    let m = 0;
    for (let i = 0; i < count; i++) {
      const problem = i < firstBad ? undefined : rowProblem(rows, i * d, d, cosine);
      if (problem !== undefined) {
        this.skipped[problem]++;
        continue;
      }
      this.scratchRows.set(rows.subarray(i * d, i * d + d), m * d);
      for (let g = 0; g < codes.length; g++) this.scratchCodes[g][m] = codes[g][i];
      m++;
    }
    if (m > 0) {
      await run(this.scratchRows, m, this.scratchCodes.map((c) => c.subarray(0, m)));
    }
  }

  /** Adds another state of the same identity into this one; label values are matched by name. */
  merge(other: Accumulator): void {
    assertMergeable(this.identity, other.identity);
    const n = this.identity.n;
    // Map every label set of `other` onto ours, adding values we have not seen (grown once per set).
    const valueMaps = other.labelSets.map((oset) => {
      const setIdx = this.labelSets.findIndex((s) => s.name === oset.name);
      if (setIdx < 0) throw new Error(`cannot merge: label set "${oset.name}" is in one state but not the other`);
      const set = this.labelSets[setIdx];
      const index = new Map(set.values.map((v, c) => [v, c]));
      const before = set.values.length;
      const map = oset.values.map((value) => {
        let c = index.get(value);
        if (c === undefined) {
          c = set.values.length;
          index.set(value, c);
          set.values.push(value);
        }
        return c;
      });
      if (set.values.length > before) this.growLabelSet(setIdx);
      return { setIdx, map };
    });
    this.rows += other.rows;
    this.skipped.nonFinite += other.skipped.nonFinite;
    this.skipped.zero += other.skipped.zero;
    addInto(this.sums.total, other.sums.total);
    other.groups.forEach((og, oi) => {
      const { setIdx, map } = valueMaps[og.labelSet];
      const gi = this.groups.findIndex((g) => g.labelSet === setIdx && g.shuffle === og.shuffle);
      if (gi < 0) throw new Error(`cannot merge: shuffle ${og.shuffle} of "${other.labelSets[og.labelSet].name}" is in one state but not the other`);
      const s = this.sums.groupSums[gi];
      const os = other.sums.groupSums[oi];
      map.forEach((c, oc) => {
        for (let j = 0; j < n; j++) s[c * n + j] += os[oc * n + j];
        this.sums.groupCounts[gi][c] += other.sums.groupCounts[oi][oc];
      });
    });
  }

  /** Resizes every group of label set `setIdx` to its current number of values. */
  private growLabelSet(setIdx: number): void {
    const n = this.identity.n;
    const values = this.labelSets[setIdx].values.length;
    this.groups.forEach((g, gi) => {
      if (g.labelSet !== setIdx) return;
      const sums = new Float64Array(values * n);
      sums.set(this.sums.groupSums[gi]);
      this.sums.groupSums[gi] = sums;
      const counts = new Float64Array(values);
      counts.set(this.sums.groupCounts[gi]);
      this.sums.groupCounts[gi] = counts;
    });
  }

  /** The JSON-safe state (numbers round-trip exactly through JSON). */
  toState(): AccumulatorState {
    return {
      ...this.identity,
      rows: this.rows,
      skippedRows: { ...this.skipped },
      total: Array.from(this.sums.total),
      labelSets: this.labelSets.map((s) => ({ name: s.name, values: [...s.values] })),
      groups: this.groups.map((g, gi) => ({
        ...g,
        sums: Array.from(this.sums.groupSums[gi]),
        counts: Array.from(this.sums.groupCounts[gi]),
      })),
    };
  }

  /** Rebuilds an accumulator from {@link toState}'s output, checking that the shapes agree. */
  static fromState(s: AccumulatorState): Accumulator {
    const { rows, skippedRows, total, labelSets, groups, ...identity } = s;
    const acc = new Accumulator(
      identity,
      labelSets.map((l) => ({ name: l.name, values: [...l.values] })),
      groups.map((g) => ({ labelSet: g.labelSet, shuffle: g.shuffle })),
    );
    const n = identity.n;
    if (total.length !== n) throw new Error(`state has ${total.length} totals for ${n} anchors`);
    acc.rows = rows;
    acc.skipped.nonFinite = skippedRows.nonFinite;
    acc.skipped.zero = skippedRows.zero;
    acc.sums.total.set(total);
    groups.forEach((g, gi) => {
      const values = labelSets[g.labelSet]?.values.length;
      if (values === undefined || g.sums.length !== values * n || g.counts.length !== values) {
        throw new Error(`state group ${gi} does not match its label set's size`);
      }
      acc.sums.groupSums[gi].set(g.sums);
      acc.sums.groupCounts[gi].set(g.counts);
    });
    return acc;
  }
}

function addInto(a: Float64Array, b: Float64Array): void {
  for (let j = 0; j < a.length; j++) a[j] += b[j];
}

/** Throws a clear error when two states were made with different anchors, settings or layers. */
export function assertMergeable(a: StateIdentity, b: StateIdentity): void {
  const diffs: string[] = [];
  if (a.anchorsHash !== b.anchorsHash || a.n !== b.n || a.d !== b.d) diffs.push('anchors');
  if (a.epsilon !== b.epsilon) diffs.push(`temperature (${a.epsilon} vs ${b.epsilon})`);
  if (a.layer !== b.layer) diffs.push(`layer (${a.layer} vs ${b.layer})`);
  for (const key of Object.keys(a.settings) as (keyof AnalysisSettings)[]) {
    if (a.settings[key] !== b.settings[key]) diffs.push(`${key} (${String(a.settings[key])} vs ${String(b.settings[key])})`);
  }
  if (diffs.length) throw new Error(`cannot merge states made with different ${diffs.join(', ')}`);
}
