// Compare: "How do two embeddings (models, checkpoints, files) differ?" Side-by-side numbers,
// grouped bars per label set and, when both are layered, lines per layer.
import type { AnalysisResult } from '../../../src/core/report/result';
import { el, fmt } from '../../common/vscodeApi';
import { compareBarsSpec, compareLayerRows, compareLayersSpec, compareNames, compareRows } from '../charts/compareSpec';
import type { ViewContext } from './context';
import { grid, note, table, unavailable } from './ui';

const delta = (a: number | null | undefined, b: number | null | undefined, digits = 4): string => (a == null || b == null ? '—' : `${b - a >= 0 ? '+' : '−'}${Math.abs(b - a).toFixed(digits)}`);

export function compareView(ctx: ViewContext): HTMLElement {
  const c = ctx.state.compare;
  if (!c) return el('div', { class: 'view compare' }, unavailable('Nothing to compare: select two embeddings files in the Explorer and run “Compare Embeddings”.'));
  const { a, b } = c;
  const names = compareNames(a, b);
  const parts: Node[] = [side(a, names[0]), side(b, names[1])];
  const head = el('div', { class: 'compare-heads' }, ...parts);
  const same = a.anchorsHash === b.anchorsHash && a.temperature === b.temperature;
  const out: Node[] = [
    head,
    same
      ? note(`Same anchors (hash ${a.anchorsHash}, n = ${a.anchors}) and ε = ${a.temperature.toPrecision(4)}: the numbers are directly comparable.`)
      : el('div', { class: 'warning', role: 'note' }, `The two results use different anchors or temperature (hash ${a.anchorsHash} vs ${b.anchorsHash}, ε ${a.temperature.toPrecision(4)} vs ${b.temperature.toPrecision(4)}): compare with care.`),
  ];
  const sets = [...new Set([...Object.keys(a.labelSets), ...Object.keys(b.labelSets)])];
  const rows: string[][] = [
    ['H(Z)', fmt(a.entropy), fmt(b.entropy), delta(a.entropy, b.entropy)],
    ['H(Z) / ln n', fmt(a.entropyNormalized, 3), fmt(b.entropyNormalized, 3), delta(a.entropyNormalized, b.entropyNormalized, 3)],
  ];
  for (const s of sets) {
    const x = a.labelSets[s];
    const y = b.labelSets[s];
    rows.push([`I(Z;${s})`, fmt(x?.mutualInformation), fmt(y?.mutualInformation), delta(x?.mutualInformation, y?.mutualInformation)]);
    rows.push([`corrected I(Z;${s})`, fmt(x?.mutualInformationCorrected), fmt(y?.mutualInformationCorrected), delta(x?.mutualInformationCorrected, y?.mutualInformationCorrected)]);
  }
  out.push(table('A and B side by side', ['', names[0], names[1], 'B − A'], rows));
  const bars = compareRows(a, b, names);
  if (bars.length) out.push(ctx.charts.add('compare-label-sets', compareBarsSpec(bars, names, Math.max(120, Math.floor((ctx.width - 160) / 3)))));
  else out.push(unavailable('Neither result has label sets.'));
  const layerRows = compareLayerRows(a, b, names);
  if (layerRows.length) out.push(grid(ctx.charts.add('compare-layers-entropy', compareLayersSpec(layerRows, names, 'entropy')), ctx.charts.add('compare-layers-information', compareLayersSpec(layerRows, names, 'information'))));
  else if (a.layers?.length || b.layers?.length) out.push(note('Only one of the two results has layers: no per-layer comparison.'));
  return el('div', { class: 'view compare' }, ...out);
}

function side(r: AnalysisResult, name: string): HTMLElement {
  return el(
    'div',
    { class: 'card compare-head', title: r.source },
    el('div', { class: 'set-name' }, name),
    el('div', { class: 'muted' }, `${r.validRows.toLocaleString()} rows × ${r.dim} dims${r.layers ? ` · ${r.layers.length} layers (layer ${r.layer} shown)` : ''}`),
    el('div', { class: 'value' }, fmt(r.entropy)),
    el('div', { class: 'label' }, 'H(Z), nats'),
  );
}
