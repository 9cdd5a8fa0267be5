/**
 * How commands announce what they committed (STYLE.md §6, §18). A command's notifications become
 * one announcement, each serialised once (announcement.ts). On a shared bus the announcement is
 * also written to the store's outbox in the command's own transaction, so that a node dying
 * between its commit and its publish loses nothing: the committing node publishes after commit
 * and then deletes the entry (in batches); an entry still there `relayAfterMs` later is claimed
 * by whichever node's relay finds it first and published from there (outbox-relay.ts). Duplicates
 * that this can cause are dropped by every node's sequencer.
 *
 * Publishing never fails a command: it happens after the commit, which the caller is told about;
 * a publish the bus refuses is logged and left to the relay.
 */
import type { Repositories, OutboxEntry, Store } from '../store/store.js';
import { deliveriesOf, encodeAnnouncement } from './announcement.js';
import type { Announcement, Bus, Notification } from './bus.js';

export interface AnnouncerLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface AnnouncerDeps {
  readonly store: Store;
  readonly bus: Bus;
  readonly logger: AnnouncerLogger;
  /** Distinguishes this node's announcement keys from every other node's. */
  readonly nodeId: string;
  readonly now?: () => number;
}

/** An announcement ready to publish, with the outbox entry that records it (shared bus only). */
export interface Prepared {
  readonly announcement: Announcement;
  readonly outbox: OutboxEntry | undefined;
}

const REMOVE_BATCH = 64;
const REMOVE_DELAY_MS = 20;

export class Announcer {
  private readonly now: () => number;
  private counter = 0;
  private carried: string[] = [];
  private removal: NodeJS.Timeout | undefined;
  private removing: Promise<void> = Promise.resolve();
  /** Publishes the bus has not answered yet (a clean shutdown waits for them). */
  private readonly publishing = new Set<Promise<void>>();

  constructor(private readonly deps: AnnouncerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Serialises `notifications` as one announcement; `chat` is the version the commit made (none
   * when it changed no chat). An announcement of a chat version is made even with nothing to
   * tell, so that other nodes' sequencers see no gap; only what tells someone is recorded.
   */
  prepare(notifications: readonly Notification[], chat?: { id: string; version: number }): Prepared {
    const key = `${this.deps.nodeId}.${++this.counter}`;
    const announcement: Announcement = { key, chat: chat ?? null, deliveries: deliveriesOf(notifications) };
    const outbox =
      this.deps.bus.shared && announcement.deliveries.length > 0
        ? { key, createdAt: this.now(), payload: encodeAnnouncement(announcement) }
        : undefined;
    return { announcement, outbox };
  }

  /** After commit. Never throws. */
  publish({ announcement, outbox }: Prepared): void {
    if (announcement.deliveries.length === 0 && announcement.chat === null) return;
    const published = this.deps.bus.publish(announcement).then(
      () => {
        if (outbox) this.carry(outbox.key);
      },
      (error: unknown) =>
        this.deps.logger.warn(
          { err: error, key: announcement.key },
          'bus: publish failed; the outbox keeps the announcement for a relay',
        ),
    );
    this.publishing.add(published);
    void published.finally(() => this.publishing.delete(published));
  }

  /** Waits for the publishes under way, then removes what they carried (before the store closes). */
  async settle(): Promise<void> {
    await Promise.all(this.publishing);
    await this.flush();
  }

  /**
   * Runs `work` in one store transaction; what it announces is recorded with the commit and
   * published after it.
   */
  async transaction<T>(
    work: (tx: Repositories, announce: (n: Notification) => void) => Promise<T>,
  ): Promise<T> {
    const notifications: Notification[] = [];
    const [result, prepared] = await this.deps.store.transaction(async (tx) => {
      const result = await work(tx, (n) => notifications.push(n));
      const prepared = this.prepare(notifications);
      if (prepared.outbox) await tx.outbox.add(prepared.outbox);
      return [result, prepared] as const;
    });
    this.publish(prepared);
    return result;
  }

  /** An entry the bus carried (here or relayed): its outbox row goes, with others, soon. */
  carry(key: string): void {
    this.carried.push(key);
    if (this.carried.length >= REMOVE_BATCH) void this.flush();
    else this.removal ??= setTimeout(() => void this.flush(), REMOVE_DELAY_MS);
  }

  /** Removes the rows of what was carried; resolves when every removal so far is done. */
  flush(): Promise<void> {
    clearTimeout(this.removal);
    this.removal = undefined;
    const keys = this.carried;
    this.carried = [];
    if (keys.length > 0) {
      const removed = this.deps.store.outbox.remove(keys).catch((error: unknown) =>
        // Left in the outbox: a relay publishes them again and every sequencer drops the copy.
        this.deps.logger.warn({ err: error, count: keys.length }, 'outbox: carried entries not removed'),
      );
      this.removing = this.removing.then(() => removed);
    }
    return this.removing;
  }
}
