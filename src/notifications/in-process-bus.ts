import type { Bus, Notification, NotificationListener } from './bus.js';

/**
 * A bus for one process: listeners run synchronously in publish order. A listener that throws
 * is reported and does not stop the others.
 */
export class InProcessBus implements Bus {
  private readonly listeners = new Set<NotificationListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  publish(notification: Notification): void {
    for (const listener of this.listeners) {
      try {
        listener(notification);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  subscribe(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
