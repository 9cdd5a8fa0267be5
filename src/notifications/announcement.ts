/**
 * Announcements as text: the outbox row's payload and the Redis message are the same string. A
 * JSON header line — key, chat and version, and per delivery its users, channel and length —
 * then the serialised Bayeux messages one after another. A node reads the header and slices out
 * the messages for its sessions (V8 slices without copying); it never parses a message body, so
 * traffic for users it holds no session of costs it one small JSON.parse.
 */
import { randomBytes } from 'node:crypto';
import type { Announcement, Audience, Bus, Delivery, Notification } from './bus.js';

interface Header {
  readonly k: string;
  readonly c: string | null;
  readonly v: number | null;
  /** [userIds, channel, message length, audiences?] per delivery. */
  readonly d: readonly (readonly [readonly string[], string, number, (readonly Audience[])?])[];
}

/** Serialises each notification once, as the Bayeux message its sessions receive (spec §5.1). */
export function deliveriesOf(notifications: readonly Notification[]): Delivery[] {
  return notifications.map((n) => ({
    userIds: n.userIds,
    ...(n.audiences && n.audiences.length > 0 ? { audiences: n.audiences } : {}),
    channel: n.channel,
    message: JSON.stringify({ channel: n.channel, data: n.data ?? null }),
  }));
}

/** Encoded once per announcement: the outbox entry and the bus message are the same text. */
const encoded = new WeakMap<Announcement, string>();

export function encodeAnnouncement(announcement: Announcement): string {
  let text = encoded.get(announcement);
  if (text === undefined) {
    text = encode(announcement);
    encoded.set(announcement, text);
  }
  return text;
}

function encode(announcement: Announcement): string {
  const { key, chat, deliveries } = announcement;
  const header: Header = {
    k: key,
    c: chat?.id ?? null,
    v: chat?.version ?? null,
    d: deliveries.map((d) =>
      d.audiences
        ? ([d.userIds, d.channel, d.message.length, d.audiences] as const)
        : ([d.userIds, d.channel, d.message.length] as const),
    ),
  };
  let text = `${JSON.stringify(header)}\n`;
  for (const delivery of deliveries) text += delivery.message;
  return text;
}

/** The announcement in `text`, or undefined when it is not one (logged by the caller). */
export function decodeAnnouncement(text: string): Announcement | undefined {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(text.slice(0, newline)) as Header;
  } catch {
    return undefined;
  }
  if (typeof header.k !== 'string' || !Array.isArray(header.d)) return undefined;
  const deliveries: Delivery[] = [];
  let at = newline + 1;
  for (const [userIds, channel, length, audiences] of header.d) {
    if (!Array.isArray(userIds) || typeof channel !== 'string' || !Number.isSafeInteger(length))
      return undefined;
    if (audiences !== undefined && !isAudienceList(audiences)) return undefined;
    const message = text.slice(at, at + length);
    deliveries.push(audiences ? { userIds, audiences, channel, message } : { userIds, channel, message });
    at += length;
  }
  if (at !== text.length) return undefined;
  const chat =
    typeof header.c === 'string' && typeof header.v === 'number' ? { id: header.c, version: header.v } : null;
  return { key: header.k, chat, deliveries };
}

function isAudienceList(value: unknown): value is readonly Audience[] {
  return Array.isArray(value) && value.every((a) => typeof a === 'string' && a.startsWith('supervisors:'));
}

const looseNode = randomBytes(4).toString('hex');
let looseCounter = 0;

/** Publishes one notification on its own, outside any command (tools, tests, benchmarks). */
export function publishNotification(bus: Bus, notification: Notification): Promise<void> {
  const key = `loose-${looseNode}.${++looseCounter}`;
  return bus.publish({ key, chat: null, deliveries: deliveriesOf([notification]) });
}
