// `node bench/gpujs.mjs`: the engines on one job — similarity → softmax → per-group sums over N rows,
// in 4096-row chunks as `analyse` feeds them, with one 10-value label set and 5 shuffles (6 groups).
// Prints a table: best of BENCH_REPS runs, speed-up over the reference, the largest relative
// difference of the summed assignments from the reference, and how many similarities the gpu.js engine
// recomputed in float64 (its precision guard).
// Sizes: BENCH_N (default 20000), BENCH_D (256), BENCH_BINS (100); BENCH_REPS (3).
//
// The engines are bundled here with esbuild exactly as the product bundles are (CommonJS, platform
// node, `gl` external), so this also checks that gpu.js works from a bundle.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const N = Number(process.env.BENCH_N ?? 20000);
const D = Number(process.env.BENCH_D ?? 256);
const BINS = Number(process.env.BENCH_BINS ?? 100);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const CHUNK = 4096;

const dir = mkdtempSync(join(tmpdir(), 'gpujs-bench-'));
const outfile = join(dir, 'engines.cjs');
const src = resolve('src');
await esbuild.build({
  stdin: {
    contents: `
      export { referenceEngine } from './core/engines/reference';
      export { blockedEngine } from './core/engines/blocked';
      export { createGpuJsEngine } from './core/engines/gpujs';
      export { prepareAnchors } from './core/entropy/kernels/similarity';
      export { normalAnchors } from './core/entropy/anchors';
      export { defaultRng } from './core/entropy/numpyRandom';
      export { solveTemperature } from './core/entropy/temperature';`,
    resolveDir: src,
    loader: 'ts',
  },
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['gl'],
  logLevel: 'warning',
});
const m = createRequire(import.meta.url)(outfile);
rmSync(dir, { recursive: true, force: true });

// Data: standard normal rows, each pushed towards one of 10 directions (its label).
const LABELS = 10;
const rng = m.defaultRng(1);
const rows = rng.standardNormal(N * D);
const label = new Int32Array(N);
for (let i = 0; i < N; i++) {
  label[i] = i % LABELS;
  rows[i * D + label[i]] += 0.5 * Math.sqrt(D);
}
const codes = [label];
for (let k = 0; k < 5; k++) {
  const perm = rng.permutation(N);
  codes.push(Int32Array.from(perm, (p) => label[p]));
}
const a = m.normalAnchors(BINS, D, 0);
const anchors = m.prepareAnchors(a.w, BINS, D, 'cosine');
const settings = { similarity: 'cosine', smoothing: 'softmax', epsilon: m.solveTemperature('auto', BINS, D) };

function newSums() {
  return {
    total: new Float64Array(BINS),
    groupSums: codes.map(() => new Float64Array(LABELS * BINS)),
    groupCounts: codes.map(() => new Float64Array(LABELS)),
  };
}

/** One pass over all rows through `acc(rows, count, codes, sums)` (sync or async). */
async function pass(acc) {
  const sums = newSums();
  const t0 = performance.now();
  for (let s = 0; s < N; s += CHUNK) {
    const count = Math.min(CHUNK, N - s);
    await acc(rows.subarray(s * D, (s + count) * D), count, codes.map((c) => c.subarray(s, s + count)), sums);
  }
  return { ms: performance.now() - t0, sums };
}

async function best(acc) {
  await acc(rows.subarray(0, 64 * D), 64, codes.map((c) => c.subarray(0, 64)), newSums()); // build / JIT warm-up
  let top = null;
  for (let r = 0; r < REPS; r++) {
    const p = await pass(acc);
    if (!top || p.ms < top.ms) top = p;
  }
  return top;
}

function maxRel(s, ref) {
  let e = 0;
  const cmp = (x, y) => {
    for (let j = 0; j < y.length; j++) if (y[j] > 1e-300) e = Math.max(e, Math.abs(x[j] - y[j]) / y[j]);
  };
  cmp(s.total, ref.total);
  s.groupSums.forEach((g, i) => cmp(g, ref.groupSums[i]));
  return e;
}

const logs = [];
const log = (msg) => logs.push(msg);
const engines = [
  ['reference (float64)', (e) => (r, c, k, s) => e.accumulate(r, c, k, anchors, settings, s), m.referenceEngine],
  ['cpu (float64, blocked)', (e) => (r, c, k, s) => e.accumulate(r, c, k, anchors, settings, s), m.blockedEngine],
];
const gpus = [
  ['gpujs webasm sync', { mode: 'webasm' }, false],
  ...(process.env.BENCH_TOLS ?? '').split(',').filter(Boolean).map((t) => [`gpujs webasm sync, refineTolerance ${t}`, { mode: 'webasm', refineTolerance: Number(t) }, false]),
  ['gpujs webasm sync, no refinement', { mode: 'webasm', refineTolerance: Infinity }, false],
  ['gpujs webasm async (worker pool)', { mode: 'webasm', asyncMode: true }, true],
  ['gpujs cpu (gpu.js JS kernels)', { mode: 'cpu' }, false],
];
for (const [name, opts, async] of gpus) {
  const e = m.createGpuJsEngine({ ...opts, log });
  engines.push([name, (x) => (async ? (r, c, k, s) => x.accumulateAsync(r, c, k, anchors, settings, s) : (r, c, k, s) => x.accumulate(r, c, k, anchors, settings, s)), e]);
}

console.log(`${N} rows × ${D} dims, ${BINS} anchors (cosine, softmax, auto ε = ${settings.epsilon.toPrecision(4)}), 6 groups, ${CHUNK}-row chunks, best of ${REPS}`);
const table = [['engine', 'mode', 'ms', '× reference', 'max rel Δ sums', 'float64 refined']];
let ref = null;
for (const [name, make, e] of engines) {
  const before = e.stats ? e.stats : null;
  const r = await best(make(e));
  ref ??= r;
  const after = e.stats ? e.stats : null;
  const refined = before && after ? `${((100 * (after.refined - before.refined)) / ((after.rows - before.rows) * BINS)).toFixed(1)}%` : '';
  const mode = e.runPath ? `${e.mode} (${e.runPath})` : e.mode;
  table.push([name, mode, r.ms.toFixed(0), (ref.ms / r.ms).toFixed(2), r === ref ? '0' : maxRel(r.sums, ref.sums).toExponential(1), refined]);
  if (e.destroy) await e.destroy();
}
const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
for (const r of table) console.log(r.map((v, c) => (c >= 2 ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  '));
for (const l of new Set(logs)) console.log(`log: ${l}`);
