/**
 * The fuzz suite's failures: thrown at once (fast-check then shrinks the case and prints the seed
 * and path that replay it), or with FUZZ_KEEP_GOING collected, one per kind of problem (and the
 * fastify error code when the answer names one), and asserted at the end of the run.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

export function shorten(text: string, max = 240): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars)`;
}

export function describeAnswer(response: LightMyRequestResponse): string {
  const type = String(response.headers['content-type']);
  return `HTTP ${response.statusCode} ${type} ${shorten(response.body)}`;
}

export class Findings {
  private readonly found = new Map<string, { text: string; count: number }>();

  constructor(private readonly options: { readonly keepGoing: boolean; readonly replay: string }) {}

  /** A wrong answer (or none: `response` undefined and the problem says why). */
  report(problem: string, request: string, response?: LightMyRequestResponse): void {
    const answer = response ? describeAnswer(response) : 'none';
    const text = `${problem}\n  request: ${request}\n  answer: ${answer}`;
    if (!this.options.keepGoing) throw new Error(`${text}\n${this.options.replay}`);
    const code = response ? (/"code":"([A-Z_]+)"/.exec(response.body)?.[1] ?? '') : '';
    const key = `${problem.replace(/^[A-Z]+ \S+: /, '')} ${code}`;
    const seen = this.found.get(key);
    this.found.set(key, { text: seen?.text ?? text, count: (seen?.count ?? 0) + 1 });
  }

  assertNone(): void {
    const all = [...this.found.values()].map((f) => `[${f.count}×] ${f.text}`);
    assert.deepEqual(
      all,
      [],
      `${all.length} distinct failure(s):\n${all.join('\n')}\n${this.options.replay}`,
    );
  }
}

/** Requests per route: how many, how many succeeded (statusCode 0), and the time they took. */
export class Tally {
  private readonly routes = new Map<string, { n: number; ok: number; ms: number }>();
  cases = 0;
  success = 0;
  /** Milliseconds spent waiting for answers. */
  answering = 0;

  add(route: string, response: LightMyRequestResponse, ms: number): void {
    const ok = response.body.startsWith('{"statusCode":0');
    const entry = this.routes.get(route) ?? { n: 0, ok: 0, ms: 0 };
    this.routes.set(route, { n: entry.n + 1, ok: entry.ok + (ok ? 1 : 0), ms: entry.ms + ms });
    this.cases += 1;
    this.answering += ms;
    if (ok) this.success += 1;
  }

  /** The routes that took the most time in all, one line each. */
  slowest(count: number): string[] {
    return [...this.routes.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, count)
      .map(([route, e]) => `${route}: ${e.n} requests, ${e.ok} succeeded, ${(e.ms / 1000).toFixed(1)} s`);
  }
}
