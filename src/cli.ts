import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildResult } from './core/analysis/analyse';
import { Accumulator, type AccumulatorState } from './core/entropy/accumulator';
import { DEFAULT_SETTINGS, type AnalysisSettings, type AnchorPlacement, type Similarity, type Smoothing, type Weighting } from './core/entropy/settings';
import type { TemperatureMode } from './core/entropy/temperature';
import type { EngineChoice } from './core/engines/select';
import { InputError } from './core/formats/errors';
import { encodeNpy } from './core/formats/npy';
import type { AnalysisResult } from './core/report/result';
import { buildReportHtml } from './core/report/htmlReport';
import { formatSummary } from './core/report/summary';
import { makeSampleData } from './core/sample/sampleData';
import { analyseFile } from './node/analyseFile';
import { useBundledH5wasm } from './node/useBundledH5wasm';

const USAGE = `Usage:
  embedding-entropy analyse <embeddings> [--labels FILE] [--anchors FILE.npy | --bins N --seed S]
      [--placement normal|standard_normal|uniform|data|kmeans]
      [--temperature auto|bounds|leading-order|NUMBER] [--similarity cosine|dot|euclidean]
      [--smoothing softmax|sparsemax|hard] [--weighting weighted|uniform] [--shuffles K] [--min-count M]
      [--engine auto|gpu|cpu|reference] [--layer I] [--rows START:END] [--max-rows N] [--tensor NAME] [--column NAME] [--no-sidecar]
      [--optimality INPUT:OUTPUT] [--export-anchors FILE.npy] [--save-state FILE.json]
      [--out RESULT.json] [--report REPORT.html] [--json]
  embedding-entropy merge <state.json>... [--out RESULT.json] [--json]
  embedding-entropy sample <dir>
Embeddings: .npy, .npz, .safetensors, .h5/.hdf5, .parquet, .csv, .tsv, .jsonl/.ndjson.
Defaults: --bins 100 --seed 0 --temperature auto --similarity cosine --smoothing softmax
  --weighting weighted --shuffles 5 --min-count 5`;

/** A mistake in how the CLI was called: shown with a pointer to --help, exit code 2. */
class UsageError extends Error {}

const STATE_FORMAT = 'embedding-entropy-state';

interface SavedState {
  format: typeof STATE_FORMAT;
  version: 1;
  source: string;
  labels: string | null;
  layers: AccumulatorState[];
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function integer(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(v) || v < min) throw new UsageError(`--${flag} must be an integer ≥ ${min} (got "${value}")`);
  return v;
}

function temperature(value: string | undefined): TemperatureMode {
  if (value === undefined) return DEFAULT_SETTINGS.temperature;
  if (value === 'auto' || value === 'bounds' || value === 'leading-order') return value;
  const v = Number(value);
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`--temperature must be auto, bounds, leading-order or a positive number (got "${value}")`);
  return v;
}

/** Prints the result: the summary table, or one JSON object with --json; --out also writes the JSON. */
async function emit(result: AnalysisResult, json: boolean, out: string | undefined): Promise<void> {
  const text = JSON.stringify(result, null, 2);
  if (out) await writeFile(out, text + '\n');
  if (json) process.stdout.write(text + '\n');
  else {
    process.stdout.write(formatSummary(result) + '\n');
    if (out) process.stdout.write(`Result written to ${out}\n`);
  }
}

