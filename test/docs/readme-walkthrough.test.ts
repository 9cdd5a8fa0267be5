/**
 * The README's curl walkthrough of a supervised chat, run as written: its code block (between the
 * `walkthrough` markers) goes to bash with BASE pointing at a real Parley started on port 0 with
 * the admin the walkthrough logs in as. Each printed line must be a statusCode 0 answer, one per
 * printing command, and the customer's transcript at the end must hold the agent's text but not
 * the coach's whisper.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { codeBlock, README_PATH } from '../../scripts/docs/readme-section.js';
import type { ServerProcess } from '../support/server-process.js';
import { startServer } from '../support/server-process.js';
import { skipUnlessThere } from '../support/skips.js';

const TIMEOUT_MS = 60_000;
const missing = ['bash', 'curl'].find((tool) => spawnSync(tool, ['--version']).status !== 0);
const skip = skipUnlessThere(missing && `${missing} is not installed`, 'README walkthrough');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `script` with bash in its own process group, killed whole if it outlasts TIMEOUT_MS. */
function bash(script: string, env: Record<string, string>): Promise<Run> {
  const child = spawn('bash', ['-c', script], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      stderr += `\n(killed after ${TIMEOUT_MS} ms)`;
    }, TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let server: ServerProcess | undefined;
let dir: string | undefined;
before(async () => {
  if (skip.skip) return;
  dir = mkdtempSync(join(tmpdir(), 'parley-walkthrough-'));
  server = await startServer({
    DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`,
    PARLEY_ADMIN: 'admin:admin-password',
  });
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  'the README walkthrough of a supervised chat runs as written',
  { ...skip, timeout: TIMEOUT_MS + 10_000 },
  async () => {
    const script = codeBlock(readFileSync(README_PATH, 'utf8'), 'walkthrough');
    const path = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
    const run = await bash(script, { PATH: path, BASE: server?.url ?? '' });
    assert.equal(run.code, 0, `bash exited with ${run.code}:\n${run.stderr}`);

    const answers = run.stdout
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            statusCode?: number;
            messages?: { text?: string; from?: { type?: string } }[];
          },
      );
    const printing = script.split('\n').filter((line) => line.startsWith('gws ')).length;
    assert.equal(answers.length, printing, `one answer per printing command:\n${run.stdout}`);
    for (const answer of answers) assert.equal(answer.statusCode, 0, JSON.stringify(answer));

    const whisper = /"operationName":"SendToAgents","text":"([^"]+)"/.exec(script)?.[1];
    assert.ok(whisper, 'the walkthrough has the supervisor whisper with SendToAgents');
    const transcript = answers.at(-1)?.messages ?? [];
    assert.ok(
      transcript.some((m) => m.from?.type === 'Agent' && m.text),
      'the customer reads the agent',
    );
    assert.deepEqual(
      transcript.filter((m) => m.text === whisper || m.from?.type === 'Supervisor'),
      [],
      'the customer never sees the coach',
    );
  },
);
