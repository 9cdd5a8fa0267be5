/**
 * The routing engine. A pass offers each queued chat of a contact center (oldest first) to the
 * agent `selectAgent` picks; the offer is committed by the chat engine with the chat's version
 * check and the agent's conditional capacity write, so two passes — on this node or another —
 * can never assign one chat twice nor overbook an agent. A sweep (every `sweepIntervalMs`, on
 * every node) withdraws expired offers, ends the chats whose customer timed out (waited too long,
 * or went silent: customer/timeouts.ts) and routes every contact center with waiting chats, so
 * nothing depends on the node that happened to see an event. Each of those changes is a chat
 * command through the engine that decides afresh on the chat as stored, so two nodes sweeping
 * at once change a chat once.
 */
import type { ContactCenterSettings } from '../accounts/records.js';
import type { Clock, Timer } from '../clock.js';
import { systemClock } from '../clock.js';
import type { ChatEngine } from '../chats/engine.js';
import type { RoutingMetrics } from '../observability/hooks.js';
import type { ChatPhase, ChatSnapshot } from '../chats/model.js';
import type { CustomerActivity } from '../customer/timeouts.js';
import { decideCustomerTimeout, idleCutoff, waitingCutoff, waitingSince } from '../customer/timeouts.js';
import { DomainError } from '../errors.js';
import type { Repositories, Store } from '../store/store.js';
import { decideOffer, decideWithdraw } from './offers.js';
import { selectAgent } from './select.js';

export interface RouterDeps {
  readonly store: Store;
  readonly engine: ChatEngine;
  readonly onError?: (error: unknown) => void;
  readonly sweepIntervalMs?: number;
  /** The app's clock: the sweep's timer and the time it goes by (STYLE.md §19). */
  readonly clock?: Clock;
  /** Timeouts and capacity conflicts, for /metrics (observability/); none counted when absent. */
  readonly metrics?: RoutingMetrics;
}

const PASS_LIMIT = 200;
/** The phases in which a chat is not over for its customer. */
const OPEN: readonly ChatPhase[] = ['Queued', 'Offered', 'Active'];

export class Router {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly clock: Clock;
  private timer: Timer | undefined;
  private stopped = false;

  constructor(private readonly deps: RouterDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  start(): void {
    // The pass's promise goes back to the clock: a fake one waits for it (clock.ts).
    this.timer = this.clock.setInterval(
      () => this.sweep(this.now()).catch((e: unknown) => this.deps.onError?.(e)),
      this.deps.sweepIntervalMs ?? 1000,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clock.clearInterval(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Routing has work in this contact center: run a pass now (coalesced, one at a time per contact center). */
  kick(contactCenterId: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const current = this.running.get(contactCenterId);
    if (current) {
      this.again.add(contactCenterId);
      return current;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(contactCenterId);
          await this.pass(contactCenterId);
        } while (this.again.has(contactCenterId) && !this.stopped);
      } catch (error) {
        this.deps.onError?.(error);
      } finally {
        this.running.delete(contactCenterId);
      }
    })();
    this.running.set(contactCenterId, run);
    return run;
  }

  private now(): number {
    return this.clock.now();
  }

  /**
   * Withdraws expired offers, ends the chats whose customer timed out, then routes every
   * contact center with waiting chats; `now` is the sweep's clock (tests pass their own).
   */
  async sweep(now = this.now()): Promise<void> {
    const { store, engine } = this.deps;
    for (const offer of await store.parties.expiredOffers(now, PASS_LIMIT)) {
      const withdrawn = await engine.run(offer.chatId, (b) => {
        const outcome = decideWithdraw(b, offer.participantId, now);
        return { ...outcome, result: outcome.parties.length > 0 };
      });
      if (withdrawn) this.deps.metrics?.offerTimedOut(offer.via);
    }
    await this.expireCustomers(now);
    const centers = await store.chats.contactCentersInPhases(['Queued']);
    await Promise.all(centers.map((id) => this.kick(id)));
  }

  /** customer/timeouts.ts, in every contact center with open chats, by its own settings. */
  private async expireCustomers(now: number): Promise<void> {
    const { store } = this.deps;
    for (const contactCenterId of await store.chats.contactCentersInPhases(OPEN)) {
      const settings = (await store.contactCenters.get(contactCenterId))?.settings;
      if (!settings) continue;
      const due = new Set([
        ...(await store.chats.listCustomerIdle(contactCenterId, idleCutoff(settings, now), PASS_LIMIT)),
        ...(await store.chats.listWaitingSince(contactCenterId, waitingCutoff(settings, now), PASS_LIMIT)),
      ]);
      for (const chatId of due) await this.expireCustomer(chatId, settings, now);
    }
  }

  /** One chat's timeout, decided on the chat and the activity as stored now (the lists may be stale). */
  private async expireCustomer(chatId: string, settings: ContactCenterSettings, now: number) {
    try {
      await this.deps.engine.run(
        chatId,
        (b, activity: CustomerActivity) => decideCustomerTimeout(b, activity, settings, now),
        { prepare: activityOf },
      );
    } catch (error) {
      this.deps.onError?.(error); // the next chat's timeout still runs; this one, next sweep
    }
  }

  private async pass(contactCenterId: string): Promise<void> {
    const { store, engine } = this.deps;
    const contactCenter = await store.contactCenters.get(contactCenterId);
    if (!contactCenter) return;
    const { chatCapacity, inviteTimeoutSeconds } = contactCenter.settings;
    const queued = await store.chats.listByPhase(contactCenterId, 'Queued', PASS_LIMIT);
    if (queued.length === 0) return;
    let candidates = await store.agentLoad.candidates(contactCenterId, chatCapacity);
    for (const chat of queued) {
      if (candidates.length === 0) return;
      const parties = await store.parties.listForChat(chat.id);
      const declined = new Set(
        parties.filter((p) => p.role === 'agent' && p.userId).map((p) => p.userId ?? ''),
      );
      const agentId = selectAgent(candidates, declined);
      if (!agentId) continue;
      try {
        await engine.run(chat.id, (b) =>
          b.chat.phase === 'Queued'
            ? decideOffer(b, agentId, chatCapacity, inviteTimeoutSeconds * 1000)
            : b.build(),
        );
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'InUse')) throw error;
        // Another node took the agent's last slot: forget the agent for this pass.
        this.deps.metrics?.capacityConflict();
      }
      // As the reserve wrote it (on the engine's clock, the app's): one more chat, active from now (select.ts).
      const now = this.now();
      candidates = candidates
        .map((c) => (c.userId === agentId ? { ...c, active: c.active + 1, idleSince: now } : c))
        .filter((c) => c.active < chatCapacity);
    }
  }
}

/** The customer's recorded activity and since when the chat waits, read in the command's transaction. */
async function activityOf(tx: Repositories, snapshot: ChatSnapshot): Promise<CustomerActivity> {
  const { chat } = snapshot;
  const lastSeenAt = (await tx.chats.customerSeenAt(chat.id)) ?? chat.createdAt;
  const waiting = chat.phase === 'Queued' || chat.phase === 'Offered';
  const messages = waiting ? await tx.messages.list(chat.id, 0, 100_000) : [];
  return { lastSeenAt, waitingSince: waitingSince(snapshot, messages) };
}
