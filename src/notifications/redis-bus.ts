/**
 * The bus of several nodes (REDIS_URL): one Redis stream per deployment (`<prefix>:bus`), which
 * every node appends its announcements and signals to (XADD, trimmed to about `maxLength`) and
 * reads in full (XREAD from the last id it read). A stream rather than pub/sub: a node whose
 * connection drops reads on from where it was when it is back, so a Redis blip loses nothing.
 *
 * What a stream cannot give back is what Redis itself lost: after a Redis restart (Parley keeps
 * nothing there on disk) or a trim past a node that was away, announcements that node had not
 * read yet are gone. The reader notices — an epoch key that a restart erases, and the stream's
 * oldest id — and says so (`onLost`): the hub then ends the node's Bayeux sessions with advice
 * to re-handshake, and clients rebuild their state from the REST GETs (README, docs/deploy.md).
 * What was committed while Redis was away waits in the writer's queue or in the outbox.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { decodeAnnouncement, encodeAnnouncement } from './announcement.js';
import type { Announcement, Bus, Delivery, DeliveryListener, Signal, SignalListener } from './bus.js';
import { Listeners } from './listeners.js';
import { RedisConnection } from './redis-connection.js';
import type { BusLogger } from './redis-connection.js';
import { redacted } from './redis-connection.js';
import type { SequencerOptions } from './sequencer.js';
import { Sequencer } from './sequencer.js';

export interface RedisBusOptions {
  readonly url: string;
  /** Keys are `<prefix>:bus` and `<prefix>:epoch`: deployments sharing a Redis keep apart. */
  readonly prefix: string;
  readonly logger: BusLogger;
  readonly sequencing?: SequencerOptions;
  /** Entries the stream keeps (approximately). Default 20,000. */
  readonly maxLength?: number;
  /** How long `open` waits for Redis before the start fails. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
}

type Entry = [id: string, fields: string[]];
const READ_BATCH = 1000;
const BLOCK_MS = 2000;

export class RedisBus implements Bus {
  readonly shared = true;
  private readonly deliveries: Listeners<Delivery>;
  private readonly signals: Listeners<Signal>;
  private readonly losses: Listeners<void>;
  private readonly sequencer: Sequencer;
  private readonly streamKey: string;
  private readonly epochKey: string;
  private readonly maxLength: number;
  private closed = false;
  private reading: Promise<void> = Promise.resolve();
  /** The reader's connections so far, and the one whose continuity was checked. */
  private verified = 0;

  private constructor(
    private readonly options: RedisBusOptions,
    private readonly writer: RedisConnection,
    private readonly reader: RedisConnection,
    private lastId: string,
    private epoch: string,
  ) {
    const onError = (error: unknown) => options.logger.error({ err: error }, 'bus: listener failed');
    this.deliveries = new Listeners(onError);
    this.signals = new Listeners(onError);
    this.losses = new Listeners(onError);
    this.sequencer = new Sequencer((a) => {
      for (const delivery of a.deliveries) this.deliveries.emit(delivery);
    }, options.sequencing);
    this.streamKey = `${options.prefix}:bus`;
    this.epochKey = `${options.prefix}:epoch`;
    this.maxLength = options.maxLength ?? 20_000;
    this.verified = reader.readies;
  }

  static async open(options: RedisBusOptions): Promise<RedisBus> {
    const timeout = options.connectTimeoutMs ?? 5000;
    // The writer queues what is published while Redis is away and sends it, in order, once back;
    // the reader must not (a read queued across a restart would hide the restart).
    const writer = new RedisConnection('writer', new Redis(options.url, connectionOptions(true)), options);
    const reader = new RedisConnection('reader', new Redis(options.url, connectionOptions(false)), options);
    try {
      await Promise.all([writer.ready(timeout), reader.ready(timeout)]);
      const epochKey = `${options.prefix}:epoch`;
      await writer.redis.set(epochKey, randomBytes(8).toString('hex'), 'NX');
      const epoch = (await writer.redis.get(epochKey)) ?? '';
      const newest = (await writer.redis.xrevrange(`${options.prefix}:bus`, '+', '-', 'COUNT', 1))[0];
      const bus = new RedisBus(options, writer, reader, newest?.[0] ?? '0-0', epoch);
      bus.reading = bus.read();
      return bus;
    } catch (error) {
      writer.redis.disconnect();
      reader.redis.disconnect();
      throw new Error(`Redis at ${redacted(options.url)} unreachable: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  get connected(): boolean {
    return this.writer.up && this.reader.up;
  }

  async publish(announcement: Announcement): Promise<void> {
    await this.append('a', encodeAnnouncement(announcement));
  }

  async signal(signal: Signal): Promise<void> {
    await this.append('s', JSON.stringify(signal));
  }

  subscribe(listener: DeliveryListener): () => void {
    return this.deliveries.add(listener);
  }

  onSignal(listener: SignalListener): () => void {
    return this.signals.add(listener);
  }

  /** Called when announcements for this node may have been lost (see the top of this file). */
  onLost(listener: () => void): () => void {
    return this.losses.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader.redis.disconnect();
    await this.reading;
    this.sequencer.close();
    await this.writer.redis.quit().catch(() => this.writer.redis.disconnect());
  }

  private async append(field: 'a' | 's', value: string): Promise<void> {
    await this.writer.redis.xadd(this.streamKey, 'MAXLEN', '~', this.maxLength, '*', field, value);
  }

  private async read(): Promise<void> {
    while (!this.closed) {
      try {
        if (this.reader.readies !== this.verified) await this.verify();
        const result = await this.reader.redis.xread(
          'COUNT',
          READ_BATCH,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.streamKey,
          this.lastId,
        );
        for (const [, entries] of result ?? []) for (const entry of entries) this.handle(entry);
      } catch {
        if (this.closed) return;
        // The reader lost its connection (it reconnects by itself; the connection logs it).
        await this.reader.ready(Number.POSITIVE_INFINITY, () => this.closed).catch(() => {});
      }
    }
  }

  private handle([id, fields]: Entry): void {
    this.lastId = id;
    const [field, value] = fields;
    if (value === undefined) return;
    if (field === 'a') {
      const announcement = decodeAnnouncement(value);
      if (announcement) this.sequencer.accept(announcement);
      else this.options.logger.error({ id }, 'bus: unreadable announcement dropped');
    } else if (field === 's') {
      this.signals.emit(JSON.parse(value) as Signal);
    }
  }

  /**
   * On a new reader connection: did Redis keep everything this node had not read? Not if the
   * epoch key is gone (a restart) or the stream's oldest entry is newer than the last one read
   * (trimmed while away). Then read the stream from its start and report the loss.
   */
  private async verify(): Promise<void> {
    const readies = this.reader.readies;
    const redis = this.reader.redis;
    const epoch = await redis.get(this.epochKey);
    const oldest = (await redis.xrange(this.streamKey, '-', '+', 'COUNT', 1))[0]?.[0];
    const restarted = epoch !== this.epoch;
    const trimmed =
      !restarted && oldest !== undefined && this.lastId !== '0-0' && compareIds(oldest, this.lastId) > 0;
    if (restarted) {
      await redis.set(this.epochKey, randomBytes(8).toString('hex'), 'NX');
      this.epoch = (await redis.get(this.epochKey)) ?? '';
    }
    this.verified = readies;
    if (!restarted && !trimmed) return;
    this.lastId = '0-0';
    this.options.logger.warn(
      { restarted, trimmed },
      'bus: Redis did not keep every announcement this node had not read; its sessions must rebuild',
    );
    this.losses.emit();
  }
}

function connectionOptions(queueWhileAway: boolean) {
  return {
    lazyConnect: true,
    enableOfflineQueue: queueWhileAway,
    autoResendUnfulfilledCommands: queueWhileAway,
    maxRetriesPerRequest: queueWhileAway ? 20 : 0,
    retryStrategy: (times: number) => Math.min(times * 100, 1000),
    // Commands issued in one turn of the event loop leave in one socket write.
    enableAutoPipelining: queueWhileAway,
  };
}

/** Stream ids `ms-seq` in numeric order. */
function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
