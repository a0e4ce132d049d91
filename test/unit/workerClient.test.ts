// The real analysis worker (dist/worker.js on worker_threads) driven through WorkerClient: results,
// progress, cancellation within a second, a crashed worker replaced, queued requests; and the rpc helper.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../src/core/entropy/settings';
import { defaultRng } from '../../src/core/entropy/numpyRandom';
import { encodeNpy } from '../../src/core/formats/npy';
import { RpcClient, RpcServer, type RpcEnvelope } from '../../src/core/protocol/rpc';
import { analyseFile } from '../../src/node/analyseFile';
import { WorkerClient } from '../../src/worker/client';

const ROOT = join(__dirname, '..', '..');
const FIX = join(ROOT, 'test', 'fixtures', 'metrics');
const tmp = mkdtempSync(join(tmpdir(), 'ee-worker-'));
const big = join(tmp, 'big.npy');
const logs: string[] = [];
const log = { info: (m: string) => logs.push(m), error: (m: string) => logs.push(`ERROR ${m}`) };
let client: WorkerClient;

/** A request slow enough to cancel: 60 000 rows × 1000 anchors through the reference engine. */
const slow = { file: big, labels: null, settings: { ...DEFAULT_SETTINGS, bins: 1000, shuffles: 0 }, engine: 'reference' as const, chunkRows: 512 };
const fixture = { file: join(FIX, 'clustered.npy'), labels: join(FIX, 'clustered.tsv'), settings: { ...DEFAULT_SETTINGS } };

before(() => {
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  writeFileSync(big, encodeNpy([60000, 64], new Float32Array(defaultRng(1).standardNormal(60000 * 64))));
  client = new WorkerClient(join(ROOT, 'dist', 'worker.js'), log);
});
after(() => client.dispose());

describe('analysis worker', () => {
  it('gives the same result as the in-process path, with progress', async () => {
    const progress: number[] = [];
    const result = await client.analyse(fixture, { onProgress: (p) => progress.push(p.rowsDone) });
    const direct = (await analyseFile(fixture)).result;
    assert.deepEqual({ ...result, seconds: 0 }, { ...direct, seconds: 0 });
    assert.equal(progress.at(-1), 600);
    assert.ok(client.running);
  });

  it('reads HDF5 through h5wasm loaded from its own bundle (dist/h5wasm.js), with the in-process numbers', async () => {
    const h5 = { file: join(ROOT, 'test', 'fixtures', 'parity', 'parity.h5'), settings: { ...DEFAULT_SETTINGS } };
    const result = await client.analyse(h5);
    assert.deepEqual({ ...result, seconds: 0 }, { ...(await analyseFile(h5)).result, seconds: 0 });
    assert.equal(result.rows, 150);
    // (esbuild marks each bundled module with its path: h5wasm is in its own bundle, not the worker's)
    assert.ok(!readFileSync(join(ROOT, 'dist', 'worker.js'), 'utf8').includes('node_modules/h5wasm/'));
    assert.ok(readFileSync(join(ROOT, 'dist', 'h5wasm.js'), 'utf8').includes('node_modules/h5wasm/'));
  });

  it('inspects a file: shape, format and the label sets it would use', async () => {
    const o = await client.inspect(join(FIX, 'clustered.npy'));
    assert.deepEqual([o.rows, o.dim, o.layers, o.info.format], [600, 16, 1, 'npy']);
    assert.equal(o.sidecar, null); // clustered.tsv is not a sidecar name
  });

  it('stops a long analysis within a second of cancelling, and the next one runs', async () => {
    const ac = new AbortController();
    let rowsSeen = 0;
    const p = client.analyse(slow, { signal: ac.signal, onProgress: (x) => (rowsSeen = x.rowsDone) });
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    ac.abort();
    await assert.rejects(p, (e: Error) => e.name === 'CancelledError');
    const took = Date.now() - t0;
    assert.ok(took < 1000, `cancelled after ${took} ms`);
    assert.ok(rowsSeen < 60000, 'it was really cancelled mid-way');
    assert.equal(client.busy, 0);
    const again = await client.analyse(fixture);
    assert.equal(again.rows, 600);
  });

  it('reports a crashed worker clearly and starts a new one for the next request', async () => {
    const p = client.analyse(slow);
    await new Promise((r) => setTimeout(r, 300));
    await client.terminate();
    await assert.rejects(p, /The analysis worker stopped unexpectedly/);
    assert.ok(logs.some((l) => l.startsWith('ERROR analysis worker stopped')));
    const again = await client.analyse(fixture);
    assert.equal(again.rows, 600);
  });

  it('queues analyses and runs them in order', async () => {
    const order: string[] = [];
    const a = client.analyse(fixture).then(() => order.push('a'));
    const b = client.analyse({ ...fixture, settings: { ...fixture.settings, bins: 10 } }).then(() => order.push('b'));
    await Promise.all([a, b]);
    assert.deepEqual(order, ['a', 'b']);
  });

  it('runs the sensitivity scans: every (scale, seed) and (bins, seed), ε scaled from the analysed one', async () => {
    const r = await client.sensitivity(fixture, { temperatureScales: [0.5, 1, 2], binCounts: [10, 50], seeds: 2 });
    assert.equal(r.points.length, (3 + 2) * 2);
    const t = r.points.filter((p) => p.kind === 'temperature' && p.seed === 0);
    assert.ok(Math.abs(t[0].epsilon / t[1].epsilon - 0.5) < 1e-12 && Math.abs(t[2].epsilon / t[1].epsilon - 2) < 1e-12);
    // at scale 1 and the analysed bins the scan reproduces the analysis itself (no shuffles involved)
    const direct = (await analyseFile({ ...fixture, settings: { ...fixture.settings, shuffles: 0 } })).result;
    assert.equal(t[1].entropy, direct.entropy);
    assert.equal(t[1].mutualInformation.topic, direct.labelSets.topic.mutualInformation);
    // softer kernels (larger ε) spread the mass: H grows with ε
    assert.ok(t[0].entropy! < t[1].entropy! && t[1].entropy! < t[2].entropy!);
  });

  it('projects a sample to 2-D with labels and anchor directions', async () => {
    const p = await client.project(fixture, undefined);
    assert.equal(p.sampled, 597); // 600 rows less the NaN, Inf and zero rows
    assert.deepEqual(p.labelSets, ['topic', 'style', 'token']);
    assert.equal(p.anchors.length, 100);
    assert.ok(p.explained[0] >= p.explained[1] && p.explained[0] + p.explained[1] <= 1);
    assert.ok(p.points.every((q) => Number.isFinite(q.x) && Number.isFinite(q.y) && q.labels.length === 3));
  });

  it('passes bad input back as a clear error and keeps working', async () => {
    await assert.rejects(client.analyse({ ...fixture, file: join(tmp, 'missing.npy') }), /missing\.npy: file not found/);
    assert.equal((await client.analyse(fixture)).rows, 600);
  });
});

