/**
 * Runs chat commands: load the snapshot in a transaction, let a pure decision produce an
 * outcome, persist it (chat write conditional on its version, capacity taken with one
 * conditional write, parties, transcript), commit, then announce (STYLE.md §6). A version
 * conflict — another node changed the chat meanwhile — re-runs the command on fresh data.
 *
 * The most common command — a message on a chat this process wrote last, changing no party — is
 * decided on the cached snapshot and written with Store.appendToChat: one atomic, version-checked
 * step (one statement on PostgreSQL) instead of a transaction. Anything else, a decision error
 * included (the guess may be stale), takes the transactional way.
 */
import { DomainError } from '../errors.js';
import type { Links } from '../http/links.js';
import type { Notifier } from '../notifications/bus.js';
import type { Repositories, Store } from '../store/store.js';
import { fanOut } from './fanout.js';
import type { ChatSnapshot, Party, PartyState } from './model.js';
import type { Outcome } from './outcome.js';
import { OutcomeBuilder } from './outcome.js';
import { SnapshotCache } from './snapshot-cache.js';

/** Agent copies that hold one of the agent's capacity slots. */
const HOLDING: readonly PartyState[] = ['Invited', 'Chatting', 'LeftChat', 'JoinFailed'];
const MAX_ATTEMPTS = 5;

export interface ChatEngineDeps {
  readonly store: Store;
  readonly notifier: Notifier;
  /** Links for notifications (no request at hand): PUBLIC_URL or the listening address. */
  readonly links: () => Links;
  readonly now?: () => number;
  /** Called after commit when a slot was freed or a chat (re)entered a queue: routing has work. */
  readonly onRoutingWork?: (contactCenterId: string) => void;
}

export type Decision<R, P = undefined> = (builder: OutcomeBuilder, prepared: P) => Outcome<R>;

export interface RunOptions<P> {
  /** The request's referenceId, repeated in the notifications it causes (spec §1.3). */
  readonly referenceId?: number;
  /** Reads more the decision needs, in the same transaction (e.g. monitoring subscriptions). */
  readonly prepare?: (tx: Repositories, snapshot: ChatSnapshot) => Promise<P>;
}

/** Thrown inside a command when data it relied on changed meanwhile: the command runs again. */
export class RetryableConflict extends Error {}
class VersionConflict extends RetryableConflict {}

export class ChatEngine {
  private readonly now: () => number;
  private lastReferenceId = 0;
  private readonly snapshots = new SnapshotCache();

  /** spec §1.3 (inferred): a monotonically increasing referenceId for each operation request. */
  nextReferenceId(): number {
    return ++this.lastReferenceId;
  }

  constructor(private readonly deps: ChatEngineDeps) {
    this.now = deps.now ?? Date.now;
  }

  async snapshot(tx: Repositories, chatId: string): Promise<ChatSnapshot | undefined> {
    const chat = await tx.chats.get(chatId);
    return chat && { chat, parties: await tx.parties.listForChat(chatId) };
  }

