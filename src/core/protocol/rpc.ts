/**
 * One small request/response helper for every message channel (extension host ↔ worker,
 * extension host ↔ webview). Requests carry an id; the other side answers with a `response` or an
 * `error` for that id, and may send any number of notifications (progress) in between. Pending
 * requests reject on dispose, on timeout and on an error reply, so no caller waits forever.
 */

/** What travels on the wire for rpc itself; payload messages are the caller's unions. */
export type RpcEnvelope<Req, Res, Note> =
  | { kind: 'request'; id: number; body: Req }
  | { kind: 'cancel'; id: number }
  | { kind: 'response'; id: number; body: Res }
  | { kind: 'error'; id: number; message: string; name: string }
  | { kind: 'notify'; id: number; body: Note };

/** An error reply from the other side, keeping its error name (e.g. "InputError", "CancelledError"). */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly remoteName: string,
  ) {
    super(message);
    this.name = remoteName === 'CancelledError' ? 'CancelledError' : 'RpcError';
  }
}

interface Pending<Res, Note> {
  resolve(v: Res): void;
  reject(e: Error): void;
  onNote?(n: Note): void;
  timer?: ReturnType<typeof setTimeout>;
  /** Removes the abort listener once the request has settled. */
  cleanup?(): void;
}

/** Options for one request. */
export interface RequestOptions<Note> {
  /** Called for each notification the other side sends about this request (e.g. progress). */
  onNotify?(note: Note): void;
  /** Rejects with a timeout error after this many ms (default: no timeout). */
  timeoutMs?: number;
  /** Aborting sends `cancel` to the other side; the request then settles as the other side answers. */
  signal?: AbortSignal;
}

/** The calling side: sends requests, matches replies. */
export class RpcClient<Req, Res, Note> {
  private readonly pending = new Map<number, Pending<Res, Note>>();
  private disposed = false;

  /**
   * `ids` numbers the requests; clients that may see each other's answers (one per page of the same
   * webview, where a page may answer what was sent to the one before it) share one counter.
   */
  constructor(
    private readonly post: (msg: RpcEnvelope<Req, Res, Note>) => void,
    private readonly ids: { next: number } = { next: 1 },
  ) {}

  /** Sends `body`; resolves with the response body. */
  request(body: Req, opts: RequestOptions<Note> = {}): Promise<Res> {
    if (this.disposed) return Promise.reject(new Error('the connection is closed'));
    const id = this.ids.next++;
    return new Promise<Res>((resolve, reject) => {
      const p: Pending<Res, Note> = { resolve, reject, onNote: opts.onNotify };
      if (opts.timeoutMs !== undefined) {
        p.timer = setTimeout(() => this.settle(id, new RpcError(`no answer within ${opts.timeoutMs} ms`, 'TimeoutError')), opts.timeoutMs);
      }
      this.pending.set(id, p);
      const signal = opts.signal;
      if (signal) {
        const onAbort = (): void => {
          if (this.pending.has(id)) this.send({ kind: 'cancel', id });
        };
        if (signal.aborted) onAbort();
        else {
          signal.addEventListener('abort', onAbort, { once: true });
          p.cleanup = () => signal.removeEventListener('abort', onAbort);
        }
      }
      // A post that throws (a closed channel, an uncloneable body) fails this request, not the caller.
      try {
        this.post({ kind: 'request', id, body });
      } catch (e) {
        this.settle(id, e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Feed every message from the other side here; returns false for messages that are not rpc replies. */
  handle(msg: unknown): boolean {
    const m = msg as RpcEnvelope<Req, Res, Note>;
    if (!m || typeof m !== 'object' || typeof m.id !== 'number') return false;
    const p = this.pending.get(m.id);
    switch (m.kind) {
      case 'response':
        this.settle(m.id, undefined, m.body);
        return true;
      case 'error':
        this.settle(m.id, new RpcError(m.message, m.name));
        return true;
      case 'notify':
        p?.onNote?.(m.body);
        return true;
      default:
        return false;
    }
  }

  /** Number of requests still waiting. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Rejects every pending request with `reason` (e.g. the worker died) and refuses new ones. */
  dispose(reason = 'the connection was closed'): void {
    this.disposed = true;
    for (const id of [...this.pending.keys()]) this.settle(id, new Error(reason));
  }

  /** Rejects all pending requests without closing (the other side died and will be restarted). */
  failAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, new Error(reason));
  }

  /** Posts a message that is not a request (a cancel); a closed channel is ignored. */
  private send(msg: RpcEnvelope<Req, Res, Note>): void {
    try {
      this.post(msg);
    } catch {
      // the other side is gone: its requests fail on their own (dispose, timeout)
    }
  }

  private settle(id: number, err: Error | undefined, value?: Res): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
    p.cleanup?.();
    if (err) p.reject(err);
    else p.resolve(value as Res);
  }
}

/** The answering side: runs a handler per request with an AbortSignal and a notify function. */
export class RpcServer<Req, Res, Note> {
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly post: (msg: RpcEnvelope<Req, Res, Note>) => void,
    private readonly handler: (body: Req, ctx: { signal: AbortSignal; notify(n: Note): void }) => Promise<Res>,
  ) {}

  /** Feed every message from the calling side here. */
  handle(msg: unknown): void {
    const m = msg as RpcEnvelope<Req, Res, Note>;
    if (!m || typeof m !== 'object') return;
    if (m.kind === 'cancel') {
      this.running.get(m.id)?.abort();
      return;
    }
    if (m.kind !== 'request') return;
    const ac = new AbortController();
    this.running.set(m.id, ac);
    const id = m.id;
    this.handler(m.body, { signal: ac.signal, notify: (body) => this.post({ kind: 'notify', id, body }) })
      .then((body) => this.post({ kind: 'response', id, body }))
      .catch((e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        this.post({ kind: 'error', id, message: err.message, name: err.name });
      })
      .finally(() => this.running.delete(id));
  }
}

/**
 * The ArrayBuffers behind the typed arrays in a message (searched a few levels deep), for
 * `postMessage(msg, transfer)`: the receiver gets them without a copy and the sender's views are
 * detached, so use it only for messages whose arrays the sender no longer needs. Only buffers a view
 * spans entirely are listed: a view into a larger buffer (Node's Buffer pool, a received IPC message)
 * is copied, so transferring never detaches memory something else still uses.
 */
export function buffersOf(msg: unknown, depth = 5): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const walk = (v: unknown, left: number): void => {
    if (!v || typeof v !== 'object' || left < 0) return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) found.add(v.buffer);
      return;
    }
    if (v instanceof ArrayBuffer) {
      found.add(v);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, left - 1);
  };
  walk(msg, depth);
  return [...found];
}
