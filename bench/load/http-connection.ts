/**
 * One keep-alive HTTP/1.1 client connection on a raw socket, one request at a time — the lean
 * meter the throughput and latency scenarios need (`fetch` costs more per request than the
 * servers being measured). Requests are pre-formatted text; responses are parsed only as far as
 * the status code, Content-Length and body (both servers under test send Content-Length).
 */
import { connect, type Socket } from 'node:net';

export interface Response {
  readonly status: number;
  readonly body: string;
}

export type OnResponse = (error: Error | null, response: Response | null) => void;

const headerEnd = Buffer.from('\r\n\r\n');

/** The text of a POST with a JSON body; `headers` are extra header lines (Cookie, …). */
export function formatRequest(options: {
  host: string;
  /** POST (a JSON body) unless GET. */
  method?: 'GET' | 'POST';
  path: string;
  headers: Readonly<Record<string, string>>;
  body: string;
}): string {
  const extra = Object.entries(options.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  if (options.method === 'GET')
    return `GET ${options.path} HTTP/1.1\r\nHost: ${options.host}\r\n${extra}\r\n`;
  return (
    `POST ${options.path} HTTP/1.1\r\nHost: ${options.host}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(options.body)}\r\n${extra}\r\n${options.body}`
  );
}

export class HttpConnection {
  private readonly socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: OnResponse | null = null;
  private failure: Error | null = null;
  readonly ready: Promise<void>;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  request(text: string, done: OnResponse): void {
    if (this.failure !== null) return done(this.failure, null);
    if (this.pending !== null) return done(new Error('request while another is in flight'), null);
    this.pending = done;
    this.socket.write(text);
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = null;
    pending?.(error, null);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf(headerEnd);
    if (end < 0) return;
    const head = this.buffer.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (!Number.isFinite(length)) return this.fail(new Error(`no Content-Length in: ${head.slice(0, 200)}`));
    const total = end + headerEnd.length + length;
    if (this.buffer.length < total) return;
    const status = Number(head.slice(9, 12));
    const body = this.buffer.toString('utf8', end + headerEnd.length, total);
    this.buffer = this.buffer.subarray(total);
    const pending = this.pending;
    this.pending = null;
    pending?.(null, { status, body });
  }
}
