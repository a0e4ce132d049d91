import type { Accumulator, SkippedRows } from './accumulator';
import { entropyOfSum, jsDivergence } from './information';
import type { Weighting } from './settings';

/** Per label value (METHOD.md §2). */
export interface ValueResult {
  count: number;
  /** H(Z|L=l) in nats. */
  entropy: number;
  /** False when count < minCount: reported, but left out of H(Z|L) and I. */
  included: boolean;
  /** H(Z) − H(Z|L=l), H(Z) over the label set's population. */
  informationGain: number | null;
  /** informationGain / H(Z) ("per-label regularity"). */
  regularity: number | null;
}

/** Shuffled-label baseline (METHOD.md §3). */
export interface ShuffledBaseline {
  values: number[];
  mean: number;
  /** Sample standard deviation (ddof = 1); 0 with one shuffle. */
  sd: number;
}

/** One label set's numbers. Values that cannot be defined (no population, H = 0) are null. */
export interface LabelSetResult {
  /** Rows in the population: valid, labelled, and of an included value. */
  rows: number;
  /** H(Z) over the population. */
  entropy: number | null;
  conditionalEntropy: number | null;
  mutualInformation: number | null;
  /** I / ln n. */
  mutualInformationNormalized: number | null;
  /** I − mean(I_shuffled); null without shuffles. */
  mutualInformationCorrected: number | null;
  /** I / H(Z). */
  regularity: number | null;
  /** H(Z|L) / ln n. */
  variation: number | null;
  /** Mean over included values of JS(P_l ‖ P_¬l) / ln 2; null with fewer than two included values. */
  disentanglement: number | null;
  shuffled: ShuffledBaseline | null;
  values: Record<string, ValueResult>;
  /** P_l over anchors per label value, for label sets with at most {@link MAX_DISTRIBUTION_VALUES} values (the Anchors view). */
  valueDistributions?: Record<string, number[]>;
}

/** Label sets with more values than this carry no per-value distributions in the result (size). */
export const MAX_DISTRIBUTION_VALUES = 50;

/** One layer's numbers. */
export interface LayerResult {
  layer: number;
  rows: number;
  validRows: number;
  skippedRows: SkippedRows;
  entropy: number | null;
  entropyNormalized: number | null;
  /** P over anchors: the population's average assignment (length n). */
  anchorDistribution: number[];
  labelSets: Record<string, LabelSetResult>;
}

