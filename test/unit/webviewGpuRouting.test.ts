// The GPU channel without the GPU: the remote engine (what the worker runs when a dashboard's WebGL2
// serves) against the fixture table, its fallback when the dashboard goes away mid-run, its checks on
// what comes back; and the real route worker → extension host (WorkerClient) with transferred
// arrays. The dashboard end, on real WebGL2, is tested in the browser tier (test/browser/webviewGpu.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Engine } from '../../src/core/engines/engine';
import { blockedEngine } from '../../src/core/engines/blocked';
import { referenceEngine } from '../../src/core/engines/reference';
import { chunkRows64, createRemoteEngine, emptySums, toGpuChunk } from '../../src/core/engines/remote';
import { DEFAULT_SETTINGS } from '../../src/core/entropy/settings';
import type { AnalysisResult } from '../../src/core/report/result';
import { classifyRenderer, type GpuChunk, type GpuChunkSums, type WebviewGpuInfo } from '../../src/core/protocol/gpuProtocol';
import { buffersOf } from '../../src/core/protocol/rpc';
import { analyseFile } from '../../src/node/analyseFile';
import { WebviewGpuPool } from '../../src/dashboard/webviewGpu';
import { WorkerClient } from '../../src/worker/client';
import { metricFixtureSuite } from './support/metricFixtureSuite';

const ROOT = join(__dirname, '..', '..');
const FIX = join(ROOT, 'test', 'fixtures', 'metrics');
const fixture = { file: join(FIX, 'clustered.npy'), labels: join(FIX, 'clustered.tsv'), settings: { ...DEFAULT_SETTINGS }, chunkRows: 128 };
const INFO: WebviewGpuInfo = { webgl2: true, renderer: 'test renderer', vendor: 'test', software: false, maxTextureSize: 16384 };

/** The dashboard's side, on the reference engine: fresh sums for the chunk, as computeChunk does on WebGL2. */
function serve(chunk: GpuChunk): GpuChunkSums {
  const sums = emptySums(chunk);
  referenceEngine.accumulate(chunkRows64(chunk), chunk.count, chunk.codes, chunk.anchors, chunk.settings, sums);
  return { ...sums, mode: 'reference-remote', refined: 0 };
}

/** Sends through a structured clone with the chunk's buffers transferred, as postMessage does. */
async function viaClone(chunk: GpuChunk): Promise<GpuChunkSums> {
  const cloned = structuredClone(chunk, { transfer: buffersOf(chunk) });
  return structuredClone(serve(cloned));
}

/** The numbers a user sees: H, P over anchors, and every label set's metrics. */
function sameNumbers(got: AnalysisResult, want: AnalysisResult, rel: number): void {
  assert.ok(Object.keys(want.labelSets).length > 0 && want.entropy !== null);
  close({ entropy: got.entropy, anchors: got.anchorDistribution, labelSets: got.labelSets }, { entropy: want.entropy, anchors: want.anchorDistribution, labelSets: want.labelSets }, rel);
}

/** Relative closeness of every number in two results (objects, arrays, numbers). */
function close(a: unknown, b: unknown, rel: number, path = 'result'): void {
  if (typeof b === 'number') {
    assert.ok(Math.abs((a as number) - b) <= 1e-12 + rel * Math.abs(b), `${path}: ${a} vs ${b}`);
  } else if (b && typeof b === 'object') {
    for (const [k, v] of Object.entries(b)) close((a as Record<string, unknown>)[k], v, rel, `${path}.${k}`);
  } else assert.deepEqual(a, b, path);
}

describe('remote engine: the fixture table through a structured-clone round trip', () => {
  metricFixtureSuite(createRemoteEngine({ name: 'remote', send: viaClone }), 1e-9, 1e-9);
});

