/**
 * What the kernel says about a process (Linux /proc): resident memory and CPU time. Read from the
 * outside, so the servers need no instrumentation and the real Parley server is measured as is.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** VmRSS of the process, in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (match?.[1] === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Resident memory in bytes: VmRSS, and its anonymous and file-backed parts (RssFile: mapped files). */
export interface RssParts {
  readonly rss: number;
  readonly anon: number;
  readonly file: number;
}

export function rssParts(pid: number): RssParts {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') * 1024, anon: kb('RssAnon') * 1024, file: kb('RssFile') * 1024 };
}

function readClockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

const ticksPerSecond = readClockTicks();

/** User + system CPU time the process has used, in ms (resolution: one clock tick, usually 10 ms). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

/** CPU time all processes on the machine have used since boot, in ms summed over cores (/proc/stat). */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu  user nice system idle …: only the time processes use; interrupts (the loopback traffic
  // itself) and hypervisor steal are left out, as they are from a process's own utime + stime.
  const [user = 0, nice = 0, system = 0] = line.trim().split(/\s+/).slice(1, 4).map(Number);
  const busy = user + nice + system;
  return (busy * 1000) / ticksPerSecond;
}
