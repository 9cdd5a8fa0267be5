/**
 * Commands on one chat run one at a time on a node (the engine queues them here), so that two
 * writers on this node never race for the chat's version and every chat's announcements leave in
 * commit order. Different chats run side by side. Conflicts with other nodes remain, and the
 * engine retries those (engine.ts).
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` once every earlier work for `chatId` has settled. */
  run<T>(chatId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(chatId);
    const result = previous === undefined ? work() : previous.then(work, work);
    const tail = result.then(settled, settled);
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return result;
  }

  /** Chats with work queued or running (tests). */
  get size(): number {
    return this.tails.size;
  }
}

const settled = (): void => {};