describe('remote engine', () => {
  it('leaves the caller’s rows and codes intact (it sends copies, which postMessage may detach)', async () => {
    const engine = createRemoteEngine({ name: 'remote', send: viaClone });
    const run = await analyseFile(fixture, { engine });
    assert.equal(run.result.rows, 600);
    assert.equal(engine.stats.rows, run.result.validRows, 'every valid row, once');
    assert.equal(engine.stats.chunks, 5);
    assert.equal(engine.mode, 'reference-remote');
  });

  it('sends rows as float32 exactly when every value is a float32 already (half the bytes), else float64', () => {
    const anchors = { n: 2, d: 3, w: new Float64Array(6).fill(0.5) };
    const settings = { similarity: 'cosine' as const, smoothing: 'softmax' as const, epsilon: 0.1 };
    const sums = { total: new Float64Array(2), groupSums: [], groupCounts: [] };
    const f32 = Float64Array.from([0.1, -2.5, 3e-8, 1e30, 7, 0].map(Math.fround));
    const a = toGpuChunk(f32, 2, [], anchors, settings, sums);
    assert.ok(a.rows instanceof Float32Array);
    assert.deepEqual(chunkRows64(a), f32, 'widened back exactly');
    const f64 = Float64Array.from([0.1, -2.5, 3e-8, 1e30, 7, 0]);
    const b = toGpuChunk(f64, 2, [], anchors, settings, sums);
    assert.ok(b.rows instanceof Float64Array);
    assert.deepEqual(b.rows, f64);
    assert.notEqual(b.rows.buffer, f64.buffer, 'a copy: transferring it leaves the caller’s rows alone');
    assert.equal(toGpuChunk(f32, 1, [], anchors, settings, sums).rows.length, 3, 'only the count rows');
  });

  it('asks the driver for fewer, larger chunks than the in-process engines (each is a round trip)', async () => {
    const engine = createRemoteEngine({ name: 'remote', send: viaClone });
    assert.equal(engine.chunkRows?.(100, 768), 2730);
    assert.equal(engine.chunkRows?.(100, 16), 8192);
    await analyseFile({ ...fixture, chunkRows: undefined }, { engine });
    assert.equal(engine.stats.chunks, 1, 'the 600 rows in one chunk');
  });

  it('falls back for the chunk that failed and every later one, and the numbers stay exact', async () => {
    let calls = 0;
    const why: string[] = [];
    const engine = createRemoteEngine({
      name: 'remote',
      send: async (c) => {
        if (++calls === 3) throw new Error('the dashboard was closed');
        return viaClone(c);
      },
      fallback: blockedEngine,
      onFallback: (w) => why.push(w),
    });
    const got = (await analyseFile(fixture, { engine })).result;
    const want = (await analyseFile(fixture, { engine: referenceEngine })).result;
    sameNumbers(got, want, 1e-12);
    assert.deepEqual(why, ['the dashboard was closed']);
    assert.equal(calls, 3, 'no chunk is sent after the failure');
    assert.equal(engine.stats.chunks, 2);
    assert.equal(got.kernelMode, `${blockedEngine.mode} (fallback)`);
  });

  it('a chunk lost because the run was cancelled ends the run: no fallback, no redo', async () => {
    const ac = new AbortController();
    let fallbackRows = 0;
    const counting: Engine = { name: 'counting', mode: 'x', accumulate: (_r, count) => void (fallbackRows += count) };
    const why: string[] = [];
    const engine = createRemoteEngine({
      name: 'remote',
      signal: ac.signal,
      fallback: counting,
      onFallback: (w) => why.push(w),
      send: async () => {
        ac.abort(); // the user closed the dashboard: the run is cancelled and its chunk rejected
        throw new Error('the dashboard running the GPU engine was closed or hidden');
      },
    });
    await assert.rejects(analyseFile(fixture, { engine, signal: ac.signal }), (e: Error) => e.name === 'CancelledError');
    assert.deepEqual([fallbackRows, why.length], [0, 0]);
  });

  it('refuses sums of the wrong shape, and fails without a fallback', async () => {
    const bad: Engine = createRemoteEngine({
      name: 'remote',
      send: async (c) => ({ ...serve(c), groupSums: serve(c).groupSums.slice(1) }),
    });
    await assert.rejects(analyseFile(fixture, { engine: bad }), /wrong shape/);
    const typed: Engine = createRemoteEngine({ name: 'remote', send: async (c) => ({ ...serve(c), total: Array.from(serve(c).total) as unknown as Float64Array }) });
    await assert.rejects(analyseFile(fixture, { engine: typed }), /wrong shape/);
    const nan: Engine = createRemoteEngine({ name: 'remote', send: async (c) => ({ ...serve(c), total: serve(c).total.map((x, i) => (i === 3 ? NaN : x)) }) });
    await assert.rejects(analyseFile(fixture, { engine: nan }), /NaN or infinite sums/);
  });

  it('transfers only buffers a view spans whole (never a pool or a received message it is part of)', () => {
    const own = new Float64Array(4);
    const pooled = Buffer.from('abc'); // a view into Node's shared Buffer pool
    const part = new Float64Array(new ArrayBuffer(64), 8, 2);
    const found = buffersOf({ body: { chunk: { rows: own, codes: [new Int32Array(2), pooled, part] } } });
    assert.equal(found.length, 2);
    assert.ok(found.includes(own.buffer));
    assert.ok(!found.includes(pooled.buffer as ArrayBuffer) && !found.includes(part.buffer));
  });
});

