import type { LabelSetResult } from '../entropy/metrics';
import type { AnalysisResult } from './result';
import { resultWarnings } from './warnings';

const fmt = (x: number | null | undefined, digits = 4): string => (x == null ? '—' : x.toFixed(digits));

/** Left-aligned first column, right-aligned others. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

function labelRow(name: string, l: LabelSetResult): string[] {
  const shuffled = l.shuffled ? `${fmt(l.shuffled.mean)} ± ${fmt(l.shuffled.sd)}` : '—';
  return [name, String(l.rows), fmt(l.conditionalEntropy), fmt(l.mutualInformation), shuffled, fmt(l.mutualInformationCorrected), fmt(l.regularity, 3), fmt(l.variation, 3), fmt(l.disentanglement, 3)];
}

/** The human-readable summary the CLI prints without `--json`. */
export function formatSummary(r: AnalysisResult): string {
  const out: string[] = [];
  out.push(`Embedding Entropy — ${r.source}${r.labels ? ` with labels ${r.labels}` : ''}`);
  out.push(
    `${r.rows} rows × ${r.dim} dims` +
      (r.layers ? `, ${r.layers.length} layers (summary of layer ${r.layer})` : '') +
      `; ${r.anchors} anchors (seed ${r.seed}), ε = ${r.temperature.toPrecision(4)} (${String(r.settings.temperature)}), ${r.settings.similarity}/${r.settings.smoothing}`,
  );
  out.push('');
  out.push(`H(Z) = ${fmt(r.entropy)} nats   normalised ${fmt(r.entropyNormalized, 3)} (of ln ${r.anchors} = ${Math.log(r.anchors).toFixed(3)})`);
  const names = Object.keys(r.labelSets);
  if (names.length) {
    out.push('');
    out.push(...table(['label set', 'rows', 'H(Z|L)', 'I(Z;L)', 'shuffled I', 'I corrected', 'regularity', 'variation', 'disentangl.'], names.map((n) => labelRow(n, r.labelSets[n]))));
  }
  const warnings = resultWarnings(r);
  if (warnings.length) out.push('', ...warnings.map((w) => `! ${w}`));
  if (r.optimality) out.push('', `Optimality I(${r.optimality.output})/I(${r.optimality.input}) = ${fmt(r.optimality.value)}`);
  if (r.layers) {
    out.push('');
    const header = ['layer', 'H(Z)', ...names.map((n) => `I(${n})`)];
    out.push(...table(header, r.layers.map((l) => [String(l.layer), fmt(l.entropy), ...names.map((n) => fmt(l.labelSets[n]?.mutualInformation))])));
  }
  out.push('', `${r.engine} engine (${r.kernelMode}), ${r.seconds.toFixed(2)} s`);
  return out.join('\n');
}
