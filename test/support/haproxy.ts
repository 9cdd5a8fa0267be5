/**
 * A real HAProxy for the cluster harness, configured by the repository's documented production
 * file (docs/haproxy.cfg) with only its placeholders filled in, so the tests exercise exactly
 * what operators deploy. HAProxy runs in the foreground (`-db`) as a child process, never as the
 * system service; its view of each server is read from `show stat` on a private Unix socket.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binarySkip, spawnProcess, waitFor } from './child-process.js';

export const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
export const HAPROXY_CONFIG = fileURLToPath(new URL('../../docs/haproxy.cfg', import.meta.url));
const BACKEND = 'parley';

/** node:test's option: skip (or fail under CI=true) when HAProxy is not installed. */
export function haproxySkip(): { skip?: string } {
  return binarySkip(HAPROXY, 'HAProxy');
}

export interface ConfigValues {
  /** `host:port` of the public front. */
  readonly frontAddress: string;
  readonly statsSocket: string;
  readonly nodes: readonly { readonly name: string; readonly address: string }[];
}

/**
 * docs/haproxy.cfg with its placeholders filled: {{FRONT_ADDRESS}}, {{STATS_SOCKET}}, and each
 * line holding {{NODE_NAME}} written once per node ({{NODE_NAME}}, {{NODE_ADDRESS}}).
 */
export function renderConfig(values: ConfigValues, template = readFileSync(HAPROXY_CONFIG, 'utf8')): string {
  const fill = (line: string, node?: { name: string; address: string }) =>
    line
      .replaceAll('{{FRONT_ADDRESS}}', values.frontAddress)
      .replaceAll('{{STATS_SOCKET}}', values.statsSocket)
      .replaceAll('{{NODE_NAME}}', node?.name ?? '{{NODE_NAME}}')
      .replaceAll('{{NODE_ADDRESS}}', node?.address ?? '{{NODE_ADDRESS}}');
  const lines = template.split('\n').flatMap((line) => {
    if (line.trimStart().startsWith('#')) return [line];
    if (!line.includes('{{NODE_NAME}}')) return [fill(line)];
    return values.nodes.map((node) => fill(line, node));
  });
  const left = lines.find((line) => !line.trimStart().startsWith('#') && line.includes('{{'));
  if (left !== undefined) throw new Error(`unfilled placeholder in ${HAPROXY_CONFIG}: ${left.trim()}`);
  return lines.join('\n');
}

/** `haproxy -c -f file`: undefined when valid, else HAProxy's complaint. */
export function checkConfig(file: string): string | undefined {
  const result = spawnSync(HAPROXY, ['-c', '-f', file], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? undefined : `${result.stdout}${result.stderr}`.trim();
}

/** One server's row of `show stat`: `status` is UP, DOWN, "UP 1/2" (going down), "DOWN 1/2", … */
export interface ServerStat {
  readonly name: string;
  readonly status: string;
  /** The last check's result, e.g. L7OK, L4CON (refused), L7STS (wrong status), INI (none yet). */
  readonly checkStatus: string;
}

export interface HaproxyProcess {
  readonly url: string;
  servers(): Promise<ServerStat[]>;
  output(): string;
  stop(): Promise<void>;
}

export async function startHaproxy(values: Omit<ConfigValues, 'statsSocket'>): Promise<HaproxyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-haproxy-'));
  const statsSocket = join(dir, 'stats.sock');
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, renderConfig({ ...values, statsSocket }));
  const spawned = spawnProcess(HAPROXY, ['-db', '-f', file]);
  const output = () => `${spawned.stdout()}${spawned.stderr()}`;
  const stop = async () => {
    // SIGTERM is HAProxy's hard stop (SIGUSR1 would wait for held long-polls to finish).
    await spawned.signal('SIGTERM', 5000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('HAProxy to open its stats socket', async () => {
      if (!spawned.running()) throw new Error(`HAProxy exited: ${output()}`);
      return (await showStat(statsSocket)).length > 0 ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output()}`, { cause: error });
  }
  return {
    url: `http://${values.frontAddress}`,
    servers: async () => parseServers(await showStat(statsSocket)),
    output,
    stop,
  };
}

/** Sends `show stat` to the socket and returns HAProxy's CSV answer. */
function showStat(socketPath: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ path: socketPath });
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('show stat timed out'));
    }, timeoutMs);
    socket.once('connect', () => socket.end('show stat\n'));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.once('error', (error) => (clearTimeout(timer), reject(error)));
    socket.once('close', () => (clearTimeout(timer), resolve(answer)));
  });
}

function parseServers(csv: string): ServerStat[] {
  const [header, ...rows] = csv.trim().split('\n');
  const columns = (header ?? '').replace(/^# /, '').split(',');
  const column = (row: string[], name: string) => row[columns.indexOf(name)] ?? '';
  return rows
    .map((line) => line.split(','))
    .filter(
      (row) => column(row, 'pxname') === BACKEND && !['FRONTEND', 'BACKEND'].includes(column(row, 'svname')),
    )
    .map((row) => ({
      name: column(row, 'svname'),
      status: column(row, 'status'),
      checkStatus: column(row, 'check_status'),
    }));
}
