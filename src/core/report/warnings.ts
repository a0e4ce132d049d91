import type { AnalysisResult } from './result';

/** Things a careful reader of a result needs to know, in plain words (CLI summary and dashboard). */
export function resultWarnings(r: AnalysisResult): string[] {
  const out: string[] = [...(r.notices ?? [])];
  const skipped = r.skippedRows.nonFinite + r.skippedRows.zero;
  if (skipped > 0) out.push(`Skipped ${skipped} of ${r.rows} rows: ${r.skippedRows.nonFinite} with NaN/Inf, ${r.skippedRows.zero} all-zero.`);
  for (const [name, l] of Object.entries(r.labelSets)) {
    const values = Object.values(l.values);
    const excluded = values.filter((v) => !v.included).length;
    if (excluded) out.push(`${name}: ${excluded} of ${values.length} values have fewer than ${r.settings.minCount} rows and are left out of H(Z|L) and I.`);
    if (l.shuffled && l.mutualInformation != null && l.mutualInformation < l.shuffled.mean + 2 * l.shuffled.sd) {
      out.push(`${name}: I is within two sd of the shuffled-label baseline — not distinguishable from chance.`);
    }
    const included = values.filter((v) => v.included);
    if (included.length > 0 && l.rows / included.length < 20) {
      out.push(`${name}: on average ${(l.rows / included.length).toFixed(1)} rows per value — I is strongly biased upwards here; read the corrected I.`);
    }
  }
  return out;
}
