// Labels: "Which label values have the most specific embeddings?" H(Z|L=l), counts and per-label
// regularity for every value: a top-k chart and a searchable, sortable table (thousands of values).
import { dropdown, fieldControl, textField } from '../../common/toolkit';
import { el, fmt } from '../../common/vscodeApi';
import { filterLabelRows, labelRows, labelsBarSpec, sortLabelRows, topK, type LabelMetric, type LabelRow, type SortDir } from '../charts/labelsSpec';
import type { ViewContext } from './context';
import { controlRow, note, unavailable } from './ui';

/** Table rows drawn at most; the search narrows the rest. */
const TABLE_LIMIT = 200;

const RANKINGS: { value: string; label: string; key: LabelMetric | 'value'; dir: SortDir }[] = [
  { value: 'entropy:asc', label: 'H(Z|L=l), lowest first', key: 'entropy', dir: 'asc' },
  { value: 'entropy:desc', label: 'H(Z|L=l), highest first', key: 'entropy', dir: 'desc' },
  { value: 'regularity:desc', label: 'per-label regularity, highest first', key: 'regularity', dir: 'desc' },
  { value: 'regularity:asc', label: 'per-label regularity, lowest first', key: 'regularity', dir: 'asc' },
  { value: 'informationGain:desc', label: 'H(Z) − H(Z|L=l), highest first', key: 'informationGain', dir: 'desc' },
  { value: 'informationGain:asc', label: 'H(Z) − H(Z|L=l), lowest first', key: 'informationGain', dir: 'asc' },
  { value: 'count:desc', label: 'rows, most first', key: 'count', dir: 'desc' },
  { value: 'count:asc', label: 'rows, fewest first', key: 'count', dir: 'asc' },
  { value: 'value:asc', label: 'value, A → Z', key: 'value', dir: 'asc' },
  { value: 'value:desc', label: 'value, Z → A', key: 'value', dir: 'desc' },
];

const COLUMNS: { key: LabelMetric | 'value'; label: string; fmt: (r: LabelRow) => string }[] = [
  { key: 'value', label: 'value', fmt: (r) => r.value },
  { key: 'count', label: 'rows', fmt: (r) => r.count.toLocaleString() },
  { key: 'entropy', label: 'H(Z|L=l)', fmt: (r) => fmt(r.entropy) },
  { key: 'informationGain', label: 'H(Z) − H(Z|L=l)', fmt: (r) => fmt(r.informationGain) },
  { key: 'regularity', label: 'per-label regularity', fmt: (r) => (r.regularity == null ? '—' : `${(r.regularity * 100).toFixed(1)}%`) },
];

