/**
 * The outbox relay, on every node of a shared bus: entries older than `relayAfterMs` were left by
 * a node that committed but did not publish (it died, or the bus refused the publish). Each pass
 * claims a batch under a lease — another node's relay gets other entries — publishes them in the
 * order they were committed, and hands them to the announcer for removal. A relay that dies with
 * a claim lets the lease run out; the next relay publishes them again.
 */
import type { Clock, Timer } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Store } from '../store/store.js';
import { decodeAnnouncement } from './announcement.js';
import type { Announcer, AnnouncerLogger } from './announcer.js';
import type { Bus } from './bus.js';

export interface OutboxRelayDeps {
  readonly store: Store;
  readonly bus: Bus;
  readonly announcer: Announcer;
  readonly logger: AnnouncerLogger;
  /** The pass's timer and the entries' age go by it (clock.ts). Default the system clock. */
  readonly clock?: Clock;
  /** Age after which an entry counts as left behind. Default 2000 ms. */
  readonly relayAfterMs?: number;
  /** How long a claim keeps other relays away. Default 10,000 ms. */
  readonly leaseMs?: number;
  /** Period of the relay's pass. Default 1000 ms. */
  readonly intervalMs?: number;
}

const BATCH = 200;

export class OutboxRelay {
  private readonly clock: Clock;
  private timer: Timer | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: OutboxRelayDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  start(): void {
    // The pass's promise goes back to the clock: a fake one waits for it (clock.ts).
    this.timer = this.clock.setInterval(() => this.pass(), this.deps.intervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.clock.clearInterval(this.timer);
    await this.running;
  }

  /** One pass (one at a time); resolves with how many entries it relayed. */
  pass(): Promise<number> {
    this.running ??= this.relay()
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'outbox: relay pass failed');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async relay(): Promise<number> {
    const { store, bus, announcer, logger } = this.deps;
    if (!bus.connected) return 0;
    const now = this.clock.now();
    const entries = await store.outbox.claim(
      now - (this.deps.relayAfterMs ?? 2000),
      now,
      now + (this.deps.leaseMs ?? 10_000),
      BATCH,
    );
    let relayed = 0;
    for (const entry of entries) {
      const announcement = decodeAnnouncement(entry.payload);
      if (!announcement) {
        logger.error({ key: entry.key }, 'outbox: unreadable entry dropped');
        announcer.carry(entry.key);
        continue;
      }
      try {
        await bus.publish(announcement);
        announcer.carry(entry.key);
        relayed += 1;
      } catch (error) {
        logger.warn({ err: error }, 'outbox: relay publish failed; retried after the lease');
        break;
      }
    }
    if (relayed > 0) logger.warn({ relayed }, 'outbox: relayed announcements a node left unpublished');
    return relayed;
  }
}
