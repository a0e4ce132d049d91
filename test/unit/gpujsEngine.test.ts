// The gpu.js engine: the fixture table every engine passes (at the 1e-5, float32 similarities),
// then direct checks: the reported backend and its log line, agreement with the float64 reference on
// random data, splitting at the rows-per-call limit, the async (worker-pool) path, a worker_threads
// worker, and rows whose norms float32 cannot hold.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { ChunkSums, Engine } from '../../src/core/engines/engine';
import { createGpuJsEngine, type GpuJsEngine, type GpuJsEngineOptions } from '../../src/core/engines/gpujs';
import { referenceEngine } from '../../src/core/engines/reference';
import { defaultRng } from '../../src/core/entropy/numpyRandom';
import { prepareAnchors, type PreparedAnchors } from '../../src/core/entropy/kernels/similarity';
import type { KernelSettings, Similarity, Smoothing } from '../../src/core/entropy/settings';
import { metricFixtureSuite } from './support/metricFixtureSuite';

const engines: GpuJsEngine[] = [];
function engine(opts: GpuJsEngineOptions = {}): GpuJsEngine {
  const e = createGpuJsEngine({ mode: 'webasm', ...opts });
  engines.push(e);
  return e;
}
after(async () => {
  await Promise.all(engines.map((e) => e.destroy()));
});

// gpu.js's own view of this machine: with a working headless-gl, `gpu` would not fall back to webasm.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gpuJs = require('gpu.js') as { GPU: { isHeadlessGLSupported: boolean }; WebAssemblyKernel: { isThreadsSupported: boolean } };
const glHere = gpuJs.GPU.isHeadlessGLSupported;
const threadsHere = gpuJs.WebAssemblyKernel.isThreadsSupported;

describe('metrics against the numpy reference (gpujs engine, webasm)', () => {
  metricFixtureSuite(engine(), 1e-5, 1e-5);
});

describe('metrics against the numpy reference (gpujs engine, gpu.js cpu kernels)', () => {
  metricFixtureSuite(engine({ mode: 'cpu' }), 1e-5, 1e-5);
});

/** Random rows (N × d) with two label columns (one with missing labels), and n anchors. */
function problem(N: number, d: number, n: number, seed = 5) {
  const rng = defaultRng(seed);
  const rows = rng.standardNormal(N * d);
  for (let i = 0; i < N; i++) rows[i * d + (i % d)] += 2; // some structure, so assignments differ by row
  const w = rng.standardNormal(n * d);
  const codes = [Int32Array.from({ length: N }, (_, i) => i % 3), Int32Array.from({ length: N }, (_, i) => (i % 7 === 0 ? -1 : i % 2))];
  return { rows, w, codes, N, d, n };
}

function newSums(n: number, values = [3, 2]): ChunkSums {
  return {
    total: new Float64Array(n),
    groupSums: values.map((v) => new Float64Array(v * n)),
    groupCounts: values.map((v) => new Float64Array(v)),
  };
}

function run(e: Engine, p: ReturnType<typeof problem>, a: PreparedAnchors, s: KernelSettings, count = p.N): ChunkSums {
  const sums = newSums(p.n);
  e.accumulate(p.rows, count, p.codes, a, s, sums);
  return sums;
}

function assertClose(got: ChunkSums, want: ChunkSums, rel: number, what: string): void {
  const cmp = (g: Float64Array, w: Float64Array, name: string) => {
    for (let j = 0; j < w.length; j++) {
      assert.ok(Math.abs(g[j] - w[j]) <= 1e-12 + rel * Math.abs(w[j]), `${what} ${name}[${j}]: ${g[j]} vs ${w[j]}`);
    }
  };
  cmp(got.total, want.total, 'total');
  got.groupSums.forEach((g, i) => cmp(g, want.groupSums[i], `groupSums[${i}]`));
  assert.deepEqual(got.groupCounts, want.groupCounts, `${what} groupCounts`);
}

const SIMILARITIES: Similarity[] = ['cosine', 'dot', 'euclidean'];
const SMOOTHINGS: Smoothing[] = ['softmax', 'sparsemax', 'hard'];
/** A temperature that makes each similarity's assignments neither one-hot nor flat for `problem`. */
const EPS: Record<Similarity, number> = { cosine: 0.05, dot: 0.5, euclidean: 0.5 };

