/**
 * A small GWS REST client for the parties process (setup and Intrude): JSON over `node:http` with
 * one keep-alive agent, the session cookie or Basic as credentials. Not the throughput meter —
 * that is http-connection.ts.
 */
import { Agent, request } from 'node:http';

export type Json = Record<string, unknown>;

export interface GwsResponse {
  readonly status: number;
  readonly body: Json;
  /** The JSESSIONID the server set, if it set one. */
  readonly cookie: string | undefined;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function basicAuth(userName: string, password: string): Record<string, string> {
  return { authorization: 'Basic ' + Buffer.from(`${userName}:${password}`).toString('base64') };
}

export function cookieAuth(cookie: string): Record<string, string> {
  return { cookie: `JSESSIONID=${cookie}` };
}

export function call(
  base: URL,
  method: 'GET' | 'POST',
  path: string,
  headers: Readonly<Record<string, string>>,
  body?: object,
): Promise<GwsResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        timeout: 30_000,
        headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const cookies = response.headers['set-cookie'] ?? [];
          const cookie = cookies.map((line) => /JSESSIONID=([^;]+)/.exec(line)?.[1]).find(Boolean);
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Json, cookie });
          } catch {
            reject(
              new Error(`${method} ${path}: HTTP ${response.statusCode}, not JSON: ${text.slice(0, 200)}`),
            );
          }
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: timed out`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** A call that must answer statusCode 0; returns the body. */
export async function ok(
  base: URL,
  method: 'GET' | 'POST',
  path: string,
  headers: Readonly<Record<string, string>>,
  body?: object,
): Promise<GwsResponse> {
  const response = await call(base, method, path, headers, body);
  if (response.body.statusCode !== 0) {
    throw new Error(`${method} ${path} ${JSON.stringify(body ?? {})} → ${JSON.stringify(response.body)}`);
  }
  return response;
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inTurns<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
