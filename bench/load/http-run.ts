/**
 * One run of the HTTP meter: `connections` keep-alive connections (http-connection.ts) POST to the
 * targets in turn, either closed-loop — every connection sends its next request as soon as the
 * previous one is answered, so the server sets the pace (throughput, P1/P6) — or open-loop at a
 * fixed total rate (latency, P2), a request waiting for a free connection when none is idle.
 *
 * A target's body may hold `__T__`: it is replaced with the send time (support/clock.ts, epoch ms,
 * 3 decimals) so that a process receiving the resulting notification can time it. Only requests
 * sent after the warm-up and before the end count; each must answer HTTP 200 with statusCode 0.
 */
import { epochMs } from '../support/clock.js';
import { formatRequest, HttpConnection, type Response } from './http-connection.js';
import { Tally, type LatencySummary } from './tally.js';

export interface HttpTarget {
  /** POST unless GET (whose body is ignored). */
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpRunRequest {
  readonly port: number;
  readonly connections: number;
  readonly targets: readonly HttpTarget[];
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Requests per second over all connections; 0 = closed loop. */
  readonly ratePerSecond: number;
}

export interface HttpRunResult {
  readonly ok: number;
  readonly failed: number;
  readonly firstFailure: string | null;
  readonly opsPerSecond: number;
  /** Request written → response parsed, for the counted requests. */
  readonly latencyMs: LatencySummary | null;
  /** Most requests ever waiting for a free connection (open loop only). */
  readonly queuedMax: number;
  readonly cpuMs: number;
}

const stampPlaceholder = '\u0000'.repeat(17);
const host = '127.0.0.1';

export async function httpRun(request: HttpRunRequest): Promise<HttpRunResult> {
  const templates = request.targets.map((target) =>
    formatRequest({
      host,
      method: target.method,
      path: target.path,
      headers: target.headers,
      body: target.body.replace('__T__', stampPlaceholder),
    }).split(stampPlaceholder),
  );
  if (templates.length === 0) throw new Error('no targets');
  const connections = Array.from(
    { length: request.connections },
    () => new HttpConnection(host, request.port),
  );
  await Promise.all(connections.map((connection) => connection.ready));
  const cpu = process.cpuUsage();
  const tally = new Tally();
  const start = epochMs();
  const measureFrom = start + request.warmupMs;
  const end = measureFrom + request.durationMs;
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  let waiting = 0;
  let queuedMax = 0;
  let issued = 0;

  const send = (connection: HttpConnection): void => {
    const parts = templates[next++ % templates.length]!;
    const sentAt = epochMs();
    const text = parts.length === 1 ? parts[0]! : parts[0]! + sentAt.toFixed(3) + parts[1]!;
    connection.request(text, (error, response) => finished(connection, sentAt, error, response));
  };
  const finished = (
    connection: HttpConnection,
    sentAt: number,
    error: Error | null,
    response: Response | null,
  ): void => {
    const now = epochMs();
    const counted = sentAt >= measureFrom && sentAt < end;
    if (
      error !== null ||
      response === null ||
      response.status !== 200 ||
      !response.body.includes('"statusCode":0')
    ) {
      if (counted) failed += 1;
      firstFailure ??= error?.message ?? `HTTP ${response?.status}: ${response?.body.slice(0, 300)}`;
      if (error !== null) return;
    } else if (counted) {
      ok += 1;
      tally.deliver(sentAt, now);
    }
    if (now >= end) return;
    if (request.ratePerSecond === 0) return send(connection);
    if (waiting > 0) {
      waiting -= 1;
      send(connection);
    }
  };

  let ticker: NodeJS.Timeout | undefined;
  if (request.ratePerSecond === 0) connections.forEach(send);
  else {
    ticker = setInterval(() => {
      const now = epochMs();
      const due = Math.floor(((Math.min(now, end) - start) * request.ratePerSecond) / 1000) - issued;
      for (let index = 0; index < due; index += 1) {
        issued += 1;
        const idle = connections.find((connection) => !connection.busy);
        if (idle === undefined) waiting += 1;
        else send(idle);
      }
      queuedMax = Math.max(queuedMax, waiting);
    }, 1);
  }
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      const now = epochMs();
      if (now < end) return;
      if (connections.some((connection) => connection.busy) && now < end + 10_000) return;
      clearInterval(check);
      resolve();
    }, 5);
  });
  clearInterval(ticker);
  for (const connection of connections) connection.close();
  const used = process.cpuUsage(cpu);
  return {
    ok,
    failed,
    firstFailure,
    opsPerSecond: (ok * 1000) / request.durationMs,
    latencyMs: tally.report().latencyMs,
    queuedMax,
    cpuMs: (used.user + used.system) / 1000,
  };
}
