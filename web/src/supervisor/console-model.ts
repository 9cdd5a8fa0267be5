/**
 * What the supervisor console knows, outside any component: the live board (board-model.ts) and
 * the supervisor's own chat copies (chat-copy.ts), both pushed over CometD — `/parley/v1/board`
 * and `/v2/me/chats` — never polled. After every handshake both are rebuilt from their GETs, the
 * events received meanwhile replayed on top (README "The live board": the events are idempotent).
 * A board GET refused with statusCode 5 means the user is no supervisor: the console says so.
 */
import type { ChatCopy, ChatMessage } from '../lib/chat-copy.js';
import { applyNotification, chatIdOf, fromResource, isEnded, withMessages } from '../lib/chat-copy.js';
import { displayName } from '../lib/display-name.js';
import type { Body, Gws, User } from '../lib/gws.js';
import { describeError, GwsError } from '../lib/gws.js';
import type { Connection } from '../lib/notifications.js';
import { Notifications } from '../lib/notifications.js';
import type { Board } from './board-model.js';
import { applyBoardEvent, boardFromSnapshot, holderOf } from './board-model.js';
import type { Mode, Scope } from './modes.js';
import { MODE_LABEL } from './modes.js';

export class ConsoleModel {
  board: Board | undefined;
  /** The server's clock minus this browser's, from the snapshot's `at` (durations use it). */
  skew = 0;
  copies: ReadonlyMap<string, ChatCopy> = new Map();
  /** How a copy ended by the supervisor's own doing ("You left this chat."), set before the request. */
  readonly endings = new Map<string, string>();
  /** chatId → the agent a copy supervises, as Intruded from this console. */
  readonly agentOfChat = new Map<string, string>();
  private readonly agentNames = new Map<string, string>();
  /** agentId → the monitoring this console started (the API offers no read of it). */
  readonly monitoring = new Map<string, { mode: Mode; scope: Scope }>();
  connection: Connection = 'connecting';
  /** The board GET was refused (statusCode 5): not a supervisor. */
  denied = false;
  loadError = '';
  /** The console's status line (announced politely). */
  notice = '';
  private generation = 0;
  private boardReplay: Body[] | null = null;
  private chatReplay: Body[] | null = null;
  private readonly notifications: Notifications;

