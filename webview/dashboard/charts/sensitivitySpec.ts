// Sensitivity view: H and I as the temperature (ε × scale) or the anchor count changes, over
// several seeds: the mean as a line, min–max over seeds as a band.
import type { SensitivityResult } from '../../../src/core/protocol/webviewProtocol';
import { FIT_X, NUM, REFERENCE, finite, type TopLevelSpec } from './common';

export type ScanKind = 'temperature' | 'anchors';
export type ScanMeasure = 'entropy' | 'information';

export interface ScanRow {
  /** ε scale (temperature scan) or anchor count (anchors scan). */
  x: number;
  series: string;
  mean: number;
  min: number;
  max: number;
  /** Seeds with a defined value. */
  seeds: number;
}

/**
 * Aggregates the scan's points over seeds: one row per (x, series). With `relativeTo` (the x of
 * the analysed setting: scale 1, or the analysed anchor count) every series is divided by its mean
 * there, so series of very different size share one axis; series without that x are left out.
 */
export function scanRows(res: SensitivityResult, kind: ScanKind, measure: ScanMeasure, relativeTo?: number): ScanRow[] {
  const groups = new Map<string, { x: number; series: string; values: number[] }>();
  const add = (x: number, series: string, v: number | null): void => {
    if (!finite(v)) return;
    const key = `${series}\u0000${x}`;
    const g = groups.get(key) ?? { x, series, values: [] };
    g.values.push(v);
    groups.set(key, g);
  };
  for (const p of res.points) {
    if (p.kind !== kind) continue;
    const x = kind === 'temperature' ? p.scale : p.bins;
    if (measure === 'entropy') add(x, 'H(Z)', p.entropy);
    else for (const [set, v] of Object.entries(p.mutualInformation)) add(x, `I(Z;${set})`, v);
  }
  const rows = [...groups.values()]
    .map(({ x, series, values }) => ({ x, series, mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values), seeds: values.length }))
    .sort((a, b) => a.series.localeCompare(b.series) || a.x - b.x);
  if (relativeTo == null) return rows;
  const ref = new Map(rows.filter((r) => r.x === relativeTo && r.mean !== 0).map((r) => [r.series, r.mean]));
  return rows.filter((r) => ref.has(r.series)).map((r) => {
    const m = ref.get(r.series)!;
    return { ...r, mean: r.mean / m, min: r.min / m, max: r.max / m };
  });
}

const X_TITLE: Record<ScanKind, string> = { temperature: 'ε as a multiple of the analysed ε (log scale)', anchors: 'number of anchors n (log scale)' };

/**
 * Mean line + min–max band per series, x on a log scale; the anchors' H chart adds ln n (the
 * maximum) unless the rows are relative.
 */
export function scanSpec(rows: ScanRow[], kind: ScanKind, measure: ScanMeasure, relative = false): TopLevelSpec {
  const xs = [...new Set(rows.map((r) => r.x))].sort((a, b) => a - b);
  const x = { field: 'x', type: 'quantitative', title: X_TITLE[kind], scale: { type: 'log', nice: false }, axis: { values: xs, format: kind === 'temperature' ? '~g' : 'd' } };
  const yTitle = relative ? `${measure === 'entropy' ? 'H(Z)' : 'I(Z;L)'} / value as analysed` : measure === 'entropy' ? 'H(Z), nats' : 'I(Z;L), nats';
  const single = new Set(rows.map((r) => r.series)).size === 1;
  const color = { field: 'series', type: 'nominal', title: null, legend: single ? null : { orient: 'bottom', symbolType: 'stroke', symbolStrokeWidth: 2, symbolOpacity: 1 } };
  const layer: object[] = [
    { data: { values: rows }, mark: { type: 'area', opacity: 0.22 }, encoding: { x, y: { field: 'min', type: 'quantitative', title: yTitle }, y2: { field: 'max' }, color } },
    {
      data: { values: rows },
      mark: { type: 'line', point: true, tooltip: true },
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative', title: yTitle },
        color,
        tooltip: [
          { field: 'series', title: 'quantity' },
          { field: 'x', title: kind === 'temperature' ? 'ε scale' : 'anchors' },
          { field: 'mean', title: 'mean over seeds', format: NUM },
          { field: 'min', title: 'min', format: NUM },
          { field: 'max', title: 'max', format: NUM },
          { field: 'seeds', title: 'seeds' },
        ],
      },
    },
  ];
  if (relative) {
    layer.unshift({ data: { values: [{ one: 1 }] }, mark: { type: 'rule', style: REFERENCE, strokeDash: [2, 3] }, encoding: { y: { field: 'one', type: 'quantitative' } } });
  } else if (kind === 'anchors' && measure === 'entropy') {
    layer.push({ data: { values: xs.map((n) => ({ x: n, ln: Math.log(n) })) }, mark: { type: 'line', style: REFERENCE, strokeDash: [4, 3], tooltip: true }, encoding: { x, y: { field: 'ln', type: 'quantitative' }, tooltip: [{ field: 'ln', title: 'ln n', format: NUM }] } });
  }
  const what = measure === 'entropy' ? 'H(Z)' : 'I(Z;L)';
  const subtitle = relative
    ? `line: mean over seeds, 1 = as analysed; band: min–max. Flat near 1: the number does not hinge on ${kind === 'temperature' ? 'ε' : 'n'}.`
    : `line: mean over seeds; band: min–max over seeds${kind === 'anchors' && measure === 'entropy' ? '; dashed: ln n, the most H can be' : ''}`;
  return { ...FIT_X, height: 200, title: { text: `${what} vs ${kind === 'temperature' ? 'temperature' : 'anchor count'}`, subtitle }, layer } as TopLevelSpec;
}
