// Custom editor webview: the file's overview (shape, dtype, layers, label sets) and an Analyse action.
import '../common/theme.css';
import type { OverviewInbound, OverviewOutbound } from '../../src/core/protocol/webviewProtocol';
import type { FileOverview } from '../../src/core/protocol/workerProtocol';
import { el, vscodeApi } from '../common/vscodeApi';

const vscode = vscodeApi<unknown, OverviewOutbound>();
const app = document.getElementById('app')!;

const bytes = (n: number): string => (n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KiB` : n < 2 ** 30 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${(n / 2 ** 30).toFixed(2)} GiB`);

function render(o: FileOverview): void {
  const rows: [string, string][] = [
    ['Format', o.info.format + (o.info.dtype ? ` (${o.info.dtype})` : '')],
    ['Shape', `${o.layers > 1 ? `${o.layers} layers × ` : ''}${o.rows.toLocaleString()} rows × ${o.dim} dims`],
    ['Size', bytes(o.size)],
  ];
  if (o.info.tensor) rows.push(['Embeddings', o.info.tensor]);
  rows.push(['Labels', o.sidecar ? `from ${o.sidecar.split(/[\\/]/).pop()}` : o.labelSets.length ? 'stored in the file' : 'none found (add metadata.tsv next to the file)']);
  const facts = el('table', { 'aria-label': 'File overview' }, ...rows.map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v))));
  const parts: Node[] = [el('h1', {}, o.file.split(/[\\/]/).pop() ?? o.file), facts];
  if (o.labelSets.length) {
    const t = el('table', { 'aria-label': 'Label sets' }, el('tr', {}, ...['label set', 'values', 'missing', 'from'].map((h) => el('th', { scope: 'col' }, h))));
    for (const s of o.labelSets) t.append(el('tr', {}, el('td', {}, s.name), el('td', {}, String(s.values)), el('td', {}, String(s.missing)), el('td', {}, s.source)));
    parts.push(el('h2', {}, 'Label sets'), t);
  }
  if (o.info.metadata && Object.keys(o.info.metadata).length) {
    const t = el('table', { 'aria-label': 'Metadata' }, ...Object.entries(o.info.metadata).map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v))));
    parts.push(el('h2', {}, 'Metadata'), t);
  }
  const analyse = el('button', {}, 'Analyse');
  analyse.addEventListener('click', () => vscode.postMessage({ type: 'analyse', withOptions: false }));
  const options = el('button', { class: 'secondary' }, 'Analyse with Options…');
  options.addEventListener('click', () => vscode.postMessage({ type: 'analyse', withOptions: true }));
  parts.push(el('div', { class: 'toolbar' }, analyse, options));
  app.replaceChildren(...parts);
  analyse.focus();
}

window.addEventListener('message', (e: MessageEvent<OverviewInbound>) => {
  const m = e.data;
  if (m.type === 'overview') render(m.overview);
  else app.replaceChildren(el('h1', {}, 'Cannot read this file'), el('div', { class: 'error', role: 'alert' }, m.message));
});

app.append(el('p', { class: 'muted' }, 'Reading the file…'));
vscode.postMessage({ type: 'ready' });
