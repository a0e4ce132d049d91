// The on-disk result cache (reopening is instant; any change to inputs or settings misses) and the CSV export.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../src/core/entropy/settings';
import { resultToCsv } from '../../src/core/report/csv';
import type { AnalysisResult } from '../../src/core/report/result';
import { analyseFile } from '../../src/node/analyseFile';
import { ResultCache } from '../../src/node/resultCache';

const FIX = join(__dirname, '..', 'fixtures', 'metrics');

describe('result cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ee-cache-'));
  const data = join(dir, 'x.npy');
  writeFileSync(data, 'pretend');
  const req = { file: data, settings: { ...DEFAULT_SETTINGS } };
  const fake = { version: 1, rows: 3 } as unknown as AnalysisResult;

  it('hits for the same inputs and settings, misses when the file or a setting changes', async () => {
    const cache = new ResultCache(join(dir, 'cache'));
    const k1 = (await cache.key(req, null))!;
    assert.equal(await cache.get(k1), undefined);
    await cache.put(k1, fake);
    assert.deepEqual(await cache.get(k1), fake);
    assert.equal(await cache.key(req, null), k1);
    assert.notEqual(await cache.key({ ...req, settings: { ...req.settings, bins: 10 } }, null), k1);
    utimesSync(data, new Date(), new Date(Date.now() + 5000));
    assert.notEqual(await cache.key(req, null), k1);
    assert.equal(await cache.key({ ...req, file: join(dir, 'gone.npy') }, null), undefined);
  });

  it('keeps at most `limit` entries', async () => {
    const cache = new ResultCache(join(dir, 'small'), 3);
    for (let i = 0; i < 5; i++) await cache.put(`k${i}`, fake);
    assert.equal(readdirSync(join(dir, 'small')).length, 3);
  });
});

describe('CSV export', () => {
  it('one row per layer, label set and value, with a header', async () => {
    const { result } = await analyseFile({ file: join(FIX, 'clustered.npy'), labels: join(FIX, 'clustered.tsv'), settings: { ...DEFAULT_SETTINGS } });
    const lines = resultToCsv(result).trimEnd().split('\n');
    assert.match(lines[0], /^layer,labelSet,value,count,included,entropy,/);
    const values = Object.values(result.labelSets).reduce((n, s) => n + Object.keys(s.values).length, 0);
    assert.equal(lines.length, 1 + 1 + Object.keys(result.labelSets).length + values);
    const topic = lines.find((l) => l.startsWith('0,topic,,'))!.split(',');
    assert.equal(Number(topic[7]), result.labelSets.topic.mutualInformation);
  });
});
