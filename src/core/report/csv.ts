import type { AnalysisResult } from './result';

const cell = (v: unknown): string => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The result as one long CSV table: one row per (layer, label set, label value) with the set's and
 * the value's numbers, plus one row per layer for H(Z) — easy to load in pandas or a spreadsheet.
 */
export function resultToCsv(r: AnalysisResult): string {
  const header = ['layer', 'labelSet', 'value', 'count', 'included', 'entropy', 'conditionalEntropy', 'mutualInformation', 'mutualInformationCorrected', 'shuffledMean', 'shuffledSd', 'regularity', 'variation', 'disentanglement', 'informationGain'];
  const rows: unknown[][] = [];
  const layers = r.layers ?? [{ layer: r.layer, entropy: r.entropy, labelSets: r.labelSets, rows: r.rows }];
  for (const l of layers) {
    rows.push([l.layer, '', '', l.rows, '', l.entropy]);
    for (const [name, s] of Object.entries(l.labelSets)) {
      const common = [s.conditionalEntropy, s.mutualInformation, s.mutualInformationCorrected, s.shuffled?.mean, s.shuffled?.sd, s.regularity, s.variation, s.disentanglement];
      rows.push([l.layer, name, '', s.rows, '', s.entropy, ...common, '']);
      for (const [value, v] of Object.entries(s.values)) {
        rows.push([l.layer, name, value, v.count, v.included, v.entropy, '', '', '', '', '', v.regularity, '', '', v.informationGain]);
      }
    }
  }
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
