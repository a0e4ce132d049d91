// Baseline view: the observed I(Z;L) against the I of shuffled labels (METHOD.md §3), one row
// per label set, each with its own x scale (I ranges differ by orders of magnitude).
import type { LabelSetResult } from '../../../src/core/entropy/metrics';
import { NUM, REFERENCE, finite, type TopLevelSpec } from './common';

export interface BaselineRow {
  labelSet: string;
  kind: 'shuffled labels' | 'observed I' | 'band';
  value: number;
  /** mean ± 2 sd of the shuffled I (band rows only). */
  lo?: number;
  hi?: number;
}

/** Rows for every label set with a baseline; `missing` lists the sets without one. */
export function baselineRows(sets: Record<string, LabelSetResult>): { rows: BaselineRow[]; missing: string[] } {
  const rows: BaselineRow[] = [];
  const missing: string[] = [];
  for (const [labelSet, s] of Object.entries(sets)) {
    if (!s.shuffled || !s.shuffled.values.length || !finite(s.mutualInformation)) {
      missing.push(labelSet);
      continue;
    }
    const { mean, sd } = s.shuffled;
    rows.push({ labelSet, kind: 'band', value: mean, lo: Math.max(0, mean - 2 * sd), hi: mean + 2 * sd });
    for (const v of s.shuffled.values) rows.push({ labelSet, kind: 'shuffled labels', value: v });
    rows.push({ labelSet, kind: 'observed I', value: s.mutualInformation });
  }
  return { rows, missing };
}

/** Strip chart: shuffled I as ticks over a mean ± 2 sd band, the observed I as a thick rule. */
export function baselineSpec(rows: BaselineRow[], width: number): TopLevelSpec {
  const sets = [...new Set(rows.map((r) => r.labelSet))];
  const x = { field: 'value', type: 'quantitative', title: 'I(Z;L), nats', scale: { zero: true } };
  const color = { field: 'kind', type: 'nominal', title: null, scale: { domain: ['shuffled labels', 'observed I'] }, legend: { orient: 'bottom' } };
  const tooltip = [
    { field: 'labelSet', title: 'label set' },
    { field: 'kind', title: 'what' },
    { field: 'value', title: 'I, nats', format: NUM },
  ];
  return {
    title: { text: 'Is I above chance?', subtitle: 'ticks: I with the labels shuffled; shaded: their mean ± 2 sd; thick: the observed I. Each row has its own scale.' },
    data: { values: rows },
    facet: { row: { field: 'labelSet', type: 'nominal', sort: sets, title: null, header: { labelAngle: 0, labelAlign: 'left', labelLimit: 140 } } },
    spec: {
      width,
      height: 36,
      layer: [
        { transform: [{ filter: { field: 'kind', equal: 'band' } }], mark: { type: 'rect', style: REFERENCE, opacity: 0.2, strokeWidth: 0 }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
        { transform: [{ filter: { field: 'kind', equal: 'shuffled labels' } }], mark: { type: 'tick', thickness: 1.5, tooltip: true }, encoding: { x, color, tooltip } },
        { transform: [{ filter: { field: 'kind', equal: 'observed I' } }], mark: { type: 'tick', thickness: 4, tooltip: true }, encoding: { x, color, tooltip } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}
