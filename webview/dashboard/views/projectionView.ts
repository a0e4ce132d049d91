// Projection: "What does the cloud look like, and where are the anchors?" A 2-D PCA of a sample
// (computed by the host: raw embeddings never reach the webview), coloured by a label set.
import { button, dropdown, setDisabled } from '../../common/toolkit';
import { el } from '../../common/vscodeApi';
import { projectionPoints, projectionSpec } from '../charts/projectionSpec';
import type { ViewContext } from './context';
import { controlRow, note, unavailable } from './ui';

export function projectionView(ctx: ViewContext): HTMLElement {
  const p = ctx.state.projection;
  const busy = ctx.busy.projection;
  const layer = ctx.layer.layer;
  const run = button(p ? 'Project again' : 'Compute the projection', () => ctx.post({ type: 'projection', layer }), { action: 'run-projection' });
  setDisabled(run, !!busy);
  const controls: Node[] = [run];
  const parts: Node[] = [note(`The host projects a seeded sample (at most 5000 rows) of layer ${layer} onto its two principal axes; only those 2-D points come to this view.`)];
  if (!p) {
    parts.push(controlRow(...controls), busy ? note('Running — progress and Cancel are at the top.') : unavailable('No projection yet.'));
    return el('div', { class: 'view projection' }, ...parts);
  }
  const setIndex = p.labelSets.indexOf(ctx.state.projectionLabelSet ?? ctx.labelSet ?? '');
  const chosen = setIndex >= 0 ? setIndex : p.labelSets.length ? 0 : -1;
  if (p.labelSets.length) {
    controls.push(dropdown('Colour by', p.labelSets.map((s) => ({ value: s, label: s })), p.labelSets[chosen], (v) => ctx.update({ projectionLabelSet: v }), 'projection-colour'));
  }
  parts.push(controlRow(...controls));
  if (p.layer !== layer) parts.push(note(`This projection is of layer ${p.layer}; the other views show layer ${layer}.`));
  const { points, domain } = projectionPoints(p, chosen);
  const size = Math.max(260, Math.min(ctx.width - 200, 640));
  parts.push(ctx.charts.add(`projection-layer${p.layer}`, projectionSpec(p, points, { labelSet: chosen >= 0 ? p.labelSets[chosen] : null, domain, width: size, height: Math.round(size * 0.75) }), { renderer: 'canvas' }));
  return el('div', { class: 'view projection' }, ...parts);
}
