/**
 * One round of the race suite: a small chat world in one lane (race-lane.ts), the conflicting
 * requests fired at once, and what the round must find afterwards. `race()` starts its requests
 * in a shuffled order (seeded) and spreads them over the nodes, so neither the position in the
 * list nor the node decides a winner. A failed expectation names the round and lists every
 * request fired with its answer, and every party of the round's chats as stored.
 */
import { createHash } from 'node:crypto';
import type { Chat, Party } from '../../src/chats/model.js';
import type { Answer } from './race-deployment.js';
import type { Lane, LaneUser, RaceOp } from './race-lane.js';
import { me } from './race-lane.js';

export interface RoundChat {
  readonly chatId: string;
  /** The customer's token (`/api/v2/chats/{token}`). */
  readonly token: string;
}

export interface Stored {
  readonly chat: Chat;
  readonly parties: readonly Party[];
}

/** A kind of round: it builds its chat world, fires its race and judges who won. */
export interface Scenario {
  readonly name: string;
  run(round: Round): Promise<void>;
}

const FINAL = new Set(['Completed', 'Revoked']);

/** The user's open copy in a chat (not Completed or Revoked), the latest if several. */
export function openCopy(parties: readonly Party[], userId: string): Party | undefined {
  return parties.filter((p) => p.userId === userId && !FINAL.has(p.state)).at(-1);
}

/** The copy a user's requests act on and its views show: its open one, else its latest. */
export function copyOf(parties: readonly Party[], userId: string): Party | undefined {
  return openCopy(parties, userId) ?? parties.filter((p) => p.userId === userId).at(-1);
}

/** Polls until `probe` finds something; a bounded wait (routing offers at once), not a timing check. */
async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

export class Round {
  readonly chats: RoundChat[] = [];
  private readonly log: string[] = [];

  constructor(
    readonly lane: Lane,
    readonly scenario: string,
    readonly serial: number,
    private readonly random: () => number,
  ) {}

  /** A new customer's chat, offered (Invited) by routing to one of the lane's agents. */
  async offered(): Promise<RoundChat & { agent: LaneUser }> {
    const { d, contactCenterId } = this.lane;
    const request = {
      method: 'POST' as const,
      url: '/api/v2/chats',
      headers: { contactcenterid: contactCenterId },
      payload: { operationName: 'RequestChat', nickname: `customer${this.serial}` },
    };
    const answer = await d.send(request, 'setup');
    if (answer.statusCode !== 0) throw new Error(this.explain(`RequestChat: ${answer.statusMessage}`));
    const token = answer.body.id as string;
    const tokenHash = createHash('sha256').update(token.toLowerCase()).digest('hex');
    const chat = await d.store.chats.getByCustomerToken(tokenHash);
    if (!chat) throw new Error(this.explain('RequestChat stored no chat'));
    this.chats.push({ chatId: chat.id, token });
    const offer = await until(
      async () =>
        (await d.store.parties.listForChat(chat.id)).find((p) => p.role === 'agent' && p.state === 'Invited'),
      `routing to offer chat ${chat.id}`,
    );
    this.log.push(`chat ${chat.id} offered to ${this.lane.user(offer.userId).userName}`);
    return { chatId: chat.id, token, agent: this.lane.user(offer.userId) };
  }

  /** A new customer's chat, accepted by the agent routing offered it to. */
  async accepted(): Promise<RoundChat & { agent: LaneUser }> {
    const chat = await this.offered();
    await this.setup(me(chat.agent, chat.chatId, { operationName: 'Accept' }));
    return chat;
  }

  /** A request of the world's setup: it must succeed. */
  async setup(op: RaceOp): Promise<Answer> {
    const answer = await this.lane.d.send(op, 'setup');
    this.log.push(`${op.label} → ${answer.statusCode}`);
    if (answer.statusCode !== 0) throw new Error(this.explain(`${op.label}: ${answer.statusMessage}`));
    return answer;
  }

  /** Fires `ops` at once; the answers come back in the order of `ops`. */
  async race(ops: readonly RaceOp[]): Promise<Answer[]> {
    const order = ops.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const offset = Math.floor(this.random() * 2);
    const answers: Answer[] = [];
    await Promise.all(
      order.map(async (i, k) => {
        answers[i] = await this.lane.d.send(ops[i] as RaceOp, 'race', offset + k);
      }),
    );
    const fired = order.map((i) => ops[i]?.label).join(', ');
    const got = ops.map(
      (op, i) => `${op.label}: ${answers[i]?.statusCode} ${answers[i]?.statusMessage ?? ''}`,
    );
    this.log.push(`race, fired [${fired}] → ${got.join('; ')}`);
    return answers;
  }

  async stored(chatId: string): Promise<Stored> {
    const { store } = this.lane.d;
    const chat = await store.chats.get(chatId);
    if (!chat) throw new Error(this.explain(`chat ${chatId} is not stored`));
    return { chat, parties: await store.parties.listForChat(chatId) };
  }

  /** Records which way the round's race went (printed per configuration). */
  outcome(what: string): void {
    this.lane.d.tally.outcome(this.scenario, what);
  }

  /** Fails the round (with what it did and what is stored) unless `condition` holds. */
  async expect(condition: boolean, message: string): Promise<void> {
    if (condition) return;
    const stored = await Promise.all(this.chats.map((c) => this.stored(c.chatId)));
    const lines = stored.map(
      ({ chat, parties }) =>
        `chat ${chat.id} ${chat.phase}: ${parties.map((p) => this.describe(p)).join(', ')}`,
    );
    throw new Error(this.explain(`${message}\n  stored: ${lines.join('\n          ')}`));
  }

  /** `answer` is one of `codes`. */
  async expectCode(answer: Answer | undefined, codes: readonly number[], what: string): Promise<void> {
    await this.expect(
      answer !== undefined && codes.includes(answer.statusCode),
      `${what}: answered ${answer?.statusCode} (${answer?.statusMessage}), expected one of ${codes.join(', ')}`,
    );
  }

  /** Exactly one of `answers` is 0, each other one of `losers`; returns the winner's position. */
  async oneWinner(answers: readonly Answer[], losers: readonly number[], what: string): Promise<number> {
    const winners = answers.flatMap((a, i) => (a.statusCode === 0 ? [i] : []));
    await this.expect(winners.length === 1, `${what}: ${winners.length} winners, expected exactly one`);
    for (const [i, a] of answers.entries()) if (i !== winners[0]) await this.expectCode(a, losers, what);
    return winners[0] as number;
  }

  describe(p: Party): string {
    const who = p.role === 'customer' ? 'customer' : this.lane.user(p.userId).userName;
    return `${who}:${p.state}${p.mode ? `/${p.mode}` : ''}(${p.via})`;
  }

  explain(message: string): string {
    return `${this.scenario}, round ${this.serial} of lane ${this.lane.index}: ${message}\n  ${this.log.join('\n  ')}`;
  }
}
