/**
 * What the agent desk knows, outside any component: the agent's chat copies (chat-copy.ts), its
 * chat channel state and the notification connection. `/v2/me/chats` and `/v2/me/channels`
 * notifications (spec §5.2) keep it current; after every handshake it is rebuilt from
 * `GET /api/v2/me?subresources=*` and each chat's GETs (README "Notifications"), the
 * notifications received meanwhile replayed on top. Offers that end (rejected, withdrawn,
 * timed out) leave the desk; chats that end stay, as ended panels, until the agent closes them.
 */
import type { ChatCopy, ChatMessage } from '../lib/chat-copy.js';
import { applyNotification, chatIdOf, fromResource, isEnded, withMessages } from '../lib/chat-copy.js';
import type { Body, Gws, User } from '../lib/gws.js';
import { describeError, GwsError } from '../lib/gws.js';
import type { Connection } from '../lib/notifications.js';
import { Notifications } from '../lib/notifications.js';
import { customerOf, queueOf } from './chat-facts.js';
import { parseGwsDate } from './time.js';

/** What the desk remembers of a chat beyond its copy: the resource fields chat-copy drops. */
export interface ChatFacts {
  receivedAt?: number;
  queue?: string;
  customer?: string;
}

export class DeskModel {
  copies: ReadonlyMap<string, ChatCopy> = new Map();
  readonly facts = new Map<string, ChatFacts>();
  /** How a chat ended by this agent's own doing ("You completed this chat."), set before the request. */
  readonly endings = new Map<string, string>();
  channelState = 'LoggedOut';
  connection: Connection = 'connecting';
  inviteTimeoutSeconds: number | undefined;
  /** The desk's status line (announced politely): offers arriving and leaving. */
  notice = '';
  loadError = '';
  /** Notifications received while a rebuild's GETs are out, applied again on top of them. */
  private replay: Body[] | null = null;
  private generation = 0;
  private readonly notifications: Notifications;

  constructor(
    private readonly gws: Gws,
    readonly user: User,
    private readonly changed: () => void,
    private readonly sessionEnded: () => void,
  ) {
    this.notifications = new Notifications({
      channels: {
        '/v2/me/chats': (data) => this.onChat(data),
        '/v2/me/channels': (data) => this.onChannels(data),
      },
      onReady: () => void this.rebuild(),
      onConnection: (connection) => {
        this.connection = connection;
        this.changed();
      },
    });
  }

  start(): void {
    this.notifications.start();
  }

  /** Disconnects; bounded, so an unreachable server cannot hold up signing out. */
  stop(): Promise<void> {
    return Promise.race([this.notifications.stop(), new Promise<void>((r) => setTimeout(r, 2000))]);
  }

  /** `POST /api/v2/me/chats/{id}`; `ending` is what the panel says if this ends the agent's copy. */
  async operate(chatId: string, body: Body, ending?: string): Promise<Body> {
    if (ending) this.endings.set(chatId, ending);
    try {
      return await this.gws.post(`/api/v2/me/chats/${encodeURIComponent(chatId)}`, body);
    } catch (error) {
      if (ending) this.endings.delete(chatId);
      this.watch(error);
      throw error;
    } finally {
      this.changed();
    }
  }

  async setChannel(state: 'Ready' | 'NotReady'): Promise<void> {
    try {
      await this.gws.post('/api/v2/me/channels/chat', { operationName: state });
    } catch (error) {
      this.watch(error);
      throw error;
    }
    this.channelState = state;
    this.changed();
  }

  /** Takes an ended chat off the desk. */
  close(chatId: string): void {
    const next = new Map(this.copies);
    next.delete(chatId);
    this.copies = next;
    this.endings.delete(chatId);
    this.changed();
  }

  /** A GwsError 20 means the session is gone (expired, ended elsewhere): back to sign-in. */
  watch(error: unknown): void {
    if (error instanceof GwsError && error.statusCode === 20) this.sessionEnded();
  }