describe('renderer probe: what counts as a hardware GPU', () => {
  const cases: [string, string, 'hardware' | 'software' | 'unknown'][] = [
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Google Inc. (NVIDIA)', 'hardware'],
    ['ANGLE (Apple, ANGLE Metal Renderer: Apple M1 Pro, Unspecified Version)', 'Google Inc. (Apple)', 'hardware'],
    ['Mesa Intel(R) UHD Graphics 620 (KBL GT2)', 'Intel', 'hardware'],
    ['ANGLE (AMD, AMD Radeon RX 6800 XT (radeonsi navi21 LLVM 15.0.7), OpenGL 4.6)', 'Google Inc. (AMD)', 'hardware'],
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'Google Inc. (Google)', 'software'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'Mesa', 'software'],
    ['ANGLE (Mesa, llvmpipe (LLVM 15.0.6 256 bits), OpenGL 4.5)', 'Google Inc. (Mesa)', 'software'],
    ['Microsoft Basic Render Driver', 'Microsoft', 'software'],
    ['WebKit WebGL', 'WebKit', 'unknown'],
    ['', '', 'unknown'],
  ];
  for (const [renderer, vendor, want] of cases) {
    it(`${renderer || '(empty)'}: ${want}`, () => {
      const c = classifyRenderer(renderer, vendor);
      assert.equal(c.unknown ? 'unknown' : c.software ? 'software' : 'hardware', want);
      assert.equal(c.software, want !== 'hardware', 'unknown counts as software');
    });
  }
});

describe('the pool of dashboards', () => {
  const quiet = { info: () => {}, warn: () => {} };
  const chunk = (): GpuChunk => toGpuChunk(new Float64Array(6), 2, [], { n: 2, d: 3, w: new Float64Array(6).fill(0.5) }, { similarity: 'cosine', smoothing: 'softmax', epsilon: 0.1 }, { total: new Float64Array(2), groupSums: [], groupCounts: [] });
  const software: WebviewGpuInfo = { webgl2: true, renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', vendor: 'Google', software: true, maxTextureSize: 8192 };

  it('takes hardware renderers; software ones only when allowed; says why not', () => {
    let allow = false;
    const logs: string[] = [];
    const pool = new WebviewGpuPool(() => allow, { info: (m) => logs.push(m), warn: (m) => logs.push(m) });
    assert.equal(pool.join(software, () => {}), undefined);
    assert.match(logs[0]!, /SwiftShader driver\) is a software renderer \(embeddingEntropy\.gpu\.allowSoftwareRenderer is off\)$/);
    assert.equal(pool.mightServe, false, 'the last probe rules a GPU out');
    assert.equal(pool.join({ ...software, renderer: '', reason: 'the renderer is not disclosed' }, () => {}), undefined);
    assert.match(logs[1]!, /^dashboard WebGL2 not used for the GPU engine: the renderer is not disclosed, so it may be a software renderer/);
    allow = true;
    assert.equal(pool.mightServe, true, 'allowing software renderers changes the verdict on the same probe');
    assert.ok(pool.join(software, () => {}));
    assert.equal(pool.current?.renderer, software.renderer);
    assert.equal(pool.join({ ...software, webgl2: false, reason: 'no WebGL2 context in this webview' }, () => {}), undefined);
    assert.ok(pool.join(INFO, () => {}), 'a hardware renderer needs no setting');
    assert.equal(pool.current, INFO, 'the most recent serves');
  });

  it('a dashboard that does not answer in time fails that chunk and leaves the pool', async () => {
    const warned: string[] = [];
    const pool = new WebviewGpuPool(() => false, { info: () => {}, warn: (m) => warned.push(m) }, 30);
    pool.join(INFO, () => {}); // posts go nowhere: no answer ever comes
    await assert.rejects(pool.accumulate(chunk()), /no answer within 30 ms/);
    assert.equal(pool.current, undefined);
    assert.match(warned[0]!, /gave no answer within 0\.03 s; it is not used again until its page reloads/);
    await assert.rejects(pool.accumulate(chunk()), /no dashboard with a usable WebGL2 is open/);
  });

  it('closing a dashboard fails its chunk in flight with the reason', async () => {
    const pool = new WebviewGpuPool(() => false, quiet);
    const provider = pool.join(INFO, () => {})!;
    const p = pool.accumulate(chunk());
    provider.dispose();
    await assert.rejects(p, /closed or hidden/);
  });
});

