/**
 * Keeps each chat's announcements in the order of the chat's versions, and each once, whatever
 * order the bus brings them in. Two nodes that commit versions 7 and 8 of one chat publish them
 * independently: if 8 arrives first it is held until 7 arrives (or `holdMs` passes — its node may
 * have died, and the outbox relay brings 7 later), so every recipient on every node reads one
 * transcript order. A version already delivered is a duplicate (a relayed outbox entry whose
 * publisher had published it after all) and is dropped; one that the hold passed over is still
 * delivered when it comes. Announcements of no chat are kept once by key.
 *
 *   first sight of a chat at v   → deliver; versions below v are unknown (delivered if they come)
 *   v = last + 1                 → deliver, then any held v + 1, v + 2, …
 *   v > last + 1                 → hold (a timer releases the held ones in order, skipping gaps)
 *   v ≤ last                     → deliver if it was skipped, else drop (duplicate)
 */
import type { Announcement } from './bus.js';

export interface SequencerOptions {
  /** How long a later version waits for a missing earlier one. Default 500 ms. */
  readonly holdMs?: number;
  /** Chats (and chatless keys) remembered; the least recently seen are forgotten. Default 50,000. */
  readonly limit?: number;
}

interface Line {
  /** The first version seen: anything older is unknown here. */
  readonly floor: number;
  /** The highest version delivered or passed over. */
  last: number;
  /** Versions passed over when a hold ran out (still delivered if they come). */
  skipped: Set<number> | undefined;
  held: Map<number, Announcement> | undefined;
  timer: NodeJS.Timeout | undefined;
}

const SKIPPED_SPAN = 1000;

export class Sequencer {
  private readonly lines = new Map<string, Line>();
  private readonly keys = new Set<string>();
  private readonly holdMs: number;
  private readonly limit: number;

  constructor(
    private readonly deliver: (announcement: Announcement) => void,
    options: SequencerOptions = {},
  ) {
    this.holdMs = options.holdMs ?? 500;
    this.limit = options.limit ?? 50_000;
  }

  accept(announcement: Announcement): void {
    const { chat } = announcement;
    if (chat === null) return this.acceptChatless(announcement);
    const { id, version } = chat;
    let line = this.lines.get(id);
    if (line === undefined) {
      line = { floor: version, last: version, skipped: undefined, held: undefined, timer: undefined };
      this.remember(id, line);
      this.deliver(announcement);
      return;
    }
    this.remember(id, line);
    if (version < line.floor) {
      this.deliver(announcement);
    } else if (version <= line.last) {
      if (line.skipped?.delete(version)) this.deliver(announcement);
    } else if (version === line.last + 1) {
      line.last = version;
      this.deliver(announcement);
      this.drain(line);
    } else if (!line.held?.has(version)) {
      (line.held ??= new Map()).set(version, announcement);
      line.timer ??= setTimeout(() => this.release(line), this.holdMs).unref();
    }
  }

  /** Delivers everything held (in version order) and forgets every timer. */
  close(): void {
    for (const line of this.lines.values()) if (line.held) this.release(line);
  }

  private acceptChatless(announcement: Announcement): void {
    if (this.keys.has(announcement.key)) return;
    this.keys.add(announcement.key);
    if (this.keys.size > this.limit) this.keys.delete(this.keys.values().next().value as string);
    this.deliver(announcement);
  }

  /** Most recently seen last; the oldest line beyond the limit is released and forgotten. */
  private remember(id: string, line: Line): void {
    this.lines.delete(id);
    this.lines.set(id, line);
    if (this.lines.size <= this.limit) return;
    const [oldestId, oldest] = this.lines.entries().next().value as [string, Line];
    if (oldest.held) this.release(oldest);
    this.lines.delete(oldestId);
  }

  private drain(line: Line): void {
    const held = line.held;
    if (!held) return;
    for (let next = held.get(line.last + 1); next; next = held.get(line.last + 1)) {
      held.delete(line.last + 1);
      line.last += 1;
      this.deliver(next);
    }
    if (held.size === 0) this.stopHolding(line);
  }

  /** The hold ran out: deliver what is held in order, remembering the versions passed over. */
  private release(line: Line): void {
    const held = [...(line.held ?? new Map<number, Announcement>()).entries()].sort(([a], [b]) => a - b);
    this.stopHolding(line);
    for (const [version, announcement] of held) {
      line.skipped ??= new Set();
      for (let missing = line.last + 1; missing < version; missing++) line.skipped.add(missing);
      line.last = version;
      this.deliver(announcement);
    }
    if (line.skipped) for (const v of line.skipped) if (v < line.last - SKIPPED_SPAN) line.skipped.delete(v);
  }

  private stopHolding(line: Line): void {
    clearTimeout(line.timer);
    line.timer = undefined;
    line.held = undefined;
  }
}
