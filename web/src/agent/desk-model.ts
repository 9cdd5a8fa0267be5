/**
 * What the agent desk knows, outside any component: the agent's chat copies (copies-model.ts),
 * its chat channel state and the facts an offer card shows. `/v2/me/channels` notifications
 * (spec §5.2) keep the channel current; a rebuild reads `GET /api/v2/me?subresources=*` and each
 * chat's GETs (README "Notifications"). Offers that end (rejected, withdrawn, timed out) leave
 * the desk; chats that end stay, as ended panels, until the agent closes them.
 */
import type { ChatCopy } from '../lib/chat-copy.js';
import { fromResource, withMessages } from '../lib/chat-copy.js';
import type { CopyChange } from '../lib/copies-model.js';
import { chatPath, CopiesModel, linesOf } from '../lib/copies-model.js';
import type { Body } from '../lib/gws.js';
import { describeError } from '../lib/gws.js';
import { customerOf, queueOf } from './chat-facts.js';
import { parseGwsDate } from './time.js';

/** What the desk remembers of a chat beyond its copy: the resource fields chat-copy drops. */
export interface ChatFacts {
  receivedAt?: number;
  queue?: string;
  customer?: string;
}

export class DeskModel extends CopiesModel {
  readonly facts = new Map<string, ChatFacts>();
  channelState = 'LoggedOut';
  inviteTimeoutSeconds: number | undefined;

  protected override channels() {
    return { '/v2/me/channels': (data: Body) => this.onChannels(data) };
  }

  async setChannel(state: 'Ready' | 'NotReady'): Promise<void> {
    await this.call(() => this.gws.post('/api/v2/me/channels/chat', { operationName: state }));
    this.channelState = state;
    this.changed();
  }

  protected override async fetchCopies(): Promise<(ChatCopy | undefined)[]> {
    const me = (await this.gws.get('/api/v2/me?subresources=*')).user as Body;
    this.onChannels(me);
    const settings = me.settings as Body | undefined;
    if (typeof settings?.inviteTimeoutSeconds === 'number')
      this.inviteTimeoutSeconds = settings.inviteTimeoutSeconds;
    const listed = Array.isArray(me.chats) ? (me.chats as Body[]) : [];
    return Promise.all(listed.map((chat) => this.unlessGone(() => this.load(String(chat.id)))));
  }

  protected override rebuildFailed(error: unknown): void {
    this.loadError = `Your chats could not be loaded: ${describeError(error)}`;
  }

  /** One chat's copy and transcript from its GETs. */
  private async load(id: string): Promise<ChatCopy> {
    const path = chatPath(id);
    const [chat, log] = await Promise.all([this.gws.get(path), this.gws.get(`${path}/messages`)]);
    const resource = chat.chat as Body;
    this.remember(resource);
    const copy = withMessages(fromResource(resource), linesOf(log));
    this.learnCustomer(copy);
    return copy;
  }

  private onChannels(data: Body): void {
    const channels = Array.isArray(data.channels) ? (data.channels as Body[]) : [];
    const chat = channels.find((c) => c.channel === 'chat');
    if (!chat) return;
    const state = (chat.userState as Body | undefined)?.state;
    if (typeof state === 'string') this.channelState = state;
    this.changed();
  }

  /** Offers arriving and leaving, on the desk's status line; an offer that ended is no chat of this agent's. */
  protected override copyChanged({ id, was, copy, data, invitationEnded }: CopyChange): void {
    if (data.chat) this.remember(data.chat as Body);
    if (copy.state === 'Invited' && was !== 'Invited') {
      this.endings.delete(id);
      void this.fetchOfferTranscript(id);
    }
    if (invitationEnded && was === 'Invited') {
      const who = this.facts.get(id)?.customer ?? 'a customer';
      this.notice = this.endings.get(id) ?? `The chat offered from ${who} was withdrawn.`;
    }
    if (was === 'Invited' && copy.state === 'Chatting') this.notice = ''; // accepted: old news
    this.learnCustomer(copy);
  }

  /** An offer carries no participants (spec §3.1): the transcript names the customer. */
  private async fetchOfferTranscript(id: string): Promise<void> {
    try {
      const updated = await this.refetchTranscript(id);
      if (!updated) return;
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
