/**
 * A protocol core on a fake clock for the pure tests: no HTTP, no sockets. Excluded from the build
 * (tsconfig.build.json: `src/**\/test-support/**`).
 */
import { FakeClock } from '../../../test/support/fake-clock.js';
import { publishNotification } from '../../notifications/announcement.js';
import { InProcessBus } from '../../notifications/in-process-bus.js';
import { Hub } from '../hub.js';
import type { BayeuxLogger } from '../logger.js';
import type { BayeuxPrincipal, BayeuxReply } from '../message.js';
import { BayeuxProtocol, type BayeuxContext } from '../protocol.js';
import type { ServiceHandler } from '../service.js';

export const alice: BayeuxPrincipal = { userId: 'u-alice', contactCenterId: 'cc-1' };
export const bob: BayeuxPrincipal = { userId: 'u-bob', contactCenterId: 'cc-1' };

export interface LogEntry {
  readonly level: 'debug' | 'warn' | 'error';
  readonly message: string;
  readonly fields: object;
}

export function recordingLogger(): BayeuxLogger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (fields: object, message: string) => {
    entries.push({ level, message, fields });
  };
  return { entries, debug: at('debug'), warn: at('warn'), error: at('error') };
}

/** A reply as the tests read it. */
export type Reply = BayeuxReply & Record<string, unknown>;

export interface FixtureOptions {
  readonly timeoutMs?: number;
  readonly maxIntervalMs?: number;
  readonly maxQueue?: number;
  readonly services?: Readonly<Record<string, ServiceHandler>>;
}

export function protocolFixture(options: FixtureOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxIntervalMs = options.maxIntervalMs ?? 10_000;
  const bus = new InProcessBus((error) => {
    throw error;
  });
  const logger = recordingLogger();
  const clock = new FakeClock(1_000_000);
  const hub = new Hub({
    bus,
    logger,
    maxQueue: options.maxQueue ?? 1000,
    expiryMs: timeoutMs + maxIntervalMs,
    sweepIntervalMs: 3_600_000,
    clock,
  });
  const protocol = new BayeuxProtocol({ hub, logger, services: options.services, timeoutMs, maxIntervalMs });

  /** Sends a batch and parses the response body. */
  async function send(
    batch: readonly unknown[],
    context: BayeuxContext = { principal: alice },
  ): Promise<Reply[]> {
    const body = await protocol.handle(batch, context);
    return body === '' ? [] : (JSON.parse(body) as Reply[]);
  }

  /** Handshakes and returns the clientId. */
  async function handshake(principal: BayeuxPrincipal = alice, ext?: object): Promise<string> {
    const [reply] = await send([{ channel: '/meta/handshake', id: 'h', version: '1.0', ext }], { principal });
    if (reply?.successful !== true || typeof reply.clientId !== 'string') throw new Error('handshake failed');
    return reply.clientId;
  }

  /** Handshakes and subscribes to `channels`; returns the clientId. */
  async function session(
    principal: BayeuxPrincipal,
    channels: readonly string[],
    ext?: object,
  ): Promise<string> {
    const clientId = await handshake(principal, ext);
    const [reply] = await send([{ channel: '/meta/subscribe', clientId, subscription: channels }], {
      principal,
    });
    if (reply?.successful !== true) throw new Error('subscribe failed');
    return clientId;
  }

  function publish(userIds: readonly string[], channel: string, data: unknown): void {
    void publishNotification(bus, { userIds, channel, data });
  }

  return {
    bus,
    hub,
    protocol,
    logger,
    send,
    handshake,
    session,
    publish,
    /** The hub's clock: `await clock.advance(ms)` fires the hold timers and the sweep that fall due. */
    clock,
    /** Moves the time on without firing anything (the tests call `hub.sweep()` themselves). */
    advance: (ms: number) => clock.set(clock.now() + ms),
    close: () => protocol.close(),
  };
}

/** Resolves with whether `promise` settled within a few turns of the event loop (no timers involved). */
export async function settles(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}
