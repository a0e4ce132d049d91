// Layers: "Where in the network does the information about each label appear?" H, I and
// regularity across layers, and the information plane of an (input, output) pair of label sets.
import { dropdown } from '../../common/toolkit';
import { el, fmt } from '../../common/vscodeApi';
import { infoPlaneSpec, layerLinesSpec, layerRows, planeRows, type LayerMetric } from '../charts/layersSpec';
import type { ViewContext } from './context';
import { controlRow, grid, note, section, unavailable } from './ui';

export function layersView(ctx: ViewContext): HTMLElement {
  const r = ctx.result;
  if (!r.layers || r.layers.length < 2) return el('div', { class: 'view layers' }, unavailable('This input has one layer. Layered inputs ([L, N, d] tensors, layer_0… arrays, one file per layer) show H and I across layers here.'));
  const names = Object.keys(r.labelSets);
  const metrics: LayerMetric[] = names.length ? ['entropy', 'mutualInformation', 'mutualInformationCorrected', 'regularity'] : ['entropy'];
  const lines = metrics.map((m) => ctx.charts.add(`layers-${m}`, layerLinesSpec(layerRows(r, m), m, ctx.layer.layer)));
  const parts: Node[] = [grid(...lines)];
  if (names.length) {
    const input = ctx.state.plane.input && names.includes(ctx.state.plane.input) ? ctx.state.plane.input : (r.optimality?.input ?? names[0]);
    const output = ctx.state.plane.output && names.includes(ctx.state.plane.output) ? ctx.state.plane.output : (r.optimality?.output ?? names[names.length > 1 ? 1 : 0]);
    const choices = names.map((n) => ({ value: n, label: n }));
    const rows = planeRows(r, input, output);
    const at = rows.find((x) => x.layer === ctx.layer.layer) ?? rows[rows.length - 1];
    parts.push(
      section(
        'Information plane',
        note('Pick the label set the network gets as input (e.g. token) and the one it should produce (e.g. the task label). Points above the diagonal hold more about the output than the input; optimality = I(output)/I(input).'),
        controlRow(
          dropdown('Input label set', choices, input, (v) => ctx.update({ plane: { input: v, output } }), 'plane-input'),
          dropdown('Output label set', choices, output, (v) => ctx.update({ plane: { input, output: v } }), 'plane-output'),
        ),
        rows.length ? ctx.charts.add(`information-plane-${input}-${output}`, infoPlaneSpec(rows, input, output, Math.min(420, Math.max(260, ctx.width - 120)))) : unavailable('No layer has both I values defined.'),
        at ? note(`Optimality at layer ${at.layer}: ${fmt(at.optimality, 3)}${input === output ? ' (input and output are the same set: every point is on the diagonal)' : ''}.`) : el('span'),
      ),
    );
  }
  return el('div', { class: 'view layers' }, ...parts);
}
