/**
 * RequestChat limits: what keeps one script from filling a contact center's queue (the flood
 * seen: 400 RequestChats from one client in 3.6 s, 400 queued chats ahead of every customer).
 *
 * Per source: @fastify/rate-limit on the RequestChat route, keyed by the client's address —
 * `request.ip`, the socket's peer unless PARLEY_TRUSTED_PROXIES names the proxy in front
 * (config.ts; X-Forwarded-For is anyone's to write otherwise); IPv6 by /64, what one host
 * usually holds. The plugin's own store counts fixed windows, which lets twice the limit through
 * across a window's edge; `tokenBuckets` gives it a token bucket on the app's clock instead:
 * `burst` requests at once, then `rate`. The buckets live in this node's memory: behind HAProxy,
 * a client that each node sees (no PARLEY_NODE cookie kept, so balanced over N nodes) gets up to
 * N times the rate. Per node is enough to stop a script; PostgreSQL is not asked on every request.
 *
 * Per contact center and the queue cap: counted in the store in RequestChat's own transaction
 * (service.ts), so they hold across every node (see `admission`).
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitOptions } from '@fastify/rate-limit';
import { normalizeIP } from '@fastify/rate-limit';
import type { ContactCenterSettings } from '../accounts/records.js';
import type { Rate } from '../config.js';
import { DomainError, retryAfter } from '../errors.js';

/** Buckets kept per route; past that, the least recently used goes (its source starts afresh). */
const BUCKET_LIMIT = 100_000;
/** Float slack in the bucket arithmetic (milliseconds). */
const EPSILON = 1e-6;

/**
 * A @fastify/rate-limit store holding one token bucket per key (GCRA: each key keeps the time at
 * which its bucket is full again). The plugin passes `max` (the burst) and `timeWindow` (the time
 * to refill a whole burst, so the rate is max per timeWindow); it refuses when `current > max`,
 * and `ttl` gives Retry-After: when one token is back. A refused request takes no token.
 */
export function tokenBuckets(now: () => number): FastifyRateLimitStoreCtor {
  return class TokenBuckets implements FastifyRateLimitStore {
    private readonly fullAt = new Map<string, number>();

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void {
      const at = now();
      const interval = timeWindow / max;
      const next = Math.max(this.fullAt.get(key) ?? at, at) + interval;
      if (next - at > timeWindow + EPSILON) {
        callback(null, { current: max + 1, ttl: Math.ceil(next - timeWindow - at) });
        return;
      }
      this.fullAt.delete(key); // re-inserted last: the Map's order is least recently used first
      if (this.fullAt.size >= BUCKET_LIMIT) this.fullAt.delete(this.fullAt.keys().next().value ?? '');
      this.fullAt.set(key, next);
      callback(null, { current: Math.ceil((next - at) / interval - EPSILON), ttl: Math.ceil(next - at) });
    }

    child(): FastifyRateLimitStore {
      return new TokenBuckets();
    }
  };
}

/** The RequestChat route's rate-limit config: `burst` at once, then `rate`, per client address. */
export function perSourceLimit(limit: { readonly rate: Rate; readonly burst: number }): RateLimitOptions {
  return {
    max: limit.burst,
    timeWindow: (limit.burst * limit.rate.windowMs) / limit.rate.count,
    keyGenerator: (request) => `source:${normalizeIP(request.ip, 64)}`,
    // Thrown from the route's onRequest hook: the envelope renders it (spec §1.3, errors.ts).
    errorResponseBuilder: (_request, context) =>
      rateLimited('Too many chat requests from this address', context.ttl),
  };
}

/** What RequestChat's transaction counted in the store for the contact center. */
export interface AdmissionCounts {
  /** Chats waiting for an agent now (counted up to the cap). */
  readonly waiting: number;
  /** Chats requested within the per-contact-center window, and the oldest of them. */
  readonly requested?: { readonly count: number; readonly oldest: number | undefined };
}

/** Retry-After of a full queue: places free as agents take chats, not at a known time. */
const QUEUE_FULL_RETRY_MS = 30_000;

/**
 * Whether one more chat may be requested (pure): the queue cap (maxWaitingChats) first — over
 * it, QueueFull — then the per-contact-center rate: at most `count` chats requested in any
 * `windowMs`, else RateLimited with Retry-After when the oldest leaves the window. The counts
 * come from the store inside RequestChat's transaction: exact on SQLite's one writer; on
 * PostgreSQL, requests committing at the same moment on several nodes may each see the last free
 * place, so either bound can be passed by as many as are in flight at once.
 */
export function admission(
  counts: AdmissionCounts,
  settings: Pick<ContactCenterSettings, 'maxWaitingChats'>,
  perContactCenter: Rate | undefined,
  now: number,
): DomainError | undefined {
  if (counts.waiting >= settings.maxWaitingChats)
    return new DomainError(
      'QueueFull',
      `The queue is full (${settings.maxWaitingChats} chats are waiting for an agent); try again later`,
      retryAfter(QUEUE_FULL_RETRY_MS).headers,
    );
  const requested = counts.requested;
  if (!perContactCenter || !requested || requested.count < perContactCenter.count) return undefined;
  const freeAt = (requested.oldest ?? now) + perContactCenter.windowMs;
  return rateLimited('Too many chat requests for this contact center', freeAt - now);
}

/** RateLimited with its Retry-After (whole seconds, at least 1). */
function rateLimited(what: string, retryInMs: number): DomainError {
  const { seconds, headers } = retryAfter(retryInMs);
  return new DomainError('RateLimited', `${what}; try again in ${seconds} s`, headers);
}
