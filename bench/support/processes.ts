/**
 * The bench's child processes: every server and load generator runs in its own process, started
 * through `bash -c 'ulimit -n 20000; exec …'` (these machines cap a process at 20,000 open files)
 * and, when `taskset` exists, pinned to a core (load processes at spawn; servers once they listen,
 * see `pin`). `exec` keeps the pid: the pid we hold is the node process itself, so /proc/<pid>
 * reads the server's memory.
 *
 * A ProcessGroup remembers everything it started and ends it — SIGTERM, then SIGKILL after a
 * grace period — at the end of each scenario and, synchronously, when the bench exits for any
 * reason. Children talk back through stdout lines (a "listening on" line, JSON events).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { cpuMs } from './proc-stats.js';

export const openFilesLimit = 20_000;

export interface SpawnOptions {
  readonly name: string;
  /** Arguments after `node`, e.g. `['--import', 'tsx', 'bench/load/main.ts', …]`. */
  readonly nodeArgs: readonly string[];
  /** Core to pin to with taskset; undefined leaves the process unpinned. */
  readonly cpu?: number | undefined;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd: string;
}

type LineWaiter = { match: (line: string) => boolean; resolve: (line: string) => void };

/** One started process and its stdout lines. */
export class Child {
  readonly pid: number;
  private readonly backlog: string[] = [];
  private readonly waiters: LineWaiter[] = [];
  private stderrTail = '';
  /** CPU time used, as last read from /proc (kept after exit). */
  private cpuUsedMs = 0;
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    if (child.pid === undefined) throw new Error(`${name}: failed to start`);
    this.pid = child.pid;
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
    createInterface({ input: child.stdout! }).on('line', (line) => this.offer(line));
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
    // A child that exits early must not leave the bench writing into a closed pipe.
    child.stdin!.on('error', () => {});
  }

  /** CPU time the process has used; after it stopped, what it had used when stop() began. */
  cpuMs(): number {
    if (this.running) {
      try {
        this.cpuUsedMs = cpuMs(this.pid);
      } catch {
        // Exited between the check and the read: keep the last value.
      }
    }
    return this.cpuUsedMs;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first unread stdout line that `match` accepts; fails on exit or after `timeoutMs`. */
  async line(match: (line: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    const index = this.backlog.findIndex(match);
    if (index >= 0) return this.backlog.splice(index, 1)[0]!;
    let timer: NodeJS.Timeout | undefined;
    let waiter: LineWaiter | undefined;
    const found = new Promise<string>((resolve) => {
      waiter = { match, resolve };
      this.waiters.push(waiter);
    });
    const failed = new Promise<never>((_resolve, reject) => {
      const fail = (why: string) =>
        reject(new Error(`${this.name}: ${why} waiting for ${what}\n${this.stderrTail}`));
      timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
      void this.exited.then((code) => fail(`exited with ${code}`));
    });
    try {
      return await Promise.race([found, failed]);
    } finally {
      clearTimeout(timer);
      const at = this.waiters.indexOf(waiter!);
      if (at >= 0) this.waiters.splice(at, 1);
    }
  }

  /** The next JSON event `{"event": name, …}` on stdout. */
  async event<T>(name: string, timeoutMs: number): Promise<T> {
    const line = await this.line((text) => text.startsWith(`{"event":"${name}"`), timeoutMs, name);
    return JSON.parse(line) as T;
  }

  /** Writes one JSON command line to the child's stdin. */
  send(command: object): void {
    this.child.stdin!.write(JSON.stringify(command) + '\n');
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.running) return;
    this.cpuMs();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }

  private offer(line: string): void {
    const waiter = this.waiters.find((candidate) => candidate.match(line));
    if (waiter === undefined) {
      this.backlog.push(line);
      if (this.backlog.length > 1000) this.backlog.shift();
      return;
    }
    this.waiters.splice(this.waiters.indexOf(waiter), 1);
    waiter.resolve(line);
  }
}

export class ProcessGroup {
  private readonly children = new Set<Child>();
  private finishedCpuMs = 0;
  /** Whether `taskset` exists; without it nothing is pinned (reported in the results). */
  readonly canPin: boolean = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

  spawn(options: SpawnOptions): Child {
    const pin = this.canPin && options.cpu !== undefined ? ['taskset', '-c', String(options.cpu)] : [];
    const script = `ulimit -n ${openFilesLimit} 2>/dev/null || ulimit -n hard; exec "$@"`;
    const child = spawn('bash', ['-c', script, options.name, ...pin, process.execPath, ...options.nodeArgs], {
      cwd: options.cwd,
      env: { ...baseEnv(), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const started = new Child(options.name, child);
    this.children.add(started);
    void started.exited.then(() => {
      this.finishedCpuMs += started.cpuMs();
      this.children.delete(started);
    });
    return started;
  }

  /**
   * Moves every thread of a running child to `cpu`, or lets it use every core again (undefined);
   * threads it starts later inherit that. Servers start, and worlds are set up, on every core —
   * nothing is measured then — and are pinned to the server core before anything is timed
   * (peers.ts, scenarios/chat-world.ts). Without taskset, nothing is pinned and this does nothing.
   */
  pin(child: Child, cpu: number | undefined): void {
    if (!this.canPin || !child.running) return;
    const cores = cpu === undefined ? `0-${cpus().length - 1}` : String(cpu);
    const result = spawnSync('taskset', ['-a', '-p', '-c', cores, String(child.pid)], { stdio: 'ignore' });
    if (result.status !== 0 && child.running)
      throw new Error(`${child.name}: taskset -a -p -c ${cores} failed`);
  }

  /** CPU time used by every child this group started, running or not. */
  cpuMs(): number {
    return [...this.children].reduce((sum, child) => sum + child.cpuMs(), this.finishedCpuMs);
  }

  /** Stops every child still running. Scenarios stop their servers first themselves. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((child) => child.stop()));
  }

  /** For process exit: no waiting possible, so SIGKILL whatever is left. */
  killAllNow(): void {
    for (const child of this.children) child.kill();
  }
}

/** A clean environment: no NODE_OPTIONS or PARLEY_* leaking in from the caller's shell. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return Object.fromEntries(
    keep.flatMap((key) => (process.env[key] === undefined ? [] : [[key, process.env[key]!]])),
  );
}