/** Stderr progress line about once a second, only for a terminal. */
function progressReporter(): ((p: { rowsDone: number; rowsTotal: number }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = Date.now();
  return (p) => {
    const t = Date.now();
    if (t - last < 1000 && p.rowsDone < p.rowsTotal) return;
    last = t;
    process.stderr.write(`\r${p.rowsDone}/${p.rowsTotal} rows${p.rowsDone === p.rowsTotal ? '\n' : ''}`);
  };
}

async function cmdAnalyse(argv: string[]): Promise<void> {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      labels: { type: 'string' },
      anchors: { type: 'string' },
      bins: { type: 'string' },
      seed: { type: 'string' },
      placement: { type: 'string' },
      temperature: { type: 'string' },
      similarity: { type: 'string' },
      smoothing: { type: 'string' },
      weighting: { type: 'string' },
      shuffles: { type: 'string' },
      'min-count': { type: 'string' },
      layer: { type: 'string' },
      rows: { type: 'string' },
      'max-rows': { type: 'string' },
      engine: { type: 'string' },
      tensor: { type: 'string' },
      column: { type: 'string' },
      'no-sidecar': { type: 'boolean', default: false },
      optimality: { type: 'string' },
      'export-anchors': { type: 'string' },
      'save-state': { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('analyse takes exactly one embeddings file');
  if (o.anchors && (o.bins || o.placement)) throw new UsageError('--anchors gives the anchors; do not combine it with --bins or --placement');
  const settings: AnalysisSettings = {
    bins: integer('bins', o.bins, DEFAULT_SETTINGS.bins, 2),
    seed: integer('seed', o.seed, DEFAULT_SETTINGS.seed, 0),
    placement: o.anchors ? 'file' : oneOf<AnchorPlacement>('placement', o.placement, ['normal', 'standard_normal', 'uniform', 'data', 'kmeans'], 'normal'),
    temperature: temperature(o.temperature),
    similarity: oneOf<Similarity>('similarity', o.similarity, ['cosine', 'dot', 'euclidean'], DEFAULT_SETTINGS.similarity),
    smoothing: oneOf<Smoothing>('smoothing', o.smoothing, ['softmax', 'sparsemax', 'hard'], DEFAULT_SETTINGS.smoothing),
    weighting: oneOf<Weighting>('weighting', o.weighting, ['weighted', 'uniform'], DEFAULT_SETTINGS.weighting),
    shuffles: integer('shuffles', o.shuffles, DEFAULT_SETTINGS.shuffles, 0),
    minCount: integer('min-count', o['min-count'], DEFAULT_SETTINGS.minCount, 1),
  };
  let optimality: [string, string] | undefined;
  if (o.optimality !== undefined) {
    const parts = o.optimality.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UsageError(`--optimality takes INPUT:OUTPUT label set names (got "${o.optimality}")`);
    optimality = [parts[0], parts[1]];
  }
  let rows: { start: number; end: number } | undefined;
  if (o.rows !== undefined) {
    const m = /^(\d+):(\d+)$/.exec(o.rows);
    if (!m || Number(m[1]) >= Number(m[2])) throw new UsageError(`--rows takes START:END with START < END (got "${o.rows}")`);
    rows = { start: Number(m[1]), end: Number(m[2]) };
  }
  const file = positionals[0];
  const run = await analyseFile(
    {
      file,
      labels: o.labels ?? (o['no-sidecar'] ? null : undefined),
      tensor: o.tensor,
      column: o.column,
      settings,
      anchorsFile: o.anchors,
      layer: o.layer === undefined ? undefined : integer('layer', o.layer, 0, 0),
      rows,
      maxRows: integer('max-rows', o['max-rows'], 0, 0),
      optimality,
      engine: oneOf<EngineChoice>('engine', o.engine, ['auto', 'gpu', 'cpu', 'reference'], 'auto'),
    },
    { onProgress: progressReporter() },
  );
  if (o['export-anchors']) await writeFile(o['export-anchors'], encodeNpy([run.anchors.n, run.anchors.d], run.anchors.w));
  if (o['save-state']) {
    const saved: SavedState = { format: STATE_FORMAT, version: 1, source: file, labels: run.labelsFile, layers: run.accumulators.map((a) => a.toState()) };
    await writeFile(o['save-state'], JSON.stringify(saved) + '\n');
  }
  if (o.report) await writeReport(run.result, o.report);
  await emit(run.result, o.json!, o.out);
  if (o.report && !o.json) process.stdout.write(`Report written to ${o.report}\n`);
}

/** Writes the standalone HTML report: the dashboard bundle (built next to this CLI) with the result inlined. */
async function writeReport(result: AnalysisResult, path: string): Promise<void> {
  const dir = join(__dirname, 'webview');
  let js: string;
  let css: string;
  try {
    [js, css] = await Promise.all([readFile(join(dir, 'dashboard.js'), 'utf8'), readFile(join(dir, 'dashboard.css'), 'utf8')]);
  } catch {
    throw new Error(`the dashboard bundle is missing from ${dir}; run \`npm run build\` first`);
  }
  await writeFile(path, buildReportHtml(result, js, css));
}

async function loadState(path: string): Promise<SavedState> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(path, code === 'ENOENT' ? 'file not found' : `is not valid JSON (${(e as Error).message})`);
  }
  const s = parsed as Partial<SavedState>;
  if (s?.format !== STATE_FORMAT || s.version !== 1 || !Array.isArray(s.layers)) {
    throw new InputError(path, 'is not an Embedding Entropy state file (write one with `analyse --save-state`)');
  }
  return s as SavedState;
}

async function cmdMerge(argv: string[]): Promise<void> {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length < 1) throw new UsageError('merge takes one or more state files');
  const t0 = performance.now();
  const byLayer = new Map<number, Accumulator>();
  const first = await loadState(positionals[0]);
  for (const path of positionals) {
    const saved = path === positionals[0] ? first : await loadState(path);
    for (const st of saved.layers) {
      let acc: Accumulator;
      try {
        acc = Accumulator.fromState(st);
        const have = byLayer.get(st.layer);
        if (have) have.merge(acc);
        else byLayer.set(st.layer, acc);
      } catch (e) {
        throw new InputError(path, (e as Error).message);
      }
    }
  }
  const result = buildResult([...byLayer.values()], {
    source: positionals.length === 1 ? first.source : `${positionals.length} merged states`,
    labels: first.labels,
    engine: 'merge',
    kernelMode: 'sums',
    seconds: (performance.now() - t0) / 1000,
  });
  await emit(result, o.json!, o.out);
}

async function cmdSample(argv: string[]): Promise<void> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('sample takes one directory to write into');
  const dir = positionals[0];
  const s = makeSampleData();
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'embeddings.npy'), encodeNpy([s.layers, s.rows, s.dim], s.embeddings));
  await writeFile(join(dir, 'metadata.tsv'), s.metadataTsv);
  process.stdout.write(
    `Wrote ${join(dir, 'embeddings.npy')} (${s.layers} layers × ${s.rows} rows × ${s.dim} dims, float32) and ${join(dir, 'metadata.tsv')} (label sets topic, style).\n`,
  );
}

/** Runs the CLI; returns the exit code (0 ok, 2 bad input or usage, 1 internal error). */
export async function main(argv: string[]): Promise<number> {
  useBundledH5wasm();
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'analyse':
      case 'analyze':
        await cmdAnalyse(rest);
        return 0;
      case 'merge':
        await cmdMerge(rest);
        return 0;
      case 'sample':
        await cmdSample(rest);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`embedding-entropy: ${(e as Error).message} (see embedding-entropy --help)\n`);
      return 2;
    }
    // InputError and the engine's plain Errors are about the user's input or settings: one line.
    if (e instanceof InputError || (e instanceof Error && e.constructor === Error)) {
      process.stderr.write(`embedding-entropy: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`embedding-entropy: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
