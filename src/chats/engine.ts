/**
 * Runs chat commands: load the snapshot in a transaction, let a pure decision produce an
 * outcome, persist it (chat write conditional on its version, capacity taken with one
 * conditional write, parties, transcript) together with what it announces, commit, then publish
 * (STYLE.md §6, §18).
 *
 * Concurrency. Commands on one chat run one at a time on this node: on PostgreSQL, whose
 * connections run side by side, they queue here (chat-queue.ts); SQLite's one writer already runs
 * transactions in the order they were started, so a command there decides on the snapshot the
 * one before it left in the cache and joins the same group commit (Store.ordered). The first
 * attempt trusts the snapshot this node last wrote; when another node changed the chat meanwhile
 * the version check fails, and every further attempt reads the chat afresh under the chat's lock
 * (PostgreSQL FOR UPDATE), which no other writer can overtake — so a retry cannot lose again to
 * an ordinary send. Retries wait a few random milliseconds. Should every attempt still conflict
 * (a decision's own check, e.g. a NextChat subscription consumed elsewhere, keeps failing), the
 * command fails with statusCode 19, never a 500.
 *
 * The most common command — a message on a chat this process wrote last, changing no party — is
 * decided on the cached snapshot and written with Store.appendToChat: one atomic, version-checked
 * step (one statement on PostgreSQL) instead of a transaction. Anything else, a decision error
 * included (the guess may be stale), takes the transactional way.
 */
import { DomainError } from '../errors.js';
import type { Links } from '../http/links.js';
import type { Announcer, Prepared } from '../notifications/announcer.js';
import type { ChatMetrics } from '../observability/hooks.js';
import type { Repositories, Store } from '../store/store.js';
import { ChatQueue } from './chat-queue.js';
import { RetryableConflict, VersionConflict } from './conflicts.js';
import { persistOutcome } from './persist.js';
import { fanOut } from './fanout.js';
import type { ChatSnapshot, Message, Party } from './model.js';
import type { Outcome } from './outcome.js';
import { OutcomeBuilder } from './outcome.js';
import { ReferenceIds } from './reference-ids.js';
import { boardNotifications } from '../supervision/board-events.js';
import { SnapshotCache } from './snapshot-cache.js';

const MAX_ATTEMPTS = 6;

export interface ChatEngineDeps {
  readonly store: Store;
  readonly announcer: Announcer;
  /** Links for notifications (no request at hand): PUBLIC_URL or the listening address. */
  readonly links: () => Links;
  readonly now?: () => number;
  /** Called after commit when a slot was freed or a chat (re)entered a queue: routing has work. */
  readonly onRoutingWork?: (contactCenterId: string) => void;
  /** Commits and conflicts, for /metrics (observability/); none counted when absent. */
  readonly metrics?: ChatMetrics;
}

export type Decision<R, P = undefined> = (builder: OutcomeBuilder, prepared: P) => Outcome<R>;

export interface RunOptions<P> {
  /** The request's referenceId, repeated in the notifications it causes (spec §1.3). */
  readonly referenceId?: number;
  /** Reads more the decision needs, in the same transaction (e.g. monitoring subscriptions). */
  readonly prepare?: (tx: Repositories, snapshot: ChatSnapshot) => Promise<P>;
}

interface Committed<R> {
  readonly before: ChatSnapshot;
  readonly outcome: Outcome<R>;
  readonly after: ChatSnapshot;
  readonly freed: boolean;
  readonly prepared: Prepared;
}

export class ChatEngine {
  private readonly now: () => number;
  private readonly snapshots = new SnapshotCache();
  /** Undefined where the store itself keeps commands in order (Store.ordered). */
  private readonly queue: ChatQueue | undefined;
  private readonly referenceIds: ReferenceIds;

  constructor(private readonly deps: ChatEngineDeps) {
    this.now = deps.now ?? Date.now;
    this.referenceIds = new ReferenceIds(deps.store);
    this.queue = deps.store.ordered ? undefined : new ChatQueue();
  }

  /** spec §1.3 (inferred): a referenceId for each operation request, unique across nodes. */
  nextReferenceId(): Promise<number> {
    return this.referenceIds.take();
  }

  async snapshot(tx: Repositories, chatId: string): Promise<ChatSnapshot | undefined> {
    const chat = await tx.chats.get(chatId);
    return chat && { chat, parties: await tx.parties.listForChat(chatId) };
  }

  /** Runs `decide` on chat `chatId`; throws NotFound when there is no such chat. */
  run<R, P = undefined>(
    chatId: string,
    decide: Decision<R, P>,
    options: RunOptions<P> = {},
  ): Promise<R | undefined> {
    if (!this.queue) return this.attempts(chatId, decide, options);
    return this.queue.run(chatId, () => this.attempts(chatId, decide, options));
  }