describe('worker → extension host → dashboard route', () => {
  const logs: string[] = [];
  const chunks: GpuChunk[] = [];
  let failFrom = Infinity;
  let client: WorkerClient;
  before(() => {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    client = new WorkerClient(join(ROOT, 'dist', 'worker.js'), { info: (m) => logs.push(m), error: (m) => logs.push(`ERROR ${m}`) }, async (chunk) => {
      chunks.push(chunk);
      if (chunks.length >= failFrom) throw new Error('the dashboard running the GPU engine was closed or hidden');
      return serve(chunk);
    });
  });
  after(() => client.dispose());

  it('engine gpu with a dashboard GPU on offer: every chunk goes to the host, as typed arrays', async () => {
    chunks.length = 0;
    failFrom = Infinity;
    const result = await client.analyse({ ...fixture, engine: 'gpu', webviewGpu: INFO });
    assert.equal(result.engine, 'webview-gpu');
    assert.equal(result.kernelMode, 'reference-remote');
    assert.equal(chunks.length, 5);
    // clustered.npy is float64 with values no float32 holds: the rows travel as float64
    assert.ok(chunks.every((c) => c.rows instanceof Float64Array && c.codes.every((x) => x instanceof Int32Array)));
    assert.equal(chunks.reduce((s, c) => s + c.count, 0), result.validRows);
    const want = (await analyseFile({ ...fixture, engine: 'reference' })).result;
    sameNumbers(result, want, 1e-12);
  });

  it('the dashboard going away mid-run: the worker’s own gpu.js finishes, the log says so', async () => {
    chunks.length = 0;
    failFrom = 2;
    logs.length = 0;
    const result = await client.analyse({ ...fixture, engine: 'gpu', webviewGpu: INFO });
    assert.equal(result.engine, 'webview-gpu');
    assert.match(result.kernelMode, /\(fallback\)$/);
    assert.equal(chunks.length, 2);
    assert.ok(logs.some((l) => /GPU engine stopped \(.*closed or hidden\); the gpujs engine finishes the run/.test(l)), logs.join('\n'));
    const want = (await analyseFile({ ...fixture, engine: 'reference' })).result;
    sameNumbers(result, want, 1e-5);
  });

  it('engine auto probes the dashboard GPU once per session and logs the choice', async () => {
    chunks.length = 0;
    failFrom = Infinity;
    logs.length = 0;
    const info = { ...INFO, renderer: 'auto renderer' };
    const first = await client.analyse({ ...fixture, engine: 'auto', webviewGpu: info });
    const gpuProbes = (): string[] => logs.filter((l) => l.startsWith("engine auto: the dashboard's GPU"));
    assert.equal(gpuProbes().length, 1, logs.join('\n'));
    assert.match(gpuProbes()[0]!, /took [\d.]+ ms and the (cpu|gpujs) engine [\d.]+ ms on 2048 × 256 rows; using (the GPU|cpu|gpujs) this session/);
    const second = await client.analyse({ ...fixture, engine: 'auto', webviewGpu: info });
    assert.equal(gpuProbes().length, 1, 'probed once');
    assert.equal(second.engine, first.engine);
    assert.ok(['webview-gpu', 'cpu', 'gpujs'].includes(first.engine), first.engine);
  });

  it('the sensitivity scans a dashboard asks for run on its GPU too', async () => {
    chunks.length = 0;
    failFrom = Infinity;
    const scan = { temperatureScales: [0.5, 1], binCounts: [10], seeds: 2 };
    const onGpu = await client.sensitivity({ ...fixture, engine: 'gpu', webviewGpu: INFO }, scan);
    assert.equal(onGpu.points.length, 6);
    assert.ok(chunks.length >= 6, `${chunks.length} chunks for 6 runs`);
    const local = await client.sensitivity({ ...fixture, engine: 'reference' }, scan);
    onGpu.points.forEach((p, i) => close(p, local.points[i], 1e-12, `point ${i}`));
  });

  it('without a dashboard GPU, gpu and auto stay in the worker', async () => {
    chunks.length = 0;
    // auto's local choice was made (and logged) once this session: cpu, or gpu.js where it won
    assert.ok(['cpu', 'gpujs'].includes((await client.analyse({ ...fixture, engine: 'auto' })).engine));
    assert.equal((await client.analyse({ ...fixture, engine: 'gpu' })).engine, 'gpujs');
    assert.equal(chunks.length, 0);
  });
});
