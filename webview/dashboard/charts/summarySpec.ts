// Summary chart: how much of H(Z) each label set explains (regularity), next to its
// bias-corrected counterpart.
import type { LabelSetResult } from '../../../src/core/entropy/metrics';
import { FIT_X, NUM, finite, type TopLevelSpec } from './common';

export interface RegularityRow {
  labelSet: string;
  measure: 'I / H(Z)' | 'corrected I / H(Z)';
  value: number;
}

/** Regularity and corrected regularity per label set (sets without a defined value are left out). */
export function regularityRows(sets: Record<string, LabelSetResult>): RegularityRow[] {
  const rows: RegularityRow[] = [];
  for (const [labelSet, s] of Object.entries(sets)) {
    if (finite(s.regularity)) rows.push({ labelSet, measure: 'I / H(Z)', value: s.regularity });
    if (finite(s.mutualInformationCorrected) && finite(s.entropy) && s.entropy > 0) {
      rows.push({ labelSet, measure: 'corrected I / H(Z)', value: s.mutualInformationCorrected / s.entropy });
    }
  }
  return rows;
}

/** Grouped horizontal bars: one group per label set, x in [0, 1]. */
export function regularitySpec(rows: RegularityRow[]): TopLevelSpec {
  return {
    ...FIT_X,
    title: { text: 'Share of H(Z) explained by each label set', subtitle: 'regularity I(Z;L)/H(Z), and the same after subtracting the shuffled-label baseline' },
    data: { values: rows },
    mark: { type: 'bar', tooltip: true },
    height: Math.max(40, new Set(rows.map((r) => r.labelSet)).size * 32),
    encoding: {
      y: { field: 'labelSet', type: 'nominal', title: null, sort: null },
      yOffset: { field: 'measure', type: 'nominal', sort: ['I / H(Z)', 'corrected I / H(Z)'] },
      x: { field: 'value', type: 'quantitative', title: 'share of H(Z)', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
      color: { field: 'measure', type: 'nominal', title: null, sort: ['I / H(Z)', 'corrected I / H(Z)'], legend: { orient: 'bottom' } },
      tooltip: [
        { field: 'labelSet', title: 'label set' },
        { field: 'measure', title: 'measure' },
        { field: 'value', title: 'value', format: NUM },
      ],
    },
  };
}
