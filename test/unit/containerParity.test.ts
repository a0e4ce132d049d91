// The same embeddings and labels in every container give the same result, number for number
// (fixtures from test/tools/gen_parity_fixtures.py and gen_parity_parquet.mjs).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../src/core/entropy/settings';
import { analyseFile } from '../../src/node/analyseFile';

const DIR = join(__dirname, '..', 'fixtures', 'parity');
const CONTAINERS = ['parity.npz', 'parity_compressed.npz', 'parity.safetensors', 'parity.csv', 'projector/tensors.tsv', 'parity.jsonl', 'parity.h5', 'parity.parquet', 'parity_wide.parquet'];

/** The result without what names the file. */
async function numbers(file: string) {
  const { result } = await analyseFile({ file: join(DIR, file), settings: { ...DEFAULT_SETTINGS, bins: 20 } });
  const { source, labels, seconds, ...rest } = result;
  assert.ok(source && seconds >= 0);
  void labels;
  return rest;
}

describe('the result does not depend on the container', () => {
  it('reference: .npy with its sidecar parity.labels.tsv', async () => {
    const r = await numbers('parity.npy');
    assert.deepEqual(Object.keys(r.labelSets), ['label']);
    assert.equal(r.rows, 150);
  });
  for (const c of CONTAINERS) {
    it(c, async () => {
      assert.deepEqual(await numbers(c), await numbers('parity.npy'));
    });
  }
});
