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

const ours = run(process.execPath, ['bench/runOurs.cjs', 'analyse', emb, '--labels', labels, ...common, '--json']);
const oursResult = JSON.parse(ours.out);
const oursRss = Number(/peakRssMB=([\d.]+)/.exec(ours.err)?.[1]);
const np = run('python3', ['bench/numpy_pipeline.py', emb, labels, ...common]);
const npResult = JSON.parse(np.out.trim().split('\n').pop());

const h1 = oursResult.entropy;
const h2 = npResult.result.entropy;
const i1 = oursResult.labelSets.label.mutualInformation;
const i2 = npResult.result.labelSets.label.mutualInformation;
const rows = [
  ['engine', 'compute s', 'wall s (incl. start + load)', 'peak RSS MB', 'H(Z)', 'I(Z;label)'],
  [`ours: ${oursResult.engine} (${oursResult.kernelMode})`, oursResult.seconds.toFixed(3), ours.wall.toFixed(3), oursRss.toFixed(0), h1.toFixed(10), i1.toFixed(10)],
  ['numpy (float64, BLAS)', npResult.seconds.toFixed(3), np.wall.toFixed(3), npResult.peakRssMB.toFixed(0), h2.toFixed(10), i2.toFixed(10)],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((v, c) => v.padEnd(widths[c])).join('  '));
console.log(`ratio ours/numpy: compute ${(oursResult.seconds / npResult.seconds).toFixed(2)}×, wall ${(ours.wall / np.wall).toFixed(2)}×`);
console.log(`agreement: |ΔH| = ${Math.abs(h1 - h2).toExponential(2)}, |ΔI| = ${Math.abs(i1 - i2).toExponential(2)}`);
