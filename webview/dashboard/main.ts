// Dashboard webview: shows one analysis result. Receives only the small result object, never rows.
import '../common/theme.css';
import type { DashboardInbound, DashboardOutbound } from '../../src/core/protocol/webviewProtocol';
import type { AnalysisResult } from '../../src/core/report/result';
import { resultWarnings } from '../../src/core/report/warnings';
import { el, fmt, vscodeApi } from '../common/vscodeApi';

interface State {
  file: string;
  result?: AnalysisResult;
}

const vscode = vscodeApi<State, DashboardOutbound>();
const app = document.getElementById('app')!;
const status = el('div', { class: 'muted', role: 'status' });

function card(label: string, value: string, title: string): HTMLElement {
  return el('div', { class: 'card', title }, el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
}

function render(r: AnalysisResult): void {
  const names = Object.keys(r.labelSets);
  const header = el(
    'div',
    {},
    el('h1', {}, r.source.split(/[\\/]/).pop() ?? r.source),
    el(
      'div',
      { class: 'muted' },
      `${r.rows.toLocaleString()} rows × ${r.dim} dims${r.layers ? `, ${r.layers.length} layers (cards show layer ${r.layer})` : ''} · ${r.anchors} anchors, seed ${r.seed} · ε = ${r.temperature.toPrecision(4)} (${String(r.settings.temperature)}) · ${r.settings.similarity}/${r.settings.smoothing} · ${r.engine} engine (${r.kernelMode}), ${r.seconds.toFixed(2)} s`,
    ),
  );
  const cards = el(
    'div',
    { class: 'cards' },
    card('H(Z), nats', fmt(r.entropy), 'Soft entropy of the average assignment over anchors: how evenly the embeddings use the space.'),
    card('H(Z) / ln n', fmt(r.entropyNormalized, 3), 'Normalised entropy: 0 = everything at one anchor, 1 = spread evenly.'),
  );
  for (const n of names) {
    const l = r.labelSets[n];
    cards.append(card(`I(Z;${n}) corrected`, fmt(l.mutualInformationCorrected ?? l.mutualInformation), 'I minus the mean of the shuffled-label baseline.'));
  }
  const table = el('table', { 'aria-label': 'Label sets' });
  table.append(
    el('tr', {}, ...['label set', 'rows', 'H(Z|L)', 'I(Z;L)', 'shuffled I', 'I corrected', 'regularity', 'variation', 'disentanglement'].map((h) => el('th', { scope: 'col' }, h))),
  );
  for (const n of names) {
    const l = r.labelSets[n];
    table.append(
      el(
        'tr',
        {},
        el('td', {}, n),
        ...[
          String(l.rows),
          fmt(l.conditionalEntropy),
          fmt(l.mutualInformation),
          l.shuffled ? `${fmt(l.shuffled.mean)} ± ${fmt(l.shuffled.sd)}` : '—',
          fmt(l.mutualInformationCorrected),
          fmt(l.regularity, 3),
          fmt(l.variation, 3),
          fmt(l.disentanglement, 3),
        ].map((v) => el('td', {}, v)),
      ),
    );
  }
  const warnings = resultWarnings(r).map((w) => el('div', { class: 'warning' }, w));
  const toolbar = el('div', { class: 'toolbar' });
  const button = (label: string, msg: DashboardOutbound, secondary = false): HTMLButtonElement => {
    const b = el('button', secondary ? { class: 'secondary' } : {}, label);
    b.addEventListener('click', () => vscode.postMessage(msg));
    return b;
  };
  toolbar.append(button('Re-run', { type: 'rerun' }), button('Export JSON', { type: 'export', format: 'json' }, true), button('Export CSV', { type: 'export', format: 'csv' }, true));
  const parts: Node[] = [header, cards, ...warnings];
  if (names.length) parts.push(el('h2', {}, 'Label sets'), table);
  else parts.push(el('p', { class: 'muted' }, 'No labels: add a metadata.tsv next to the file (or pass a label file) to see H(Z|L) and I(Z;L).'));
  if (r.layers) {
    const lt = el('table', { 'aria-label': 'Layers' });
    lt.append(el('tr', {}, ...['layer', 'H(Z)', ...names.map((n) => `I(${n})`)].map((h) => el('th', { scope: 'col' }, h))));
    for (const l of r.layers) lt.append(el('tr', {}, el('td', {}, String(l.layer)), el('td', {}, fmt(l.entropy)), ...names.map((n) => el('td', {}, fmt(l.labelSets[n]?.mutualInformation)))));
    parts.push(el('h2', {}, 'Layers'), lt);
  }
  parts.push(toolbar, status);
  app.replaceChildren(...parts);
}

window.addEventListener('message', (e: MessageEvent<DashboardInbound>) => {
  const m = e.data;
  switch (m.type) {
    case 'result':
      status.textContent = '';
      vscode.setState({ file: m.result.source, result: m.result });
      render(m.result);
      break;
    case 'busy':
      status.textContent = `Analysing… ${m.rowsDone.toLocaleString()} of ${m.rowsTotal.toLocaleString()} rows`;
      if (!app.contains(status)) app.append(status);
      break;
    case 'failed':
      app.append(el('div', { class: 'error', role: 'alert' }, m.message));
      break;
  }
});

const saved = vscode.getState();
if (saved?.result) render(saved.result);
else app.append(el('p', { class: 'muted' }, 'Loading…'));
vscode.postMessage({ type: 'ready' });
