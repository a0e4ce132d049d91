// Projection view: a 2-D PCA of a sample, coloured by a label set, with the anchors' directions.
import type { ProjectionResult } from '../../../src/core/protocol/webviewProtocol';
import { NUM, REFERENCE, type TopLevelSpec } from './common';

export const OTHER = '(other values)';
export const MISSING = '(no label)';

export interface ProjectedPoint {
  x: number;
  y: number;
  label: string;
}

/**
 * Points with their label in `labelSet` (index into p.labelSets; -1 = none). More than
 * `maxColours` distinct values: the most frequent keep their colour, the rest become "other".
 */
export function projectionPoints(p: ProjectionResult, labelSet: number, maxColours = 10): { points: ProjectedPoint[]; domain: string[] } {
  const raw = p.points.map((q) => ({ x: q.x, y: q.y, value: labelSet >= 0 ? q.labels[labelSet] ?? null : null }));
  const freq = new Map<string, number>();
  for (const r of raw) if (r.value != null) freq.set(r.value, (freq.get(r.value) ?? 0) + 1);
  const byCount = [...freq.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], undefined, { numeric: true })).map(([v]) => v);
  const keep = new Set(byCount.length > maxColours ? byCount.slice(0, maxColours - 1) : byCount);
  const points = raw.map((r) => ({ x: r.x, y: r.y, label: r.value == null ? MISSING : keep.has(r.value) ? r.value : OTHER }));
  const domain = [...byCount.filter((v) => keep.has(v))];
  if (byCount.length > keep.size) domain.push(OTHER);
  if (points.some((q) => q.label === MISSING)) domain.push(MISSING);
  return { points, domain };
}

/** Anchor directions scaled to the point cloud's radius, so they read as directions over the data. */
export function scaledAnchors(p: ProjectionResult): { x: number; y: number; anchor: number }[] {
  const radius = (a: { x: number; y: number }): number => Math.hypot(a.x, a.y);
  const cloud = Math.max(0, ...p.points.map(radius));
  const longest = Math.max(0, ...p.anchors.map(radius));
  const s = longest > 0 && cloud > 0 ? cloud / longest : 1;
  return p.anchors.map((a, anchor) => ({ x: a.x * s, y: a.y * s, anchor }));
}

export interface ProjectionOptions {
  labelSet: string | null;
  domain: string[];
  width: number;
  height: number;
}

/** Scatter of the sample (coloured by label) with anchor directions as faint rules from the origin. */
export function projectionSpec(p: ProjectionResult, points: ProjectedPoint[], o: ProjectionOptions): TopLevelSpec {
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  const x = { field: 'x', type: 'quantitative', title: `PC1 (${pct(p.explained[0])} of variance)`, scale: { zero: false } };
  const y = { field: 'y', type: 'quantitative', title: `PC2 (${pct(p.explained[1])} of variance)`, scale: { zero: false } };
  const anchors = scaledAnchors(p);
  return {
    width: o.width,
    height: o.height,
    title: {
      text: `PCA of ${p.sampled.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} rows, layer ${p.layer}`,
      subtitle: `${o.labelSet ? `colour: ${o.labelSet}` : 'no label set'}; crosses and faint lines: the ${p.anchors.length} anchors’ directions, scaled to the cloud`,
    },
    layer: [
      { data: { values: anchors.map((a) => ({ ...a, x0: 0, y0: 0 })) }, mark: { type: 'rule', style: REFERENCE, opacity: 0.25 }, encoding: { x: { ...x, field: 'x0' }, y: { ...y, field: 'y0' }, x2: { field: 'x' }, y2: { field: 'y' } } },
      {
        data: { values: points },
        mark: { type: 'circle', size: 14, opacity: 0.65, tooltip: true },
        encoding: {
          x,
          y,
          color: { field: 'label', type: 'nominal', title: o.labelSet, scale: { domain: o.domain }, legend: { orient: 'right', labelLimit: 140 } },
          tooltip: [
            { field: 'label', title: o.labelSet ?? 'label' },
            { field: 'x', title: 'PC1', format: NUM },
            { field: 'y', title: 'PC2', format: NUM },
          ],
        },
      },
      { data: { values: anchors }, mark: { type: 'point', shape: 'cross', size: 50, filled: true, style: REFERENCE, tooltip: true }, encoding: { x, y, tooltip: [{ field: 'anchor', title: 'anchor' }] } },
    ],
  } as TopLevelSpec;
}