interface GroupMetrics {
  rows: number;
  entropy: number;
  conditionalEntropy: number;
  mutualInformation: number;
  valueEntropy: Float64Array;
  included: boolean[];
  popSum: Float64Array;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** H, H(Z|L) and I of one accumulated group (a label set or one of its shuffles). */
function groupMetrics(sums: Float64Array, counts: Float64Array, n: number, minCount: number, weighting: Weighting): GroupMetrics {
  const values = counts.length;
  const included: boolean[] = [];
  const valueEntropy = new Float64Array(values);
  const popSum = new Float64Array(n);
  let rows = 0;
  let nIncluded = 0;
  for (let c = 0; c < values; c++) {
    const cnt = counts[c];
    valueEntropy[c] = cnt > 0 ? entropyOfSum(sums, cnt, c * n, n) : NaN;
    included.push(cnt >= minCount && cnt > 0);
    if (!included[c]) continue;
    rows += cnt;
    nIncluded++;
    for (let j = 0; j < n; j++) popSum[j] += sums[c * n + j];
  }
  let conditionalEntropy = 0;
  for (let c = 0; c < values; c++) {
    if (!included[c]) continue;
    const w = weighting === 'weighted' ? counts[c] / rows : 1 / nIncluded;
    conditionalEntropy += w * valueEntropy[c];
  }
  const entropy = rows > 0 ? entropyOfSum(popSum, rows) : NaN;
  if (rows === 0) conditionalEntropy = NaN;
  return { rows, entropy, conditionalEntropy, mutualInformation: entropy - conditionalEntropy, valueEntropy, included, popSum };
}

/** Mean of JS(P_l ‖ P_¬l)/ln 2 over included values (METHOD.md §2), NaN with fewer than two. */
function disentanglement(g: GroupMetrics, sums: Float64Array, counts: Float64Array, n: number): number {
  const pl = new Float64Array(n);
  const rest = new Float64Array(n);
  let total = 0;
  let k = 0;
  g.included.forEach((inc, c) => {
    if (!inc || g.rows - counts[c] <= 0) return;
    for (let j = 0; j < n; j++) {
      pl[j] = sums[c * n + j] / counts[c];
      rest[j] = (g.popSum[j] - sums[c * n + j]) / (g.rows - counts[c]);
    }
    total += jsDivergence(pl, rest) / Math.LN2;
    k++;
  });
  return k >= 2 ? total / k : NaN;
}

/** Every number of METHOD.md §1.6–§3 for one accumulated layer. */
export function layerMetrics(acc: Accumulator, minCount: number, weighting: Weighting): LayerResult {
  const n = acc.identity.n;
  const lnN = Math.log(n);
  const valid = acc.validRows;
  const h = valid > 0 ? entropyOfSum(acc.sums.total, valid) : NaN;
  const labelSets: Record<string, LabelSetResult> = {};
  acc.labelSets.forEach((set, si) => {
    const real = acc.groups.findIndex((g) => g.labelSet === si && g.shuffle < 0);
    if (real < 0) return;
    const sums = acc.sums.groupSums[real];
    const counts = acc.sums.groupCounts[real];
    const g = groupMetrics(sums, counts, n, minCount, weighting);
    const shuffledI = acc.groups
      .map((sg, gi) => ({ sg, gi }))
      .filter(({ sg }) => sg.labelSet === si && sg.shuffle >= 0)
      .sort((a, b) => a.sg.shuffle - b.sg.shuffle)
      .map(({ gi }) => groupMetrics(acc.sums.groupSums[gi], acc.sums.groupCounts[gi], n, minCount, weighting).mutualInformation);
    const I = g.mutualInformation;
    // Shuffles keep every value's count, so with no population (I undefined) they have none either.
    const shuffled = shuffledI.length && Number.isFinite(I) ? baseline(shuffledI) : null;
    const values: Record<string, ValueResult> = {};
    set.values.forEach((name, c) => {
      if (counts[c] === 0) return; // a value that only occurs on skipped rows
      const gain = g.entropy - g.valueEntropy[c];
      values[name] = {
        count: counts[c],
        entropy: g.valueEntropy[c],
        included: g.included[c],
        informationGain: finiteOrNull(gain),
        regularity: finiteOrNull(gain / g.entropy),
      };
    });
    const present = set.values.map((name, c) => ({ name, c })).filter(({ c }) => counts[c] > 0);
    const valueDistributions =
      present.length <= MAX_DISTRIBUTION_VALUES
        ? Object.fromEntries(present.map(({ name, c }) => [name, Array.from(sums.subarray(c * n, c * n + n), (v) => v / counts[c])]))
        : undefined;
    labelSets[set.name] = {
      rows: g.rows,
      entropy: finiteOrNull(g.entropy),
      conditionalEntropy: finiteOrNull(g.conditionalEntropy),
      mutualInformation: finiteOrNull(I),
      mutualInformationNormalized: finiteOrNull(I / lnN),
      mutualInformationCorrected: shuffled ? finiteOrNull(I - shuffled.mean) : null,
      regularity: finiteOrNull(I / g.entropy),
      variation: finiteOrNull(g.conditionalEntropy / lnN),
      disentanglement: finiteOrNull(disentanglement(g, sums, counts, n)),
      shuffled,
      values,
      ...(valueDistributions ? { valueDistributions } : {}),
    };
  });
  return {
    layer: acc.identity.layer,
    rows: acc.rows,
    validRows: valid,
    skippedRows: { ...acc.skipped },
    entropy: finiteOrNull(h),
    entropyNormalized: finiteOrNull(h / lnN),
    anchorDistribution: Array.from(acc.sums.total, (v) => (valid > 0 ? v / valid : 0)),
    labelSets,
  };
}

function baseline(values: number[]): ShuffledBaseline {
  const k = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / k;
  const ss = values.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return { values, mean, sd: k > 1 ? Math.sqrt(ss / (k - 1)) : 0 };
}

/** Optimality I(Y;Z)/I(X;Z) of an (input X, output Y) pair of label sets (the information plane). */
export function optimality(layer: LayerResult, input: string, output: string): number | null {
  const ix = layer.labelSets[input]?.mutualInformation;
  const iy = layer.labelSets[output]?.mutualInformation;
  if (ix == null || iy == null) return null;
  return finiteOrNull(iy / ix);
}
