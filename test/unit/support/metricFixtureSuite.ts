// The table every engine must pass: METHOD.md's metrics against the independent float64 numpy
// reference (test/tools/soft_entropy_ref.py), through the whole path (.npy reader, label reader,
// anchors, temperature, engine, metrics). Tolerance (test/fixtures/metrics/README.md): 1e-6 relative
// with a 1e-12 absolute floor; METHOD.md's worked examples (worked-*) 1e-9.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { analyse } from '../../../src/core/analysis/analyse';
import type { EmbeddingSource } from '../../../src/core/analysis/embeddingSource';
import type { Engine } from '../../../src/core/engines/engine';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../../src/core/entropy/settings';
import { MemoryByteSource } from '../../../src/core/formats/byteSource';
import { openEmbeddings } from '../../../src/core/formats/embeddings';
import { readLabels } from '../../../src/core/formats/labels';

const DIR = join(__dirname, '..', '..', 'fixtures', 'metrics');

interface Case {
  case: string;
  data: string;
  expected: string;
  settings: AnalysisSettings & { anchors?: number[][]; optimality?: [string, string] };
}

/** Compares every number in `expected` with `actual`; extra keys in `actual` are fine. */
function compare(actual: unknown, expected: unknown, rel: number, abs: number, path: string): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: expected a number, got ${JSON.stringify(actual)}`);
    const a = actual as number;
    assert.ok(Math.abs(a - expected) <= abs + rel * Math.abs(expected), `${path}: got ${a}, expected ${expected} (Δ ${Math.abs(a - expected)})`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: array length`);
    expected.forEach((e, i) => compare((actual as unknown[])[i], e, rel, abs, `${path}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) compare((actual as Record<string, unknown>)[k], v, rel, abs, `${path}.${k}`);
    if (path.endsWith('.values')) assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: label values`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

const cache = new Map<string, Promise<{ src: EmbeddingSource; sets: Awaited<ReturnType<typeof readLabels>> }>>();
function load(data: string) {
  if (!cache.has(data)) {
    cache.set(
      data,
      (async () => {
        const src = (await openEmbeddings(new MemoryByteSource(`${data}.npy`, readFileSync(join(DIR, `${data}.npy`))))).embeddings;
        const sets = await readLabels(new MemoryByteSource(`${data}.tsv`, readFileSync(join(DIR, `${data}.tsv`))), { expectedRows: src.rows });
        return { src, sets };
      })(),
    );
  }
  return cache.get(data)!;
}

/** One case of the table: runs it through `engine` and throws (an assertion) on any number out of tolerance. */
export interface MetricFixtureCase {
  name: string;
  run(engine: Engine, rel?: number, workedTol?: number): Promise<void>;
}

/** The fixture table as plain cases, for runners other than node:test (the browser tier). */
export function metricFixtureCases(): MetricFixtureCase[] {
  const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as { cases: Case[] };
  return index.cases
    .filter((c) => c.data && c.expected && c.case !== 'temperature-auto' && c.case !== 'worked-kl-js')
    .map((c) => ({
      name: c.case,
      async run(engine: Engine, rel = 1e-6, workedTol = 1e-9): Promise<void> {
        const expected = JSON.parse(readFileSync(join(DIR, c.expected), 'utf8')).result;
        const { src, sets } = await load(c.data);
        const { anchors, optimality, ...rest } = c.settings;
        const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, ...rest };
        const run = await analyse(src, sets, {
          settings,
          engine,
          optimality,
          anchors: anchors ? { n: anchors.length, d: anchors[0].length, w: Float64Array.from(anchors.flat()) } : undefined,
          chunkRows: 97,
        });
        const result: Record<string, unknown> = { ...run.result };
        if (run.result.optimality) result.optimality = run.result.optimality.value;
        const worked = c.case.startsWith('worked-');
        compare(result, expected, worked ? 0 : rel, worked ? workedTol : 1e-12, c.case);
      },
    }));
}

/** Runs the fixture table through `engine`; every engine of the product uses this same table. */
export function metricFixtureSuite(engine: Engine, rel = 1e-6, workedTol = 1e-9): void {
  for (const c of metricFixtureCases()) it(c.name, () => c.run(engine, rel, workedTol));
}
