/**
 * What the supervisor console knows, outside any component: the live board (board-model.ts) and
 * the supervisor's own chat copies (copies-model.ts), both pushed over CometD — `/parley/v1/board`
 * and `/v2/me/chats` — never polled. After every handshake both are rebuilt from their GETs, the
 * events received meanwhile replayed on top (README "The live board": the events are idempotent).
 * A board GET refused with statusCode 5 means the user is no supervisor: the console says so.
 */
import type { ChatCopy } from '../lib/chat-copy.js';
import { fromResource, withMessages } from '../lib/chat-copy.js';
import type { CopyChange } from '../lib/copies-model.js';
import { chatPath, CopiesModel, linesOf } from '../lib/copies-model.js';
import { displayName } from '../lib/display-name.js';
import type { Body } from '../lib/gws.js';
import { describeError, GwsError } from '../lib/gws.js';
import type { Board } from './board-model.js';
import { applyBoardEvent, boardFromSnapshot, holderOf } from './board-model.js';
import type { Mode, Scope } from './modes.js';
import { MODE_LABEL } from './modes.js';

export class ConsoleModel extends CopiesModel {
  board: Board | undefined;
  /** The server's clock minus this browser's, from the snapshot's `at` (durations use it). */
  skew = 0;
  /** chatId → the agent a copy supervises, as Intruded from this console. */
  readonly agentOfChat = new Map<string, string>();
  private readonly agentNames = new Map<string, string>();
  /** agentId → the monitoring this console started (the API offers no read of it). */
  readonly monitoring = new Map<string, { mode: Mode; scope: Scope }>();
  /** The board GET was refused (statusCode 5): not a supervisor. */
  denied = false;
  /** Board events received while the board GET is out, applied again on top of its snapshot. */
  private boardReplay: Body[] | null = null;

  protected override channels() {
    return { '/parley/v1/board': (data: Body) => this.onBoard(data) };
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

  get(path: string): Promise<Body> {
    return this.call(() => this.gws.get(path));
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

  /** The board, then the copies from `GET /api/v2/me/chats?fields=*` and their transcripts. */
  protected override async fetchCopies(superseded: () => boolean): Promise<(ChatCopy | undefined)[]> {
    this.boardReplay = [];
    try {
      const answer = await this.gws.get('/parley/v1/board');
      if (superseded()) return [];
      this.board = boardFromSnapshot(answer.board);
      this.skew = this.board.at > 0 ? this.board.at - Date.now() : 0;
      for (const data of this.boardReplay) this.board = applyBoardEvent(this.board, data);
    } finally {
      if (!superseded()) this.boardReplay = null;
    }
    const listed = (await this.gws.get('/api/v2/me/chats?fields=*')).chats;
    const resources = Array.isArray(listed) ? (listed as Body[]) : [];
    return Promise.all(
      resources.map((chat) => this.unlessGone(() => this.withTranscript(fromResource(chat)))),
    );
  }

  protected override rebuildFailed(error: unknown): void {
    if (error instanceof GwsError && error.statusCode === 5) {
      this.denied = true;
      void this.stop();
    } else this.loadError = `The board could not be loaded: ${describeError(error)}`;
  }

  private async withTranscript(copy: ChatCopy): Promise<ChatCopy> {
    return withMessages(copy, linesOf(await this.gws.get(`${chatPath(copy.id)}/messages`)));
  }

  private onBoard(data: Body): void {
    this.boardReplay?.push(data);
    if (this.board) this.board = applyBoardEvent(this.board, data);
    this.changed();
  }

  /** Invitations arriving and ending, and chats joined, on the console's status line. */
  protected override copyChanged({ id, was, copy, invitationEnded }: CopyChange): void {
    if (invitationEnded) {
      // an invitation that ended (rejected, expired) is no chat of the console's
      if (was === 'Invited') this.notice = this.endings.get(id) ?? `The invitation to chat ${id} expired.`;
    } else if (copy.state === 'Chatting' && was !== 'Chatting') {
      void this.refreshTranscript(id);
      if (was === 'Invited') this.notice = '';
      else this.joinedByMonitoring(copy);
    } else if (copy.state === 'Invited' && was !== 'Invited') {
      const agent = this.agentOf(id);
      this.notice = `Invitation to join ${agent ? `${agent}'s` : 'a'} chat: accept it below.`;
      void this.refreshTranscript(id);
    }
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
      if (!(await this.refetchTranscript(id))) return;
    } catch (error) {
      this.watch(error); // the notifications still bring the lines
    }
    this.changed();
  }
}
