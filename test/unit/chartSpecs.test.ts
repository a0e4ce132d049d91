// Chart spec builders: data → vega-lite spec (encodings, titles, sorting, top-k), plus the pure
// helpers around them (Re-run message, standalone report HTML). Specs are imported by relative
// path: the unit tsconfig leaves webview/ out, tsx compiles them here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { LabelSetResult } from '../../src/core/entropy/metrics';
import type { ProjectionResult, SensitivityResult } from '../../src/core/protocol/webviewProtocol';
import { buildReportHtml, REPORT_DATA_ID } from '../../src/core/report/htmlReport';
import type { AnalysisResult } from '../../src/core/report/result';
import { ALL_ROWS, anchorBarsSpec, anchorHeatmapSpec, anchorOrder, anchorTable, populationSpec, rankTicks } from '../../webview/dashboard/charts/anchorsSpec';
import { baselineRows, baselineSpec } from '../../webview/dashboard/charts/baselineSpec';
import { compareBarsSpec, compareLayerRows, compareLayersSpec, compareNames, compareRows } from '../../webview/dashboard/charts/compareSpec';
import { filterLabelRows, labelRows, labelsBarSpec, sortLabelRows, topK } from '../../webview/dashboard/charts/labelsSpec';
import { infoPlaneSpec, layerLinesSpec, layerRows, planeRows } from '../../webview/dashboard/charts/layersSpec';
import { MISSING, OTHER, projectionPoints, projectionSpec, scaledAnchors } from '../../webview/dashboard/charts/projectionSpec';
import { scanRows, scanSpec } from '../../webview/dashboard/charts/sensitivitySpec';
import { regularityRows, regularitySpec } from '../../webview/dashboard/charts/summarySpec';
import { rerunMessage } from '../../webview/dashboard/rerun';
import { controlsOf } from '../../webview/dashboard/state';

// Specs are loose JSON to a test: read them through `any`.
type Json = any;
const fixture = (name: string): AnalysisResult => JSON.parse(readFileSync(new URL(`../browser/fixtures/${name}.json`, import.meta.url), 'utf8'));
const LAYERS = fixture('layers');
const MANY = fixture('manyValues');
const COMPARE_B = fixture('compareB');

/** A label set with the given values: [name, count, H(Z|L=l), included]. */
function labelSet(values: [string, number, number, boolean?][], extra: Partial<LabelSetResult> = {}): LabelSetResult {
  const H = 4;
  return {
    rows: values.reduce((a, v) => a + v[1], 0),
    entropy: H,
    conditionalEntropy: 3,
    mutualInformation: 1,
    mutualInformationNormalized: 0.2,
    mutualInformationCorrected: 0.9,
    regularity: 0.25,
    variation: 0.6,
    disentanglement: 0.5,
    shuffled: { values: [0.1, 0.12, 0.08], mean: 0.1, sd: 0.02 },
    values: Object.fromEntries(values.map(([v, count, h, included = true]) => [v, { count, entropy: h, included, informationGain: H - h, regularity: (H - h) / H }])),
    ...extra,
  };
}

describe('summary chart', () => {
  test('regularity and corrected regularity per label set, x in [0, 1]', () => {
    const rows = regularityRows({ a: labelSet([['x', 10, 3]]), b: labelSet([['y', 5, 2]], { regularity: null, mutualInformationCorrected: null }) });
    assert.deepEqual(rows, [
      { labelSet: 'a', measure: 'I / H(Z)', value: 0.25 },
      { labelSet: 'a', measure: 'corrected I / H(Z)', value: 0.9 / 4 },
    ]);
    const spec: Json = regularitySpec(rows);
    assert.equal(spec.encoding.x.field, 'value');
    assert.deepEqual(spec.encoding.x.scale.domain, [0, 1]);
    assert.equal(spec.encoding.y.field, 'labelSet');
    assert.equal(spec.encoding.yOffset.field, 'measure');
    assert.match(spec.title.text, /Share of H\(Z\)/);
    assert.equal(spec.width, 'container');
    assert.equal(typeof spec.height, 'number', 'a numeric height: {step} would make vega-lite warn with fit-x');
  });
});

