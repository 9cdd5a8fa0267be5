/**
 * referenceIds (spec §1.3): a number for every operation request, repeated in the notifications
 * it causes. They come in blocks from the store's shared sequence, so no two nodes ever hand out
 * the same one; each node's numbers increase. The next block is fetched before this one runs out.
 */
import type { Store } from '../store/store.js';

const SEQUENCE = 'referenceId';

export class ReferenceIds {
  private next = 0;
  private end = 0;
  private refill: Promise<void> | undefined;
  private queued: { first: number; end: number } | undefined;

  constructor(
    private readonly store: Store,
    private readonly block = 1000,
  ) {}

  async take(): Promise<number> {
    if (this.next >= this.end) await this.advance();
    if (this.end - this.next < this.block / 4) void this.prefetch().catch(() => {});
    return this.next++;
  }

  private async advance(): Promise<void> {
    while (this.next >= this.end) {
      if (!this.queued) await this.prefetch();
      const block = this.queued;
      this.queued = undefined;
      if (block && block.first >= this.end) [this.next, this.end] = [block.first, block.end];
    }
  }

  /** Reserves the next block (one reservation at a time). */
  private prefetch(): Promise<void> {
    if (this.queued) return Promise.resolve();
    this.refill ??= this.store.sequences
      .reserve(SEQUENCE, this.block)
      .then((first) => {
        this.queued = { first, end: first + this.block };
      })
      .finally(() => (this.refill = undefined));
    return this.refill;
  }
}
