import type { ByteSource } from './byteSource';
import { DelimitedParser } from './delimited';
import { InputError } from './errors';
import { LabelSetBuilder, type LabelSet } from './labelSetBuilder';
import { hasNpyMagic, openNpy } from './npy';
import { readTextChunks } from './textChunks';

export type { LabelSet } from './labelSetBuilder';

/** Options for {@link readLabels}. */
export interface ReadLabelsOptions {
  /** Rows the embeddings have; a different label count is an InputError naming both files. */
  expectedRows?: number;
  /** The embeddings file's name, for that message (default "the embeddings"). */
  embeddingsName?: string;
  /** Bytes per read of text files (default 1 MiB); tests shrink it to exercise chunk boundaries. */
  chunkSize?: number;
}

/** What a format reader hands back before the row count is checked. */
interface Parsed {
  sets: LabelSetBuilder[];
  /** Blank rows at the very end, which may be dropped when they are all that spoils the count. */
  trailingBlank: number;
  /** Said after a row-count mismatch: how this format counts rows. */
  hint: string;
}

/**
 * Reads one or more label sets, one label per row of the embeddings. The format follows the file:
 *
 * - `.npy` (or any file starting with the `.npy` magic): a 1-D integer, bool or string array, or
 *   floats that are all whole numbers (NaN = no label) → one set named `label`.
 * - `.tsv`, `.tab`, `.csv`: with two or more columns the first line is a header naming the sets, one
 *   set per column; with one column there is no header and the set is `label` (TensorBoard's
 *   metadata.tsv convention). RFC 4180 quoting, CRLF and a UTF-8 byte-order mark are handled.
 * - anything else (`.txt`): every line is one label; there is no header line.
 *
 * An empty or all-whitespace cell means "no label" (code -1). Blank lines at the end of the file are
 * rows too, except that when `expectedRows` is given and dropping them makes the count match, they
 * are dropped (editors like to add them). In a multi-column file a blank line is never a row: in the
 * middle it is an error, at the end it is ignored. Text is read in chunks, never as one string.
 */
export async function readLabels(source: ByteSource, opts: ReadLabelsOptions = {}): Promise<LabelSet[]> {
  const file = source.name;
  if (source.size === 0) throw new InputError(file, 'is empty; a label file needs one label per row of the embeddings');
  const ext = /\.[^./\\]*$/.exec(file.toLowerCase())?.[0] ?? '';
  const chunk = opts.chunkSize;
  const parsed =
    ext === '.npy' || hasNpyMagic(await source.read(0, 6))
      ? await readNpyLabels(source)
      : ext === '.csv' || ext === '.tsv' || ext === '.tab'
        ? await readDelimitedLabels(source, ext === '.csv' ? ',' : '\t', chunk)
        : await readLineLabels(source, chunk);
  let rows = parsed.sets[0]?.length ?? 0;
  if (rows === 0) {
    const why = parsed.sets.length > 1 ? 'has a header line but no rows of labels' : 'has no labels';
    throw new InputError(file, `${why}; expected one label per row of the embeddings`);
  }
  const want = opts.expectedRows;
  if (want !== undefined && rows > want && rows - parsed.trailingBlank <= want) rows = want;
  if (want !== undefined && rows !== want) {
    throw new InputError(file, `has ${rows} rows but ${opts.embeddingsName ?? 'the embeddings'} has ${want}${parsed.hint}`);
  }
  return parsed.sets.map((b) => b.finish(rows));
}

async function readNpyLabels(source: ByteSource): Promise<Parsed> {
  const arr = await openNpy(source);
  const data = await arr.readAll1D();
  const set = new LabelSetBuilder('label');
  if (Array.isArray(data)) {
    for (const s of data) set.add(s);
  } else if (arr.dtype.kind === 'bool') {
    for (const v of data) set.add(v ? 'True' : 'False');
  } else {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (Number.isNaN(v)) set.add(undefined);
      else if (Number.isInteger(v)) set.add(String(v));
      else {
        throw new InputError(source.name, `holds non-integer values (${v} at row ${i}); labels must be categories — save integer or string labels, e.g. np.save(path, y.astype(np.int64))`);
      }
    }
  }
  return { sets: [set], trailingBlank: 0, hint: '' };
}

async function readLineLabels(source: ByteSource, chunkSize: number | undefined): Promise<Parsed> {
  const set = new LabelSetBuilder('label');
  let trailingBlank = 0;
  const parser = new DelimitedParser(source.name, { quotes: false }, (fields) => {
    set.add(fields[0]);
    trailingBlank = isBlank(fields) ? trailingBlank + 1 : 0;
  });
  for await (const text of readTextChunks(source, chunkSize)) parser.push(text);
  parser.end();
  return { sets: [set], trailingBlank, hint: ' (every line of a text label file is a label; there is no header line)' };
}

async function readDelimitedLabels(source: ByteSource, separator: string, chunkSize: number | undefined): Promise<Parsed> {
  const file = source.name;
  const sepName = separator === '\t' ? 'a tab' : `'${separator}'`;
  let sets: LabelSetBuilder[] | undefined;
  let firstLine = 1;
  let trailingBlank = 0;
  let blankLine = 0; // first blank line not yet followed by data, in a multi-column file
  const parser = new DelimitedParser(file, { separator, quotes: true }, (fields, line) => {
    if (!sets) {
      firstLine = line;
      sets = fields.length >= 2 ? headerNames(fields).map((n) => new LabelSetBuilder(n)) : [new LabelSetBuilder('label')];
      if (fields.length >= 2) return;
    }
    const width = sets.length;
    const blank = isBlank(fields);
    if (width >= 2 && blank) {
      blankLine ||= line;
      return;
    }
    const bad = width >= 2 && blankLine ? { line: blankLine, n: 1 } : fields.length !== width ? { line, n: fields.length } : undefined;
    if (bad) {
      const ref = width >= 2 ? `the header (line ${firstLine}) has ${width}` : `line ${firstLine} has 1`;
      throw new InputError(file, `line ${bad.line} has ${bad.n} field${bad.n === 1 ? '' : 's'} but ${ref}; every line needs the same number of fields separated by ${sepName} — put a field that contains ${sepName}, a quote or a line break in double quotes`);
    }
    for (let k = 0; k < width; k++) sets[k]!.add(fields[k]);
    trailingBlank = blank ? trailingBlank + 1 : 0;
  });
  for await (const text of readTextChunks(source, chunkSize)) parser.push(text);
  parser.end();
  return { sets: sets ?? [], trailingBlank, hint: ' (a header line is expected only when there are two or more columns)' };
}

function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === '';
}

/** Header cells as set names: blanks become "column k", repeats get " (2)", " (3)", … */
export function headerNames(fields: string[]): string[] {
  const seen = new Map<string, number>();
  return fields.map((raw, k) => {
    const base = raw.trim() || `column ${k + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