  /** Runs `decide` on chat `chatId`; throws NotFound when there is no such chat. */
  async run<R, P = undefined>(
    chatId: string,
    decide: Decision<R, P>,
    options: RunOptions<P> = {},
  ): Promise<R | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(chatId, decide, options);
      } catch (error) {
        if (!(error instanceof RetryableConflict) || attempt >= MAX_ATTEMPTS) throw error;
        this.snapshots.forget(chatId);
      }
    }
  }

  private async attempt<R, P>(
    chatId: string,
    decide: Decision<R, P>,
    options: RunOptions<P>,
  ): Promise<R | undefined> {
    const { store } = this.deps;
    const { referenceId } = options;
    const committed =
      (options.prepare ? undefined : await this.appendOnly(chatId, decide as Decision<R>)) ??
      (await this.transactional(chatId, decide, options));
    const { before, outcome, after, freed } = committed;
    const { chat } = after;
    await fanOut(after, outcome.events, {
      notifier: this.deps.notifier,
      links: this.deps.links(),
      referenceId,
      transcript: () => store.messages.list(chatId, 0, 100_000),
    });
    if (freed || (chat.phase === 'Queued' && before.chat.phase !== 'Queued')) {
      this.deps.onRoutingWork?.(chat.contactCenterId);
    }
    return outcome.result;
  }

  /** The general path: snapshot, decision and writes in one store transaction. */
  private transactional<R, P>(chatId: string, decide: Decision<R, P>, options: RunOptions<P>) {
    return this.deps.store.transaction(async (tx) => {
      const cached = this.snapshots.get(chatId);
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
      const { chat, freed, changed } = await this.persist(tx, before, outcome);
      if (!changed && (await stale())) throw new VersionConflict();
      // Cached before the group commits, so the next command in the same group sees it; should
      // the commit fail, the version check above turns the too-new guess into a retry.
      const after: ChatSnapshot = { chat, parties: merge(before.parties, outcome.parties) };
      this.snapshots.set(after);
      return { before, outcome, after, freed };
    });
  }

  /** The cached-snapshot path (see the top of this file); undefined when it does not apply. */
  private async appendOnly<R>(chatId: string, decide: Decision<R>) {
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
    // Cached before the write is done, as in a transaction: a command right behind this one builds
    // on it; should the write fail, its version check turns the guess into a retry.
    this.snapshots.set(after);
    let written: boolean;
    try {
      written = await this.deps.store.appendToChat(chat, before.chat, outcome.messages);
    } catch (error) {
      this.snapshots.forget(chatId);
      throw error;
    }
    if (!written) throw new VersionConflict();
    return { before, outcome, after, freed: false };
  }

  /** Writes an outcome; returns the stored chat and whether an agent slot was freed. */
  private async persist(tx: Repositories, before: ChatSnapshot, outcome: Outcome<unknown>) {
    const changed =
      outcome.parties.length > 0 ||
      outcome.messages.length > 0 ||
      outcome.chat !== before.chat ||
      (outcome.writes?.length ?? 0) > 0;
    if (!changed) return { chat: before.chat, freed: false, changed };
    const chat = { ...outcome.chat, version: before.chat.version + 1 };
    // Every write is issued at once and judged afterwards (PostgreSQL pipelines them into one round
    // trip; SQLite runs them in call order): a stale version or a missing slot throws, and the
    // transaction takes back whatever else was written.
    const updated = tx.chats.update(chat, before.chat);
    const reserved = outcome.reserve
      ? tx.agentLoad.reserve(outcome.reserve.userId, outcome.reserve.capacity)
      : true;
    const previous =
      outcome.parties.length > 0 ? new Map(before.parties.map((p) => [p.participantId, p])) : undefined;
    const written: Promise<unknown>[] = [];
    let freed = false;
    for (const party of outcome.parties) {
      written.push(tx.parties.put(party));
      const was = previous?.get(party.participantId);
      if (
        party.role === 'agent' &&
        party.userId &&
        was &&
        HOLDING.includes(was.state) &&
        !HOLDING.includes(party.state)
      ) {
        written.push(tx.agentLoad.release(party.userId, this.now()));
        freed = true;
      }
    }
    written.push(tx.messages.append(outcome.messages));
    const [update, reserve, ...writes] = await Promise.allSettled([updated, reserved, ...written]);
    if (update.status === 'rejected') throw update.reason;
    if (!update.value) throw new VersionConflict();
    if (reserve.status === 'rejected') throw reserve.reason;
    if (!reserve.value) throw new DomainError('InUse', 'The agent has no free chat slot');
    for (const write of writes) if (write.status === 'rejected') throw write.reason;
    for (const write of outcome.writes ?? []) await write(tx);
    return { chat, freed, changed };
  }
}

function merge(parties: readonly Party[], changed: readonly Party[]): readonly Party[] {
  if (changed.length === 0) return parties;
  const byId = new Map(parties.map((p) => [p.participantId, p]));
  for (const p of changed) byId.set(p.participantId, p);
  return [...byId.values()];
}
