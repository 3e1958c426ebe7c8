/**
 * An incremental, strict reader of what an HTTP/1.x server writes back on one
 * connection: a sequence of responses, each a valid status line, headers, and a
 * body framed by Content-Length, chunked encoding, or the end of the connection.
 * Anything else — a garbage status line, a bad chunk size, a truncated response —
 * is recorded as `error`, so a fuzzer can tell "answered or closed" from "the
 * server wrote something invalid". The method of each request (in order) is
 * needed only to know that a HEAD response has no body.
 *
 * @example
 *   const r = new HttpResponseReader();
 *   r.expect('GET');
 *   r.push(Buffer.from('HTTP/1.1 426 Upgrade Required\r\ncontent-length: 2\r\n\r\nok'));
 *   r.finals; // [{ status: 426, ... }]
 */

export interface HttpResponseHead {
  status: number;
  headers: Map<string, string[]>;
  /** The server said it will close the connection after this response. */
  closes: boolean;
}

const STATUS_LINE = /^HTTP\/1\.[01] ([1-5]\d\d)(?: [\t\x20-\x7e\x80-\xff]*)?$/;
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[\t ]*([\t\x20-\x7e\x80-\xff]*?)[\t ]*$/;
const MAX_HEAD = 64 * 1024;

type State =
  | { kind: 'head' }
  | { kind: 'length'; left: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; left: number }
  | { kind: 'chunk-crlf' }
  | { kind: 'trailers' }
  | { kind: 'until-close' }
  | { kind: 'upgraded' }
  | { kind: 'failed' };

export class HttpResponseReader {
  /** Final responses (status >= 200, or 101), in order. */
  readonly finals: HttpResponseHead[] = [];
  /** Informational responses (100, 102, 103) seen. */
  informational = 0;
  error: string | undefined;
  private buf: Buffer = Buffer.alloc(0);
  private state: State = { kind: 'head' };
  private readonly methods: string[] = [];

  /** The method of the next request written on the connection (for HEAD's bodiless answer). */
  expect(method: string): void {
    this.methods.push(method);
  }

  get upgraded(): boolean {
    return this.state.kind === 'upgraded';
  }

  push(chunk: Buffer): void {
    if (this.state.kind === 'failed' || this.state.kind === 'upgraded') return;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (this.step()) { /* consume */ }
  }

  /** The connection ended: a response cut short is an error (reading until close is complete). */
  end(): void {
    if (this.state.kind === 'until-close') { this.state = { kind: 'head' }; this.buf = Buffer.alloc(0); return; }
    if (this.state.kind === 'failed' || this.state.kind === 'upgraded') return;
    if (this.state.kind !== 'head' || this.buf.length > 0) this.fail(`connection ended inside a response (${this.state.kind})`);
  }

  private fail(why: string): false {
    this.error ??= `${why}; bytes: ${JSON.stringify(this.buf.subarray(0, 160).toString('latin1'))}`;
    this.state = { kind: 'failed' };
    return false;
  }

  private line(): string | undefined {
    const i = this.buf.indexOf('\r\n');
    if (i < 0) return undefined;
    const s = this.buf.subarray(0, i).toString('latin1');
    this.buf = this.buf.subarray(i + 2);
    return s;
  }

  private step(): boolean {
    const st = this.state;
    switch (st.kind) {
      case 'head': return this.head();
      case 'length': {
        if (this.buf.length === 0) return false;
        const n = Math.min(st.left, this.buf.length);
        this.buf = this.buf.subarray(n);
        st.left -= n;
        if (st.left === 0) this.state = { kind: 'head' };
        return true;
      }
      case 'chunk-size': {
        const l = this.line();
        if (l === undefined) return this.buf.length > 1024 ? this.fail('chunk size line too long') : false;
        const m = /^([0-9A-Fa-f]{1,8})(?:;[^\r\n]*)?$/.exec(l);
        if (!m) return this.fail(`bad chunk size line ${JSON.stringify(l.slice(0, 40))}`);
        const size = parseInt(m[1]!, 16);
        this.state = size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', left: size };
        return true;
      }
      case 'chunk-data': {
        if (this.buf.length === 0) return false;
        const n = Math.min(st.left, this.buf.length);
        this.buf = this.buf.subarray(n);
        st.left -= n;
        if (st.left === 0) this.state = { kind: 'chunk-crlf' };
        return true;
      }
      case 'chunk-crlf': {
        if (this.buf.length < 2) return false;
        if (this.buf[0] !== 0x0d || this.buf[1] !== 0x0a) return this.fail('chunk not followed by CRLF');
        this.buf = this.buf.subarray(2);
        this.state = { kind: 'chunk-size' };
        return true;
      }
      case 'trailers': {
        const l = this.line();
        if (l === undefined) return false;
        if (l === '') this.state = { kind: 'head' };
        else if (!HEADER_LINE.test(l)) return this.fail(`bad trailer ${JSON.stringify(l.slice(0, 40))}`);
        return true;
      }
      case 'until-close': this.buf = Buffer.alloc(0); return false;
      default: return false;
    }
  }

  private head(): boolean {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return this.buf.length > MAX_HEAD ? this.fail('response head over 64 KiB') : this.buf.length > 0 && !startsLikeStatus(this.buf) ? this.fail('not a status line') : false;
    const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    this.buf = this.buf.subarray(end + 4);
    const m = STATUS_LINE.exec(lines[0]!);
    if (!m) return this.fail(`bad status line ${JSON.stringify(lines[0]!.slice(0, 60))}`);
    const status = Number(m[1]);
    const headers = new Map<string, string[]>();
    for (const l of lines.slice(1)) {
      const h = HEADER_LINE.exec(l);
      if (!h) return this.fail(`bad header line ${JSON.stringify(l.slice(0, 60))}`);
      const k = h[1]!.toLowerCase();
      headers.set(k, [...(headers.get(k) ?? []), h[2]!]);
    }
    if (status >= 100 && status < 200 && status !== 101) { this.informational++; return true; }
    const closes = (headers.get('connection') ?? []).some((v) => /\bclose\b/i.test(v));
    this.finals.push({ status, headers, closes });
    const method = this.methods.shift();
    if (status === 101) { this.state = { kind: 'upgraded' }; return false; }
    const te = headers.get('transfer-encoding');
    const cl = headers.get('content-length');
    if (method === 'HEAD' || status === 204 || status === 304) return true;
    if (te !== undefined) {
      if (te.length !== 1 || te[0]!.toLowerCase() !== 'chunked' || cl !== undefined) return this.fail(`bad response framing te=${te} cl=${cl}`);
      this.state = { kind: 'chunk-size' };
      return true;
    }
    if (cl !== undefined) {
      if (cl.length !== 1 || !/^\d{1,15}$/.test(cl[0]!)) return this.fail(`bad content-length ${cl}`);
      const n = Number(cl[0]);
      if (n > 0) this.state = { kind: 'length', left: n };
      return true;
    }
    this.state = { kind: 'until-close' };
    return true;
  }
}

function startsLikeStatus(b: Buffer): boolean {
  const prefix = 'HTTP/1.';
  const n = Math.min(b.length, prefix.length);
  return b.subarray(0, n).toString('latin1') === prefix.slice(0, n);
}
