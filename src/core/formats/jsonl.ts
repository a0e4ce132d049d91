import type { ByteSource } from './byteSource';
import type { DelimitedOptions } from './delimited';
import { InputError } from './errors';
import { LabelSetBuilder } from './labelSetBuilder';
import type { FormatInfo, OpenOptions, OpenedEmbeddings } from './opened';
import { clip, indexedRows, scanRecords, VECTOR_NAMES, type TextReadOptions } from './textIndex';

/** Options for {@link openJsonl}. */
export interface JsonlOpenOptions extends OpenOptions, TextReadOptions {}

/** One line is one record: JSON strings cannot hold a raw line break, so no quoting is needed. */
const LINES: DelimitedOptions = { quotes: false };
/** Label fields kept at most; past this (a file whose every line has new keys) further keys are ignored. */
const MAX_LABEL_FIELDS = 256;

// Python's json.dumps writes NaN, Infinity and -Infinity, which JSON.parse refuses; a line that has
// them is parsed again with these stand-in strings in their place.
const PY_NAN = '\u0000NaN';
const PY_INF = '\u0000Infinity';
const PY_NEG_INF = '\u0000-Infinity';

/** What a bare-array line's vector is called (in the overview; no JSON key is parsed to it). */
const BARE = '(each line)';

/** A parsed line: the object, and whether stand-ins for NaN/Infinity were put in. */
interface Line {
  obj: Record<string, unknown>;
  py: boolean;
  /** The line was a bare array (its vector is `obj[BARE]`). */
  bare: boolean;
}

/**
 * Opens JSON Lines / NDJSON embeddings: one JSON object per line, blank lines ignored, e.g. as
 * sentence-transformers users write them: `{"text": "…", "label": 3, "embedding": [0.1, …]}`; or one
 * bare array of numbers per line (`json.dumps(list)`), which has no label sets.
 *
 * The vector field is `opts.column`, else the first of `embedding`, `vector`, `embeddings`, `emb`
 * present in the first object (exact name, then any case), else its only array of numbers. Every
 * other field with scalar values (string, number, bool; null = missing) is a label set named after
 * the field, in order of first appearance; rows without the field are missing. Objects and arrays
 * other than the vector are ignored. `null` inside a vector is NaN, and Python's bare `NaN`,
 * `Infinity`, `-Infinity` are read too (the engine skips such rows).
 *
 * The file is read once to validate every line, build the label sets and index the offset of every
 * 256th line; `readRows` re-parses only the lines around the rows asked for.
 */
export async function openJsonl(source: ByteSource, opts: JsonlOpenOptions = {}): Promise<OpenedEmbeddings> {
  const file = source.name;
  if (source.size === 0) throw new InputError(file, 'is empty; expected one JSON object per line');
  let field = opts.column;
  let rows = 0;
  let dim = 0;
  let firstLine = 0;
  let scratch = new Float64Array(0);
  const labels = new Map<string, LabelSetBuilder>();
  /** Fields seen that are not label sets (the vector, objects, arrays), for `info.available`. */
  const others = new Set<string>();

  const parseLine = (text: string, line: number): Line => {
    let obj: unknown;
    let py = false;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      const swapped = swapPythonSpecials(text);
      try {
        if (swapped === undefined) throw e;
        obj = JSON.parse(swapped);
        py = true;
      } catch (e2) {
        const at = /position (\d+)/.exec(String(e2))?.[1];
        const where = at === undefined ? '' : ` at column ${Number(at) + 1}`;
        throw new InputError(file, `line ${line} is not valid JSON${where}: '${clip(text.trim())}'; JSONL needs one complete JSON object on each line`);
      }
    }
    // A bare array per line (json.dumps(list)) is the vector itself, under a name no object key can clash with.
    if (Array.isArray(obj)) return { obj: { [BARE]: obj }, py, bare: true };
    if (obj === null || typeof obj !== 'object') {
      throw new InputError(file, `line ${line} is ${describe(obj, py)}, not a JSON object or array; JSONL needs one per line, like {"embedding": [0.1, …], "label": "cat"} or [0.1, …]`);
    }
    return { obj: obj as Record<string, unknown>, py, bare: false };
  };

  /** Checks the line's vector and writes it at `out[at…]`. */
  const readVector = ({ obj, py, bare }: Line, line: number, out: Float64Array, at: number): void => {
    const name = field!;
    const v = Object.hasOwn(obj, name) ? obj[name] : undefined;
    if ((name === BARE) !== bare) {
      throw new InputError(file, `line ${line} is ${bare ? 'a bare array' : 'an object'} but line ${firstLine} is ${bare ? 'an object' : 'a bare array'}; use one form on every line`);
    }
    if (v === undefined) {
      throw new InputError(file, `line ${line} has no "${clip(name)}" field (it has ${fieldList(obj)}); every line needs its vector${opts.column === undefined ? ', or choose the field with --column' : ''}`);
    }
    if (!Array.isArray(v)) throw new InputError(file, `line ${line}: "${clip(name)}" is ${describe(v, py)}, not an array of numbers`);
    if (v.length !== dim) {
      throw new InputError(file, `line ${line}: "${clip(name)}" has ${v.length} values but line ${firstLine} has ${dim}; every row needs a vector of the same length`);
    }
    for (let k = 0; k < v.length; k++) {
      const x = toNumber(v[k], py);
      if (x === undefined) throw new InputError(file, `line ${line}: "${clip(name)}"[${k}] is ${describe(v[k], py)}, not a number`);
      out[at + k] = x;
    }
  };

  const index = await scanRecords(source, LINES, opts, (fields, lineNo) => {
    const line = parseLine(fields[0]!, lineNo);
    const { obj, py } = line;
    if (rows === 0) {
      if (line.bare && opts.column !== undefined) throw new InputError(file, `has no field "${clip(opts.column)}": its lines are bare arrays of numbers, each line one vector`);
      field = line.bare ? BARE : (field ?? chooseVectorField(file, obj, lineNo, py));
      const v = Object.hasOwn(obj, field) ? obj[field] : undefined;
      dim = Array.isArray(v) ? v.length : 0;
      if (Array.isArray(v) && dim === 0) throw new InputError(file, `line ${lineNo}: "${clip(field)}" is an empty array; embeddings need at least one value`);
      firstLine = lineNo;
      scratch = new Float64Array(dim);
      others.add(field);
    }
    readVector(line, lineNo, scratch, 0);
    for (const key of Object.keys(obj)) {
      if (labels.has(key) || others.has(key)) continue;
      if (!isScalar(obj[key]) || labels.size >= MAX_LABEL_FIELDS) {
        if (others.size < MAX_LABEL_FIELDS) others.add(key);
        continue;
      }
      const set = new LabelSetBuilder(key);
      for (let i = 0; i < rows; i++) set.add(undefined); // rows before the field first appeared
      labels.set(key, set);
    }
    for (const [key, set] of labels) set.add(labelText(Object.hasOwn(obj, key) ? obj[key] : undefined, py));
    rows++;
  });
  if (rows === 0) throw new InputError(file, 'has only blank lines; expected one JSON object per line');

  const vectorField = field!;
  const embeddings = indexedRows(source, index, LINES, opts, { rows, dim }, (fields, line, out, at) => readVector(parseLine(fields[0]!, line), line, out, at));
  const info: FormatInfo = {
    format: 'jsonl',
    tensor: vectorField,
    dtype: 'json number',
    available: [
      { name: vectorField, shape: [rows, dim], role: 'embeddings' },
      ...[...labels.keys()].map((name) => ({ name, shape: [rows], role: 'labels' as const })),
      ...[...others].filter((n) => n !== vectorField).map((name) => ({ name, role: 'other' as const })),
    ],
  };
  return { embeddings, labelSets: [...labels.values()].map((s) => s.finish()), info };
}

