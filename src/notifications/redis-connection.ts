/**
 * One ioredis connection of the Redis bus, and what its logs say: a node that loses Redis says so
 * once (not once per reconnect attempt), keeps retrying by itself, and says so again when it is
 * back. `readies` counts the connections made, so the bus can tell a new one from the old.
 */
import type { Redis } from 'ioredis';

export interface BusLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export class RedisConnection {
  /** Connections that became ready so far. */
  readies = 0;
  private lost = false;

  constructor(
    readonly role: 'writer' | 'reader',
    readonly redis: Redis,
    options: { readonly url: string; readonly logger: BusLogger },
  ) {
    const url = redacted(options.url);
    redis.on('ready', () => {
      this.readies += 1;
      if (this.lost) options.logger.info({ role, url }, 'bus: reconnected to Redis');
      this.lost = false;
    });
    redis.on('close', () => {
      if (this.readies === 0 || this.lost) return;
      this.lost = true;
      options.logger.warn({ role, url }, 'bus: lost Redis; reconnecting');
    });
    // ioredis reports every failed reconnect attempt; the loss was logged once already.
    redis.on('error', (error: Error) => {
      if (this.readies > 0 && !this.lost) options.logger.warn({ role, url, err: error }, 'bus: Redis error');
    });
  }

  get up(): boolean {
    return this.redis.status === 'ready';
  }

  /** Resolves once connected; rejects after `timeoutMs`, or when `stop()` says to give up. */
  async ready(timeoutMs: number, stop: () => boolean = () => false): Promise<void> {
    if (this.redis.status === 'wait') this.redis.connect().catch(() => {});
    const deadline = Date.now() + timeoutMs;
    while (!this.up) {
      if (stop()) throw new Error('stopped');
      if (Date.now() > deadline) throw new Error(`no connection within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The URL without its password, for logs and errors. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}