describe('rpc helper', () => {
  type Env = RpcEnvelope<number, number, string>;
  function pair(handler: (x: number, ctx: { signal: AbortSignal; notify(n: string): void }) => Promise<number>) {
    // eslint-disable-next-line prefer-const
    let server: RpcServer<number, number, string>;
    const client = new RpcClient<number, number, string>((m: Env) => queueMicrotask(() => server.handle(m)));
    server = new RpcServer<number, number, string>((m: Env) => queueMicrotask(() => client.handle(m)), handler);
    return client;
  }

  it('answers, notifies, and carries errors with their name', async () => {
    const c = pair(async (x, ctx) => {
      ctx.notify(`got ${x}`);
      if (x < 0) throw Object.assign(new Error('negative'), { name: 'InputError' });
      return x * 2;
    });
    const notes: string[] = [];
    assert.equal(await c.request(21, { onNotify: (n) => notes.push(n) }), 42);
    assert.deepEqual(notes, ['got 21']);
    await assert.rejects(c.request(-1), (e: Error & { remoteName?: string }) => e.message === 'negative' && e.remoteName === 'InputError');
  });

  it('rejects on timeout and on dispose', async () => {
    const c = pair(() => new Promise(() => {}));
    await assert.rejects(c.request(1, { timeoutMs: 20 }), (e: Error & { remoteName?: string }) => /no answer within 20 ms/.test(e.message) && e.remoteName === 'TimeoutError');
    const pending = c.request(2);
    c.dispose();
    await assert.rejects(pending, /closed/);
    await assert.rejects(c.request(3), /closed/);
  });

  it('fails a request whose post throws, without leaving it pending', async () => {
    const c = new RpcClient<number, number, string>(() => {
      throw new Error('Webview is disposed');
    });
    await assert.rejects(c.request(1), /Webview is disposed/);
    assert.equal(c.inFlight, 0);
  });

  it('clients sharing a counter never reuse an id, so a replaced page’s answer cannot settle a newer request', async () => {
    const ids = { next: 1 };
    const sent: number[] = [];
    const old = new RpcClient<number, number, string>((m: Env) => void sent.push(m.id), ids);
    const fresh = new RpcClient<number, number, string>((m: Env) => void sent.push(m.id), ids);
    void old.request(1).catch(() => {});
    const p = fresh.request(2);
    assert.deepEqual(sent, [1, 2]);
    assert.equal(fresh.handle({ kind: 'response', id: 1, body: 99 }), true); // the old page answering its request
    assert.equal(fresh.inFlight, 1, 'not settled by an id it never sent');
    fresh.handle({ kind: 'response', id: 2, body: 4 });
    assert.equal(await p, 4);
    old.dispose();
  });

  it('removes its abort listener once the request settles', async () => {
    const c = pair(async (x) => x);
    const ac = new AbortController();
    let added = 0;
    let removed = 0;
    const add = ac.signal.addEventListener.bind(ac.signal);
    const remove = ac.signal.removeEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...a: Parameters<typeof add>) => (added++, add(...a))) as typeof add;
    ac.signal.removeEventListener = ((...a: Parameters<typeof remove>) => (removed++, remove(...a))) as typeof remove;
    for (let i = 0; i < 5; i++) assert.equal(await c.request(i, { signal: ac.signal }), i);
    assert.deepEqual([added, removed], [5, 5]);
  });

  it('cancels through an AbortSignal', async () => {
    const c = pair(
      (_x, ctx) =>
        new Promise((_res, rej) => ctx.signal.addEventListener('abort', () => rej(Object.assign(new Error('cancelled'), { name: 'CancelledError' })))),
    );
    const ac = new AbortController();
    const p = c.request(1, { signal: ac.signal });
    ac.abort();
    await assert.rejects(p, (e: Error) => e.name === 'CancelledError');
  });
});