/** The vector field of the first object: a preferred name, else its only array of numbers. */
function chooseVectorField(file: string, obj: Record<string, unknown>, line: number, py: boolean): string {
  const keys = Object.keys(obj);
  for (const name of VECTOR_NAMES) if (Object.hasOwn(obj, name)) return name;
  for (const name of VECTOR_NAMES) {
    const k = keys.find((key) => key.toLowerCase() === name);
    if (k !== undefined) return k;
  }
  const arrays = keys.filter((k) => {
    const v = obj[k];
    return Array.isArray(v) && v.length > 0 && v.every((x) => toNumber(x, py) !== undefined);
  });
  if (arrays.length === 1) return arrays[0]!;
  if (arrays.length > 1) {
    throw new InputError(file, `line ${line} has several arrays of numbers (${arrays.map((k) => `"${clip(k)}"`).join(', ')}); choose the embedding field with --column`);
  }
  throw new InputError(file, `line ${line} has no array of numbers to use as the embedding (it has ${fieldList(obj)}); name the field with --column`);
}

/** A vector element as a number: JSON numbers, null (NaN, as JSON.stringify writes NaN), or Python's stand-ins. */
function toNumber(x: unknown, py: boolean): number | undefined {
  if (typeof x === 'number') return x;
  if (x === null) return NaN;
  if (py && typeof x === 'string') return x === PY_NAN ? NaN : x === PY_INF ? Infinity : x === PY_NEG_INF ? -Infinity : undefined;
  return undefined;
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** A label field's value as label text; null, NaN, objects and arrays are missing. */
function labelText(v: unknown, py: boolean): string | undefined {
  if (typeof v === 'string') {
    if (py && v.startsWith('\u0000')) return v === PY_NAN ? undefined : v === PY_INF ? 'Infinity' : v === PY_NEG_INF ? '-Infinity' : v;
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A JSON value described for a message: its type and a short rendering. */
function describe(v: unknown, py: boolean): string {
  const n = toNumber(v, py);
  if (py && typeof v === 'string' && n !== undefined) return `the number ${n}`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${clip(JSON.stringify(v))})`;
  if (typeof v === 'object') return `an object (${clip(JSON.stringify(v))})`;
  if (typeof v === 'string') return `the string ${clip(JSON.stringify(v))}`;
  return `the ${typeof v} ${String(v)}`;
}

function fieldList(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  if (keys.length === 0) return 'no fields';
  const shown = keys.slice(0, 8).map((k) => `"${clip(k)}"`).join(', ');
  return `${keys.length > 8 ? `${keys.length} fields: ${shown}, …` : `fields ${shown}`}`;
}

/**
 * The line with Python's bare `NaN`, `Infinity` and `-Infinity` tokens (outside strings) replaced
 * by stand-in strings, or undefined when it has none.
 */
function swapPythonSpecials(text: string): string | undefined {
  let out = '';
  let seg = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === 'N' || c === 'I' || c === '-') {
      const token = text.startsWith('NaN', i) ? 'NaN' : text.startsWith('Infinity', i) ? 'Infinity' : text.startsWith('-Infinity', i) ? '-Infinity' : undefined;
      if (token === undefined) continue;
      out += `${text.slice(seg, i)}"\\u0000${token}"`;
      i += token.length - 1;
      seg = i + 1;
    }
  }
  return seg === 0 ? undefined : out + text.slice(seg);
}
