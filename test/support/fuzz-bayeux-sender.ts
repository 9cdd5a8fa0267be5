/**
 * Sends the fuzz suite's Bayeux cases (fuzz-bayeux.ts) in process. A case's live clientIds are
 * taken from a pool of sessions that the suite's own successful handshakes keep filling. A
 * /meta/connect that a live session holds (up to 30 s, connect.ts) is released by a connect of
 * the same session held for 1 ms, which supersedes it — a connect with timeout 0 would not: it is
 * answered at once and leaves the held one waiting.
 */
import assert from 'node:assert/strict';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { BayeuxCase } from './fuzz-bayeux.js';
import { resolveBatch } from './fuzz-bayeux.js';
import type { Sender } from './fuzz-cast.js';

type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

const POOL_SIZE = 64;
const PATH = '/api/v2/notifications';

export class BayeuxSender {
  /** Live clientIds, named by index in the cases. */
  readonly pool: string[] = [];
  private replaced = 0;

  constructor(private readonly inject: Inject) {}

  async handshake(headers: Readonly<Record<string, string>>): Promise<string> {
    const response = await this.inject({
      method: 'POST',
      url: PATH,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: [{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }],
    });
    const clientId = response.json<{ clientId?: string }[]>()[0]?.clientId;
    assert.ok(clientId, response.body);
    return clientId;
  }

  /** The case's text as sent (live clientIds resolved). */
  textOf(c: BayeuxCase): string {
    return resolveBatch(c, this.pool).text;
  }

  /** The case's answer, then the answers of the connects that released a held one. */
  async send(c: BayeuxCase, sender: Sender): Promise<LightMyRequestResponse[]> {
    const { text, live } = resolveBatch(c, this.pool);
    let settled = false;
    const main = this.inject({
      method: 'POST',
      url: c.path,
      headers: { ...c.headers, ...sender.headers },
      ...(sender.remoteAddress ? { remoteAddress: sender.remoteAddress } : {}),
      payload: text,
    }).finally(() => (settled = true));
    const releases: Promise<LightMyRequestResponse>[] = [];
    // Released after a few turns, then less and less often (a handshake may be checking a password).
    for (let tick = 0, wait = 1; !settled; tick++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled || live.length === 0 || tick < 3) continue;
      if (tick > 200) throw new Error(`a /meta/connect stayed held: ${text.slice(0, 300)}`);
      for (const id of new Set(live)) releases.push(this.release(id));
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 50);
    }
    const responses = [await main, ...(await Promise.all(releases))];
    for (const response of responses) this.harvest(response);
    return responses;
  }

  private release(clientId: string): Promise<LightMyRequestResponse> {
    return this.inject({
      method: 'POST',
      url: PATH,
      headers: { 'content-type': 'application/json' },
      payload: [
        { channel: '/meta/connect', clientId, connectionType: 'long-polling', advice: { timeout: 1 } },
      ],
    });
  }

  /** Sessions the answer's successful handshakes opened join the pool. */
  private harvest(response: LightMyRequestResponse): void {
    if (response.statusCode !== 200 || !response.body.includes('"clientId"')) return;
    for (const reply of response.json<{ channel?: string; successful?: boolean; clientId?: string }[]>()) {
      if (reply.channel !== '/meta/handshake' || !reply.successful || !reply.clientId) continue;
      if (this.pool.length < POOL_SIZE) this.pool.push(reply.clientId);
      else this.pool[this.replaced++ % POOL_SIZE] = reply.clientId;
    }
  }
}
