// Writes the browser tests' fixtures: real results recorded from the CLI, plus synthetic but
// realistic sensitivity and projection messages. Run from the repository root:
//   node test/browser/makeFixtures.mjs
// Numbers are rounded to 6 significant digits to keep the committed JSON small.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = 'test/browser/fixtures';
const tmp = mkdtempSync(join(tmpdir(), 'ee-fixtures-'));
execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });

const round = (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v);
const cli = (...args) => JSON.parse(execFileSync(process.execPath, ['dist/cli.js', 'analyse', ...args, '--json'], { encoding: 'utf8' }));
/** Relative, machine-independent source paths in the recorded results. */
const tidy = (r, source, labels) => ({ ...r, source, labels, seconds: Number(r.seconds.toFixed(3)) });
const write = (name, value) => {
  const text = JSON.stringify(value, round);
  writeFileSync(join(out, name), text + '\n');
  console.log(`${name}: ${(text.length / 1024).toFixed(0)} KiB`);
};

// 1. One label set: the clustered fixture with only its `topic` column (600 rows, 16 dims, 3 bad rows).
const tsv = readFileSync('test/fixtures/metrics/clustered.tsv', 'utf8').split('\n');
writeFileSync(join(tmp, 'topic.tsv'), tsv.slice(1).map((l) => l.split('\t')[0]).join('\n'));
write('oneLabelSet.json', tidy(cli('test/fixtures/metrics/clustered.npy', '--labels', join(tmp, 'topic.tsv')), 'clustered.npy', 'topic.tsv'));

// 2. Many label values: all three label sets, `token` with 76 values (no per-value anchor distributions).
write('manyValues.json', tidy(cli('test/fixtures/metrics/clustered.npy', '--labels', 'test/fixtures/metrics/clustered.tsv'), 'clustered.npy', 'clustered.tsv'));

// 3. Layers: the sample (4 layers × 3000 rows × 64 dims; topic, style).
execFileSync(process.execPath, ['dist/cli.js', 'sample', join(tmp, 's')], { stdio: 'ignore' });
const layered = tidy(cli(join(tmp, 's', 'embeddings.npy')), 'sample/embeddings.npy', 'sample/metadata.tsv');
write('layers.json', layered);

// 4. Compare: the same sample, first half of the rows (same anchors and ε).
write('compareB.json', tidy(cli(join(tmp, 's', 'embeddings.npy'), '--rows', '0:1500'), 'sample/embeddings.npy[0:1500]', 'sample/metadata.tsv'));

// 5. Sensitivity (synthetic): smooth, seed-noisy curves with the shapes real scans have.
let seed = 7;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const noise = (x, rel) => x * (1 + (rand() - 0.5) * 2 * rel);
const H0 = layered.entropy;
const I0 = Object.fromEntries(Object.entries(layered.labelSets).map(([k, v]) => [k, v.mutualInformation]));
const points = [];
for (const scale of [0.25, 0.5, 1, 2, 4]) {
  for (let s = 0; s < 3; s++) {
    const lnN = Math.log(100);
    const H = lnN - (lnN - H0) * scale ** -0.7;
    points.push({ kind: 'temperature', scale, bins: 100, seed: s, epsilon: layered.temperature * scale, entropy: noise(Math.min(H, lnN - 0.01), 0.004), mutualInformation: Object.fromEntries(Object.entries(I0).map(([k, i]) => [k, noise(i * Math.exp(-0.45 * (scale - 1)), 0.03)])) });
  }
}
for (const bins of [10, 25, 50, 100, 200, 400]) {
  for (let s = 0; s < 3; s++) {
    const f = Math.log(bins) / Math.log(100);
    points.push({ kind: 'anchors', scale: 1, bins, seed: s, epsilon: layered.temperature * (1.1 - 0.1 * f), entropy: noise(Math.log(bins) * (0.95 - 0.08 * f), 0.01), mutualInformation: Object.fromEntries(Object.entries(I0).map(([k, i]) => [k, noise(i * Math.sqrt(f), 0.05)])) });
  }
}
write('sensitivity.json', { type: 'sensitivity', result: { points, rows: 3000 } });

// 6. Projection (synthetic): 3000 points in six topic clusters, style as a small shift, 100 anchors.
const topics = ['sport', 'politics', 'science', 'travel', 'music', 'food'];
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const centres = topics.map((_, i) => ({ x: 1.6 * Math.cos((i / 6) * 2 * Math.PI), y: 1.1 * Math.sin((i / 6) * 2 * Math.PI) }));
const pts = [];
for (let i = 0; i < 3000; i++) {
  const t = i % 6;
  const style = rand() < 0.5 ? 'formal' : 'casual';
  const shift = style === 'formal' ? 0.15 : -0.15;
  pts.push({ x: centres[t].x + 0.45 * gauss() + shift, y: centres[t].y + 0.4 * gauss(), labels: [topics[t], i % 97 === 0 ? null : style] });
}
const anchors = Array.from({ length: 100 }, () => {
  const a = 2 * Math.PI * rand();
  const r = Math.sqrt(rand()) * 0.6;
  return { x: r * Math.cos(a), y: r * Math.sin(a) };
});
const r4 = (v) => Number(v.toPrecision(4));
write('projection.json', { type: 'projection', result: { layer: 3, labelSets: ['topic', 'style'], points: pts.map((p) => ({ ...p, x: r4(p.x), y: r4(p.y) })), anchors: anchors.map((a) => ({ x: r4(a.x), y: r4(a.y) })), explained: [0.214, 0.127], sampled: 3000, total: 3000 } });

rmSync(tmp, { recursive: true, force: true });
