/**
 * The CLI (src/cli): a contact center with its first administrator, users in it, and where
 * passwords come from (the terminal prompt, standard input, argv with a warning). The commands
 * run against the store of a running in-process server, which then logs the new users in.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { PasswordInput } from '../../src/cli/password-input.js';
import { terminalPasswordInput } from '../../src/cli/password-input.js';
import { run } from '../../src/cli/run.js';
import type { TestApp } from '../support/app.js';
import { basic, failure, json, startTestApp } from '../support/app.js';

/** What a command printed and warned, and its exit code. */
async function cli(t: TestApp, argv: string[], passwords: PasswordInput) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, {
    print: (line) => out.push(line),
    warn: (line) => err.push(line),
    passwords,
    env: { DATABASE_URL: t.config.databaseUrl },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const sink = () => new PassThrough().resume();
const piped = (text: string) => terminalPasswordInput(Readable.from([text]), sink());

/** A terminal that types each of `lines` (then Enter) when asked. */
function terminal(lines: string[]): { input: PasswordInput; prompts: () => string } {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[] });
  const setRawMode = (mode: boolean) => {
    stdin.rawModes.push(mode);
    const next = mode ? lines.shift() : undefined;
    if (next !== undefined) setImmediate(() => stdin.write(`${next}\r`));
    return stdin;
  };
  const shown = new PassThrough();
  let prompts = '';
  shown.on('data', (chunk: Buffer) => (prompts += chunk.toString()));
  return {
    input: terminalPasswordInput(Object.assign(stdin, { setRawMode }), shown),
    prompts: () => prompts,
  };
}

describe('CLI', () => {
  let t: TestApp;
  before(async () => (t = await startTestApp()));
  after(() => t.close());
  const me = (userName: string, password: string) =>
    t.app.server.inject({
      method: 'GET',
      url: '/api/v2/me',
      headers: { authorization: basic(userName, password) },
    });

  test('contact-centers create: the contact center and its administrator, password from stdin', async () => {
    const result = await cli(
      t,
      [
        'contact-centers',
        'create',
        '--name',
        'beta',
        '--admin',
        'bea',
        '--first-name',
        'Bea',
        '--password-stdin',
      ],
      piped('bea-stdin-password\nignored second line\n'),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^created contact center beta \([0-9a-f-]{36}\) with administrator bea \([0-9a-f]{32}\), who logs in as bea@beta$/,
    );
    assert.equal(result.stderr, '', 'no warning');
    const user = json(await me('bea@beta', 'bea-stdin-password')).user as Record<string, unknown>;
    assert.deepEqual([user.userName, user.firstName, user.roles], ['bea', 'Bea', ['ROLE_ADMIN']]);
    const [created] = await t.store.contactCenters.listByName('beta');
    assert.equal(user.contactCenterId, created?.id);
    const listed = await cli(t, ['contact-centers', 'list'], piped(''));
    assert.match(listed.stdout, /beta/);
  });

  test('users create in a named contact center, password typed at the prompt (twice, unechoed)', async () => {
    const typed = terminal(['prompted-password', 'prompted-password']);
    const result = await cli(
      t,
      ['users', 'create', '--contact-center', 'BETA', '--user-name', 'bob', '--roles', 'ROLE_AGENT'],
      typed.input,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(typed.prompts(), 'Password: \nPassword again: \n', 'the password itself is never shown');
    assert.equal((await me('bob@beta', 'prompted-password')).statusCode, 200);
    assert.equal(failure(await me('bob', 'prompted-password')).statusCode, 20, 'not a home user');
  });

  test('with several contact centers, a users command must name one', async () => {
    const result = await cli(t, ['users', 'list'], piped(''));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /pass --contact-center <id or name>/);
  });

  test('two different passwords at the prompt, or no password and no terminal: refused', async () => {
    const mismatch = await cli(
      t,
      ['users', 'create', '--user-name', 'carl', '--roles', 'ROLE_AGENT', '--contact-center', 'beta'],
      terminal(['first-password', 'second-password']).input,
    );
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stderr, /The two passwords differ \(statusCode 10\)/);
    const none = await cli(
      t,
      ['contact-centers', 'create', '--name', 'gamma', '--admin', 'gus'],
      terminalPasswordInput(Readable.from([]), sink()),
    );
    assert.equal(none.code, 1);
    assert.match(none.stderr, /--password-stdin/);
    assert.deepEqual(await t.store.contactCenters.listByName('gamma'), [], 'nothing created');
  });

  test('--password on the command line still works, with a warning', async () => {
    const result = await cli(
      t,
      [
        'users',
        'create',
        '--contact-center',
        t.contactCenterId,
        '--user-name',
        'dora',
        '--password',
        'argv-password',
        '--roles',
        'ROLE_AGENT',
      ],
      piped(''),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /--password shows in the process list/);
    assert.equal((await me('dora', 'argv-password')).statusCode, 200, 'a home user: the bare name');
  });

  test('users update --password-stdin changes the password', async () => {
    const result = await cli(
      t,
      ['users', 'update', 'dora', '--contact-center', 'Default', '--password-stdin'],
      piped('changed-password\n'),
    );
    assert.equal(result.code, 0, result.stderr);
    // Without Redis the CLI tells no node; the server's caches would expire within seconds.
    const dora = await t.store.users.getByUserName('dora');
    t.app.authenticator.forgetUser(dora?.id ?? '');
    assert.equal(failure(await me('dora', 'argv-password')).statusCode, 20);
    assert.equal((await me('dora', 'changed-password')).statusCode, 200);
  });

  test('the real process reads the password from its standard input', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'users',
        'create',
        '--contact-center',
        'beta',
        '--user-name',
        'eve',
        '--roles',
        'ROLE_SUPERVISOR',
        '--password-stdin',
      ],
      {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.config.databaseUrl },
        input: 'piped-password\n',
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /created user eve \([0-9a-f]{32}\) with roles ROLE_SUPERVISOR/);
    assert.equal(child.stderr, '');
  });

  test('…and that password logs in', async () => {
    assert.equal((await me('eve@beta', 'piped-password')).statusCode, 200);
  });

  test("the real process reads DATABASE_URL from its folder's .env, as the server does", () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-cli-env-'));
    try {
      const databaseUrl = t.config.databaseUrl.replace(/^sqlite:(?!\/)/, `sqlite:${process.cwd()}/`);
      writeFileSync(join(folder, '.env'), `DATABASE_URL=${databaseUrl}\n`);
      const child = spawnSync(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), resolve('src/cli/main.ts'), 'contact-centers', 'list'],
        { cwd: folder, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 30_000 },
      );
      assert.equal(child.status, 0, child.stderr);
      assert.match(child.stdout, /\bbeta\b/, 'the contact centers of the store .env names');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
