/**
 * What the agent desk and the supervisor console share, outside any component: the user's chat
 * copies (chat-copy.ts) kept current by `/v2/me/chats` notifications (spec §5.2) over the one
 * CometD connection, and rebuilt from the GETs after every handshake with the notifications
 * received meanwhile replayed on top (README "Notifications"). A copy that ends while the screen
 * is away stays as an ended panel; an invitation that ends is no chat of the user's and goes.
 *
 * Each screen adds its own channels, its own GETs and what a copy's change of state means to it
 * (desk-model.ts, console-model.ts).
 */
import type { ChatCopy, ChatMessage } from './chat-copy.js';
import { applyNotification, chatIdOf, fromResource, isEnded, withMessages } from './chat-copy.js';
import type { Body, Gws, User } from './gws.js';
import { GwsError, sessionGone } from './gws.js';
import type { Connection } from './notifications.js';
import { Notifications } from './notifications.js';

/** One `/v2/me/chats` notification as it changed a held copy. */
export interface CopyChange {
  readonly id: string;
  /** The copy's state before the notification; `Unknown` when it was not held. */
  readonly was: string;
  readonly copy: ChatCopy;
  readonly data: Body;
  /** An invitation that ended (rejected, withdrawn, expired): the copy leaves the screen. */
  readonly invitationEnded: boolean;
}

/** `/api/v2/me/chats/{id}`: the user's own copy of a chat (spec §2). */
export const chatPath = (id: string) => `/api/v2/me/chats/${encodeURIComponent(id)}`;

/** The transcript lines of a `/messages` answer. */
export const linesOf = (log: Body) => (log.messages as ChatMessage[] | undefined) ?? [];

export abstract class CopiesModel {
  copies: ReadonlyMap<string, ChatCopy> = new Map();
  /** How a copy ended by the user's own doing ("You left this chat."), set before the request. */
  readonly endings = new Map<string, string>();
  connection: Connection = 'connecting';
  loadError = '';
  /** The screen's status line (announced politely). */
  notice = '';
  /** `/v2/me/chats` notifications received while a rebuild's GETs are out, applied again on top. */
  private replay: Body[] | null = null;
  private generation = 0;
  private readonly notifications: Notifications;

  constructor(
    protected readonly gws: Gws,
    readonly user: User,
    protected readonly changed: () => void,
    private readonly sessionEnded: () => void,
  ) {
    this.notifications = new Notifications({
      // channels() runs before the subclass's fields are set; it only names handlers, run later.
      channels: { '/v2/me/chats': (data) => this.onChat(data), ...this.channels() },
      onReady: () => void this.rebuild(),
      onConnection: (connection) => {
        this.connection = connection;
        this.changed();
      },
    });
  }

  /** The screen's channels besides `/v2/me/chats`. */
  protected abstract channels(): Record<string, (data: Body) => void>;
  /**
   * A rebuild's GETs: the copies held now, each with its transcript (undefined for a chat gone
   * meanwhile). `superseded()` turns true once a later handshake's rebuild has begun.
   */
  protected abstract fetchCopies(superseded: () => boolean): Promise<readonly (ChatCopy | undefined)[]>;
  /** What the screen says when a rebuild fails. */
  protected abstract rebuildFailed(error: unknown): void;
  /** What a change of a copy's state means to the screen: notices, a transcript to fetch. */
  protected abstract copyChanged(change: CopyChange): void;

  start(): void {
    this.notifications.start();
  }

  /** Disconnects; bounded, so an unreachable server cannot hold up signing out. */
  stop(): Promise<void> {
    return Promise.race([this.notifications.stop(), new Promise<void>((r) => setTimeout(r, 2000))]);
  }

  /** A session gone (expired, ended elsewhere) goes back to sign-in. */
  watch(error: unknown): void {
    if (sessionGone(error)) this.sessionEnded();
  }

