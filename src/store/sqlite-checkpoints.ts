/**
 * WAL checkpoints off the event loop. By default SQLite checkpoints inside the COMMIT that grows
 * the WAL past `wal_autocheckpoint` pages: that COMMIT then copies every page of the WAL into the
 * database file while every request waits. Here the writing connection checkpoints only as a last
 * resort (FALLBACK_PAGES); a worker thread with its own connection runs PASSIVE checkpoints —
 * which never block readers or the writer — when the writer says the WAL has grown. A PASSIVE
 * checkpoint that finishes lets the next write start the WAL over, so it stays small.
 *
 * The worker is inline CommonJS (no file to resolve under tsx or from dist/) and loads the same
 * better-sqlite3 as the store.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages the writer lets the WAL reach before it checkpoints itself (the worker fell behind). */
export const FALLBACK_PAGES = 20_000;
/** Commits between two checkpoint requests to the worker. */
const COMMITS_PER_CHECKPOINT = 64;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// Lowest CPU priority for this thread alone (Linux: a thread id is a task id): on a busy core the
// request thread always goes first and a checkpoint takes the idle time.
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) require('node:os').setPriority(tid, 19);
} catch (error) {
  // Not Linux, or not allowed: the checkpoint simply runs at normal priority.
}
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Busy or closing: the next request tries again; the writer's fallback bounds the WAL.
  }
  parentPort.postMessage('done');
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private commits = 0;
  private running = false;
  private closed = false;
  private waiting: (() => void)[] = [];

  constructor(path: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver } });
    this.worker.on('message', () => {
      this.running = false;
      for (const resolve of this.waiting.splice(0)) resolve();
    });
    // A worker that dies leaves checkpoints to the writer's fallback; the store keeps working.
    this.worker.on('error', () => (this.closed = true));
    this.worker.unref();
  }

  /** Called after every COMMIT; asks for a checkpoint every few commits, one at a time. */
  committed(): void {
    if (this.closed || ++this.commits < COMMITS_PER_CHECKPOINT || this.running) return;
    this.commits = 0;
    this.running = true;
    this.worker.postMessage('checkpoint');
  }

  /** Resolves once no checkpoint is running (tests wait for the low-priority worker with it). */
  idle(): Promise<void> {
    if (!this.running || this.closed) return Promise.resolve();
    // The worker is unref'd: while someone waits for it, it must keep the process alive.
    this.worker.ref();
    return new Promise((resolve) =>
      this.waiting.push(() => {
        if (!this.closed) this.worker.unref();
        resolve();
      }),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref(); // keep the process alive until the worker has closed its connection
    this.worker.postMessage('close');
    await exited;
  }
}
