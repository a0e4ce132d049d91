import type { ByteSource } from './byteSource';
import { InputError } from './errors';
import { LabelSetBuilder, type LabelSet } from './labelSetBuilder';
import type { FormatInfo, OpenOptions, OpenedEmbeddings } from './opened';
import { readTextChunks } from './textChunks';
import { clip, indexedRows, scanRecords, VECTOR_NAMES, type RecordIndex, type TextReadOptions } from './textIndex';
import { headerNames } from './labels';

/** Options for {@link openDelimited}. */
export interface DelimitedOpenOptions extends OpenOptions, TextReadOptions {
  /** Field separator; by default from the extension (`.csv` comma, `.tsv`/`.tab` tab), else sniffed from the first line. */
  separator?: ',' | '\t';
}

/** Data rows (after the header) that decide the header and the columns' roles. */
const SAMPLE_ROWS = 256;
/** …or fewer, when rows are long: the sample is the only part of the file held in memory. */
const SAMPLE_CHARS = 4 << 20;
/** Words in a column name that make a whole-number column a label rather than a coordinate. */
const LABEL_WORDS = new Set(['label', 'labels', 'class', 'classes', 'cls', 'y', 'target', 'targets', 'category', 'categories', 'cluster', 'clusters', 'layer', 'digit', 'group', 'kind', 'type']);

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

/**
 * A cell as a number: decimal text parsed exactly as JS `Number()` does (correctly rounded, so
 * Python's `repr`, numpy's `%.18e` and Go's `%v` all round-trip), or nan / inf / infinity in any
 * case with an optional sign (numpy, Python, R, JSON spellings). Undefined for anything else,
 * including hex and the empty cell — `Number()` alone would take `0x1f` and `''`.
 */
export function parseNumberText(cell: string): number | undefined {
  const t = cell.trim();
  if (DECIMAL.test(t)) return Number(t);
  const m = SPECIAL.exec(t);
  if (!m) return undefined;
  return m[2]!.toLowerCase() === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
}

/** True when a cell is written like a whole vector: `[…]`, or numpy's `array([…])`. */
function looksLikeVector(cell: string): boolean {
  const t = cell.trim();
  return (t.startsWith('[') && t.endsWith(']')) || (t.startsWith('array(') && t.endsWith(')'));
}

const NP_SCALAR = /^(?:np|numpy)\.float(?:16|32|64)\((.*)\)$/;

/**
 * A vector cell's numbers, or why it is not one. Accepts `json.dumps`/Python list reprs
 * (`[0.1, -0.3]`), numpy's printing (`[ 0.1 -0.3]`, wrapped over several lines), `array([…])`,
 * and numpy 2's reprs of lists of scalars (`[np.float32(0.1), …]`).
 */
export function parseVectorText(cell: string): number[] | string {
  let t = cell.trim();
  if (t.startsWith('array(') && t.endsWith(')')) t = t.slice(6, -1).replace(/,\s*dtype=\w+\s*$/, '').trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return "is not a vector written as '[…]'";
  const body = t.slice(1, -1).trim();
  if (body.includes('...')) return "is abbreviated with '...' (numpy prints only the ends of long arrays); write vectors with json.dumps(v.tolist()), or set np.set_printoptions(threshold=sys.maxsize)";
  if (body.includes('[')) return 'holds nested brackets; each cell must be one flat vector';
  if (body === '') return 'is an empty vector';
  const out: number[] = [];
  for (const part of body.split(/\s*,\s*|\s+/)) {
    const v = parseNumberText(NP_SCALAR.exec(part)?.[1] ?? part);
    if (v === undefined) return part === '' ? 'has an empty entry (two commas in a row?)' : `has '${clip(part)}', which is not a number`;
    out.push(v);
  }
  return out;
}

/** How a column is used. */
type Role = 'feature' | 'vector' | 'label' | 'index';

/** Decided from the first line and the sample: which columns hold what. */
interface Plan {
  header: boolean;
  headerLine: number;
  names: string[];
  roles: Role[];
  /** Scalar feature columns, in the order they become dimensions. */
  features: number[];
  /** The vector column, or -1. */
  vector: number;
  labels: { col: number; numeric: boolean; set: LabelSetBuilder }[];
  /** Said when a later cell does not fit the plan. */
  because: string;
}

