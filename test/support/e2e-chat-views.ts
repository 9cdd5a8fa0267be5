/**
 * The views of one chat that each of its parties must be given (spec §3.1, §5.2, §6.1), whole:
 * an agent's or a supervisor's copy (StatusChange, ParticipantsUpdated, `GET /api/v2/me/chats/{id}`),
 * transcript lines with each `from` checked against the participant it names, and the customer's
 * `GET /api/v2/chats/{token}` and polling. Participant ids and receivedDates are taken as the
 * server first announced them, so a later change of either shows as a wrong view.
 */
import assert from 'node:assert/strict';
import type { Customer, Data, E2e, Party } from './e2e-chat.js';
import {
  assertTimestamp,
  GWS_TIMESTAMP,
  line,
  PARTICIPANT_ID,
  SUPERVISOR_CAPABILITIES,
  transcript,
} from './e2e-views.js';

export const CUSTOMER_CAPABILITIES = [
  'SendMessage',
  'SendStartTypingNotification',
  'SendStopTypingNotification',
  'Complete',
];
export const INVITED = ['Accept', 'Reject'];
export const COACH = SUPERVISOR_CAPABILITIES.Coach;
export const COACH_VIEW = { supervisorMode: 'Coach' };

/** spec §4.3: the mode a supervisor's visibility stands for. */
const MODE_OF_VISIBILITY: Record<string, string> = {
  Supervisors: 'Monitor',
  Agents: 'Coach',
  All: 'BargeIn',
};

/** The views one chat must have for each party (agents, supervisors, the customer). */
export class ChatViews {
  /** nickname → participant id, as first announced. */
  private readonly ids = new Map<string, string>();
  /** user id → the receivedDate of its copy, as first announced. */
  private readonly dates = new Map<string, string>();
  /** nickname → the agent or supervisor it names. */
  private readonly users = new Map<string, Party>();

  constructor(
    readonly e2e: E2e,
    readonly chatId: string,
    readonly customer: Customer,
    readonly userData: Data,
  ) {}

  get uri(): string {
    return `${this.e2e.url}/api/v2/chats/${this.chatId}`;
  }

  /** `party` is named `nickname` in participant lists and messages (its user name unless renamed). */
  know(party: Party, nickname = party.userName): void {
    this.users.set(nickname, party);
  }

  /** Remembers the participant ids and `party`'s receivedDate first announced in `notes`; returns them. */
  learn(party: Party, notes: Data[]): Data[] {
    for (const n of notes) {
      const date = n.chat?.receivedDate;
      if (date !== undefined && !this.dates.has(party.id)) {
        assert.match(String(date), GWS_TIMESTAMP);
        this.dates.set(party.id, String(date));
      }
      const entries = [...(n.chat?.participants ?? []), ...(n.messages ?? []).map((m) => m.from ?? {})];
      for (const p of entries) this.learnId(p);
    }
    return notes;
  }

  private learnId(p: Data): void {
    const nickname = String(p.nickname);
    if (this.ids.has(nickname) || p.participantId === undefined) return;
    assert.match(String(p.participantId), PARTICIPANT_ID);
    this.ids.set(nickname, String(p.participantId));
  }

  private idOf(nickname: string): string {
    const id = this.ids.get(nickname);
    assert.ok(id !== undefined, `the participant id of ${nickname} was announced`);
    return id;
  }

  /** A participant object as agents and supervisors see it, from `nickname:visibility`. */
  participant(entry: string): Data {
    const at = entry.lastIndexOf(':');
    const nickname = entry.slice(0, at);
    const participantId = this.idOf(nickname);
    const user = this.users.get(nickname);
    const type = user === undefined ? 'Customer' : 'Agent'; // spec §3.1: supervisors appear as Agent
    const visibility = entry.slice(at + 1);
    const view: Data = { nickname, type, participantId, id: participantId, visibility };
    // A supervisor's entry names its mode (Parley extension, chats/present.ts).
    if (user?.role === 'supervisor') view.supervisorMode = MODE_OF_VISIBILITY[visibility];
    return user === undefined ? view : { ...view, uri: user.uri, path: `/users/${user.id}` };
  }

