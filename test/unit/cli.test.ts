// The built CLI (dist/cli.js) as a user runs it: JSON output, summary, sample, shards + merge,
// anchors export/import, and one-line errors with exit code 2 for bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIX = join(ROOT, 'test', 'fixtures', 'metrics');
const tmp = mkdtempSync(join(tmpdir(), 'ee-cli-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function json(...args: string[]) {
  const r = cli(...args, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}
/** Every number in `expected` matches `actual` to `rel` relative (+1e-12 absolute). */
function match(actual: any, expected: any, rel: number, path = ''): void {
  if (typeof expected === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-12 + rel * Math.abs(expected), `${path}: ${actual} vs ${expected}`);
  } else if (expected && typeof expected === 'object') {
    for (const k of Object.keys(expected)) match(actual?.[k], expected[k], rel, `${path}.${k}`);
  } else assert.deepEqual(actual, expected, path);
}

before(() => {
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

describe('CLI', () => {
  it('sample + analyse: the documented JSON, layers, and the sidecar metadata.tsv found by itself', () => {
    assert.equal(cli('sample', 'sample').code, 0);
    const r = json('analyse', 'sample/embeddings.npy');
    assert.equal(r.labels, join('sample', 'metadata.tsv'));
    for (const k of ['rows', 'dim', 'anchors', 'seed', 'temperature', 'skippedRows', 'entropy', 'entropyNormalized', 'labelSets', 'layers']) assert.ok(k in r, k);
    assert.deepEqual([r.rows, r.dim, r.anchors, r.seed, r.layers.length], [3000, 64, 100, 0, 4]);
    const topic = r.layers.map((l: any) => l.labelSets.topic.mutualInformation);
    const style = r.layers.map((l: any) => l.labelSets.style.mutualInformation);
    assert.ok(topic[0] < topic[1] && topic[1] < topic[2] && topic[2] < topic[3], `topic sharpens with depth: ${topic}`);
    assert.ok(style[0] > style[3], `style fades: ${style}`);
    const t = r.labelSets.topic;
    for (const k of ['conditionalEntropy', 'mutualInformation', 'mutualInformationNormalized', 'mutualInformationCorrected', 'regularity', 'variation', 'disentanglement', 'shuffled', 'values']) assert.ok(k in t, k);
    assert.equal(Object.keys(t.values).length, 6);
  });

  it('prints a readable summary without --json', () => {
    const r = cli('analyse', 'sample/embeddings.npy', '--layer', '1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /H\(Z\) = \d\.\d{4} nats/);
    assert.match(r.out, /topic\s+3000/);
    assert.doesNotMatch(r.out, /layer\s+H\(Z\)/); // one layer chosen: no layer table
  });

  it('matches the numpy reference on a fixture', () => {
    const expected = JSON.parse(readFileSync(join(FIX, 'clustered-defaults.expected.json'), 'utf8')).result;
    const r = json('analyse', join(FIX, 'clustered.npy'), '--labels', join(FIX, 'clustered.tsv'));
    match(r, expected, 1e-6);
  });

  it('shards saved with --rows + --save-state merge into the unsplit result', () => {
    const base = ['analyse', join(FIX, 'clustered.npy'), '--labels', join(FIX, 'clustered.tsv')];
    const whole = json(...base);
    assert.equal(cli(...base, '--rows', '0:250', '--save-state', 'a.json').code, 0);
    assert.equal(cli(...base, '--rows', '250:600', '--save-state', 'b.json').code, 0);
    const merged = json('merge', 'a.json', 'b.json');
    const { seconds, source, engine, kernelMode, ...rest } = whole;
    match(merged, rest, 1e-12);
    assert.ok(seconds >= 0 && source && engine && kernelMode);
    const other = json(...base, '--seed', '3', '--save-state', 'c.json');
    assert.ok(other);
    const bad = cli('merge', 'a.json', 'c.json');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /c\.json: cannot merge states made with different anchors, seed \(0 vs 3\)/);
  });

  it('--report writes one self-contained HTML file with the result and the dashboard inlined', () => {
    const r = cli('analyse', join(FIX, 'clustered.npy'), '--labels', join(FIX, 'clustered.tsv'), '--report', 'report.html');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Report written to report\.html/);
    const html = readFileSync(join(tmp, 'report.html'), 'utf8');
    assert.match(html, /Content-Security-Policy/);
    assert.doesNotMatch(html, /unsafe-eval/);
    assert.doesNotMatch(html, /<script[^>]+src=/, 'nothing loaded from elsewhere');
    assert.ok(html.includes('clustered.npy') && html.includes('mutualInformationCorrected'));
  });

  it('--max-rows analyses a seeded sample, the same for the same seed', () => {
    const base = ['analyse', join(FIX, 'clustered.npy'), '--labels', join(FIX, 'clustered.tsv'), '--max-rows', '200'];
    const a = json(...base);
    const b = json(...base);
    assert.equal(a.rows, 200);
    assert.equal(a.labelSets.topic.rows + a.skippedRows.nonFinite + a.skippedRows.zero <= 200, true);
    assert.deepEqual(a.labelSets, b.labelSets);
    assert.notDeepEqual(json(...base, '--seed', '1').labelSets.topic.values, a.labelSets.topic.values);
  });

  it('exports anchors as .npy and gives the same result when they are imported', () => {
    const base = ['analyse', join(FIX, 'clustered.npy'), '--labels', join(FIX, 'clustered.tsv'), '--bins', '20', '--seed', '4'];
    const a = json(...base, '--export-anchors', 'w.npy');
    const bytes = readFileSync(join(tmp, 'w.npy'));
    assert.equal(bytes.subarray(1, 6).toString('latin1'), 'NUMPY');
    assert.match(bytes.toString('latin1', 10, 80), /'descr': '<f8', 'fortran_order': False, 'shape': \(20, 16\)/);
    const b = json('analyse', join(FIX, 'clustered.npy'), '--labels', join(FIX, 'clustered.tsv'), '--anchors', 'w.npy', '--seed', '4');
    assert.equal(b.anchorsHash, a.anchorsHash);
    assert.equal(b.entropy, a.entropy);
    assert.deepEqual(b.labelSets, a.labelSets);
  });

  describe('bad input: exit code 2 and one line on stderr naming the file', () => {
    const oneLine = (r: ReturnType<typeof cli>, pattern: RegExp) => {
      assert.equal(r.code, 2, `exit code (stderr: ${r.err})`);
      assert.equal(r.err.trim().split('\n').length, 1, `one line: ${r.err}`);
      assert.match(r.err, pattern);
      assert.doesNotMatch(r.err, /\n\s+at /);
    };
    it('missing file', () => oneLine(cli('analyse', 'nope.npy'), /nope\.npy: file not found/));
    it('truncated .npy', () => {
      const b = readFileSync(join(FIX, 'clustered.npy'));
      writeFileSync(join(tmp, 'cut.npy'), b.subarray(0, b.length - 100));
      oneLine(cli('analyse', 'cut.npy'), /cut\.npy: .*(truncated|bytes)/i);
    });
    it('not an embeddings file', () => {
      writeFileSync(join(tmp, 'notes.npy'), 'hello world');
      oneLine(cli('analyse', 'notes.npy'), /notes\.npy: is not a supported embeddings file/);
    });
    it('label file of the wrong length', () => {
      const lines = readFileSync(join(FIX, 'clustered.tsv'), 'utf8').split('\n');
      writeFileSync(join(tmp, 'short.tsv'), lines.slice(0, 300).join('\n') + '\n');
      copyFileSync(join(FIX, 'clustered.npy'), join(tmp, 'c.npy'));
      oneLine(cli('analyse', 'c.npy', '--labels', 'short.tsv'), /short\.tsv: has 299 rows but c\.npy has 600/);
    });
    it('bad option values', () => {
      oneLine(cli('analyse', 'c.npy', '--temperature', 'hot'), /--temperature must be auto, bounds, leading-order or a positive number/);
      oneLine(cli('analyse', 'c.npy', '--similarity', 'l1'), /--similarity must be one of cosine, dot, euclidean/);
      oneLine(cli('analyse', 'c.npy', '--bins', '1'), /--bins must be an integer ≥ 2/);
      oneLine(cli('analyse', 'c.npy', '--layer', '3'), /--layer 3: c\.npy has 1 layer/);
      oneLine(cli('analyse', 'c.npy', '--frobnicate'), /Unknown option '--frobnicate'/);
      oneLine(cli('frob'), /unknown command "frob"/);
    });
    it('anchors of the wrong dimension', () => {
      oneLine(cli('analyse', 'c.npy', '--anchors', join(ROOT, 'test', 'fixtures', 'metrics', 'plane2d.npy')), /plane2d\.npy: has anchors of dimension 2 but c\.npy has dimension 16/);
    });
    it('a file that is not a state', () => oneLine(cli('merge', 'short.tsv'), /short\.tsv: is not valid JSON/));
  });
});
