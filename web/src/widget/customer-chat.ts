/**
 * The customer's one chat (spec §6.1): RequestChat, then polling `GET /api/v2/chats/{id}` (state,
 * participants) and `GET …/messages` (without `index`: only what this customer has not been given)
 * one after the other, never two polls at once, backing off while the server cannot be reached.
 * After a failed poll the next one asks `?index=` from the last line held, so a lost answer
 * loses no message. The token lives in sessionStorage: a reload resumes the chat (`?index=1`).
 */
import type { ChatCopy, ChatMessage } from '../lib/chat-copy.js';
import { fromResource, TYPING, withMessages } from '../lib/chat-copy.js';
import type { Body } from '../lib/gws.js';
import { Gws, GwsError } from '../lib/gws.js';
import type { WidgetConfig } from './config.js';
import { SavedChat } from './saved-chat.js';

export type Phase = 'none' | 'resuming' | 'waiting' | 'chatting' | 'ended';

export interface ChatView {
  readonly phase: Phase;
  readonly copy?: ChatCopy;
  /** Consecutive failed polls (0: connected). */
  readonly failures: number;
}

const MAX_BACKOFF_MS = 30_000;

function phaseOf(copy: ChatCopy): Phase {
  if (copy.state === 'Idle' || copy.capabilities.length === 0) return 'ended';
  return copy.state === 'Chatting' ? 'chatting' : 'waiting';
}

export class CustomerChat {
  readonly saved: SavedChat;
  private readonly gws: Gws;
  private view: ChatView = { phase: 'none', failures: 0 };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private again = false;
  private resync = false;
  /** Bumped by every start and reset: a poll answering for an earlier chat is dropped. */
  private generation = 0;

  private listener: ((view: ChatView) => void) | undefined;

  constructor(private readonly config: WidgetConfig) {
    const headers: Record<string, string> = config.contactCenter
      ? { ContactCenterId: config.contactCenter }
      : {};
    this.gws = new Gws({ base: config.base, headers, credentials: 'omit' });
    this.saved = new SavedChat(config);
    const token = this.saved.token();
    if (token) {
      this.view = { phase: 'resuming', copy: fromResource({ id: token, state: 'Unknown' }), failures: 0 };
      this.resync = true; // the first poll rebuilds the transcript from index 1
      this.schedule(0);
    }
  }

  get current(): ChatView {
    return this.view;
  }

  /** Tells `listener` the view now and after every change. */
  listen(listener: (view: ChatView) => void): void {
    this.listener = listener;
    listener(this.view);
  }

  /** RequestChat; throws the GwsError of a refusal (the start form shows it). */
  async start(nickname: string, subject: string): Promise<void> {
    const body: Body = { operationName: 'RequestChat', nickname };
    if (subject) body.subject = subject;
    if (this.config.endpoint) body.endpoint = this.config.endpoint;
    const answer = await this.gws.post('/api/v2/chats', body);
    const token = String(answer.id);
    this.saved.save(token);
    this.generation += 1;
    this.resync = false;
    this.set({
      phase: 'waiting',
      copy: fromResource({ id: token, state: 'WaitingForAgent', capabilities: ['Complete'] }),
      failures: 0,
    });
    this.schedule(0);
  }

  send(text: string): Promise<void> {
    return this.operate({ operationName: 'SendMessage', text });
  }

  typing(started: boolean): Promise<void> {
    const operationName = started ? 'SendStartTypingNotification' : 'SendStopTypingNotification';
    return this.operate({ operationName });
  }

  complete(): Promise<void> {
    return this.operate({ operationName: 'Complete' });
  }

  /** Back to the start form after an ended chat. */
  reset(): void {
    this.stop();
    this.generation += 1;
    this.saved.forget();
    this.set({ phase: 'none', failures: 0 });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async operate(body: Body): Promise<void> {
    const id = this.view.copy?.id;
    if (!id) throw new Error('There is no chat');
    await this.gws.post(`/api/v2/chats/${encodeURIComponent(id)}`, body);
    this.pollSoon();
  }

  /** Polls now, or right after the poll in flight (an own message shows without waiting). */
  private pollSoon(): void {
    if (this.polling) this.again = true;
    else if (this.view.phase !== 'ended') this.schedule(0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), delay);
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return;
    }
    const copy = this.view.copy;
    if (!copy || this.view.phase === 'none' || this.view.phase === 'ended') return;
    this.polling = true;
    this.again = false;
    const generation = this.generation;
    let outcome: 'ok' | 'failed' | 'gone';
    let next: ChatCopy | undefined;
    try {
      const path = `/api/v2/chats/${encodeURIComponent(copy.id)}`;
      const chat = (await this.gws.get(path)).chat as Record<string, unknown>;
      const held = copy.messages.at(-1)?.index ?? 0;
      const query = this.resync ? `?index=${held + 1}` : '';
      const messages = (await this.gws.get(`${path}/messages${query}`)).messages as ChatMessage[];
      // The customer's own typing comes back too; only the others' is shown.
      const theirs = messages.filter((m) => !(TYPING.has(m.type) && m.from.type === 'Customer'));
      next = withMessages(fromResource({ ...chat, id: copy.id }, copy), theirs);
      outcome = 'ok';
    } catch (error) {
      // Unknown token (statusCode 6): the chat is gone; the customer starts afresh.
      outcome = error instanceof GwsError && error.statusCode === 6 ? 'gone' : 'failed';
    } finally {
      this.polling = false;
    }
    if (generation !== this.generation) {
      if (this.again) this.schedule(0); // a new chat started meanwhile
      return;
    }
    if (outcome === 'gone') return this.reset();
    const failures = outcome === 'ok' ? 0 : this.view.failures + 1;
    this.resync = failures > 0;
    const phase = next ? phaseOf(next) : this.view.phase;
    this.set(next ? { phase, copy: next, failures } : { ...this.view, failures });
    if (phase === 'ended') {
      this.saved.forget();
      return;
    }
    const backoff = Math.min(this.config.pollMs * 2 ** failures, MAX_BACKOFF_MS);
    this.schedule(this.again && failures === 0 ? 0 : backoff);
  }

  private set(view: ChatView): void {
    this.view = view;
    this.listener?.(view);
  }
}