/**
 * Opens a CSV/TSV table of embeddings. Three layouts are recognised:
 *
 * - TensorBoard projector `tensors.tsv` (and `np.savetxt(…, delimiter='\t')`): no header, every cell a
 *   number, one vector per line. Labels come from a sidecar `metadata.tsv`, read by the caller.
 * - A header row, numeric feature columns and label columns (e.g. `f0…f767,pos,lang,class`).
 * - A column holding a whole vector per cell (`"[0.1, -0.3, …]"`, or numpy's printed arrays).
 *
 * The first line is a header unless it looks like data: it has a number or vector cell, and no text
 * cell sits above a column of numbers. Integer names `0,1,2,…`, as pandas writes for a frame made
 * from an array, are a header when an unnamed index column precedes them or the rows below hold
 * fractional numbers. Columns take their roles from the first 256 data rows:
 *
 * 1. `opts.column` names one vector column, or the comma-separated numeric feature columns; every
 *    other column is a label set.
 * 2. Otherwise a column whose cells all look like `[…]` holds the vectors (if several, the one named
 *    embedding / vector / embeddings / emb); every other column is a label set.
 * 3. Otherwise every column whose non-empty cells are all numbers is a feature, except (a) a column
 *    named like a label (a word such as label, class, y, target, category, cluster, layer, digit,
 *    group, kind or type, e.g. `class_id`, `y_true`) whose numbers are all whole: a categorical label
 *    set; (b) a column with an empty name whose numbers are all whole: the row index pandas writes,
 *    skipped. Columns with text (or nothing) in the sample are label sets.
 *
 * An empty feature cell is NaN, as are nan/inf spellings (the engine skips such rows). Label cells
 * keep their text; in whole-number label columns `3.0` (pandas' int-with-NaN) reads as `3`. Blank
 * lines are skipped. The file is parsed once to validate it, build the label sets and index the
 * offset of every 256th row; `readRows` then re-parses only the bytes around the rows asked for.
 */
export async function openDelimited(source: ByteSource, opts: DelimitedOpenOptions = {}): Promise<OpenedEmbeddings> {
  const file = source.name;
  if (source.size === 0) throw new InputError(file, 'is empty; expected one embedding per line');
  const ext = /\.[^./\\]*$/.exec(file.toLowerCase())?.[0] ?? '';
  const separator = opts.separator ?? (ext === '.csv' ? ',' : ext === '.tsv' || ext === '.tab' ? '\t' : await sniffSeparator(source));
  const delimited = { separator, quotes: true };
  const sepName = separator === '\t' ? 'a tab' : `'${separator}'`;

  let plan: Plan | undefined;
  let sample: { fields: string[]; line: number }[] = [];
  let sampleChars = 0;
  let rows = 0;
  let dim = 0;
  let firstLine = 0;
  let scratch: Float64Array | undefined;

  /** Checks one data row and writes its values at `out[at…]` (the scan passes a scratch row). */
  const parseRow = (p: Plan, fields: string[], line: number, out: Float64Array, at: number): void => {
    if (fields.length !== p.names.length) {
      const ref = p.header ? `the header (line ${p.headerLine})` : `line ${p.headerLine}`;
      throw new InputError(file, `line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'} but ${ref} has ${p.names.length}; every line needs the same number of fields separated by ${sepName} — put a field that contains ${sepName}, a quote or a line break in double quotes`);
    }
    if (p.vector >= 0) {
      const name = p.names[p.vector]!;
      const v = parseVectorText(fields[p.vector]!);
      if (typeof v === 'string') {
        const cell = fields[p.vector]!.trim() === '' ? 'is empty' : `${v}: '${clip(fields[p.vector]!)}'`;
        throw new InputError(file, `line ${line}, column '${name}': the vector ${cell}`);
      }
      if (v.length !== dim) {
        throw new InputError(file, `line ${line}: the vector in column '${name}' has ${v.length} values but line ${firstLine} has ${dim}; every row needs a vector of the same length`);
      }
      out.set(v, at);
      return;
    }
    const f = p.features;
    for (let k = 0; k < f.length; k++) {
      const cell = fields[f[k]!]!;
      const v = parseNumberText(cell);
      if (v === undefined && cell.trim() !== '') {
        throw new InputError(file, `line ${line}, column '${p.names[f[k]!]}': '${clip(cell)}' is not a number; ${p.because}`);
      }
      out[at + k] = v ?? NaN;
    }
  };

  const dataRow = (p: Plan, fields: string[], line: number): void => {
    if (rows === 0) {
      firstLine = line;
      if (p.vector >= 0) {
        const v = parseVectorText(fields[p.vector] ?? '');
        dim = typeof v === 'string' ? 0 : v.length;
      } else dim = p.features.length;
      scratch = new Float64Array(dim);
    }
    parseRow(p, fields, line, scratch!, 0);
    for (const l of p.labels) l.set.add(l.numeric ? canonicalNumber(fields[l.col]!) : fields[l.col]);
    rows++;
  };

  const decide = (): void => {
    plan = makePlan(file, sample, opts.column);
    for (const r of sample.slice(plan.header ? 1 : 0)) dataRow(plan, r.fields, r.line);
    sample = [];
  };

  const index: RecordIndex = await scanRecords(source, delimited, opts, (fields, line) => {
    if (plan) return dataRow(plan, fields, line);
    sample.push({ fields, line });
    sampleChars += fields.reduce((n, c) => n + c.length + 1, 0);
    if (sample.length > SAMPLE_ROWS || sampleChars > SAMPLE_CHARS) decide();
  });
  if (!plan && sample.length > 0) decide();
  if (!plan) throw new InputError(file, 'has only blank lines; expected one embedding per line');
  const p: Plan = plan;
  if (rows === 0) {
    throw new InputError(file, `has a header line (line ${p.headerLine}: ${p.names.map((n) => `'${clip(n)}'`).join(', ')}) but no data rows`);
  }
  const skip = p.header ? 1 : 0;
  const embeddings = indexedRows(source, index, delimited, opts, { rows, dim, skip }, (fields, line, out, at) => parseRow(p, fields, line, out, at));
  const labelSets: LabelSet[] = p.labels.map((l) => l.set.finish());
  const chosen = p.vector >= 0 ? [p.vector] : p.features;
  const info: FormatInfo = {
    format: separator === ',' ? 'csv' : 'tsv',
    tensor: chosen.length <= 4 ? chosen.map((k) => p.names[k]).join(',') : `${p.names[chosen[0]!]}…${p.names[chosen[chosen.length - 1]!]} (${chosen.length} columns)`,
    dtype: 'text',
    available: p.names.map((name, k) => ({ name, role: p.roles[k] === 'label' ? 'labels' : p.roles[k] === 'index' ? 'other' : 'embeddings' })),
  };
  return { embeddings, labelSets, info };
}

