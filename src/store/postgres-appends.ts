/**
 * Group commit for PostgreSQL's most frequent write (Store.appendToChat, sql/chat-append.ts). One
 * append alone is one statement in autocommit, and each COMMIT waits for its WAL flush: with the
 * pool's few connections, throughput was the pool size divided by the flush time, whatever the
 * CPU. The appends made in one turn of the event loop (the requests read together) now share a
 * transaction on one connection — BEGIN, one statement per append, COMMIT, pipelined in a single
 * write — so a turn's messages cost one flush, as SQLite's grouped commit does (sqlite-commits.ts).
 *
 * Each append keeps its own answer: true when its chat version matched and it wrote, false when
 * stale (it wrote nothing; the others are not affected). No caller hears "done" before the
 * COMMIT is confirmed. When any statement fails (the transaction is then rolled back whole, and
 * PostgreSQL answers the COMMIT with ROLLBACK), each append of the group runs again alone, so only
 * the one at fault fails. A COMMIT that itself fails (a lost connection) fails every append of the
 * group with its error: its outcome is unknown, as a single statement's would be.
 *
 * Commands on one chat run one at a time on a node (chats/chat-queue.ts), so a group never holds
 * two appends of the same chat.
 */
import type pg from 'pg';
import type { Chat, Message } from '../chats/model.js';
import type { SqlExecutor } from './sql/executor.js';
import { chatAppend } from './sql/chat-append.js';
import type { OutboxEntry } from './store.js';

export interface Append {
  readonly chat: Chat;
  readonly previous: Chat;
  readonly messages: readonly Message[];
  readonly outbox: OutboxEntry | undefined;
}

interface Pending extends Append {
  readonly resolve: (written: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/** A connection taken from the pool for one group: its executor, and how to give it back. */
export interface GroupConnection {
  readonly executor: SqlExecutor;
  /** Sends a statement without parameters (BEGIN, COMMIT) and answers its command tag. */
  control(text: 'BEGIN' | 'COMMIT'): Promise<string>;
  release(error?: Error): void;
}

/** Most appends one transaction carries; more wait for the next group (the next turn). */
const MAX_GROUP = 64;

export class GroupedAppends {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    /** Runs one append in autocommit: its own statement, its own transaction. */
    private readonly alone: SqlExecutor,
    private readonly connect: () => Promise<GroupConnection>,
  ) {}

  append(append: Append): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      // Field by field: a spread copy that adds properties takes V8's slow path (authenticator.ts).
      const { chat, previous, messages, outbox } = append;
      this.pending.push({ chat, previous, messages, outbox, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once every append made so far has its answer (the store's close() waits on it). */
  async settled(): Promise<void> {
    while (this.scheduled || this.running.size > 0) {
      await Promise.all([...this.running, new Promise((resolve) => setImmediate(resolve))]);
    }
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, MAX_GROUP);
      const run = group.length === 1 ? this.runAlone(group[0]!) : this.runGroup(group);
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
  }

  private async runAlone(append: Pending): Promise<void> {
    try {
      append.resolve(await written(this.alone, append));
    } catch (error) {
      append.reject(error);
    }
  }

  private async runGroup(group: readonly Pending[]): Promise<void> {
    let connection: GroupConnection;
    try {
      connection = await this.connect();
    } catch (error) {
      for (const append of group) append.reject(error);
      return;
    }
    let broken: Error | undefined;
    try {
      // All issued at once: they leave together and each has its own Sync (pool `pipeline`).
      const begun = connection.control('BEGIN');
      const statements = group.map((append) => written(connection.executor, append));
      const committed = connection.control('COMMIT');
      const [begin, ...results] = await Promise.allSettled([begun, ...statements]);
      let tag: string;
      try {
        tag = await committed;
      } catch (error) {
        broken = error as Error;
        for (const append of group) append.reject(error);
        return;
      }
      if (begin!.status === 'rejected') {
        // No transaction was open: each statement ran (or failed) in autocommit on its own.
        group.forEach((append, i) => settle(append, results[i]!));
        return;
      }
      if (tag === 'COMMIT' && results.every((result) => result.status === 'fulfilled')) {
        group.forEach((append, i) => settle(append, results[i]!));
        return;
      }
    } finally {
      connection.release(broken);
    }
    // Only here when a statement failed, so the whole transaction was rolled back: again, one
    // by one, on the pool.
    await Promise.all(group.map((append) => this.runAlone(append)));
  }
}

function settle(append: Pending, result: PromiseSettledResult<boolean>): void {
  if (result.status === 'fulfilled') append.resolve(result.value);
  else append.reject(result.reason);
}

/** Runs the append's statement; true when it wrote every message (its version matched). */
async function written(executor: SqlExecutor, append: Append): Promise<boolean> {
  const { statement, values } = chatAppend(append.chat, append.previous, append.messages, append.outbox);
  return (await executor.run(statement, values)) === append.messages.length;
}

/** A pooled client as a group's connection (postgres.ts supplies the executor and corking). */
export function groupConnection(
  client: pg.PoolClient,
  executor: SqlExecutor,
  coalesce: () => void,
): GroupConnection {
  return {
    executor,
    async control(text) {
      coalesce();
      return (await client.query(text)).command;
    },
    release: (error) => client.release(error),
  };
}
