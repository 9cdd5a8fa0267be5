/**
 * Group commit for the embedded store. better-sqlite3 is synchronous and one connection writes,
 * so transactions run one after another; what costs is the COMMIT (it writes the WAL, and now and
 * then checkpoints it). Transactions that arrive while one runs — the requests read in the same
 * turn of the event loop — share one SQLite transaction: each runs inside its own SAVEPOINT, so it
 * commits or rolls back alone as far as its own writes go, and the shared COMMIT happens when the
 * queue is empty at the end of the turn (`setImmediate`). No caller hears "done" before that
 * COMMIT: a command's events are still published after its data is durable (STYLE.md §6).
 *
 * If the shared COMMIT itself fails, every transaction of the group fails with its error.
 */
import type Database from 'better-sqlite3';

type Control = 'BEGIN IMMEDIATE' | 'COMMIT' | 'ROLLBACK' | 'SAVEPOINT tx' | 'RELEASE tx' | 'ROLLBACK TO tx';

interface Pending {
  readonly work: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Most transactions one COMMIT covers; bounds how long the first of them waits for it. */
const MAX_GROUP = 256;

export class GroupCommit {
  private readonly queue: Pending[] = [];
  private running = false;
  /** Wakes the runner while it waits for the end of the turn with an empty queue. */
  private wake: (() => void) | undefined;
  private readonly statements = new Map<Control, Database.Statement>();
  private idle: Promise<void> = Promise.resolve();
  private settleIdle: () => void = () => {};

  constructor(
    private readonly db: Database.Database,
    /** Told after every successful COMMIT (checkpoints follow the WAL's growth). */
    private readonly onCommit: () => void = () => {},
  ) {}

  /** Runs `work` as one transaction (its own savepoint in the current group). */
  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.wake) this.wake();
      else if (!this.running) void this.drain();
    });
  }

  /** Resolves once no group is open (for close()). */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  private async drain(): Promise<void> {
    this.running = true;
    this.idle = new Promise((resolve) => (this.settleIdle = resolve));
    try {
      while (this.queue.length > 0) await this.group();
    } finally {
      this.running = false;
      this.settleIdle();
    }
  }

  /** One SQLite transaction around as many queued transactions as arrive before the turn ends. */
  private async group(): Promise<void> {
    const done: { pending: Pending; value: unknown }[] = [];
    try {
      this.control('BEGIN IMMEDIATE');
    } catch (error) {
      for (const pending of this.queue.splice(0)) pending.reject(error);
      return;
    }
    let turnEnded = false;
    const endOfTurn = setImmediate(() => {
      turnEnded = true;
      this.wake?.();
    });
    while (done.length < MAX_GROUP) {
      const pending = this.queue.shift();
      if (!pending) {
        if (turnEnded) break;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const value = await this.savepoint(pending);
      if (value === FAILED) continue;
      if (value === LOST) {
        // The whole transaction was rolled back (e.g. disk full): the group is gone.
        for (const { pending: earlier } of done.splice(0)) earlier.reject(new Error('transaction lost'));
        clearImmediate(endOfTurn);
        return;
      }
      done.push({ pending, value: value.value });
    }
    clearImmediate(endOfTurn);
    try {
      this.control('COMMIT');
    } catch (error) {
      this.rollback();
      for (const { pending } of done) pending.reject(error);
      return;
    }
    this.onCommit();
    for (const { pending, value } of done) pending.resolve(value);
  }

  private async savepoint(pending: Pending): Promise<{ value: unknown } | typeof FAILED | typeof LOST> {
    try {
      this.control('SAVEPOINT tx');
    } catch (error) {
      pending.reject(error);
      this.rollback();
      return LOST;
    }
    try {
      const value = await pending.work();
      this.control('RELEASE tx');
      return { value };
    } catch (error) {
      pending.reject(error);
      if (!this.db.inTransaction) return LOST;
      try {
        this.control('ROLLBACK TO tx');
        this.control('RELEASE tx');
        return FAILED;
      } catch {
        // The savepoint cannot be undone alone: undo the whole group rather than commit half of it.
        this.rollback();
        return LOST;
      }
    }
  }

  /** Ends an open transaction without keeping anything; never throws. */
  private rollback(): void {
    try {
      if (this.db.inTransaction) this.control('ROLLBACK');
    } catch {
      // Nothing left to undo, or the connection is gone: either way nothing was committed.
    }
  }

  /** Transaction control as prepared statements: `exec` would parse them every time. */
  private control(text: Control): void {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    statement.run();
  }
}

const FAILED = Symbol('failed');
const LOST = Symbol('lost');
