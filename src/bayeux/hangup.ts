/**
 * "This transport can no longer answer": a request whose client went away, a WebSocket that
 * closed. It plays the part of an AbortSignal at a fraction of its size — an idle WebSocket keeps
 * one for its whole life, and 15,000 of them are the target (an AbortController with a listener
 * history costs about 800 bytes of heap; this is a flag and, while a connect is held, one listener).
 */
type Listener = () => void;

export class Hangup {
  /**
   * One listener as itself, several as an array: a transport almost always waits on one held
   * connect, and a one-element array would cost 150 bytes per idle WebSocket (V8 grows a pushed
   * array to 17 slots).
   */
  private listeners: Listener | Listener[] | null = null;
  private done = false;

  get happened(): boolean {
    return this.done;
  }

  /** Runs `listener` once when the transport hangs up (at once if it already has). */
  on(listener: Listener): void {
    if (this.done) {
      listener();
      return;
    }
    const listeners = this.listeners;
    if (listeners === null) this.listeners = listener;
    else if (typeof listeners === 'function') this.listeners = [listeners, listener];
    else listeners.push(listener);
  }

  off(listener: Listener): void {
    const listeners = this.listeners;
    if (listeners === listener) {
      this.listeners = null;
    } else if (Array.isArray(listeners)) {
      const index = listeners.indexOf(listener);
      if (index >= 0) listeners.splice(index, 1);
      if (listeners.length === 0) this.listeners = null;
    }
  }

  /** Marks the hang-up and runs the listeners. Idempotent. */
  hangUp(): void {
    if (this.done) return;
    this.done = true;
    const listeners = this.listeners;
    this.listeners = null;
    if (typeof listeners === 'function') listeners();
    else for (const listener of listeners ?? []) listener();
  }
}