/** Per-column tally of the sample's cells. */
interface Tally {
  filled: number;
  numbers: number;
  whole: number;
  vectors: number;
  texts: number;
}

function makePlan(file: string, sample: { fields: string[]; line: number }[], column: string | undefined): Plan {
  const first = sample[0]!;
  const width = first.fields.length;
  const rest = sample.slice(1);
  const tallies = Array.from({ length: width }, (): Tally => ({ filled: 0, numbers: 0, whole: 0, vectors: 0, texts: 0 }));
  const tallyRow = (fields: string[]): void => {
    if (fields.length !== width) return; // a ragged row: reported in order once the header is known
    fields.forEach((cell, k) => {
      const t = tallies[k]!;
      if (cell.trim() === '') return;
      t.filled++;
      const v = parseNumberText(cell);
      if (v !== undefined) {
        t.numbers++;
        if (Number.isInteger(v) || Number.isNaN(v)) t.whole++;
      } else if (looksLikeVector(cell)) t.vectors++;
      else t.texts++;
    });
  };
  rest.forEach((r) => tallyRow(r.fields));
  const header = isHeader(first.fields, tallies);
  if (!header) tallyRow(first.fields);
  const names = header ? headerNames(first.fields) : first.fields.map((_, k) => `column ${k + 1}`);
  const isNumeric = (t: Tally): boolean => t.filled > 0 && t.numbers === t.filled;
  const roles: Role[] = new Array<Role>(width).fill('label');
  tallies.forEach((t, k) => {
    if (header && first.fields[k]!.trim() === '' && isNumeric(t) && t.whole === t.numbers) roles[k] = 'index';
  });
  let because: string;
  let features: number[] | undefined; // in the order --column gives them
  const findColumn = (name: string): number => {
    const k = names.indexOf(name);
    if (k < 0) throw new InputError(file, `has no column '${name}' (columns: ${names.map((n) => `'${clip(n)}'`).join(', ')}); check --column`);
    return k;
  };
  if (column !== undefined) {
    const wanted = column.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (wanted.length === 0) throw new InputError(file, `--column '${column}' names no column`);
    const cols = wanted.map(findColumn);
    const k0 = cols[0]!;
    if (cols.length === 1 && tallies[k0]!.vectors > 0 && tallies[k0]!.vectors + tallies[k0]!.texts === tallies[k0]!.filled) roles[k0] = 'vector';
    else {
      for (const k of cols) {
        const t = tallies[k]!;
        if (t.vectors > 0) throw new InputError(file, `column '${names[k]}' holds whole vectors; with --column name either one vector column or several numeric columns`);
        roles[k] = 'feature';
      }
      features = cols.filter((k, i) => cols.indexOf(k) === i);
    }
    because = `the column was chosen with --column; fix the cell, or choose other columns`;
  } else {
    // Mostly vectors: a few cells that fail to parse are then reported, rather than the column becoming labels.
    const vectors = tallies.map((t, k) => (t.vectors > t.texts && t.vectors + t.texts === t.filled ? k : -1)).filter((k) => k >= 0);
    if (vectors.length > 0) {
      const preferred = VECTOR_NAMES.map((n) => vectors.find((k) => names[k]!.toLowerCase() === n)).find((k) => k !== undefined);
      if (preferred === undefined && vectors.length > 1) {
        throw new InputError(file, `has several columns of vectors (${vectors.map((k) => `'${names[k]}'`).join(', ')}); choose one with --column`);
      }
      roles[preferred ?? vectors[0]!] = 'vector';
    } else {
      tallies.forEach((t, k) => {
        if (roles[k] === 'index' || !isNumeric(t)) return;
        roles[k] = header && t.whole === t.numbers && isLabelName(names[k]!) ? 'label' : 'feature';
      });
    }
    because = `the first rows made it a column of numbers (an embedding dimension); fix the cell, or name the feature columns with --column`;
  }
  features ??= roles.flatMap((r, k) => (r === 'feature' ? [k] : []));
  const vector = roles.indexOf('vector');
  if (features.length === 0 && vector < 0 && rest.length > 0) {
    const shown = names.map((n) => `'${clip(n)}'`).join(', ');
    const other = width === 1 ? ['\t', ','].find((c) => first.fields[0]!.includes(c)) : undefined;
    const hint = other ? ` — the first line has ${other === '\t' ? 'tabs' : 'commas'}: is the file really ${other === '\t' ? 'tab' : 'comma'}-separated? Rename it, or choose the separator` : '; name the embedding column(s) with --column';
    throw new InputError(file, `has no column of numbers or [ … ] vectors to use as embeddings (columns: ${shown}${header ? ', read from the header line' : ''})${hint}`);
  }
  const labels = roles.flatMap((r, k) => (r === 'label' ? [{ col: k, numeric: isNumeric(tallies[k]!) && tallies[k]!.whole === tallies[k]!.numbers, set: new LabelSetBuilder(names[k]!) }] : []));
  return { header, headerLine: first.line, names, roles, features, vector, labels, because };
}