describe('labels chart and table', () => {
  const set = labelSet([
    ['the', 500, 3.5],
    ['a', 300, 2.5],
    ['Zebra', 2, 1.0, false],
    ['w10', 40, 3.0],
    ['w9', 40, 3.0],
  ]);
  const rows = labelRows(set);

  test('one row per value with its numbers', () => {
    assert.equal(rows.length, 5);
    assert.deepEqual(rows[2], { value: 'Zebra', count: 2, entropy: 1, informationGain: 3, regularity: 0.75, included: false });
  });

  test('search is case-insensitive and trims; empty keeps all', () => {
    assert.deepEqual(filterLabelRows(rows, ' ZE ').map((r) => r.value), ['Zebra']);
    assert.equal(filterLabelRows(rows, '').length, 5);
    assert.deepEqual(filterLabelRows(rows, 'w1').map((r) => r.value), ['w10']);
  });

  test('sorting: both directions, ties by value, missing numbers last, natural order for values', () => {
    assert.deepEqual(sortLabelRows(rows, 'entropy', 'asc').map((r) => r.value), ['Zebra', 'a', 'w10', 'w9', 'the']);
    assert.deepEqual(sortLabelRows(rows, 'count', 'desc').map((r) => r.value), ['the', 'a', 'w10', 'w9', 'Zebra']);
    assert.deepEqual(sortLabelRows(rows, 'value', 'asc').map((r) => r.value), ['a', 'the', 'w9', 'w10', 'Zebra']);
    const withNull = [...rows, { ...rows[0], value: 'nil', regularity: null }];
    assert.equal(sortLabelRows(withNull, 'regularity', 'asc').at(-1)!.value, 'nil');
    assert.equal(sortLabelRows(withNull, 'regularity', 'desc').at(-1)!.value, 'nil');
  });

  test('top-k keeps the k first by the metric', () => {
    assert.deepEqual(topK(rows, 'entropy', 2, 'asc').map((r) => r.value), ['Zebra', 'a']);
    assert.deepEqual(topK(rows, 'count', 1, 'desc').map((r) => r.value), ['the']);
    assert.equal(topK(rows, 'count', 0, 'desc').length, 0);
  });

  test('bar spec: y sorted in the given order, x the metric, H(Z) rule for entropy, greyed exclusions in the legend', () => {
    const top = topK(rows, 'entropy', 3, 'asc');
    const spec: Json = labelsBarSpec(top, { labelSet: 'token', metric: 'entropy', total: 5, populationEntropy: 4 });
    const [bars, rule] = spec.layer;
    assert.deepEqual(bars.encoding.y.sort, ['Zebra', 'a', 'w10']);
    assert.equal(bars.encoding.x.field, 'entropy');
    assert.equal(bars.encoding.color.field, 'status');
    assert.notEqual(bars.encoding.color.legend, null, 'a value below min count: the legend explains the colours');
    assert.deepEqual(spec.data.values.map((r: Json) => r.status), ['below min count', 'included', 'included']);
    assert.equal(rule.mark.type, 'rule');
    assert.deepEqual(rule.data.values, [{ h: 4, label: 'H(Z)' }]);
    assert.equal(spec.title.text, 'token: top 3 of 5 values, by H(Z|L=l)');
    assert.ok(bars.encoding.tooltip.some((t: Json) => t.field === 'count'));
  });

  test('bar spec: ranking by count has no H(Z) rule; all included hides the legend; the query is in the title', () => {
    const spec: Json = labelsBarSpec(topK(rows.filter((r) => r.included), 'count', 25, 'desc'), { labelSet: 'token', metric: 'count', total: 4, query: 'w' });
    assert.equal(spec.layer.length, 1);
    assert.equal(spec.layer[0].encoding.color.legend, null);
    assert.equal(spec.title.text, 'token: all 4 values matching “w”, by rows');
    const left: Json = labelsBarSpec(topK(rows, 'entropy', 3, 'asc'), { labelSet: 'token', metric: 'entropy', total: 4, leftOut: 1 });
    assert.match(left.title.subtitle, /1 values below the min count are left out/);
  });

  test('thousands of values: top-k stays k bars', () => {
    const many = labelSet(Array.from({ length: 5000 }, (_, i): [string, number, number] => [`v${i}`, 1 + (i % 7), 1 + (i % 13) / 10]));
    const top = topK(labelRows(many), 'entropy', 25, 'asc');
    const spec: Json = labelsBarSpec(top, { labelSet: 'ngram', metric: 'entropy', total: 5000 });
    assert.equal(spec.data.values.length, 25);
    assert.match(spec.title.text, /top 25 of 5,000/);
  });
});