  private async attempts<R, P>(chatId: string, decide: Decision<R, P>, options: RunOptions<P>) {
    for (let attempt = 1; ; attempt++) {
      try {
        const fresh = attempt > 1;
        const committed =
          (fresh || options.prepare
            ? undefined
            : await this.appendOnly(chatId, decide as Decision<R>, options as RunOptions<undefined>)) ??
          (await this.transactional(chatId, decide, options, fresh));
        return this.committed(committed);
      } catch (error) {
        if (!(error instanceof RetryableConflict)) throw error;
        const kind = error instanceof VersionConflict ? 'version' : 'decision';
        this.deps.metrics?.conflicted(kind, attempt < MAX_ATTEMPTS);
        this.snapshots.forget(chatId);
        if (attempt >= MAX_ATTEMPTS) {
          throw new DomainError('Contended', 'The chat kept changing meanwhile; nothing was done, try again');
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt));
      }
    }
  }

  /** After commit: publish, and tell routing when it has work. Never throws. */
  private committed<R>({ before, outcome, after, freed, prepared }: Committed<R>): R | undefined {
    this.deps.announcer.publish(prepared);
    this.deps.metrics?.committed(before.parties, outcome.parties);
    const { chat } = after;
    if (freed || (chat.phase === 'Queued' && before.chat.phase !== 'Queued')) {
      this.deps.onRoutingWork?.(chat.contactCenterId);
    }
    return outcome.result;
  }

  /** The general path: snapshot, decision, announcement and writes in one store transaction. */
  private transactional<R, P>(
    chatId: string,
    decide: Decision<R, P>,
    options: RunOptions<P>,
    fresh: boolean,
  ) {
    return this.deps.store.transaction(async (tx): Promise<Committed<R>> => {
      const cached = fresh ? undefined : this.snapshots.get(chatId);
      if (fresh && (await tx.chats.lock(chatId)) === undefined)
        throw new DomainError('NotFound', 'Unknown chat');
      const before = cached ?? (await this.snapshot(tx, chatId));
      if (!before) throw new DomainError('NotFound', 'Unknown chat');
      // A cached snapshot must still be the stored one wherever no conditional write checks it.
      const stale = async () =>
        cached !== undefined && (await tx.chats.version(chatId)) !== cached.chat.version;
      let outcome: Outcome<R>;
      try {
        const prepared = (options.prepare ? await options.prepare(tx, before) : undefined) as P;
        outcome = decide(new OutcomeBuilder(before, this.now()), prepared);
      } catch (error) {
        if (await stale()) throw new VersionConflict();
        throw error;
      }
      const changed =
        outcome.parties.length > 0 ||
        outcome.messages.length > 0 ||
        outcome.chat !== before.chat ||
        (outcome.writes?.length ?? 0) > 0;
      if (!changed && (await stale())) throw new VersionConflict();
      const chat = changed ? { ...outcome.chat, version: before.chat.version + 1 } : before.chat;
      const after: ChatSnapshot = { chat, parties: merge(before.parties, outcome.parties) };
      const prepared = await this.announce(before, after, outcome, options, changed, async () => [
        ...(await tx.messages.list(chatId, 0, 100_000)),
        ...outcome.messages,
      ]);
      const freed = changed
        ? await persistOutcome(tx, { before, outcome, chat, outbox: prepared.outbox, now: this.now() })
        : false;
      if (!changed && prepared.outbox) await tx.outbox.add(prepared.outbox);
      // Cached before the group commits, so the next command in the same group sees it; should
      // the commit fail, the version check turns the too-new guess into a retry.
      this.snapshots.set(after);
      return { before, outcome, after, freed, prepared };
    });
  }

  /** The cached-snapshot path (see the top of this file); undefined when it does not apply. */
  private async appendOnly<R>(chatId: string, decide: Decision<R>, options: RunOptions<undefined>) {
    const before = this.snapshots.get(chatId);
    if (!before) return undefined;
    let outcome: Outcome<R>;
    try {
      outcome = decide(new OutcomeBuilder(before, this.now()), undefined);
    } catch {
      return undefined;
    }
    const only =
      outcome.messages.length > 0 &&
      outcome.parties.length === 0 &&
      outcome.reserve === undefined &&
      (outcome.writes?.length ?? 0) === 0;
    if (!only) return undefined;
    const chat = { ...outcome.chat, version: before.chat.version + 1 };
    const after: ChatSnapshot = { chat, parties: before.parties };
    const prepared = await this.announce(before, after, outcome, options, true, async () => {
      throw new Error('a message-only outcome replays no history');
    });
    // Cached before the write is done, as in a transaction; should the write fail, its version
    // check turns the guess into a retry.
    this.snapshots.set(after);
    let written: boolean;
    try {
      written = await this.deps.store.appendToChat(chat, before.chat, outcome.messages, prepared.outbox);
    } catch (error) {
      this.snapshots.forget(chatId);
      throw error;
    }
    if (!written) throw new VersionConflict();
    return { before, outcome, after, freed: false, prepared };
  }

  /**
   * The outcome's notifications, rendered with the commit (fanout.ts), and what it changes on the
   * supervisors' board (supervision/board-events.ts), as one announcement.
   */
  private async announce(
    before: ChatSnapshot,
    after: ChatSnapshot,
    outcome: Outcome<unknown>,
    options: RunOptions<unknown>,
    changed: boolean,
    transcript: () => Promise<readonly Message[]>,
  ): Promise<Prepared> {
    const links = this.deps.links();
    const notifications = await fanOut(after, outcome.events, {
      links,
      referenceId: options.referenceId,
      transcript,
    });
    if (changed) {
      const board = boardNotifications({
        before,
        after,
        changed: outcome.parties,
        messages: outcome.messages,
      });
      if (board.length > 0) notifications.push(...board);
    }
    const { id, version } = after.chat;
    return this.deps.announcer.prepare(notifications, changed ? { id, version } : undefined);
  }
}

function merge(parties: readonly Party[], changed: readonly Party[]): readonly Party[] {
  if (changed.length === 0) return parties;
  const byId = new Map(parties.map((p) => [p.participantId, p]));
  for (const p of changed) byId.set(p.participantId, p);
  return [...byId.values()];
}
