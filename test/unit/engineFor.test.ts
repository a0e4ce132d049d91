// `auto` in the worker: the fastest engine available, probed once per session (src/worker/engineFor.ts).
// Called in-process here, with the machine's real engines; the probe's outcome depends on the machine,
// so the tests check that it ran, what it logged, and that it is not run twice.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { blockedEngine } from '../../src/core/engines/blocked';
import { referenceEngine } from '../../src/core/engines/reference';
import { engineFor, forgetProbes } from '../../src/worker/engineFor';

const noGpu = async (): Promise<never> => {
  throw new Error('no dashboard in this test');
};

describe('engine choice in the worker', () => {
  beforeEach(() => forgetProbes());

  it('cpu and reference are what they say, without probing', async () => {
    const logs: string[] = [];
    assert.equal(await engineFor('cpu', undefined, noGpu, (m) => logs.push(m), 16), blockedEngine);
    assert.equal(await engineFor('reference', undefined, noGpu, (m) => logs.push(m), 16), referenceEngine);
    assert.deepEqual(logs.filter((l) => l.startsWith('engine auto')), []);
  });

  it('auto on few cores is cpu, and says why', async () => {
    const logs: string[] = [];
    assert.equal(await engineFor('auto', undefined, noGpu, (m) => logs.push(m), 2), blockedEngine);
    assert.deepEqual(logs, ["engine auto: cpu (2 cores: too few for gpu.js's WebAssembly worker pool to win)"]);
  });

  it('auto with cores to spare times gpu.js against cpu once per session, and keeps the faster', async () => {
    const logs: string[] = [];
    const first = await engineFor('auto', undefined, noGpu, (m) => logs.push(m), 8);
    const probe = logs.filter((l) => l.startsWith('engine auto'));
    assert.equal(probe.length, 1, logs.join('\n'));
    const m = /^engine auto: gpu\.js webasm on 8 cores took ([\d.]+) ms and the cpu engine ([\d.]+) ms on 2048 × 256 rows; using (cpu|gpujs) this session$/.exec(probe[0]!);
    assert.ok(m, probe[0]);
    assert.equal(first.name, Number(m[1]) < Number(m[2]) ? 'gpujs' : 'cpu', 'the faster one');
    assert.equal(await engineFor(undefined, undefined, noGpu, (l) => logs.push(l), 8), first, 'no engine given = auto, same session: same choice');
    assert.equal(logs.filter((l) => l.startsWith('engine auto')).length, 1, 'probed once');
  });

  it('gpu without a dashboard GPU is gpu.js in the worker', async () => {
    assert.equal((await engineFor('gpu', undefined, noGpu, () => {}, 2)).name, 'gpujs');
  });
});
