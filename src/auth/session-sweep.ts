/**
 * The store keeps what the authenticator no longer accepts — sessions idle past their lifetime,
 * failed-login counts older than any lock — until this sweep deletes them, every `intervalMs` on
 * the app's clock (STYLE.md §19). Expiry itself does not wait for it: the authenticator refuses
 * an expired session at once (authenticator.ts). One pass at a time; a failed pass is reported
 * and the next one tries again.
 */
import type { Clock, Timer } from '../clock.js';
import type { Authenticator } from './authenticator.js';

export interface SessionSweepDeps {
  readonly authenticator: Pick<Authenticator, 'sweepExpiredSessions'>;
  readonly clock: Clock;
  readonly onError: (error: unknown) => void;
  /** Default 10 minutes. */
  readonly intervalMs?: number;
}

export class SessionSweep {
  private timer: Timer | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: SessionSweepDeps) {}

  start(): void {
    // The pass's promise goes back to the clock: a fake one waits for it (clock.ts).
    this.timer = this.deps.clock.setInterval(() => this.pass(), this.deps.intervalMs ?? 10 * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.deps.clock.clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass (one at a time). */
  pass(): Promise<void> {
    this.running ??= this.deps.authenticator
      .sweepExpiredSessions()
      .then(
        () => undefined,
        (error: unknown) => this.deps.onError(error),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
