/**
 * Every request of a load run and its answer, for the crash suite (test/reliability/crash.test.ts):
 * acknowledged (statusCode 0), refused (another statusCode: "changes nothing", README Errors) or
 * unanswered (the connection died with the process). After the `killAfter`-th answer it calls
 * `onKill` at once — other requests are then still in flight — and sends nothing more.
 */
import type { Data, Headers } from './e2e-chat.js';

export type Outcome =
  | { readonly kind: 'acknowledged'; readonly body: Data }
  | { readonly kind: 'refused'; readonly body: Data }
  | { readonly kind: 'unanswered'; readonly error: string };

export interface Operation {
  readonly seq: number;
  /** The user name of the caller, or `customer`. */
  readonly actor: string;
  readonly name: string;
  readonly path: string;
  readonly body: Data | undefined;
  /** The text this operation writes to a transcript, if any (unique in the run). */
  readonly text: string | undefined;
  outcome: Outcome | undefined;
}

export interface Request {
  readonly actor: string;
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Headers;
  readonly body?: Data;
  readonly text?: string;
}

/** Thrown to a worker when its operation was not acknowledged or the server is gone. */
export class Stopped extends Error {
  constructor(readonly operation: Operation | undefined) {
    super(operation ? `${operation.name} by ${operation.actor}: ${operation.outcome?.kind}` : 'killed');
  }
}

export class Journal {
  readonly operations: Operation[] = [];
  answered = 0;
  killed = false;
  /** Operations sent and not answered when the kill came. */
  inFlightAtKill = 0;

  constructor(
    private readonly base: string,
    private readonly killAfter: number,
    private readonly onKill: () => void,
  ) {}

  /**
   * Sends the request (recorded here and in `into`); returns the answer's body when
   * acknowledged, else throws Stopped.
   */
  async send(request: Request, into?: Operation[]): Promise<Data> {
    if (this.killed) throw new Stopped(undefined);
    const body = request.body;
    const operation: Operation = {
      seq: this.operations.length + 1,
      actor: request.actor,
      name: String(body?.operationName ?? `${request.method ?? 'POST'} ${request.path}`),
      path: request.path,
      body,
      text: request.text,
      outcome: undefined,
    };
    this.operations.push(operation);
    into?.push(operation);
    let outcome: Outcome;
    try {
      const response = await fetch(`${this.base}${request.path}`, {
        method: request.method ?? 'POST',
        headers: body ? { 'content-type': 'application/json', ...request.headers } : request.headers,
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
      const answer = (await response.json()) as Data;
      outcome = { kind: answer.statusCode === 0 ? 'acknowledged' : 'refused', body: answer };
    } catch (error) {
      operation.outcome = { kind: 'unanswered', error: String((error as Error).cause ?? error) };
      throw new Stopped(operation);
    }
    operation.outcome = outcome;
    this.answered += 1;
    if (this.answered === this.killAfter) this.kill();
    if (outcome.kind !== 'acknowledged') throw new Stopped(operation);
    return outcome.body;
  }

  /** Calls onKill once (also when the load ended before `killAfter` answers). */
  kill(): void {
    if (this.killed) return;
    this.killed = true;
    this.inFlightAtKill = this.operations.filter((o) => o.outcome === undefined).length;
    this.onKill();
  }

  count(kind: Outcome['kind']): number {
    return this.operations.filter((o) => o.outcome?.kind === kind).length;
  }
}