export function labelsView(ctx: ViewContext): HTMLElement {
  const name = ctx.labelSet;
  if (!name) return el('div', { class: 'view' }, unavailable('No label sets in this result: add a metadata.tsv next to the file to see per-label entropies.'));
  const set = ctx.layer.labelSets[name];
  const all = labelRows(set);
  const st = { ...ctx.state.labels };
  const chart = ctx.charts.slot();
  const tableSlot = el('div', { class: 'table-slot' });
  const count = el('div', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  let timer = 0;

  const draw = (withChart: boolean): void => {
    const rows = filterLabelRows(all, st.query);
    const metric: LabelMetric = st.sortKey === 'value' ? 'count' : st.sortKey;
    const dir: SortDir = st.sortKey === 'value' ? 'desc' : st.sortDir;
    if (withChart) {
      // Values below the min count rank by their tiny-sample H (biased low): the chart leaves them
      // out when there are others; the table keeps them, in italics.
      const included = rows.filter((r) => r.included);
      const ranked = included.length && metric !== 'count' ? included : rows;
      const leftOut = rows.length - ranked.length;
      if (rows.length) chart.show(`labels-${name}-top${st.k}`, labelsBarSpec(topK(ranked, metric, st.k, dir), { labelSet: name, metric, total: ranked.length, query: st.query.trim(), populationEntropy: set.entropy, leftOut }));
      else chart.showNode(unavailable(`No ${name} value contains “${st.query}”.`));
    }
    const sorted = sortLabelRows(rows, st.sortKey, st.sortDir);
    const shown = sorted.slice(0, TABLE_LIMIT);
    count.textContent = `${rows.length.toLocaleString()} of ${all.length.toLocaleString()} values${st.query ? ` match “${st.query}”` : ''}${shown.length < rows.length ? ` · table shows the first ${shown.length}; search to narrow` : ''}`;
    tableSlot.replaceChildren(labelTable(name, shown, st.sortKey, st.sortDir, (key) => {
      const dirNext: SortDir = st.sortKey === key ? (st.sortDir === 'asc' ? 'desc' : 'asc') : key === 'value' || key === 'entropy' ? 'asc' : 'desc';
      Object.assign(st, { sortKey: key, sortDir: dirNext });
      // Keep "Rank by" in step when it has this order.
      if (RANKINGS.some((r) => r.value === `${key}:${dirNext}`)) fieldControl(rank).value = `${key}:${dirNext}`;
      commit(true);
      tableSlot.querySelector<HTMLElement>(`button[data-sort="${key}"]`)?.focus();
    }));
  };
  const commit = (withChart: boolean): void => {
    ctx.save({ labels: { ...st } });
    draw(withChart);
  };

  const search = textField('Search values', st.query, (q) => {
    st.query = q;
    clearTimeout(timer);
    timer = window.setTimeout(() => commit(true), 150);
  }, { placeholder: 'filter, e.g. “the”', live: true, name: 'label-search' });
  const rank = dropdown('Rank by', RANKINGS.map((r) => ({ value: r.value, label: r.label })), `${st.sortKey}:${st.sortDir}`, (v) => {
    const r = RANKINGS.find((x) => x.value === v)!;
    Object.assign(st, { sortKey: r.key, sortDir: r.dir });
    commit(true);
  }, 'label-rank');
  const k = dropdown('Chart shows', ['10', '25', '50', '100'].map((v) => ({ value: v, label: `top ${v}` })), String(st.k), (v) => {
    st.k = Number(v);
    commit(true);
  }, 'label-topk');
  draw(true);
  const excluded = all.filter((r) => !r.included).length;
  return el(
    'div',
    { class: 'view labels' },
    note(`${name}: ${all.length.toLocaleString()} values over ${set.rows.toLocaleString()} rows. Lower H(Z|L=l) means the value’s embeddings concentrate on fewer anchors.${excluded ? ` ${excluded} values have fewer than ${ctx.result.settings.minCount} rows: shown, but left out of H(Z|L) and I.` : ''}`),
    controlRow(search, rank, k),
    chart.element,
    count,
    tableSlot,
  );
}

function labelTable(name: string, rows: LabelRow[], key: string, dir: SortDir, onSort: (k: LabelMetric | 'value') => void): HTMLElement {
  const head = COLUMNS.map((c) => {
    const b = el('button', { class: 'sort', 'data-sort': c.key, type: 'button' }, c.label, key === c.key ? (dir === 'asc' ? ' ▲' : ' ▼') : '');
    b.addEventListener('click', () => onSort(c.key));
    return el('th', { scope: 'col', 'aria-sort': key === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none' }, b);
  });
  head.push(el('th', { scope: 'col' }, 'in I'));
  const body = rows.map((r) => el('tr', r.included ? {} : { class: 'excluded' }, ...COLUMNS.map((c) => el('td', {}, c.fmt(r))), el('td', {}, r.included ? 'yes' : 'no')));
  return el('div', { class: 'table-wrap' }, el('table', { 'aria-label': `${name} values`, class: 'values' }, el('thead', {}, el('tr', {}, ...head)), el('tbody', {}, ...body)));
}
