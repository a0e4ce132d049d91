// Compare view: two results with the same anchors and temperature, per label set and per layer.
import type { AnalysisResult } from '../../../src/core/report/result';
import { FIT_X, NUM, finite, type TopLevelSpec } from './common';

export const COMPARE_METRICS = ['H(Z)', 'I(Z;L)', 'corrected I'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

export interface CompareRow {
  labelSet: string;
  metric: CompareMetric;
  file: string;
  value: number;
}

/** Display names of two results: "A: name", "B: name". */
export function compareNames(a: AnalysisResult, b: AnalysisResult): [string, string] {
  const base = (p: string): string => p.split(/[\\/]/).pop() || p;
  return [`A: ${base(a.source)}`, `B: ${base(b.source)}`];
}

/** H(Z) of the set's population, I and corrected I per label set present in either result. */
export function compareRows(a: AnalysisResult, b: AnalysisResult, names = compareNames(a, b)): CompareRow[] {
  const sets = [...new Set([...Object.keys(a.labelSets), ...Object.keys(b.labelSets)])];
  const rows: CompareRow[] = [];
  for (const labelSet of sets) {
    [a, b].forEach((r, i) => {
      const s = r.labelSets[labelSet];
      if (!s) return;
      const values: [CompareMetric, number | null][] = [
        ['H(Z)', s.entropy],
        ['I(Z;L)', s.mutualInformation],
        ['corrected I', s.mutualInformationCorrected],
      ];
      for (const [metric, v] of values) if (finite(v)) rows.push({ labelSet, metric, file: names[i], value: v });
    });
  }
  return rows;
}

/** Grouped bars: a column per metric (own y scale), a group per label set, a bar per file. */
export function compareBarsSpec(rows: CompareRow[], names: [string, string], width: number): TopLevelSpec {
  return {
    title: { text: 'A and B per label set', subtitle: 'H(Z) of the labelled rows, I(Z;L), and I minus the shuffled baseline' },
    data: { values: rows },
    facet: { column: { field: 'metric', type: 'nominal', sort: [...COMPARE_METRICS], title: null } },
    spec: {
      width,
      height: 180,
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'labelSet', type: 'nominal', title: null, axis: { labelAngle: 0, labelLimit: 90 } },
        xOffset: { field: 'file', type: 'nominal', sort: names },
        y: { field: 'value', type: 'quantitative', title: 'nats' },
        color: { field: 'file', type: 'nominal', sort: names, title: null, legend: { orient: 'bottom' } },
        tooltip: [
          { field: 'file', title: 'file' },
          { field: 'labelSet', title: 'label set' },
          { field: 'metric', title: 'metric' },
          { field: 'value', title: 'value', format: NUM },
        ],
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

export interface CompareLayerRow {
  layer: number;
  file: string;
  series: string;
  value: number;
}

/** I per label set (and H(Z)) per layer for both results; empty unless both have layers. */
export function compareLayerRows(a: AnalysisResult, b: AnalysisResult, names = compareNames(a, b)): CompareLayerRow[] {
  if (!a.layers?.length || !b.layers?.length) return [];
  const rows: CompareLayerRow[] = [];
  [a, b].forEach((r, i) => {
    for (const l of r.layers ?? []) {
      if (finite(l.entropy)) rows.push({ layer: l.layer, file: names[i], series: 'H(Z)', value: l.entropy });
      for (const [set, s] of Object.entries(l.labelSets)) if (finite(s.mutualInformation)) rows.push({ layer: l.layer, file: names[i], series: `I(Z;${set})`, value: s.mutualInformation });
    }
  });
  return rows;
}

/** Lines per layer of H(Z) or of the I series: colour = quantity, dash = file. */
export function compareLayersSpec(rows: CompareLayerRow[], names: [string, string], measure: 'entropy' | 'information'): TopLevelSpec {
  const own = rows.filter((r) => (measure === 'entropy') === (r.series === 'H(Z)'));
  return {
    ...FIT_X,
    height: 200,
    title: { text: measure === 'entropy' ? 'H(Z) across layers, A and B' : 'I(Z;L) across layers, A and B', subtitle: 'solid: A, dashed: B' },
    data: { values: own },
    encoding: {
      x: { field: 'layer', type: 'quantitative', title: 'layer', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'value', type: 'quantitative', title: 'nats' },
      color: { field: 'series', type: 'nominal', title: null, legend: measure === 'entropy' ? null : { orient: 'bottom', symbolType: 'stroke', symbolStrokeWidth: 2 } },
    },
    layer: [
      // Points in their own layer: with `point: true` vega-lite draws the dash legend as filled dots.
      { mark: { type: 'line' }, encoding: { strokeDash: { field: 'file', type: 'nominal', sort: names, title: null, scale: { domain: names, range: [[1, 0], [5, 3]] }, legend: { orient: 'bottom', symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 300 } }, detail: { field: 'file', type: 'nominal' } } },
      {
        mark: { type: 'point', filled: true, tooltip: true },
        encoding: {
          tooltip: [
            { field: 'file', title: 'file' },
            { field: 'layer', title: 'layer' },
            { field: 'series', title: 'quantity' },
            { field: 'value', title: 'nats', format: NUM },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
