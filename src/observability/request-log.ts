/**
 * What the request log says at `info` (requests.ts): a log line per request would cost more than
 * many requests do, and would carry the customer's token (it is in the path) into the log. So:
 *
 * - one summary line per period: counts by method, route pattern and status, never URLs;
 * - each refused request on its own line — 401/403 (authentication, CSRF, permission), 413 and
 *   429 (limits) — and each failed one (5xx), with its route pattern, status, client address and
 *   time, never a stack: an unexpected error's stack is logged once, by the error handler
 *   (http/envelope.ts), and a client's error has none to log;
 * - every other request (2xx, 3xx, 400, 404, 405, 409, 415…) in the summary only.
 *
 * LOG_LEVEL=debug or trace adds fastify's own line per request (app.ts).
 */

/** The level of a request's own line, or undefined when it goes only into the summary. */
export function ownLineLevel(status: number): 'info' | 'warn' | undefined {
  if (status >= 500) return 'warn';
  if (status === 401 || status === 403 || status === 413 || status === 429) return 'info';
  return undefined;
}

/** Request counts by `METHOD route status`, taken (and reset) once per summary period. */
export class RequestSummary {
  private counts = new Map<string, number>();
  private total = 0;

  count(method: string, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total += 1;
  }

  /** The counts since the last take, busiest first; undefined when there were none. */
  take(): { readonly total: number; readonly requests: Record<string, number> } | undefined {
    if (this.total === 0) return undefined;
    const requests = Object.fromEntries(
      [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    );
    const total = this.total;
    this.counts = new Map();
    this.total = 0;
    return { total, requests };
  }
}
