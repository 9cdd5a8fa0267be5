/**
 * Channel names and subscription patterns (Bayeux 1.0 §2.2 "Channels", §2.2.1 "Channel globbing").
 *
 * A channel name is `/segment(/segment)*`; a segment is one or more of the Bayeux token characters
 * (letters, digits and `- _ ! ~ ( ) $ @`, plus `.` which GWS-style names do not use but CometD
 * accepts). A pattern may end in `/*` (exactly one more segment) or `/**` (one or more segments).
 *
 * Which patterns a client may subscribe to is a policy of Parley, not of Bayeux: notifications are
 * per user (spec §5.1, `/v2/me/…` channels are private to the authenticated user), so a session may
 * only name its own `/v2/me/<topic>` channels or a wildcard that the hub restricts to the session's
 * user anyway (`/**`, `/*`, `/v2/me/*`, `/v2/me/**`). Every subscription is implicitly scoped to its
 * session's user: the hub only offers a session the notifications addressed to that session's user.
 *
 * One Parley channel is not a user's own: `/parley/v1/board`, the supervisors' live board
 * (supervision/board.ts), open only to a session whose principal is among the supervisors of its
 * own contact center. It names no contact center: the hub delivers a session only its own
 * contact center's board (the audience), so the name cannot be pointed at another one. It is
 * opt-in: the hub gives audience notifications only to sessions that subscribed to them by name,
 * so a supervisor's `/**` client receives nothing new.
 */
import type { BayeuxPrincipal } from './message.js';
import { supervisorsOf } from '../notifications/bus.js';

const segmentPattern = /^[A-Za-z0-9_\-!~()$@.]+$/;

/** Where a subscription's wildcard sits; `none` means an exact channel. */
export type Glob = 'none' | 'one' | 'deep';

/** A parsed subscription pattern. `prefix` is everything before the wildcard, ending in `/`. */
export interface Subscription {
  readonly pattern: string;
  readonly glob: Glob;
  readonly prefix: string;
}

function segmentsAreValid(name: string, from: number, to: number): boolean {
  if (to <= from) return false;
  const segments = name.slice(from, to).split('/');
  return segments.every((segment) => segmentPattern.test(segment));
}

/** A concrete channel name (no wildcard), e.g. `/v2/me/chats`. */
export function isChannelName(name: unknown): name is string {
  return typeof name === 'string' && name.startsWith('/') && segmentsAreValid(name, 1, name.length);
}

/** Parses a channel name that may end in `/*` or `/**`; `null` when it is not well formed. */
export function parsePattern(name: unknown): Subscription | null {
  if (typeof name !== 'string' || !name.startsWith('/')) return null;
  if (name.endsWith('/**')) {
    const prefix = name.slice(0, -2);
    return prefix === '/' || segmentsAreValid(name, 1, prefix.length - 1)
      ? { pattern: name, glob: 'deep', prefix }
      : null;
  }
  if (name.endsWith('/*')) {
    const prefix = name.slice(0, -1);
    return prefix === '/' || segmentsAreValid(name, 1, prefix.length - 1)
      ? { pattern: name, glob: 'one', prefix }
      : null;
  }
  return isChannelName(name) ? { pattern: name, glob: 'none', prefix: name } : null;
}

/** Whether `channel` (a concrete name) falls under `subscription` (Bayeux §2.2.1). */
export function matches(subscription: Subscription, channel: string): boolean {
  switch (subscription.glob) {
    case 'none':
      return subscription.pattern === channel;
    case 'deep':
      return channel.length > subscription.prefix.length && channel.startsWith(subscription.prefix);
    case 'one':
      return (
        channel.length > subscription.prefix.length &&
        channel.startsWith(subscription.prefix) &&
        channel.indexOf('/', subscription.prefix.length) === -1
      );
  }
}

export const metaChannelPrefix = '/meta/';
export const serviceChannelPrefix = '/service/';

/** The user's own topics (spec §5.1): `/v2/me/<topic>`. */
const ownTopicsPrefix = '/v2/me/';

/** Shared instances for the wildcards every client uses, so idle sessions do not each hold a copy. */
const sharedWildcards: ReadonlyMap<string, Subscription> = new Map(
  ['/**', '/*', '/v2/me/*', '/v2/me/**'].map((name) => [name, parsePattern(name) as Subscription]),
);

/** The supervisors' live board of the session's contact center (README Supervision). */
export const BOARD_CHANNEL = '/parley/v1/board';
const boardSubscription: Subscription = { pattern: BOARD_CHANNEL, glob: 'none', prefix: BOARD_CHANNEL };

/**
 * The subscription a client may hold for `name`, or `null` when it is forbidden or malformed
 * (`/v2/users/x/chats`, `/meta/…`, `/service/…`, `/v2/me/a/b`, `/v2/me/*x`, the board for anyone
 * but a supervisor of the principal's own contact center, …).
 */
export function permittedSubscription(name: string, principal?: BayeuxPrincipal): Subscription | null {
  const shared = sharedWildcards.get(name);
  if (shared !== undefined) return shared;
  if (name === BOARD_CHANNEL) {
    const audience = principal && supervisorsOf(principal.contactCenterId);
    return audience !== undefined && principal?.audiences?.includes(audience) === true
      ? boardSubscription
      : null;
  }
  if (!name.startsWith(ownTopicsPrefix)) return null;
  const topic = name.slice(ownTopicsPrefix.length);
  return topic.length > 0 && segmentPattern.test(topic)
    ? { pattern: name, glob: 'none', prefix: name }
    : null;
}
