// Summary: the headline numbers. "How much information is in these embeddings, and how much of it
// do the labels explain?"
import { resultWarnings } from '../../../src/core/report/warnings';
import { el, fmt } from '../../common/vscodeApi';
import { regularityRows, regularitySpec } from '../charts/summarySpec';
import type { ViewContext } from './context';
import { card, note, section } from './ui';

const EXPLAIN = {
  h: 'Soft entropy of the average assignment over anchors, in nats: how evenly the embeddings use the space.',
  hn: 'H(Z) / ln n: 0 = every row at one anchor, 1 = spread evenly over all anchors.',
  i: 'I(Z;L) = H(Z) − H(Z|L): how much knowing the label narrows down where a row sits (nats).',
  ic: 'I minus the mean I with the labels shuffled: the plug-in I is biased upward when label groups are small.',
  reg: 'Regularity I/H(Z): the share of the representation’s entropy that the labels explain.',
  var: 'Variation H(Z|L)/ln n: how spread the rows of one label still are (normalised).',
  dis: 'Disentanglement: mean over values of JS(P_l ‖ P_¬l)/ln 2, from 0 (values overlap) to 1 (separate anchors).',
};

export function summaryView(ctx: ViewContext): HTMLElement {
  const r = ctx.result;
  const L = ctx.layer;
  const names = Object.keys(L.labelSets);
  const top = el(
    'div',
    { class: 'cards' },
    card('H(Z), nats', fmt(L.entropy), EXPLAIN.h, `of at most ln ${r.anchors} = ${fmt(Math.log(r.anchors), 3)}`),
    card('H(Z) / ln n', fmt(L.entropyNormalized, 3), EXPLAIN.hn, 'normalised entropy'),
  );
  const sets = el('div', { class: 'cards' });
  for (const name of names) {
    const s = L.labelSets[name];
    const rows: [string, string, string][] = [
      ['I(Z;L)', fmt(s.mutualInformation), EXPLAIN.i],
      ['corrected I', fmt(s.mutualInformationCorrected), EXPLAIN.ic],
      ['regularity', fmt(s.regularity, 3), EXPLAIN.reg],
      ['variation', fmt(s.variation, 3), EXPLAIN.var],
      ['disentanglement', fmt(s.disentanglement, 3), EXPLAIN.dis],
    ];
    const values = Object.values(s.values);
    sets.append(
      el(
        'div',
        { class: 'card set-card', 'data-card': `set:${name}` },
        el('div', { class: 'set-name' }, name),
        el('div', { class: 'muted' }, `${values.length.toLocaleString()} values · ${s.rows.toLocaleString()} rows`),
        el('dl', {}, ...rows.flatMap(([k, v, t]) => [el('dt', { title: t }, k), el('dd', { title: t }, v)])),
        s.shuffled ? el('div', { class: 'muted extra' }, `shuffled I: ${fmt(s.shuffled.mean)} ± ${fmt(s.shuffled.sd)} (${s.shuffled.values.length} shuffles)`) : el('div', { class: 'muted extra' }, 'no shuffled baseline'),
      ),
    );
  }
  const skipped = L.skippedRows.nonFinite + L.skippedRows.zero;
  const t = r.settings.temperature;
  const facts: [string, string][] = [
    ['rows analysed', `${L.validRows.toLocaleString()} of ${L.rows.toLocaleString()}`],
    ['rows skipped', skipped ? `${skipped.toLocaleString()} (${L.skippedRows.nonFinite} NaN/Inf, ${L.skippedRows.zero} all-zero)` : 'none'],
    ['dimensions', String(r.dim)],
    ['anchors', `${r.anchors} (${r.settings.placement}, hash ${r.anchorsHash})`],
    ['temperature ε', `${r.temperature.toPrecision(4)} (${typeof t === 'number' ? 'fixed' : t})`],
    ['seed', String(r.seed)],
    ['kernel', `${r.settings.similarity} · ${r.settings.smoothing} · ${r.settings.weighting} H(Z|L)`],
    ['baseline', `${r.settings.shuffles} shuffles · min count ${r.settings.minCount}`],
    ['engine', `${r.engine} (${r.kernelMode})`],
    ['time', `${r.seconds.toFixed(2)} s`],
  ];
  if (r.layers?.length) facts.splice(1, 0, ['layer', `${L.layer} (of ${r.layers.length}: ${r.layers.map((l) => l.layer).join(', ')})`]);
  const factList = el('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  const warnings = resultWarnings({ ...r, labelSets: L.labelSets, skippedRows: L.skippedRows, rows: L.rows });
  const parts: Node[] = [top];
  if (names.length) {
    parts.push(section('Label sets', sets));
    const rows = regularityRows(L.labelSets);
    if (rows.length) parts.push(ctx.charts.add('summary-regularity', regularitySpec(rows)));
  } else parts.push(note('No labels: put a metadata.tsv next to the file (or pass a label file) to see H(Z|L), I(Z;L) and the label views.'));
  parts.push(section('Run', factList));
  if (warnings.length) parts.push(section('Warnings', el('ul', { class: 'warnings' }, ...warnings.map((w) => el('li', { class: 'warning' }, w)))));
  return el('div', { class: 'view summary' }, ...parts);
}
