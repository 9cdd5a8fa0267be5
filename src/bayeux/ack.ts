/**
 * Server half of the CometD acknowledgement extension (matches node_modules/cometd/AckExtension.js).
 *
 * The client asks for it with `ext: {ack: true}` on /meta/handshake; the handshake reply says
 * `ext: {ack: true}` (the "old format" the client still reads). From then on every /meta/connect
 * reply carries `ext.ack = N`, the number of the last batch of messages sent to the session, and the
 * client's next /meta/connect echoes the last N it received. Batches ≤ N are acknowledged and
 * forgotten; batches sent after N never arrived (a dropped long-poll response, a WebSocket closed
 * with the reply in flight), so their messages go back to the front of the queue and are delivered
 * again, in their original order, under a new batch number.
 */

interface SentBatch {
  readonly batch: number;
  readonly messages: readonly string[];
}

export class AckLog {
  /** Number of the last batch sent; the client starts at 0. */
  private last = 0;
  private sent: SentBatch[] = [];
  private sentCount = 0;

  /** Messages sent but not yet acknowledged. */
  get unacknowledged(): number {
    return this.sentCount;
  }

  get lastBatch(): number {
    return this.last;
  }

  /** Records `messages` as sent in a new batch and returns its number. */
  record(messages: readonly string[]): number {
    if (messages.length === 0) return this.last;
    this.last += 1;
    this.sent.push({ batch: this.last, messages });
    this.sentCount += messages.length;
    return this.last;
  }

  /**
   * Applies the client's acknowledgement of batch `batch`: forgets batches ≤ `batch` and returns,
   * oldest first, the messages of later batches, which the client did not receive.
   */
  acknowledge(batch: number): string[] {
    const lost: string[] = [];
    for (const sent of this.sent) {
      if (sent.batch > batch) lost.push(...sent.messages);
    }
    this.sent = [];
    this.sentCount = 0;
    return lost;
  }

  /** Drops everything (the session ended). */
  clear(): void {
    this.sent = [];
    this.sentCount = 0;
  }
}