  /** `POST /api/v2/me/chats/{id}`; `ending` is what the panel says if this ends the copy. */
  async operate(chatId: string, body: Body, ending?: string): Promise<Body> {
    if (ending) this.endings.set(chatId, ending);
    try {
      return await this.call(() => this.gws.post(chatPath(chatId), body));
    } catch (error) {
      if (ending) this.endings.delete(chatId);
      throw error;
    }
  }

  /** The copies a screen shows: not the placeholders of transcripts that overtook their GET. */
  shown(): ChatCopy[] {
    return [...this.copies.values()].filter((c) => c.state !== 'Unknown');
  }

  /** Takes an ended copy off the screen. */
  close(chatId: string): void {
    const next = new Map(this.copies);
    next.delete(chatId);
    this.copies = next;
    this.endings.delete(chatId);
    this.changed();
  }

  async rebuild(): Promise<void> {
    const generation = ++this.generation; // a later handshake's rebuild supersedes this one
    const superseded = () => generation !== this.generation;
    this.replay = [];
    try {
      const fresh = await this.fetchCopies(superseded);
      if (superseded()) return;
      this.adopt(fresh);
      this.loadError = '';
    } catch (error) {
      if (superseded()) return;
      this.rebuildFailed(error);
      this.watch(error);
    } finally {
      if (!superseded()) this.replay = null;
    }
    this.changed();
  }

  /** Every request of the screen: failures are watched for a lost session and rethrown. */
  protected async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      this.watch(error);
      throw error;
    } finally {
      this.changed();
    }
  }

  /** `load()`'s answer, or undefined when the chat is gone meanwhile (statusCode 6). */
  protected async unlessGone<T>(load: () => Promise<T>): Promise<T | undefined> {
    try {
      return await load();
    } catch (error) {
      if (error instanceof GwsError && error.statusCode === 6) return undefined;
      throw error;
    }
  }

  /**
   * The transcript up to now (an offer's, or the history on joining, spec §5.3) merged by index
   * into the held copy; the copy after, or undefined when it is no longer held.
   */
  protected async refetchTranscript(id: string): Promise<ChatCopy | undefined> {
    const log = await this.gws.get(`${chatPath(id)}/messages`);
    const copy = this.copies.get(id);
    if (!copy) return undefined;
    const updated = withMessages(copy, linesOf(log));
    const next = new Map(this.copies);
    next.set(id, updated);
    this.copies = next;
    return updated;
  }

  /** The rebuilt copies, what was held merged in, then the notifications that came meanwhile. */
  private adopt(fresh: readonly (ChatCopy | undefined)[]): void {
    const next = new Map<string, ChatCopy>();
    for (const copy of fresh) if (copy) next.set(copy.id, withMessages(copy, this.held(copy.id)));
    for (const [id, held] of this.copies) {
      if (next.has(id) || held.state === 'Invited' || held.state === 'Unknown') continue;
      // Ended while the screen was away: keep the panel, ended.
      next.set(id, isEnded(held) ? held : fromResource({ id, state: 'Completed' }, held));
    }
    this.copies = next;
    const missed = this.replay ?? [];
    this.replay = null;
    for (const data of missed) this.applyChat(data);
  }

  private held(id: string): readonly ChatMessage[] {
    return this.copies.get(id)?.messages ?? [];
  }

  private onChat(data: Body): void {
    this.replay?.push(data);
    this.applyChat(data);
    this.changed();
  }

  private applyChat(data: Body): void {
    const id = chatIdOf(data);
    if (id === undefined) return;
    const was = this.copies.get(id)?.state ?? 'Unknown';
    const next = applyNotification(this.copies, data);
    const copy = next.get(id);
    if (!copy) return;
    const invitationEnded = isEnded(copy) && (was === 'Invited' || was === 'Unknown');
    this.copyChanged({ id, was, copy, data, invitationEnded });
    if (invitationEnded) {
      next.delete(id);
      this.endings.delete(id);
    }
    this.copies = next;
  }
}
