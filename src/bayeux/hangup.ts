/**
 * "This transport can no longer answer": a request whose client went away, a WebSocket that
 * closed. It plays the part of an AbortSignal at a fraction of its size — an idle WebSocket keeps
 * one for its whole life, and 15,000 of them are the target (an AbortController with a listener
 * history costs about 800 bytes of heap; this is a flag and, while a connect is held, one array).
 */
export class Hangup {
  private listeners: (() => void)[] | null = null;
  private done = false;

  get happened(): boolean {
    return this.done;
  }

  /** Runs `listener` once when the transport hangs up (at once if it already has). */
  on(listener: () => void): void {
    if (this.done) {
      listener();
      return;
    }
    (this.listeners ??= []).push(listener);
  }

  off(listener: () => void): void {
    if (this.listeners === null) return;
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
    if (this.listeners.length === 0) this.listeners = null;
  }

  /** Marks the hang-up and runs the listeners. Idempotent. */
  hangUp(): void {
    if (this.done) return;
    this.done = true;
    const listeners = this.listeners ?? [];
    this.listeners = null;
    for (const listener of listeners) listener();
  }
}