describe('gpujs engine', () => {
  it('names itself "gpujs" and reports the backend that actually ran; one log line saying which', () => {
    const logs: string[] = [];
    const e = engine({ mode: undefined, log: (m) => logs.push(m) });
    assert.equal(e.name, 'gpujs');
    assert.equal(e.requestedMode, 'gpu');
    const p = problem(40, 8, 6);
    const a = prepareAnchors(p.w, p.n, p.d, 'cosine');
    run(e, p, a, { similarity: 'cosine', smoothing: 'softmax', epsilon: 0.1 });
    run(e, p, a, { similarity: 'cosine', smoothing: 'softmax', epsilon: 0.1 });
    assert.equal(logs.length, 1, logs.join('\n'));
    if (!glHere) {
      // Node without headless-gl (and the VS Code extension host): gpu.js's `gpu` runs webasm.
      assert.equal(e.mode, 'webasm');
      assert.match(logs[0], /^gpu\.js engine: webasm.*downgraded: no WebGL or headless-gl context/);
      assert.match(String(e.runPath), /^(simd|scalar)/);
    }
  });

  it('falls back from an unavailable backend and says why', { skip: glHere && 'headless-gl works here' }, () => {
    const logs: string[] = [];
    const e = engine({ mode: 'webgl2', log: (m) => logs.push(m) });
    assert.equal(e.requestedMode, 'webgl2');
    assert.equal(e.mode, 'webasm');
    assert.equal(logs.length, 1);
    assert.match(logs[0], /^gpu\.js engine: webasm \(downgraded: webgl2: .+\)$/);
  });

  it('reports the gpu.js cpu backend when asked for it', () => {
    const e = engine({ mode: 'cpu' });
    const p = problem(10, 4, 3);
    run(e, p, prepareAnchors(p.w, p.n, p.d, 'dot'), { similarity: 'dot', smoothing: 'softmax', epsilon: 1 });
    assert.equal(e.mode, 'cpu');
  });

  it('agrees with the reference engine on random data: every similarity × smoothing, 1e-5 relative on the sums', () => {
    const e = engine();
    const p = problem(403, 24, 20);
    for (const similarity of SIMILARITIES) {
      const a = prepareAnchors(p.w, p.n, p.d, similarity);
      for (const smoothing of SMOOTHINGS) {
        const s: KernelSettings = { similarity, smoothing, epsilon: EPS[similarity] };
        const want = run(referenceEngine, p, a, s);
        const got = run(e, p, a, s);
        if (smoothing === 'hard') assert.deepEqual(got, want, `${similarity} hard: the arg-max is exact`);
        else assertClose(got, want, 1e-5, `${similarity} ${smoothing}`);
      }
    }
  });

  it('without refinement (raw float32 similarities) still agrees to 1e-5 at these temperatures', () => {
    const e = engine({ refineTolerance: Infinity });
    const p = problem(403, 24, 20);
    for (const similarity of SIMILARITIES) {
      const a = prepareAnchors(p.w, p.n, p.d, similarity);
      const s: KernelSettings = { similarity, smoothing: 'softmax', epsilon: EPS[similarity] };
      assertClose(run(e, p, a, s), run(referenceEngine, p, a, s), 1e-5, `${similarity} softmax, raw`);
    }
    assert.equal(e.stats.refined, 0);
  });

  it('refineTolerance 0 gives the reference sums bit for bit', () => {
    const e = engine({ refineTolerance: 0 });
    const p = problem(101, 12, 9);
    for (const similarity of SIMILARITIES) {
      const a = prepareAnchors(p.w, p.n, p.d, similarity);
      for (const smoothing of SMOOTHINGS) {
        const s: KernelSettings = { similarity, smoothing, epsilon: EPS[similarity] };
        assert.deepEqual(run(e, p, a, s), run(referenceEngine, p, a, s), `${similarity} ${smoothing}`);
      }
    }
  });

  it('refines where float32 is too coarse for ε: 2-D points at ε = 2e-4 match the reference', () => {
    const e = engine();
    const p = problem(200, 2, 100);
    const a = prepareAnchors(p.w, p.n, p.d, 'cosine');
    const s: KernelSettings = { similarity: 'cosine', smoothing: 'softmax', epsilon: 2e-4 };
    assertClose(run(e, p, a, s), run(referenceEngine, p, a, s), 1e-9, 'd = 2');
    assert.ok(e.stats.refined > 0);
  });

  it('caps rows per call at 8192, at 2^24 values per argument, and at 2^24 results', () => {
    const e = engine();
    assert.equal(e.rowsPerCall(768, 100), 8192);
    assert.equal(e.rowsPerCall(4096, 100), 4096);
    assert.equal(e.rowsPerCall(16, 20000), 836);
    assert.equal(engine({ maxRowsPerCall: 1000 }).rowsPerCall(8, 8), 1000);
    assert.equal(engine({ maxRowsPerCall: 1001 }).rowsPerCall(8, 8), 1000);
  });

  it('splits a chunk across kernel calls without changing a bit (tails that are not a multiple of 4 too)', () => {
    const p = problem(203, 10, 7);
    const whole = engine();
    const split = engine({ maxRowsPerCall: 64 });
    for (const similarity of SIMILARITIES) {
      const a = prepareAnchors(p.w, p.n, p.d, similarity);
      const s: KernelSettings = { similarity, smoothing: 'softmax', epsilon: EPS[similarity] };
      for (const count of [1, 63, 64, 65, 203]) {
        assert.deepEqual(run(split, p, a, s, count), run(whole, p, a, s, count), `${similarity}, ${count} rows`);
      }
    }
  });

  it('crosses the default 8192-row limit within a chunk (8197 rows) and matches the reference', () => {
    const e = engine();
    const p = problem(8197, 4, 8);
    const a = prepareAnchors(p.w, p.n, p.d, 'cosine');
    const s: KernelSettings = { similarity: 'cosine', smoothing: 'softmax', epsilon: 0.1 };
    assertClose(run(e, p, a, s), run(referenceEngine, p, a, s), 1e-6, '8197 rows');
  });

  it('accumulateAsync gives the same sums as accumulate, on the worker pool where threads exist', async () => {
    const p = problem(1030, 16, 64);
    const sync = engine({ maxRowsPerCall: 512 });
    const async = engine({ asyncMode: true, maxRowsPerCall: 512 });
    assert.equal(async.asyncMode, true);
    for (const similarity of SIMILARITIES) {
      const a = prepareAnchors(p.w, p.n, p.d, similarity);
      const s: KernelSettings = { similarity, smoothing: 'softmax', epsilon: EPS[similarity] };
      const got = newSums(p.n);
      await async.accumulateAsync(p.rows, p.N, p.codes, a, s, got);
      assert.deepEqual(got, run(sync, p, a, s), similarity);
      if (threadsHere) assert.equal(async.runPath, 'threaded');
    }
    assert.equal(async.mode, 'webasm');
  });

  it('runs inside a worker_threads worker, async on its own pool, with the same sums', async () => {
    const p = problem(1030, 16, 64);
    const a = prepareAnchors(p.w, p.n, p.d, 'dot');
    const s: KernelSettings = { similarity: 'dot', smoothing: 'softmax', epsilon: 0.5 };
    const want = run(engine(), p, a, s);
    // The worker loads this TypeScript module through tsx, as the unit tests do.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      require(require.resolve('tsx/cjs', { paths: [workerData.root] }));
      const { createGpuJsEngine } = require(workerData.module);
      const e = createGpuJsEngine({ mode: 'webasm', asyncMode: true, maxRowsPerCall: 512 });
      const { rows, N, codes, anchors, settings, n } = workerData;
      const sums = { total: new Float64Array(n), groupSums: [new Float64Array(3 * n), new Float64Array(2 * n)], groupCounts: [new Float64Array(3), new Float64Array(2)] };
      e.accumulateAsync(rows, N, codes, anchors, settings, sums)
        .then(() => e.destroy())
        .then(() => parentPort.postMessage({ sums, mode: e.mode, runPath: e.runPath }));`;
    const root = join(__dirname, '..', '..');
    const reply = await new Promise<{ sums: ChunkSums; mode: string; runPath: string }>((resolve, reject) => {
      const worker = new Worker(code, {
        eval: true,
        workerData: { root, module: join(root, 'src/core/engines/gpujs.ts'), rows: p.rows, N: p.N, codes: p.codes, anchors: a, settings: s, n: p.n },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (c) => c !== 0 && reject(new Error(`worker exited with ${c}`)));
    });
    assert.equal(reply.mode, 'webasm');
    if (threadsHere) assert.equal(reply.runPath, 'threaded');
    assert.deepEqual(reply.sums, want);
  });

  it('sends rows whose norm float32 cannot hold through float64 whole', () => {
    const e = engine();
    const p = problem(12, 6, 5);
    for (let i = 0; i < p.N; i++) for (let k = 0; k < p.d; k++) p.rows[i * p.d + k] *= i % 2 ? 1e-36 : 1e36;
    const a = prepareAnchors(p.w, p.n, p.d, 'cosine');
    const s: KernelSettings = { similarity: 'cosine', smoothing: 'softmax', epsilon: 0.2 };
    assert.deepEqual(run(e, p, a, s), run(referenceEngine, p, a, s));
    assert.equal(e.stats.refined, p.N * p.n);
  });

  it('rejects options it cannot honour', () => {
    assert.throws(() => createGpuJsEngine({ maxRowsPerCall: 3 }), /maxRowsPerCall must be an integer ≥ 4/);
    assert.throws(() => createGpuJsEngine({ refineTolerance: -1 }), /refineTolerance must be ≥ 0/);
  });
});