  constructor(
    private readonly gws: Gws,
    readonly user: User,
    private readonly changed: () => void,
    private readonly sessionEnded: () => void,
  ) {
    this.notifications = new Notifications({
      channels: {
        '/parley/v1/board': (data) => this.onBoard(data),
        '/v2/me/chats': (data) => this.onChat(data),
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

  /** A GwsError 20 means the session is gone (expired, ended elsewhere): back to sign-in. */
  watch(error: unknown): void {
    if (error instanceof GwsError && error.statusCode === 20) this.sessionEnded();
  }

  /** Every request of the console: failures are watched for a lost session and rethrown. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      this.watch(error);
      throw error;
    } finally {
      this.changed();
    }
  }

  /** spec §4.1: join the agent's next (or every) accepted chat in `mode`. */
  async monitor(agentId: string, mode: Mode, scope: Scope): Promise<void> {
    const path = `/api/v2/users/${encodeURIComponent(agentId)}/channels/chat`;
    await this.call(() => this.gws.post(path, { operationName: mode, supervisorMonitoringMode: scope }));
    this.monitoring.set(agentId, { mode, scope });
  }

  async cancelMonitoring(agentId: string): Promise<void> {
    const path = `/api/v2/users/${encodeURIComponent(agentId)}/channels/chat`;
    try {
      await this.call(() => this.gws.post(path, { operationName: 'CancelSupervisorMonitoring' }));
    } finally {
      this.monitoring.delete(agentId); // statusCode 2: not monitored, so not either
    }
  }

  /** spec §2.1: the copy then arrives `Invited` on /v2/me/chats. */
  async intrude(agentId: string, chatId: string, mode: Mode): Promise<void> {
    const path = `/api/v2/users/${encodeURIComponent(agentId)}/chats/${encodeURIComponent(chatId)}`;
    this.agentOfChat.set(chatId, agentId);
    await this.call(() => this.gws.post(path, { operationName: 'Intrude', supervisorVisibilityMode: mode }));
  }

  /** `POST /api/v2/me/chats/{id}`; `ending` is what the panel says if this ends the copy. */
  async operate(chatId: string, body: Body, ending?: string): Promise<Body> {
    if (ending) this.endings.set(chatId, ending);
    try {
      return await this.call(() => this.gws.post(`/api/v2/me/chats/${encodeURIComponent(chatId)}`, body));
    } catch (error) {
      if (ending) this.endings.delete(chatId);
      throw error;
    }
  }

  get(path: string): Promise<Body> {
    return this.call(() => this.gws.get(path));
  }

  /** Takes an ended copy off the console. */
  close(chatId: string): void {
    const next = new Map(this.copies);
    next.delete(chatId);
    this.copies = next;
    this.endings.delete(chatId);
    this.changed();
  }

  /**
   * The agent a copy supervises: as Intruded, else the board's holder of the chat; remembered, so
   * a panel keeps its name once the chat has left the board.
   */
  agentOf(chatId: string): string | undefined {
    const id = this.agentOfChat.get(chatId) ?? (this.board && holderOf(this.board, chatId)?.id);
    const agent = this.board?.agents.find((a) => a.id === id);
    if (agent) this.agentNames.set(chatId, displayName(agent));
    return this.agentNames.get(chatId);
  }

  async rebuild(): Promise<void> {
    const generation = ++this.generation; // a later handshake's rebuild supersedes this one
    this.boardReplay = [];
    this.chatReplay = [];
    try {
      const answer = await this.gws.get('/parley/v1/board');
      if (generation !== this.generation) return;
      this.board = boardFromSnapshot(answer.board);
      this.skew = this.board.at > 0 ? this.board.at - Date.now() : 0;
      for (const data of this.boardReplay) this.board = applyBoardEvent(this.board, data);
      this.boardReplay = null;
      await this.loadCopies(generation);
      this.loadError = '';
    } catch (error) {
      if (error instanceof GwsError && error.statusCode === 5) {
        this.denied = true;
        void this.stop();
      } else this.loadError = `The board could not be loaded: ${describeError(error)}`;
      this.watch(error);
    } finally {
      if (generation === this.generation) {
        this.boardReplay = null;
        this.chatReplay = null;
      }
      this.changed();
    }
  }

  /** The copies from `GET /api/v2/me/chats?fields=*` and their transcripts. */
  private async loadCopies(generation: number): Promise<void> {
    const listed = (await this.gws.get('/api/v2/me/chats?fields=*')).chats;
    const resources = Array.isArray(listed) ? (listed as Body[]) : [];
    const fresh = await Promise.all(resources.map((chat) => this.withTranscript(fromResource(chat))));
    if (generation !== this.generation) return;
    const next = new Map<string, ChatCopy>();
    for (const copy of fresh) if (copy) next.set(copy.id, withMessages(copy, this.held(copy.id)));
    for (const [id, held] of this.copies) {
      if (next.has(id) || held.state === 'Invited' || held.state === 'Unknown') continue;
      // Ended while the console was away: keep the panel, ended.
      next.set(id, isEnded(held) ? held : fromResource({ id, state: 'Completed' }, held));
    }
    this.copies = next;
    for (const data of this.chatReplay ?? []) this.applyChat(data);
  }

  private held(id: string): readonly ChatMessage[] {
    return this.copies.get(id)?.messages ?? [];
  }

  /** The copy with its transcript; undefined when the chat is gone meanwhile (statusCode 6). */
  private async withTranscript(copy: ChatCopy): Promise<ChatCopy | undefined> {
    try {
      const log = await this.gws.get(`/api/v2/me/chats/${encodeURIComponent(copy.id)}/messages`);
      return withMessages(copy, (log.messages as ChatMessage[] | undefined) ?? []);
    } catch (error) {
      if (error instanceof GwsError && error.statusCode === 6) return undefined;
      throw error;
    }
  }

  private onBoard(data: Body): void {
    this.boardReplay?.push(data);
    if (this.board) this.board = applyBoardEvent(this.board, data);
    this.changed();
  }

  private onChat(data: Body): void {
    this.chatReplay?.push(data);
    this.applyChat(data);
    this.changed();
  }

  private applyChat(data: Body): void {
    const id = chatIdOf(data);
    if (id === undefined) return;
    const before = this.copies.get(id);
    const next = applyNotification(this.copies, data);
    const copy = next.get(id);
    if (!copy) return;
    const was = before?.state ?? 'Unknown';
    if (isEnded(copy) && (was === 'Invited' || was === 'Unknown')) {
      next.delete(id); // an invitation that ended (rejected, expired) is no chat of the console's
      if (was === 'Invited') this.notice = this.endings.get(id) ?? `The invitation to chat ${id} expired.`;
      this.endings.delete(id);
    } else if (copy.state === 'Chatting' && was !== 'Chatting') {
      void this.refreshTranscript(id);
      if (was === 'Invited') this.notice = '';
      else this.joinedByMonitoring(copy);
    } else if (copy.state === 'Invited' && was !== 'Invited') {
      const agent = this.agentOf(id);
      this.notice = `Invitation to join ${agent ? `${agent}'s` : 'a'} chat: accept it below.`;
      void this.refreshTranscript(id);
    }
    this.copies = next;
  }

  /** A monitored agent accepted a chat (spec §4.1): a NextChat subscription is now spent. */
  private joinedByMonitoring(copy: ChatCopy): void {
    const agentId = this.board && holderOf(this.board, copy.id)?.id;
    const mode = copy.supervisorMode as Mode | undefined;
    this.notice = `You joined chat ${copy.id}${mode ? ` (${MODE_LABEL[mode] ?? mode})` : ''}.`;
    if (agentId && this.monitoring.get(agentId)?.scope === 'NextChat') this.monitoring.delete(agentId);
  }

  /** The transcript up to now (history on joining, spec §5.3), merged by index. */
  private async refreshTranscript(id: string): Promise<void> {
    try {
      const log = await this.gws.get(`/api/v2/me/chats/${encodeURIComponent(id)}/messages`);
      const copy = this.copies.get(id);
      if (!copy) return;
      const next = new Map(this.copies);
      next.set(id, withMessages(copy, (log.messages as ChatMessage[] | undefined) ?? []));
      this.copies = next;
    } catch (error) {
      this.watch(error); // the notifications still bring the lines
    }
    this.changed();
  }
}