/** The header rule of {@link openDelimited}, given the tallies of the sample rows after `first`. */
function isHeader(first: string[], tallies: Tally[]): boolean {
  const kinds = first.map((c) => (c.trim() === '' ? 'empty' : parseNumberText(c) !== undefined ? 'number' : looksLikeVector(c) ? 'vector' : 'text'));
  // pandas' names for a frame made from an array: 0,1,2,… after an unnamed index column, or over
  // fractional data (a first data row of 0,1,2,… above whole numbers is left as data).
  let lead = 0;
  while (kinds[lead] === 'empty') lead++;
  const ints = first.slice(lead).map((c) => parseNumberText(c));
  const fractional = tallies.some((t) => t.whole < t.numbers);
  if (ints.length >= 2 && ints.every((v, i) => v === i) && (lead > 0 || fractional)) return true;
  if (!kinds.includes('number') && !kinds.includes('vector')) return kinds.includes('text');
  return kinds.some((k, i) => k === 'text' && tallies[i]!.texts === 0 && tallies[i]!.numbers + tallies[i]!.vectors > 0);
}

/** True when a column name has a label-like word (`label`, `class_id`, `yTrue`, …). */
function isLabelName(name: string): boolean {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((w) => LABEL_WORDS.has(w));
}

/** A whole-number label cell in one spelling (`3.0` → `3`), so pandas' floats match plain integers. */
function canonicalNumber(cell: string): string | undefined {
  const v = parseNumberText(cell);
  if (v === undefined) return cell;
  if (Number.isNaN(v)) return undefined;
  return Number.isSafeInteger(v) ? String(v) : cell.trim();
}

/**
 * Tab if the first non-blank line (within 64 KiB) has one, else comma if it has one outside quotes
 * and brackets, else tab: one column, where commas belong to the cells (`[0.1, 0.2]`).
 */
async function sniffSeparator(source: ByteSource): Promise<',' | '\t'> {
  let commas = 0;
  for await (const text of readTextChunks(source, 1 << 16)) {
    let quoted = false;
    let depth = 0;
    let seen = false;
    for (const c of text) {
      const lineBreak = c === '\n' || c === '\r';
      if (lineBreak && !quoted && seen) break;
      seen ||= !lineBreak;
      if (c === '"') quoted = !quoted;
      else if (quoted) continue;
      else if (c === '\t') return '\t';
      else if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === ',' && depth <= 0) commas++;
    }
    break;
  }
  return commas > 0 ? ',' : '\t';
}

