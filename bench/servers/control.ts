/**
 * What both bench servers share, so that Parley and faye are driven identically: the publish
 * loop behind `POST /bench/publish` (loopback only: the servers listen on 127.0.0.1), the
 * announcement line the bench waits for, and the process lifecycle.
 *
 * Pacing: a positive rate keeps a fixed schedule (publish n is due at start + n / rate) and
 * publishes everything due whenever its timer gets to run, so a busy server gets bursts — an
 * open-loop source, what the fan-out (offered rate far above capacity) and latency (fixed rate
 * below capacity) scenarios use. `ratePerSecond: 0` publishes one notification per turn of the
 * event loop (`setImmediate`): a closed-loop source that slows down with the server, kept for
 * experiments (see scenarios/fan-out.ts for why the fan-out scenario does not use it).
 */
import { epochMs } from '../support/clock.js';
import { chatNotification, type ChatNotification } from '../support/payload.js';

export interface PublishRequest {
  /** How many notifications to publish. */
  readonly count: number;
  /** Publishes per second; 0 means one per turn of the event loop. */
  readonly ratePerSecond: number;
  /** How many subscribers there are (Parley addresses each of them as a user). */
  readonly subscribers: number;
}

export interface PublishReport {
  readonly published: number;
  /** Epoch ms (support/clock.ts) of the first and the last publish. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/** A server's way to publish one notification to every subscriber. */
export type Publish = (data: ChatNotification, subscribers: number) => void;

const maxPublishes = 1_000_000;

export function parsePublishRequest(body: unknown): PublishRequest {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const count = Number(fields.count);
  const ratePerSecond = Number(fields.ratePerSecond ?? 0);
  const subscribers = Number(fields.subscribers);
  if (!Number.isSafeInteger(count) || count < 1 || count > maxPublishes) throw new RangeError('bad count');
  if (!Number.isFinite(ratePerSecond) || ratePerSecond < 0) throw new RangeError('bad ratePerSecond');
  if (!Number.isSafeInteger(subscribers) || subscribers < 1) throw new RangeError('bad subscribers');
  return { count, ratePerSecond, subscribers };
}

export function publishLoop(request: PublishRequest, publish: Publish): Promise<PublishReport> {
  const { count, ratePerSecond, subscribers } = request;
  const startedAt = epochMs();
  let published = 0;
  const publishOne = (): void => {
    publish(chatNotification(published, epochMs()), subscribers);
    published += 1;
  };
  return new Promise((resolve) => {
    const finish = (): void => resolve({ published, startedAt, endedAt: epochMs() });
    const saturate = (): void => {
      publishOne();
      if (published < count) setImmediate(saturate);
      else finish();
    };
    const onSchedule = (): void => {
      const due = Math.min(count, Math.floor(((epochMs() - startedAt) * ratePerSecond) / 1000) + 1);
      while (published < due) publishOne();
      if (published >= count) return finish();
      const nextAt = startedAt + (published * 1000) / ratePerSecond;
      setTimeout(onSchedule, Math.max(0, nextAt - epochMs()));
    };
    if (ratePerSecond === 0) saturate();
    else onSchedule();
  });
}

/** The line the bench reads the port from (the real server prints the same). */
export function announce(name: string, port: number): void {
  process.stdout.write(`${name}: listening on http://127.0.0.1:${port}\n`);
}

/**
 * Exits when the bench goes away (its end of our stdin closes) and on SIGTERM — through
 * process.exit, so that `--cpu-prof` gets to write its profile.
 */
export function exitWithBench(close: () => Promise<void>): void {
  let closing = false;
  const exit = (): void => {
    if (closing) return;
    closing = true;
    const forced = setTimeout(() => process.exit(0), 2000);
    forced.unref();
    void close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', exit);
  process.on('SIGINT', exit);
  process.stdin.on('end', exit);
  process.stdin.on('error', exit);
  process.stdin.resume();
}
