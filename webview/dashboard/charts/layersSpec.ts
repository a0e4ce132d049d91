// Layers view: H, I and regularity across layers, and the information plane (I of an input label
// set against I of an output label set, one point per layer in layer order).
import type { AnalysisResult } from '../../../src/core/report/result';
import { FIT_X, NUM, REFERENCE, finite, type TopLevelSpec } from './common';

/** Per-layer quantities the line charts show. */
export type LayerMetric = 'entropy' | 'mutualInformation' | 'mutualInformationCorrected' | 'regularity';

export const LAYER_METRICS: Record<LayerMetric, { title: string; axis: string }> = {
  entropy: { title: 'H(Z) across layers', axis: 'H(Z), nats' },
  mutualInformation: { title: 'I(Z;L) across layers', axis: 'I(Z;L), nats' },
  mutualInformationCorrected: { title: 'Corrected I across layers', axis: 'I − shuffled mean, nats' },
  regularity: { title: 'Regularity across layers', axis: 'I(Z;L) / H(Z)' },
};

export interface LayerRow {
  layer: number;
  series: string;
  value: number;
}

/** One row per (layer, label set) — or per layer for H(Z) — skipping undefined values. */
export function layerRows(r: AnalysisResult, metric: LayerMetric): LayerRow[] {
  const rows: LayerRow[] = [];
  for (const l of r.layers ?? []) {
    if (metric === 'entropy') {
      if (finite(l.entropy)) rows.push({ layer: l.layer, series: 'H(Z)', value: l.entropy });
      continue;
    }
    for (const [name, s] of Object.entries(l.labelSets)) {
      const v = s[metric];
      if (finite(v)) rows.push({ layer: l.layer, series: name, value: v });
    }
  }
  return rows;
}

/** Lines with points, one per series, x = layer. */
export function layerLinesSpec(rows: LayerRow[], metric: LayerMetric, selectedLayer?: number): TopLevelSpec {
  const m = LAYER_METRICS[metric];
  const layer: object[] = [
    {
      mark: { type: 'line', point: true, tooltip: true },
      encoding: {
        x: { field: 'layer', type: 'quantitative', title: 'layer', axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'value', type: 'quantitative', title: m.axis },
        color: { field: 'series', type: 'nominal', title: metric === 'entropy' ? null : 'label set', legend: metric === 'entropy' ? null : { orient: 'bottom' } },
        tooltip: [
          { field: 'layer', title: 'layer' },
          { field: 'series', title: metric === 'entropy' ? 'quantity' : 'label set' },
          { field: 'value', title: m.axis, format: NUM },
        ],
      },
    },
  ];
  if (selectedLayer != null) {
    layer.unshift({ data: { values: [{ layer: selectedLayer }] }, mark: { type: 'rule', style: REFERENCE, strokeDash: [2, 3] }, encoding: { x: { field: 'layer', type: 'quantitative' } } });
  }
  return { ...FIT_X, height: 180, title: { text: m.title, subtitle: selectedLayer != null ? `dotted line: the layer shown in the other views (${selectedLayer})` : undefined }, data: { values: rows }, layer } as TopLevelSpec;
}

export interface PlaneRow {
  layer: number;
  /** I(Z; input). */
  x: number;
  /** I(Z; output). */
  y: number;
  /** I(output)/I(input). */
  optimality: number | null;
}

/** One point per layer with both I defined, in layer order. */
export function planeRows(r: AnalysisResult, input: string, output: string): PlaneRow[] {
  const rows: PlaneRow[] = [];
  for (const l of r.layers ?? []) {
    const x = l.labelSets[input]?.mutualInformation;
    const y = l.labelSets[output]?.mutualInformation;
    if (finite(x) && finite(y)) rows.push({ layer: l.layer, x, y, optimality: x > 0 ? y / x : null });
  }
  return rows.sort((a, b) => a.layer - b.layer);
}

/** The information plane: a square chart with the diagonal I(output) = I(input). */
export function infoPlaneSpec(rows: PlaneRow[], input: string, output: string, size = 360): TopLevelSpec {
  const max = Math.max(1e-9, ...rows.flatMap((r) => [r.x, r.y])) * 1.08;
  const x = { field: 'x', type: 'quantitative', title: `I(Z; ${input}), nats (input)`, scale: { domain: [0, max], nice: false } };
  const y = { field: 'y', type: 'quantitative', title: `I(Z; ${output}), nats (output)`, scale: { domain: [0, max], nice: false } };
  const tooltip = [
    { field: 'layer', title: 'layer' },
    { field: 'x', title: `I(Z; ${input})`, format: NUM },
    { field: 'y', title: `I(Z; ${output})`, format: NUM },
    { field: 'optimality', title: 'optimality I(out)/I(in)', format: '.3f' },
  ];
  return {
    width: size,
    height: size,
    title: { text: `I(Z; ${output}) against I(Z; ${input}), by layer`, subtitle: `one point per layer, joined in layer order; dashed: I(${output}) = I(${input})` },
    layer: [
      { data: { values: [{ x: 0, y: 0 }, { x: max, y: max }] }, mark: { type: 'line', style: REFERENCE, strokeDash: [4, 4] }, encoding: { x, y } },
      { data: { values: rows }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, order: { field: 'layer', type: 'quantitative' } } },
      { data: { values: rows }, mark: { type: 'point', filled: true, size: 70, tooltip: true }, encoding: { x, y, tooltip } },
      { data: { values: rows }, mark: { type: 'text', dx: 8, dy: -8, align: 'left' }, encoding: { x, y, text: { field: 'layer', type: 'nominal' } } },
    ],
  } as TopLevelSpec;
}
