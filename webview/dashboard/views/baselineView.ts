// Baseline: "Is each I more than the bias of small label groups?" I against the shuffled-label I.
import { el, fmt } from '../../common/vscodeApi';
import { baselineRows, baselineSpec } from '../charts/baselineSpec';
import type { ViewContext } from './context';
import { note, table, unavailable } from './ui';

export function baselineView(ctx: ViewContext): HTMLElement {
  const sets = ctx.layer.labelSets;
  if (!Object.keys(sets).length) return el('div', { class: 'view baseline' }, unavailable('No label sets: the baseline compares I(Z;L) with shuffled labels.'));
  const { rows, missing } = baselineRows(sets);
  const parts: Node[] = [
    note('The plug-in I is biased upward when label groups are small. Shuffling the labels keeps the group sizes and destroys the relation: what I still shows then is bias. Read the corrected I = I − mean(shuffled).'),
  ];
  if (rows.length) parts.push(ctx.charts.add('baseline', baselineSpec(rows, Math.max(240, ctx.width - 190))));
  if (missing.length) parts.push(unavailable(`No shuffled baseline for ${missing.join(', ')} (run with shuffles > 0).`));
  const body = Object.entries(sets)
    .filter(([, s]) => s.shuffled)
    .map(([name, s]) => {
      const sh = s.shuffled!;
      const z = sh.sd > 0 && s.mutualInformation != null ? (s.mutualInformation - sh.mean) / sh.sd : null;
      const above = s.mutualInformation != null && s.mutualInformation >= sh.mean + 2 * sh.sd;
      return [name, fmt(s.mutualInformation), `${fmt(sh.mean)} ± ${fmt(sh.sd)}`, fmt(s.mutualInformationCorrected), z == null ? '—' : z > 1e4 ? '> 10 000' : z.toFixed(1), above ? 'above chance' : 'not distinguishable from chance'];
    });
  if (body.length) parts.push(table('Baseline per label set', ['label set', 'I', 'shuffled I (mean ± sd)', 'corrected I', 'z', 'verdict'], body));
  return el('div', { class: 'view baseline' }, ...parts);
}
