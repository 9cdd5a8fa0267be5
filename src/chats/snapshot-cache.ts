/**
 * The chat snapshots this process last wrote or read, so that a command need not read the chat
 * and all its parties again. A cached snapshot is only ever a guess: every change to a chat goes
 * through the engine and raises the chat's version, and the engine checks the guess against the
 * stored version before anything it decided counts — the conditional chat update does that for
 * commands that change something, one `chats.version` read for those that do not (or that fail).
 * A wrong guess (another node changed the chat, or a group commit failed) costs one retry.
 */
import type { ChatSnapshot } from './model.js';

export class SnapshotCache {
  private readonly entries = new Map<string, ChatSnapshot>();

  constructor(private readonly limit = 10_000) {}

  get(chatId: string): ChatSnapshot | undefined {
    return this.entries.get(chatId);
  }

  /** Keeps `snapshot` (most recent last); an ended chat takes no more commands and is dropped. */
  set(snapshot: ChatSnapshot): void {
    const { id } = snapshot.chat;
    this.entries.delete(id);
    if (snapshot.chat.phase === 'Ended') return;
    this.entries.set(id, snapshot);
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  forget(chatId: string): void {
    this.entries.delete(chatId);
  }
}