describe('anchors charts', () => {
  const P = [0.1, 0.4, 0.2, 0.3];
  test('anchors ranked by population mass, ties by index', () => {
    assert.deepEqual(anchorOrder(P), [1, 3, 2, 0]);
    assert.deepEqual(anchorOrder([0.5, 0.25, 0.25]), [0, 1, 2]);
  });

  test('the table: population first, then values; top-k anchors and the mass they hold', () => {
    const t = anchorTable(P, [['x', [0, 0, 0.5, 0.5]]], 2);
    assert.deepEqual(t.series, [ALL_ROWS, 'x']);
    assert.equal(t.shown, 2);
    assert.ok(Math.abs(t.massShown - 0.7) < 1e-12);
    assert.deepEqual(
      t.rows.map((r) => [r.series, r.rank, r.anchor, r.p]),
      [
        [ALL_ROWS, 1, 1, 0.4],
        [ALL_ROWS, 2, 3, 0.3],
        ['x', 1, 1, 0],
        ['x', 2, 3, 0.5],
      ],
    );
  });

  test('rank ticks: about ten, starting at 1', () => {
    assert.deepEqual(rankTicks(100), [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    assert.deepEqual(rankTicks(7), [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(rankTicks(200)[1], 20);
  });

  test('population bars with the uniform 1/n rule and e^H in the subtitle', () => {
    const spec: Json = populationSpec(anchorTable(P, []), 4, Math.log(3));
    assert.equal(spec.layer[0].encoding.x.field, 'rank');
    assert.equal(spec.layer[0].encoding.y.field, 'p');
    assert.deepEqual(spec.layer[1].data.values, [{ u: 0.25 }]);
    assert.match(spec.title.subtitle, /e\^H = 3\.0 of 4/);
  });

  test('bars: one facet row per value (population excluded), population as a line', () => {
    const t = anchorTable(P, [['x', [0, 0, 0.5, 0.5]], ['y', [1, 0, 0, 0]]]);
    const spec: Json = anchorBarsSpec(t, 4, 'style', 500);
    assert.deepEqual(spec.facet.row.sort, ['x', 'y']);
    assert.ok(spec.data.values.every((r: Json) => r.series !== ALL_ROWS));
    assert.deepEqual(spec.spec.layer.map((l: Json) => [l.mark.type, l.encoding.y.field]), [
      ['bar', 'p'],
      ['line', 'population'],
    ]);
  });

  test('heatmap: value × anchor rects, population first, colour saturating at the 98th percentile', () => {
    const set = LAYERS.labelSets.topic as LabelSetResult & { valueDistributions: Record<string, number[]> };
    const P0 = (LAYERS as Json).anchorDistribution as number[];
    const t = anchorTable(P0, Object.entries(set.valueDistributions));
    const spec: Json = anchorHeatmapSpec(t, 100, 'topic', 600);
    assert.equal(spec.mark.type, 'rect');
    assert.equal(spec.data.values.length, 7 * 100);
    assert.equal(spec.encoding.y.sort[0], ALL_ROWS);
    assert.equal(spec.encoding.color.field, 'p');
    assert.equal(spec.encoding.color.scale.type, 'sqrt');
    assert.equal(spec.encoding.color.scale.clamp, true);
    const max = Math.max(...t.rows.map((r) => r.p));
    assert.ok(spec.encoding.color.scale.domain[1] < max, 'the peaks saturate');
  });
});

describe('layers charts', () => {
  test('rows per layer for each metric; H(Z) as one series', () => {
    const h = layerRows(LAYERS, 'entropy');
    assert.deepEqual(h.map((r) => r.layer), [0, 1, 2, 3]);
    assert.ok(h.every((r) => r.series === 'H(Z)'));
    const i = layerRows(LAYERS, 'mutualInformation');
    assert.equal(i.length, 8);
    assert.deepEqual([...new Set(i.map((r) => r.series))].sort(), ['style', 'topic']);
    assert.equal(layerRows(MANY, 'regularity').length, 0, 'a single-layer result has no layer rows');
  });

  test('line spec: x = layer (integer ticks), colour = label set, rule at the shown layer', () => {
    const spec: Json = layerLinesSpec(layerRows(LAYERS, 'regularity'), 'regularity', 2);
    const lines = spec.layer.find((l: Json) => l.mark.type === 'line');
    assert.equal(lines.encoding.x.field, 'layer');
    assert.equal(lines.encoding.x.axis.format, 'd');
    assert.equal(lines.encoding.color.field, 'series');
    assert.equal(spec.layer[0].mark.type, 'rule');
    assert.deepEqual(spec.layer[0].data.values, [{ layer: 2 }]);
    assert.equal(spec.title.text, 'Regularity across layers');
  });

  test('information plane: one point per layer in order, optimality, square domain, diagonal', () => {
    const rows = planeRows(LAYERS, 'topic', 'style');
    assert.deepEqual(rows.map((r) => r.layer), [0, 1, 2, 3]);
    const l3 = LAYERS.layers!.find((l) => l.layer === 3)!;
    assert.equal(rows[3].x, l3.labelSets.topic.mutualInformation);
    assert.equal(rows[3].y, l3.labelSets.style.mutualInformation);
    assert.ok(Math.abs(rows[3].optimality! - rows[3].y / rows[3].x) < 1e-12);
    assert.deepEqual(planeRows(LAYERS, 'topic', 'nope'), []);
    const spec: Json = infoPlaneSpec(rows, 'topic', 'style', 300);
    assert.equal(spec.width, spec.height);
    const [diag, path, points, labels] = spec.layer;
    assert.deepEqual(diag.encoding.x.scale.domain, diag.encoding.y.scale.domain);
    assert.equal(diag.data.values[1].x, diag.data.values[1].y);
    assert.deepEqual(path.encoding.order, { field: 'layer', type: 'quantitative' });
    assert.equal(points.mark.type, 'point');
    assert.equal(labels.encoding.text.field, 'layer');
    assert.match(spec.layer[0].encoding.x.title, /I\(Z; topic\).*input/);
    assert.match(spec.layer[0].encoding.y.title, /I\(Z; style\).*output/);
  });
});

describe('baseline chart', () => {
  test('band (mean ± 2 sd, clipped at 0), shuffled values, observed I; sets without shuffles listed', () => {
    const { rows, missing } = baselineRows({ a: labelSet([['x', 10, 3]], { shuffled: { values: [0.01, 0.03], mean: 0.02, sd: 0.02 } }), b: labelSet([['y', 5, 2]], { shuffled: null }) });
    assert.deepEqual(missing, ['b']);
    assert.deepEqual(rows, [
      { labelSet: 'a', kind: 'band', value: 0.02, lo: 0, hi: 0.06 },
      { labelSet: 'a', kind: 'shuffled labels', value: 0.01 },
      { labelSet: 'a', kind: 'shuffled labels', value: 0.03 },
      { labelSet: 'a', kind: 'observed I', value: 1 },
    ]);
  });

  test('one facet row per label set, each with its own x scale', () => {
    const { rows } = baselineRows(LAYERS.labelSets);
    const spec: Json = baselineSpec(rows, 500);
    assert.deepEqual(spec.facet.row.sort, ['topic', 'style']);
    assert.equal(spec.resolve.scale.x, 'independent');
    assert.deepEqual(spec.spec.layer.map((l: Json) => l.transform[0].filter.equal), ['band', 'shuffled labels', 'observed I']);
    assert.equal(spec.spec.width, 500);
  });
});

describe('sensitivity charts', () => {
  const res: SensitivityResult = {
    rows: 100,
    points: [
      { kind: 'temperature', scale: 1, bins: 100, seed: 0, epsilon: 0.1, entropy: 4, mutualInformation: { a: 1, b: 0.1 } },
      { kind: 'temperature', scale: 1, bins: 100, seed: 1, epsilon: 0.1, entropy: 4.2, mutualInformation: { a: 1.2, b: null } },
      { kind: 'temperature', scale: 2, bins: 100, seed: 0, epsilon: 0.2, entropy: 4.4, mutualInformation: { a: 0.6, b: 0.05 } },
      { kind: 'anchors', scale: 1, bins: 10, seed: 0, epsilon: 0.1, entropy: 2, mutualInformation: { a: 0.5, b: 0.02 } },
    ],
  };
  test('mean, min and max over seeds per (x, series), skipping missing values', () => {
    assert.deepEqual(scanRows(res, 'temperature', 'entropy'), [
      { x: 1, series: 'H(Z)', mean: 4.1, min: 4, max: 4.2, seeds: 2 },
      { x: 2, series: 'H(Z)', mean: 4.4, min: 4.4, max: 4.4, seeds: 1 },
    ]);
    const i = scanRows(res, 'temperature', 'information');
    assert.deepEqual(i.map((r) => [r.series, r.x, r.seeds]), [
      ['I(Z;a)', 1, 2],
      ['I(Z;a)', 2, 1],
      ['I(Z;b)', 1, 1],
      ['I(Z;b)', 2, 1],
    ]);
    assert.equal(scanRows(res, 'anchors', 'entropy')[0].x, 10, 'the anchors scan is indexed by anchor count');
  });

  test('relative rows divide by the analysed setting', () => {
    const rel = scanRows(res, 'temperature', 'information', 1);
    const a2 = rel.find((r) => r.series === 'I(Z;a)' && r.x === 2)!;
    assert.ok(Math.abs(a2.mean - 0.6 / 1.1) < 1e-12);
    assert.equal(rel.find((r) => r.series === 'I(Z;b)' && r.x === 1)!.mean, 1);
    assert.deepEqual(scanRows(res, 'anchors', 'entropy', 100), [], 'no row at the reference: nothing to divide by');
  });

  test('band + mean line on a log x axis; ln n reference only for H vs anchors', () => {
    const spec: Json = scanSpec(scanRows(res, 'temperature', 'entropy'), 'temperature', 'entropy');
    const [band, line] = spec.layer;
    assert.equal(band.mark.type, 'area');
    assert.deepEqual([band.encoding.y.field, band.encoding.y2.field], ['min', 'max']);
    assert.equal(line.encoding.y.field, 'mean');
    assert.equal(line.encoding.x.scale.type, 'log');
    assert.deepEqual(line.encoding.x.axis.values, [1, 2]);
    assert.equal(line.encoding.color.legend, null, 'one series: no legend');
    assert.equal(spec.layer.length, 2);
    const anchors: Json = scanSpec(scanRows(res, 'anchors', 'entropy'), 'anchors', 'entropy');
    assert.deepEqual(anchors.layer[2].data.values, [{ x: 10, ln: Math.log(10) }]);
    const rel: Json = scanSpec(scanRows(res, 'temperature', 'information', 1), 'temperature', 'information', true);
    assert.deepEqual(rel.layer[0].data.values, [{ one: 1 }]);
    assert.match(rel.layer[2].encoding.y.title, /as analysed/);
  });
});

describe('compare charts', () => {
  const names = compareNames(LAYERS, COMPARE_B);
  test('names say which is A and B', () => {
    assert.deepEqual(names, ['A: embeddings.npy', 'B: embeddings.npy[0:1500]']);
  });

  test('H, I and corrected I per label set and file', () => {
    const rows = compareRows(LAYERS, COMPARE_B, names);
    assert.equal(rows.length, 2 * 3 * 2);
    const r = rows.find((x) => x.labelSet === 'topic' && x.metric === 'I(Z;L)' && x.file === names[1])!;
    assert.equal(r.value, COMPARE_B.labelSets.topic.mutualInformation);
  });

  test('grouped bars: column per metric with its own y, xOffset by file', () => {
    const spec: Json = compareBarsSpec(compareRows(LAYERS, COMPARE_B, names), names, 200);
    assert.deepEqual(spec.facet.column.sort, ['H(Z)', 'I(Z;L)', 'corrected I']);
    assert.equal(spec.resolve.scale.y, 'independent');
    assert.equal(spec.spec.encoding.xOffset.field, 'file');
    assert.deepEqual(spec.spec.encoding.color.sort, names);
  });

  test('per-layer lines only when both are layered; dash = file', () => {
    assert.deepEqual(compareLayerRows(LAYERS, MANY), []);
    const rows = compareLayerRows(LAYERS, COMPARE_B, names);
    assert.equal(rows.length, 2 * 4 * 3);
    const h: Json = compareLayersSpec(rows, names, 'entropy');
    assert.ok(h.data.values.every((r: Json) => r.series === 'H(Z)'));
    const i: Json = compareLayersSpec(rows, names, 'information');
    assert.ok(i.data.values.every((r: Json) => r.series.startsWith('I(Z;')));
    assert.equal(i.layer[0].encoding.strokeDash.field, 'file');
    assert.ok(!('strokeDash' in i.layer[1].encoding), 'points carry no dash (keeps the dash legend drawn as lines)');
  });
});

describe('projection chart', () => {
  const p: ProjectionResult = {
    layer: 2,
    labelSets: ['topic'],
    points: [
      { x: 1, y: 0, labels: ['a'] },
      { x: 0, y: 2, labels: ['a'] },
      { x: -1, y: 0, labels: ['b'] },
      { x: 0, y: -1, labels: ['c'] },
      { x: 0, y: 0, labels: [null] },
    ],
    anchors: [
      { x: 0.5, y: 0 },
      { x: 0, y: -0.25 },
    ],
    explained: [0.3, 0.125],
    sampled: 5,
    total: 50,
  };

  test('labels: the most frequent keep a colour, the rest are "other", missing labels are marked', () => {
    const { points, domain } = projectionPoints(p, 0, 2);
    assert.deepEqual(points.map((q) => q.label), ['a', 'a', OTHER, OTHER, MISSING]);
    assert.deepEqual(domain, ['a', OTHER, MISSING]);
    assert.deepEqual(projectionPoints(p, 0, 10).domain, ['a', 'b', 'c', MISSING]);
    assert.ok(projectionPoints(p, -1).points.every((q) => q.label === MISSING));
  });

  test('anchor directions are scaled to the cloud’s radius', () => {
    assert.deepEqual(scaledAnchors(p), [
      { x: 2, y: 0, anchor: 0 },
      { x: 0, y: -1, anchor: 1 },
    ]);
  });

  test('axis titles carry the explained variance; rules, points and anchors layered', () => {
    const { points, domain } = projectionPoints(p, 0);
    const spec: Json = projectionSpec(p, points, { labelSet: 'topic', domain, width: 400, height: 300 });
    const [rules, scatter, anchors] = spec.layer;
    assert.equal(scatter.encoding.x.title, 'PC1 (30.0% of variance)');
    assert.equal(scatter.encoding.y.title, 'PC2 (12.5% of variance)');
    assert.deepEqual(scatter.encoding.color.scale.domain, domain);
    assert.equal(scatter.data.values.length, 5);
    assert.equal(rules.mark.type, 'rule');
    assert.equal(anchors.mark.shape, 'cross');
    assert.match(spec.title.text, /PCA of 5 of 50 rows, layer 2/);
  });
});

describe('Re-run message', () => {
  const r = LAYERS;
  test('unchanged controls: a plain rerun', () => {
    assert.deepEqual(rerunMessage(r, controlsOf(r), null), { type: 'rerun' });
  });
  test('only the changed settings, and the layer when another is shown', () => {
    const c = { ...controlsOf(r), bins: '50', similarity: 'dot' as const };
    assert.deepEqual(rerunMessage(r, c, 1), { type: 'rerun', settings: { bins: 50, similarity: 'dot' }, layer: 1 });
    assert.deepEqual(rerunMessage(r, { ...controlsOf(r), temperature: 'number', epsilon: '0.05' }, r.layer), { type: 'rerun', settings: { temperature: 0.05 } });
    assert.deepEqual(rerunMessage(r, { ...controlsOf(r), temperature: 'bounds' }, null), { type: 'rerun', settings: { temperature: 'bounds' } });
  });
  test('bad input is explained, not sent', () => {
    assert.match(rerunMessage(r, { ...controlsOf(r), bins: '1' }, null) as string, /whole number/);
    assert.match(rerunMessage(r, { ...controlsOf(r), bins: '' }, null) as string, /whole number/);
    assert.match(rerunMessage(r, { ...controlsOf(r), temperature: 'number', epsilon: '-1' }, null) as string, /above 0/);
  });
});

describe('standalone report HTML', () => {
  const tricky = { ...MANY, source: '/data/</script><script>alert(1)</script>.npy' };
  const html = buildReportHtml(tricky, 'console.log("</script>"); // <!-- x\n//# sourceMappingURL=dashboard.js.map', 'body{color:red}\n/*# sourceMappingURL=dashboard.css.map */');

  test('one file: the bundle and styles inline, nothing external, a nonce CSP without eval', () => {
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=/);
    const csp = /content="([^"]+)"/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[0-9a-f]+'/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    const nonce = /'nonce-([0-9a-f]+)'/.exec(csp)![1];
    assert.ok(html.includes(`<script nonce="${nonce}">`));
    assert.ok(html.includes('body{color:red}'));
    assert.doesNotMatch(html, /sourceMappingURL/);
  });

  test('the result round-trips and no string can close its script element', () => {
    const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`).exec(html)!;
    assert.deepEqual(JSON.parse(m[1]), tricky);
    assert.equal(html.match(/<\/script>/g)!.length, 2, 'only the two real closing tags');
    assert.doesNotMatch(html, /<!--/);
    assert.match(html, /<title>Entropy: script&#62;\.npy<\/title>/, 'the title is escaped');
    assert.ok(html.includes('console.log("\\x3C/script>"); // \\x3C!-- x'), 'the bundle keeps its meaning');
  });
});