  async rebuild(): Promise<void> {
    const generation = ++this.generation; // a later handshake's rebuild supersedes this one
    this.replay = [];
    try {
      const me = (await this.gws.get('/api/v2/me?subresources=*')).user as Body;
      this.onChannels(me);
      const settings = me.settings as Body | undefined;
      if (typeof settings?.inviteTimeoutSeconds === 'number')
        this.inviteTimeoutSeconds = settings.inviteTimeoutSeconds;
      const listed = Array.isArray(me.chats) ? (me.chats as Body[]) : [];
      const fresh = await Promise.all(listed.map((chat) => this.load(String(chat.id))));
      if (generation !== this.generation) return;
      const next = new Map<string, ChatCopy>();
      for (const copy of fresh) if (copy) next.set(copy.id, withMessages(copy, this.held(copy.id)));
      for (const [id, held] of this.copies) {
        if (next.has(id) || held.state === 'Invited' || held.state === 'Unknown') continue;
        // Ended while the desk was away: keep the panel, ended.
        next.set(id, isEnded(held) ? held : fromResource({ id, state: 'Completed' }, held));
      }
      this.copies = next;
      this.loadError = '';
      const missed = this.replay;
      this.replay = null;
      for (const data of missed) this.onChat(data);
    } catch (error) {
      if (generation !== this.generation) return;
      this.replay = null;
      this.loadError = `Your chats could not be loaded: ${describeError(error)}`;
      this.watch(error);
    }
    this.changed();
  }

  private held(id: string): readonly ChatMessage[] {
    return this.copies.get(id)?.messages ?? [];
  }

  /** One chat's copy and transcript from its GETs; undefined when it is gone meanwhile. */
  private async load(id: string): Promise<ChatCopy | undefined> {
    const path = `/api/v2/me/chats/${encodeURIComponent(id)}`;
    try {
      const [chat, log] = await Promise.all([this.gws.get(path), this.gws.get(`${path}/messages`)]);
      const resource = chat.chat as Body;
      this.remember(resource);
      const copy = withMessages(fromResource(resource), (log.messages as ChatMessage[] | undefined) ?? []);
      this.learnCustomer(copy);
      return copy;
    } catch (error) {
      if (error instanceof GwsError && error.statusCode === 6) return undefined;
      throw error;
    }
  }

  private onChannels(data: Body): void {
    const channels = Array.isArray(data.channels) ? (data.channels as Body[]) : [];
    const chat = channels.find((c) => c.channel === 'chat');
    if (!chat) return;
    const state = (chat.userState as Body | undefined)?.state;
    if (typeof state === 'string') this.channelState = state;
    this.changed();
  }

  private onChat(data: Body): void {
    this.replay?.push(data);
    const id = chatIdOf(data);
    if (id === undefined) return;
    const before = this.copies.get(id);
    const next = applyNotification(this.copies, data);
    const copy = next.get(id);
    if (data.chat) this.remember(data.chat as Body);
    if (copy?.state === 'Invited' && before?.state !== 'Invited') {
      this.endings.delete(id);
      void this.fetchOfferTranscript(id);
    }
    if (
      copy &&
      isEnded(copy) &&
      (before === undefined || before.state === 'Invited' || before.state === 'Unknown')
    ) {
      next.delete(id); // an offer that ended is no chat of this agent's
      if (before?.state === 'Invited') this.offerEnded(id);
    }
    if (before?.state === 'Invited' && copy?.state === 'Chatting') this.notice = ''; // accepted: old news
    this.copies = next;
    if (copy) this.learnCustomer(copy);
    this.changed();
  }

  private offerEnded(id: string): void {
    const who = this.facts.get(id)?.customer ?? 'a customer';
    const ending = this.endings.get(id);
    this.endings.delete(id);
    this.notice = ending ?? `The chat offered from ${who} was withdrawn.`;
  }

  /** An offer carries no participants (spec §3.1): the transcript names the customer. */
  private async fetchOfferTranscript(id: string): Promise<void> {
    try {
      const log = await this.gws.get(`/api/v2/me/chats/${encodeURIComponent(id)}/messages`);
      const copy = this.copies.get(id);
      if (!copy) return;
      const next = new Map(this.copies);
      const updated = withMessages(copy, (log.messages as ChatMessage[] | undefined) ?? []);
      next.set(id, updated);
      this.copies = next;
      this.learnCustomer(updated);
      if (updated.state === 'Invited')
        this.notice = `New chat offered from ${this.facts.get(id)?.customer ?? 'a customer'}.`;
    } catch (error) {
      // The card still offers the chat, as "Customer"; the agent is told why.
      this.notice = `A chat is offered; its customer could not be named: ${describeError(error)}`;
      this.watch(error);
    }
    this.changed();
  }

  private remember(resource: Body): void {
    const id = String(resource.id);
    const facts = this.facts.get(id) ?? {};
    const receivedAt = parseGwsDate(resource.receivedDate);
    if (receivedAt !== undefined) facts.receivedAt = receivedAt;
    facts.queue = queueOf(resource) ?? facts.queue;
    this.facts.set(id, facts);
  }

  private learnCustomer(copy: ChatCopy): void {
    const customer = customerOf(copy);
    if (!customer) return;
    this.facts.set(copy.id, { ...this.facts.get(copy.id), customer });
  }
}
