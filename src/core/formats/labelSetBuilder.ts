/**
 * One categorical labelling of the rows: `values` are the distinct labels in order of first
 * appearance and `codes[i]` indexes into them, or is -1 where row i has no label.
 */
export interface LabelSet {
  name: string;
  values: string[];
  codes: Int32Array;
}

/** Collects labels row by row into a {@link LabelSet} without knowing the row count up front. */
export class LabelSetBuilder {
  private readonly index = new Map<string, number>();
  private readonly values: string[] = [];
  private codes = new Int32Array(1024);
  /** Rows added so far. */
  length = 0;

  constructor(readonly name: string) {}

  /** Adds the next row's label; undefined, empty or all-whitespace means "no label". */
  add(label: string | undefined): void {
    let code = -1;
    if (label !== undefined && label.trim() !== '') {
      code = this.index.get(label) ?? -1;
      if (code < 0) {
        code = this.values.length;
        this.index.set(label, code);
        this.values.push(label);
      }
    }
    if (this.length === this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.length++] = code;
  }

  /** The finished set, trimmed to `rows` rows (default: all added). */
  finish(rows = this.length): LabelSet {
    return { name: this.name, values: this.values.slice(), codes: this.codes.slice(0, rows) };
  }
}
