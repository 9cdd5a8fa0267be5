/**
 * The routing engine. A pass offers each queued chat of a contact center (oldest first) to the
 * agent `selectAgent` picks; the offer is committed by the chat engine with the chat's version
 * check and the agent's conditional capacity write, so two passes — on this node or another —
 * can never assign one chat twice nor overbook an agent. A sweep (every `sweepIntervalMs`, on
 * every node) withdraws expired offers and routes every contact center with waiting chats, so
 * nothing depends on the node that happened to see an event.
 */
import type { ChatEngine } from '../chats/engine.js';
import { DomainError } from '../errors.js';
import type { Store } from '../store/store.js';
import { decideOffer, decideWithdraw } from './offers.js';
import { selectAgent } from './select.js';

export interface RouterDeps {
  readonly store: Store;
  readonly engine: ChatEngine;
  readonly onError?: (error: unknown) => void;
  readonly sweepIntervalMs?: number;
}

const PASS_LIMIT = 200;

export class Router {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: RouterDeps) {}

  start(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((e: unknown) => this.deps.onError?.(e)),
      this.deps.sweepIntervalMs ?? 1000,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
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

  /** Withdraws expired offers, then routes every contact center with waiting chats. */
  async sweep(now = Date.now()): Promise<void> {
    const { store, engine } = this.deps;
    for (const offer of await store.parties.expiredOffers(now, PASS_LIMIT)) {
      await engine.run(offer.chatId, (b) => decideWithdraw(b, offer.participantId, now));
    }
    const centers = await store.chats.contactCentersWithPhase('Queued');
    await Promise.all(centers.map((id) => this.kick(id)));
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
      }
      // As the reserve wrote it: one more chat, active from now (select.ts).
      const now = Date.now();
      candidates = candidates
        .map((c) => (c.userId === agentId ? { ...c, active: c.active + 1, idleSince: now } : c))
        .filter((c) => c.active < chatCapacity);
    }
  }
}
