// What a Parquet file's schema offers: each top-level column's user-facing type and role, and which
// columns hold the embeddings (one list column, or one float column per dimension).
import type { SchemaTree } from 'hyparquet';
import { InputError } from './errors';

/** Column names taken as the embeddings, in this order, when the file has several list columns. */
const PREFERRED = ['embedding', 'embeddings', 'vector'];

/** One top-level column as the reader sees it. */
export interface Column {
  name: string;
  /** Type as shown to users: `list<float>`, `string`, `int32`, … */
  type: string;
  role: 'embeddings' | 'labels' | 'other';
}

const FLOAT = /^(float|double|float16)$/;
/** pandas' stored index (`df.to_parquet()` with a non-default index): row numbers, not labels. */
const PANDAS_INDEX = /^__index_level_\d+__$/;

/** Name, user-facing type and role of a top-level schema node. */
export function describe(node: SchemaTree): Column {
  const type = typeName(node);
  const element = /^list<(.*)>$/.exec(type)?.[1];
  const name = node.element.name;
  const role = element !== undefined && FLOAT.test(element) ? 'embeddings' : /^(string|enum|bool|u?int\d+)$/.test(type) && !PANDAS_INDEX.test(name) ? 'labels' : 'other';
  return { name, type, role };
}

function typeName(node: SchemaTree): string {
  const el = node.element;
  if (node.children.length === 0) {
    const scalar = leafType(node);
    return el.repetition_type === 'REPEATED' ? `list<${scalar}>` : scalar;
  }
  const annotation = el.logical_type?.type ?? el.converted_type;
  if (annotation === 'LIST' && node.children.length === 1) {
    const repeated = node.children[0]!;
    // Three-level lists wrap the element in a repeated group of one child; two-level (legacy) lists
    // repeat the element itself (parquet-format LogicalTypes.md, "Lists", backward-compatibility rules).
    const threeLevel = repeated.children.length === 1 && repeated.element.name !== 'array' && repeated.element.name !== `${el.name}_tuple`;
    const item = threeLevel ? repeated.children[0]! : repeated;
    if (item.element.repetition_type === 'REPEATED' && item !== repeated) return 'list<list>';
    return `list<${item.children.length ? typeName({ ...item, element: { ...item.element, repetition_type: 'OPTIONAL' } }) : leafType(item)}>`;
  }
  return annotation === 'MAP' || annotation === 'MAP_KEY_VALUE' ? 'map' : 'struct';
}

function leafType({ element: el }: SchemaTree): string {
  const logical = el.logical_type;
  if (logical?.type === 'INTEGER') return `${logical.isSigned ? 'int' : 'uint'}${logical.bitWidth}`;
  if (logical) {
    if (logical.type === 'STRING' || logical.type === 'ENUM') return logical.type.toLowerCase();
    if (logical.type !== 'LIST' && logical.type !== 'MAP') return logical.type.toLowerCase();
  }
  const conv = el.converted_type;
  if (conv === 'UTF8') return 'string';
  if (conv === 'ENUM') return 'enum';
  if (conv && /^U?INT_\d+$/.test(conv)) return conv.replace('_', '').toLowerCase();
  if (conv) return conv.toLowerCase().replace(/_(millis|micros)$/, '');
  switch (el.type) {
    case 'BOOLEAN': return 'bool';
    case 'INT32': return 'int32';
    case 'INT64': return 'int64';
    case 'FLOAT': return 'float';
    case 'DOUBLE': return 'double';
    case 'BYTE_ARRAY': return 'binary';
    default: return (el.type ?? 'unknown').toLowerCase();
  }
}

/** The columns for an error message: names and types, the first 20 of a wide table and a count of the rest. */
export function listColumns(columns: Column[]): string {
  const shown = columns.slice(0, 20).map((c) => `${c.name} (${c.type})`);
  if (columns.length > 20) shown.push(`… and ${columns.length - 20} more`);
  return shown.length ? shown.join(', ') : 'none';
}

/**
 * The embedding columns: one list-of-numbers column per row, or, in a "wide" table (pandas
 * `pd.DataFrame(X).to_parquet()`, one column per dimension), every scalar float/double column in
 * schema order. `name` and `type` describe the choice for the overview.
 */
export interface Features {
  columns: Column[];
  wide: boolean;
  name: string;
  type: string;
}

/**
 * `wanted` if given (a list column), else the first of {@link PREFERRED}, else the first list column;
 * without any list column, two or more scalar float columns make a wide table.
 */
export function chooseFeatures(file: string, columns: Column[], wanted: string | undefined): Features {
  const single = (c: Column): Features => ({ columns: [c], wide: false, name: c.name, type: c.type });
  const vectors = columns.filter((c) => c.role === 'embeddings');
  if (wanted !== undefined) {
    const found = columns.find((c) => c.name === wanted) ?? columns.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
    if (!found) throw new InputError(file, `has no column "${wanted}"; its columns are: ${listColumns(columns)}`);
    if (found.role !== 'embeddings') {
      const others = vectors.length ? `columns holding lists of numbers: ${vectors.map((c) => c.name).join(', ')}` : 'no column holds lists of numbers';
      throw new InputError(file, `column "${found.name}" is ${found.type}, not a list of float or double numbers (${others})`);
    }
    return single(found);
  }
  if (vectors.length === 0) {
    const scalars = columns.filter((c) => FLOAT.test(c.type) && !PANDAS_INDEX.test(c.name));
    if (scalars.length >= 2) {
      const types = [...new Set(scalars.map((c) => c.type))];
      const name = `${scalars[0]!.name} … ${scalars.at(-1)!.name} (${scalars.length} columns)`;
      return { columns: scalars, wide: true, name, type: types.length === 1 ? `${types[0]} × ${scalars.length} columns` : `${types.join('/')} × ${scalars.length} columns` };
    }
    throw new InputError(
      file,
      `has no embeddings: no list-of-numbers column and fewer than two float columns (one per dimension); its columns are: ${listColumns(columns)} (pandas: df["embedding"] = list(X.astype("float32")), or pd.DataFrame(X).to_parquet())`,
    );
  }
  for (const name of PREFERRED) {
    const hit = vectors.find((c) => c.name.toLowerCase() === name);
    if (hit) return single(hit);
  }
  return single(vectors[0]!);
}
