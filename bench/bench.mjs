// `npm run bench`: the same job through our engine (the CLI bundle) and through a plain numpy
// pipeline (bench/numpy_pipeline.py), on the same file, in one run; prints both times and the ratio.
// Sizes: BENCH_N (default 50000), BENCH_D (768). Data is written once under bench/data/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const N = Number(process.env.BENCH_N ?? 50000);
const D = Number(process.env.BENCH_D ?? 768);
const dir = join('bench', 'data', `${N}x${D}`);
const emb = join(dir, 'embeddings.npy');
const labels = join(dir, 'labels.tsv');

function run(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
    process.exit(1);
  }
  return { wall, out: r.stdout, err: r.stderr };
}

if (!existsSync(emb)) {
  console.log(`Writing ${N} × ${D} benchmark data to ${dir} …`);
  run('python3', ['bench/make_data.py', dir, String(N), String(D)]);
}
const common = ['--bins', '100', '--seed', '0', '--shuffles', '5'];
console.log(`Data: ${N} rows × ${D} dims (float32 file, ${(N * D * 4 / 2 ** 20).toFixed(0)} MiB), 100 anchors, 10 labels, 5 shuffles (softmax, cosine, auto ε)`);

// Our engines (BENCH_ENGINES, default "cpu,gpu"; add "reference" for the plain float64 loop), then numpy.
const engines = (process.env.BENCH_ENGINES ?? 'cpu,gpu').split(',');
const ours = engines.map((engine) => {
  const r = run(process.execPath, ['bench/runOurs.cjs', 'analyse', emb, '--labels', labels, ...common, '--engine', engine, '--json']);
  return { ...r, result: JSON.parse(r.out), rss: Number(/peakRssMB=([\d.]+)/.exec(r.err)?.[1]) };
});
const np = run('python3', ['bench/numpy_pipeline.py', emb, labels, ...common]);
const npResult = JSON.parse(np.out.trim().split('\n').pop());

const fmtRow = (name, seconds, wall, rss, r) => [name, seconds.toFixed(3), wall.toFixed(3), rss.toFixed(0), r.entropy.toFixed(10), r.labelSets.label.mutualInformation.toFixed(10)];
const rows = [
  ['engine', 'compute s', 'wall s (incl. start + load)', 'peak RSS MB', 'H(Z)', 'I(Z;label)'],
  ...ours.map((o) => fmtRow(`ours: ${o.result.engine} (${o.result.kernelMode})`, o.result.seconds, o.wall, o.rss, o.result)),
  fmtRow('numpy (float64, BLAS)', npResult.seconds, np.wall, npResult.peakRssMB, npResult.result),
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((v, c) => v.padEnd(widths[c])).join('  '));
for (const o of ours) {
  const dH = Math.abs(o.result.entropy - npResult.result.entropy);
  const dI = Math.abs(o.result.labelSets.label.mutualInformation - npResult.result.labelSets.label.mutualInformation);
  console.log(`${o.result.engine}/numpy: compute ${(o.result.seconds / npResult.seconds).toFixed(2)}×, wall ${(o.wall / np.wall).toFixed(2)}×; |ΔH| = ${dH.toExponential(2)}, |ΔI| = ${dI.toExponential(2)}`);
}
