// Anchors view: how the population spreads its mass over the anchors, and how each label value's
// distribution P(anchor | l) differs from it. Anchors are ranked by population mass so the
// charts read left (most used) to right (least used).
import { FIT_X, NUM, REFERENCE, type TopLevelSpec } from './common';

/** The population's name in the anchor charts. */
export const ALL_ROWS = 'all rows';

/** Anchor indices by population mass, largest first (ties by index). */
export function anchorOrder(population: number[]): number[] {
  return population.map((_, i) => i).sort((a, b) => population[b] - population[a] || a - b);
}

export interface AnchorRow {
  series: string;
  /** 1-based rank of the anchor by population mass. */
  rank: number;
  /** 0-based anchor index (row of the anchors matrix). */
  anchor: number;
  p: number;
  population: number;
}

export interface AnchorTable {
  rows: AnchorRow[];
  /** Series in display order: the population first, then the values as given. */
  series: string[];
  /** Anchors shown (the top `maxAnchors` by population mass) and the population mass they hold. */
  shown: number;
  massShown: number;
}

/**
 * Long-format rows for the top `maxAnchors` anchors: the population and each value's P(anchor | l)
 * (values in the order given, e.g. by count).
 */
export function anchorTable(population: number[], values: [string, number[]][], maxAnchors = 200): AnchorTable {
  const order = anchorOrder(population).slice(0, maxAnchors);
  const rows: AnchorRow[] = [];
  const add = (series: string, dist: number[]): void => {
    order.forEach((anchor, i) => rows.push({ series, rank: i + 1, anchor, p: dist[anchor] ?? 0, population: population[anchor] }));
  };
  add(ALL_ROWS, population);
  for (const [name, dist] of values) add(name, dist);
  return { rows, series: [ALL_ROWS, ...values.map(([v]) => v)], shown: order.length, massShown: order.reduce((s, a) => s + population[a], 0) };
}

const anchorTooltip = [
  { field: 'series', title: 'rows' },
  { field: 'anchor', title: 'anchor (index)' },
  { field: 'rank', title: 'rank by population mass' },
  { field: 'p', title: 'P(anchor)', format: NUM },
  { field: 'population', title: 'P(anchor), all rows', format: NUM },
];

/** Rank ticks at 1 and at round steps (about ten labels whatever the anchor count). */
export function rankTicks(shown: number): number[] {
  const raw = shown / 10;
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000].find((s) => s >= raw) ?? Math.ceil(raw);
  const ticks = [1];
  for (let v = step; v <= shown; v += step) if (v > 1) ticks.push(v);
  return ticks;
}

const rankAxis = (shown: number, n: number) => ({
  field: 'rank',
  type: 'ordinal' as const,
  title: shown < n ? `top ${shown} of ${n} anchors, by population mass` : `anchors (${n}), by population mass`,
  axis: { values: rankTicks(shown), labelAngle: 0 },
});

/** Bars of the population distribution over (ranked) anchors, with the uniform 1/n line. */
export function populationSpec(t: AnchorTable, n: number, entropy: number | null): TopLevelSpec {
  const rows = t.rows.filter((r) => r.series === ALL_ROWS);
  const eff = entropy != null && Number.isFinite(entropy) ? `; effective number of anchors e^H = ${Math.exp(entropy).toFixed(1)} of ${n}` : '';
  return {
    ...FIT_X,
    height: 160,
    title: { text: 'How the population uses the anchors', subtitle: `P(anchor) over all rows, most used first; dashed line: uniform 1/n${eff}` },
    layer: [
      { data: { values: rows }, mark: { type: 'bar', tooltip: true }, encoding: { x: rankAxis(t.shown, n), y: { field: 'p', type: 'quantitative', title: 'P(anchor)' }, tooltip: anchorTooltip } },
      { data: { values: [{ u: 1 / n }] }, mark: { type: 'rule', style: REFERENCE, strokeDash: [4, 3] }, encoding: { y: { field: 'u', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

/** Few values: one row of bars per value, with the population's distribution as a dashed line. */
export function anchorBarsSpec(t: AnchorTable, n: number, labelSet: string, width: number): TopLevelSpec {
  const values = t.series.filter((s) => s !== ALL_ROWS);
  return {
    title: { text: `P(anchor | ${labelSet}) for each value`, subtitle: 'bars: the value’s distribution over anchors; dashed line: all rows. Peaks away from the line are what the label explains.' },
    data: { values: t.rows.filter((r) => r.series !== ALL_ROWS) },
    facet: { row: { field: 'series', type: 'nominal', sort: values, title: null, header: { labelAngle: 0, labelAlign: 'left', labelLimit: 160 } } },
    spec: {
      width,
      height: 70,
      layer: [
        { mark: { type: 'bar', tooltip: true }, encoding: { x: rankAxis(t.shown, n), y: { field: 'p', type: 'quantitative', title: 'P' }, color: { field: 'series', type: 'nominal', sort: values, legend: null }, tooltip: anchorTooltip } },
        { mark: { type: 'line', style: REFERENCE, strokeDash: [3, 2], strokeWidth: 1.6 }, encoding: { x: rankAxis(t.shown, n), y: { field: 'population', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec;
}

/** Many values: a value × anchor heatmap of P(anchor | l), the population as the first row. */
export function anchorHeatmapSpec(t: AnchorTable, n: number, labelSet: string, width: number): TopLevelSpec {
  // A few peaked cells would otherwise wash out the rest: the colour saturates at the 98th percentile.
  const sorted = t.rows.map((r) => r.p).sort((a, b) => a - b);
  const top = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.98))] : 1;
  return {
    width,
    height: { step: Math.max(8, Math.min(18, Math.floor(420 / t.series.length))) },
    title: { text: `P(anchor | ${labelSet}): ${t.series.length - 1} values × ${t.shown} anchors`, subtitle: 'each row a value (by count), first row all rows; anchors by population mass. Square-root colour scale.' },
    data: { values: t.rows },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: rankAxis(t.shown, n),
      y: { field: 'series', type: 'nominal', sort: t.series, title: null, axis: { labelLimit: 160 } },
      color: { field: 'p', type: 'quantitative', title: 'P(anchor | l)', scale: { type: 'sqrt', domain: [0, top > 0 ? top : 1], clamp: true }, legend: { orient: 'bottom', gradientLength: 220, title: 'P(anchor | l), saturating at the 98th percentile' } },
      tooltip: anchorTooltip,
    },
  } as TopLevelSpec;
}

/** Uses bars up to this many values, the heatmap above it. */
export const BARS_MAX_VALUES = 4;
