/**
 * A safe parser for the Python literal that a `.npy` header holds, e.g.
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (1797, 64), }`.
 *
 * numpy reads the header with `ast.literal_eval`; we must never evaluate anything, so this accepts
 * exactly the literal grammar numpy writes (and old writers wrote): dicts with string keys, lists,
 * tuples, strings, integers (with Python 2's `L` suffix), `True`, `False`, `None` and trailing commas.
 * Anything else is a syntax error. Nesting is capped so a hostile header cannot exhaust the stack.
 */

/** A parsed Python literal. Tuples and lists are both arrays; `tuple` says which it was. */
export type PyValue = string | number | boolean | null | PyList | PyDict;
/** A Python tuple or list. */
export interface PyList {
  readonly kind: 'list';
  readonly tuple: boolean;
  readonly items: PyValue[];
}
/** A Python dict with string keys, in source order. */
export interface PyDict {
  readonly kind: 'dict';
  readonly entries: Map<string, PyValue>;
}

/** Thrown for text outside the accepted grammar; `message` says what and where (0-based offset). */
export class PyLiteralError extends Error {
  override readonly name = 'PyLiteralError';
}

// Real headers nest at most a few levels (structured dtypes with sub-arrays); 64 is generous.
const MAX_DEPTH = 64;

/** Parses one Python literal; surrounding whitespace is allowed, anything else after it is not. */
export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  const v = p.value(0);
  p.skipSpace();
  if (p.pos < text.length) p.fail('unexpected text after the literal');
  return v;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new PyLiteralError(`${what} at offset ${this.pos}`);
  }

  skipSpace(): void {
    while (this.pos < this.s.length && ' \t\n\r\f\v'.includes(this.s[this.pos]!)) this.pos++;
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail('literal nested too deeply');
    this.skipSpace();
    const c = this.s[this.pos];
    if (c === undefined) this.fail('unexpected end of header');
    if (c === '{') return this.dict(depth);
    if (c === '(' || c === '[') return this.list(depth, c === '(');
    if (c === "'" || c === '"') return this.string();
    if (c === '-' || c === '+' || (c >= '0' && c <= '9')) return this.int();
    const word = /^[A-Za-z_]\w*/.exec(this.s.slice(this.pos, this.pos + 16))?.[0];
    if (word === 'True' || word === 'False' || word === 'None') {
      this.pos += word.length;
      return word === 'None' ? null : word === 'True';
    }
    return this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  /** Comma-separated items up to `close`, with an optional trailing comma. */
  private items(close: string, item: () => void): number {
    let n = 0;
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === close) {
        this.pos++;
        return n;
      }
      item();
      n++;
      this.skipSpace();
      const c = this.s[this.pos];
      if (c === ',') this.pos++;
      else if (c !== close) this.fail(`expected ',' or '${close}'`);
    }
  }

  private dict(depth: number): PyDict {
    this.pos++;
    const entries = new Map<string, PyValue>();
    this.items('}', () => {
      const key = this.value(depth + 1);
      if (typeof key !== 'string') this.fail('dict keys must be strings');
      this.skipSpace();
      if (this.s[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      entries.set(key, this.value(depth + 1));
    });
    return { kind: 'dict', entries };
  }

  private list(depth: number, tuple: boolean): PyValue {
    this.pos++;
    const items: PyValue[] = [];
    let commas = 0;
    const n = this.items(tuple ? ')' : ']', () => {
      items.push(this.value(depth + 1));
      if (this.s[this.pos] === ',') commas++;
    });
    // `(5)` is just the number 5 in Python, not a tuple; only `(5,)` is a 1-tuple.
    if (tuple && n === 1 && commas === 0) return items[0] as PyValue;
    return { kind: 'list', tuple, items };
  }

  private int(): number {
    const m = /^[+-]?\s*\d+[lL]?/.exec(this.s.slice(this.pos, this.pos + 40));
    if (!m) this.fail('expected an integer');
    const digits = m[0].replace(/[\slL]/g, '');
    this.pos += m[0].length;
    const c = this.s[this.pos];
    if (c !== undefined && /[\w.]/.test(c)) this.fail('only integers are allowed here');
    if (/^[+-]?0\d/.test(digits)) this.fail('integers with leading zeros are not Python literals');
    const v = Number(digits);
    if (!Number.isSafeInteger(v)) this.fail(`integer ${digits} is too large`);
    return v;
  }

  private string(): string {
    const quote = this.s[this.pos]!;
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.s[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      this.pos++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const c = this.s[this.pos++];
    const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0' };
    if (c !== undefined && c in simple) return simple[c]!;
    const len = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (len === 0) return this.fail('unsupported escape in string');
    const hex = this.s.slice(this.pos, this.pos + len);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('bad hex escape in string');
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff) this.fail('bad code point in string');
    this.pos += len;
    return String.fromCodePoint(cp);
  }
}

/** Python's `repr` of a tuple of ints: `(5,)`, `(3, 4)`, `()`. Used in messages and headers. */
export function pyTupleRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