  /** `party`'s copy of the chat: a final one has only id, uri, path and state (spec §5.3). */
  chat(party: Party, state: string, capabilities: readonly string[], members: string[] = [], extra = {}) {
    const id = { id: this.chatId, uri: this.uri, path: `/chats/${this.chatId}`, state };
    if (state === 'Completed' || state === 'Revoked') return id;
    return {
      ...id,
      capabilities,
      participants: members.map((m) => this.participant(m)),
      userData: this.userData,
      chatType: 'Inbound',
      receivedDate: this.dates.get(party.id),
      ...extra,
    };
  }

  note(notificationType: string, chat: Data, referenceId?: unknown): Data {
    return {
      messageType: 'ChatStateChangeMessage',
      notificationType,
      chat,
      ...(referenceId === undefined ? {} : { referenceId }),
    };
  }

  /** A StatusChange: `participants: []`, as in the samples (spec §5.3). */
  status(party: Party, state: string, caps: readonly string[], referenceId?: unknown, extra = {}): Data {
    return this.note('StatusChange', this.chat(party, state, caps, [], extra), referenceId);
  }

  updated(party: Party, caps: readonly string[], members: string[], referenceId?: unknown, extra = {}) {
    return this.note('ParticipantsUpdated', this.chat(party, 'Chatting', caps, members, extra), referenceId);
  }

  final(state: 'Completed' | 'Revoked', referenceId?: unknown): Data {
    return this.note(
      'StatusChange',
      { id: this.chatId, uri: this.uri, path: `/chats/${this.chatId}`, state },
      referenceId,
    );
  }

  /**
   * Transcript notifications as lines (`… «noticeText»` where there is one), each `from` checked
   * whole against the participant it names.
   */
  lines(notes: Data[]): string[] {
    const lines = transcript(notes, this.chatId, this.e2e);
    const messages = notes.flatMap((n) => n.messages ?? []);
    return lines.map((l, i) => {
      const from = messages[i]?.from ?? {};
      assert.deepEqual(from, this.participant(`${String(from.nickname)}:${String(from.visibility)}`));
      return withNotice(l, messages[i]);
    });
  }

  /** `GET /api/v2/me/chats/{id}` as `party`. */
  async mine(party: Party): Promise<Data> {
    return (await this.e2e.request('GET', `/api/v2/me/chats/${this.chatId}`, party.headers)).body;
  }

  /** The customer's `GET /api/v2/chats/{token}` is `state` with these participants, whole. */
  async customerSees(state: string, nicknames: string[]): Promise<void> {
    assert.deepEqual(await this.customer.chat(), {
      id: this.customer.token,
      state,
      capabilities: state === 'Idle' ? [] : CUSTOMER_CAPABILITIES,
      participants: nicknames.map((nickname) => ({
        nickname,
        participantId: this.idOf(nickname),
        type: this.users.has(nickname) ? 'Agent' : 'Customer',
      })),
    });
  }

  /** What the customer's next poll returns, as lines; each `from` has no uri nor visibility (spec §6.1). */
  async heard(): Promise<string[]> {
    return (await this.customer.poll()).map((m) => {
      assertTimestamp(m);
      const from = m.from ?? {};
      const type = this.users.has(String(from.nickname)) ? 'Agent' : 'Customer';
      assert.deepEqual(from, {
        nickname: from.nickname,
        participantId: this.idOf(String(from.nickname)),
        type,
      });
      assert.equal(m.visibility, undefined);
      return withNotice(line(m), m);
    });
  }
}

function withNotice(l: string, m: Data | undefined): string {
  return m?.noticeText === undefined ? l : `${l} «${String(m.noticeText)}»`;
}
