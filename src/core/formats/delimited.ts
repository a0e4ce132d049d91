import { InputError } from './errors';

/** How {@link DelimitedParser} splits text into records and fields. */
export interface DelimitedOptions {
  /** Field separator, e.g. `\t` or `,`; undefined for one field per line. */
  readonly separator?: string;
  /** Whether `"` quotes fields (RFC 4180). Off for plain line-per-label text. */
  readonly quotes: boolean;
  /** Line number of the first line pushed (default 1), for a parser started mid-file. */
  readonly firstLine?: number;
}

/**
 * Called once per record with its fields, the 1-based line it starts on and `start`, the offset of
 * its first character in all the text pushed so far (UTF-16 code units), so a reader can map it to
 * a byte offset and later re-read from there.
 */
export type RecordHandler = (fields: string[], line: number, start: number) => void;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Just saw `"` inside a quoted field: either the closing quote or the first of `""`. */
  AfterQuote,
}

/**
 * A streaming CSV/TSV tokenizer: feed text in any pieces with {@link push}, then call {@link end}.
 * Records end at `\n`, `\r\n` or a lone `\r`; a final line break does not start an empty record.
 * With quoting on, a field that starts with `"` may hold separators, line breaks and `""` (one
 * quote); a quote elsewhere is an ordinary character, and text after a closing quote is kept
 * (lenient like Python's csv module rather than rejecting the file).
 */
export class DelimitedParser {
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  private line: number;
  private recordLine: number;
  private prevCR = false;
  private quoteLine = 0;
  /** Code units pushed before the current piece. */
  private pushed = 0;
  private recordStart = 0;

  constructor(
    private readonly file: string,
    private readonly opts: DelimitedOptions,
    private readonly onRecord: RecordHandler,
  ) {
    this.line = this.recordLine = opts.firstLine ?? 1;
  }

  /** Offset (as in {@link RecordHandler}) where the record not yet handed out starts. */
  get pendingStart(): number {
    return this.recordStart;
  }

  /** Consumes the next piece of text. */
  push(text: string): void {
    const sep = this.opts.separator;
    const quotes = this.opts.quotes;
    // `seg` marks where the current run of ordinary characters began, so they are copied as one slice.
    let seg = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const isCR = c === '\r';
      const isLF = c === '\n';
      if (isLF && this.prevCR) {
        // Second half of \r\n: the line was counted at \r, and outside quotes the record ended there.
        this.prevCR = false;
        if (this.state !== State.Quoted) {
          // A record that ended at the \r starts after the \n.
          if (this.recordStart === this.pushed + i) this.recordStart++;
          seg = i + 1;
          continue;
        }
      } else {
        this.prevCR = isCR;
        if (isCR || isLF) this.line++;
      }
      switch (this.state) {
        case State.Quoted:
          if (c === '"') {
            this.field += text.slice(seg, i);
            this.state = State.AfterQuote;
          }
          continue;
        case State.AfterQuote:
          if (c === '"') {
            this.field += '"';
            this.state = State.Quoted;
            seg = i + 1;
            continue;
          }
          seg = i;
          this.state = State.Unquoted;
          break;
        case State.FieldStart:
          if (quotes && c === '"') {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            seg = i + 1;
            continue;
          }
          seg = i;
          this.state = State.Unquoted;
          break;
        case State.Unquoted:
          break;
      }
      // Unquoted (or just left a quote): only separators and line breaks matter.
      if (c === sep) {
        this.endField(text.slice(seg, i));
        seg = i + 1;
      } else if (isCR || isLF) {
        this.endField(text.slice(seg, i));
        this.endRecord(this.pushed + i + 1);
        seg = i + 1;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.field += text.slice(seg);
    this.pushed += text.length;
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(): void {
    if (this.state === State.Quoted) {
      throw new InputError(this.file, `has a quoted field starting on line ${this.quoteLine} that never ends; close it with '"' (write a quote inside a field as "")`);
    }
    if (this.state !== State.FieldStart || this.fields.length > 0) {
      this.endField('');
      this.endRecord(this.pushed);
    }
  }

  private endField(tail: string): void {
    this.fields.push(this.field + tail);
    this.field = '';
    this.state = State.FieldStart;
  }

  private endRecord(next: number): void {
    const fields = this.fields;
    const start = this.recordStart;
    this.fields = [];
    this.recordStart = next;
    this.onRecord(fields, this.recordLine, start);
    this.recordLine = this.line;
  }
}
