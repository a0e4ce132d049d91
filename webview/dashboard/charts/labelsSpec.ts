// Labels view: per label value H(Z|L=l), count and per-label regularity; pure helpers for the table
// (filter, sort) and the top-k bar chart.
import type { LabelSetResult } from '../../../src/core/entropy/metrics';
import { FIT_X, NUM, REFERENCE, type TopLevelSpec } from './common';

export interface LabelRow {
  value: string;
  count: number;
  /** H(Z|L=l), nats. */
  entropy: number;
  /** H(Z) − H(Z|L=l). */
  informationGain: number | null;
  /** (H(Z) − H(Z|L=l)) / H(Z). */
  regularity: number | null;
  included: boolean;
}

/** The metrics a label chart can rank by. */
export type LabelMetric = 'entropy' | 'regularity' | 'informationGain' | 'count';
export type SortDir = 'asc' | 'desc';

/** Axis titles of each metric. */
export const LABEL_METRICS: Record<LabelMetric, string> = {
  entropy: 'H(Z|L=l), nats',
  regularity: 'per-label regularity (H(Z) − H(Z|L=l)) / H(Z)',
  informationGain: 'H(Z) − H(Z|L=l), nats',
  count: 'rows',
};

/** One row per label value, in the result's order. */
export function labelRows(set: LabelSetResult): LabelRow[] {
  return Object.entries(set.values).map(([value, v]) => ({
    value,
    count: v.count,
    entropy: v.entropy,
    informationGain: v.informationGain,
    regularity: v.regularity,
    included: v.included,
  }));
}

/** Rows whose value contains `query` (case-insensitive; empty query keeps all). */
export function filterLabelRows(rows: LabelRow[], query: string): LabelRow[] {
  const q = query.trim().toLowerCase();
  return q ? rows.filter((r) => r.value.toLowerCase().includes(q)) : rows;
}

/** A sorted copy; missing numbers go last whatever the direction, ties keep the value order. */
export function sortLabelRows(rows: LabelRow[], key: LabelMetric | 'value', dir: SortDir): LabelRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'value') return sign * a.value.localeCompare(b.value, undefined, { numeric: true });
    const x = a[key];
    const y = b[key];
    const xm = x == null || !Number.isFinite(x);
    const ym = y == null || !Number.isFinite(y);
    if (xm || ym) return xm === ym ? 0 : xm ? 1 : -1;
    return x === y ? a.value.localeCompare(b.value) : sign * (x - y);
  });
}

/** The first `k` rows by `metric` (lowest entropy = most specific labels when dir is 'asc'). */
export function topK(rows: LabelRow[], metric: LabelMetric, k: number, dir: SortDir): LabelRow[] {
  return sortLabelRows(rows, metric, dir).slice(0, Math.max(0, k));
}

export interface LabelsChartOptions {
  labelSet: string;
  metric: LabelMetric;
  /** Rows in the label set before top-k (for the subtitle). */
  total: number;
  /** The search the rows were filtered with, if any. */
  query?: string;
  /** Values below the minimum count kept out of the chart (their small-sample H is biased low). */
  leftOut?: number;
  /** H(Z) of the label set's population: a reference line when ranking by entropy. */
  populationEntropy?: number | null;
}

/** Horizontal bars of the given rows in the given order (already top-k). */
export function labelsBarSpec(rows: LabelRow[], o: LabelsChartOptions): TopLevelSpec {
  const order = rows.map((r) => r.value);
  const bars = {
    mark: { type: 'bar' as const, tooltip: true },
    encoding: {
      y: { field: 'value', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 220 } },
      x: { field: o.metric, type: 'quantitative' as const, title: LABEL_METRICS[o.metric] },
      color: {
        field: 'status',
        type: 'nominal' as const,
        title: null,
        scale: { domain: ['included', 'below min count'] },
        // The legend only matters when some values are left out of I.
        legend: rows.every((r) => r.included) ? null : { orient: 'bottom' as const },
      },
      tooltip: [
        { field: 'value', title: o.labelSet },
        { field: 'count', title: 'rows', format: ',' },
        { field: 'entropy', title: 'H(Z|L=l)', format: NUM },
        { field: 'informationGain', title: 'H(Z) − H(Z|L=l)', format: NUM },
        { field: 'regularity', title: 'per-label regularity', format: '.2%' },
        { field: 'status', title: 'status' },
      ],
    },
  };
  const layer: object[] = [bars];
  if (o.metric === 'entropy' && o.populationEntropy != null && Number.isFinite(o.populationEntropy)) {
    layer.push({
      data: { values: [{ h: o.populationEntropy, label: 'H(Z)' }] },
      mark: { type: 'rule', style: REFERENCE, strokeDash: [4, 3] },
      encoding: { x: { field: 'h', type: 'quantitative' }, tooltip: [{ field: 'h', title: 'H(Z) of the label set', format: NUM }] },
    });
  }
  return {
    ...FIT_X,
    title: {
      text: `${o.labelSet}: ${rows.length < o.total ? `top ${rows.length} of ${o.total.toLocaleString('en-US')}` : `all ${o.total}`} values${o.query ? ` matching “${o.query}”` : ''}, by ${LABEL_METRICS[o.metric].split(',')[0]}`,
      subtitle:
        (o.metric === 'entropy' ? 'lower H(Z|L=l) = the value’s embeddings sit at fewer anchors; dashed line: H(Z)' : 'hover a bar for every number of the value') +
        (o.leftOut ? `; ${o.leftOut.toLocaleString('en-US')} values below the min count are left out (see the table)` : ''),
    },
    data: { values: rows.map((r) => ({ ...r, status: r.included ? 'included' : 'below min count' })) },
    // A number, not {step}: a discrete height makes vega-lite warn about the fit-x autosize.
    height: Math.max(48, rows.length * 16),
    layer,
  } as TopLevelSpec;
}
