// Anchors: "Where on the sphere do the rows sit, and where does each label value sit?" The
// population's distribution over anchors against each value's P(anchor | l).
import { dropdown } from '../../common/toolkit';
import { el } from '../../common/vscodeApi';
import { BARS_MAX_VALUES, anchorBarsSpec, anchorHeatmapSpec, anchorTable, populationSpec } from '../charts/anchorsSpec';
import type { ViewContext } from './context';
import { controlRow, note, unavailable } from './ui';

/** Anchors drawn at most (ranked by population mass). */
const MAX_ANCHORS = 200;
/** The engine stores P(anchor | l) only for label sets with at most this many values. */
const STORED_MAX_VALUES = 50;

export function anchorsView(ctx: ViewContext): HTMLElement {
  const P = ctx.layer.anchorDistribution;
  const n = ctx.result.anchors;
  if (!P?.length) {
    return el(
      'div',
      { class: 'view anchors' },
      unavailable('Not available: this result has no per-anchor distributions (it was made by a version that did not store them). Re-run the analysis to see how the rows spread over the anchors.'),
    );
  }
  const parts: Node[] = [];
  const name = ctx.labelSet;
  const set = name ? ctx.layer.labelSets[name] : undefined;
  const dists = set?.valueDistributions;
  const ordered: [string, number[]][] = set && dists ? Object.entries(dists).sort((a, b) => (set.values[b[0]]?.count ?? 0) - (set.values[a[0]]?.count ?? 0) || a[0].localeCompare(b[0])) : [];
  const t = anchorTable(P, ordered, MAX_ANCHORS);
  parts.push(ctx.charts.add('anchors-population', populationSpec(t, n, ctx.layer.entropy)));
  if (t.shown < n) parts.push(note(`Showing the ${t.shown} anchors with the most mass (${(t.massShown * 100).toFixed(1)}% of the rows’ mass) of ${n}.`));
  if (!name || !set) {
    parts.push(unavailable('No label sets: per-value distributions need labels.'));
  } else if (!dists || !ordered.length) {
    const values = Object.keys(set.values).length;
    parts.push(
      unavailable(
        values > STORED_MAX_VALUES
          ? `Not available for ${name}: per-value anchor distributions are stored only for label sets with at most ${STORED_MAX_VALUES} values, and ${name} has ${values.toLocaleString()}. Pick another label set, or see the Labels view.`
          : `Not available for ${name}: this result has no per-value anchor distributions. Re-run the analysis to see them.`,
      ),
    );
  } else {
    const mode = ctx.state.anchorsMode;
    const useBars = mode === 'bars' || (mode === 'auto' && ordered.length <= BARS_MAX_VALUES);
    const width = Math.max(240, ctx.width - 190);
    parts.push(
      controlRow(
        dropdown(
          'Show values as',
          [
            { value: 'auto', label: `auto (${useBars && mode === 'auto' ? 'bars' : mode === 'auto' ? 'heatmap' : mode})` },
            { value: 'bars', label: 'bars, one row per value' },
            { value: 'heatmap', label: 'heatmap' },
          ],
          mode,
          (v) => ctx.update({ anchorsMode: v }),
          'anchors-mode',
        ),
      ),
      ctx.charts.add(`anchors-${name}-${useBars ? 'bars' : 'heatmap'}`, useBars ? anchorBarsSpec(t, n, name, width) : anchorHeatmapSpec(t, n, name, width)),
    );
  }
  return el('div', { class: 'view anchors' }, ...parts);
}
