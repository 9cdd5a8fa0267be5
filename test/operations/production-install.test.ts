/**
 * A production install, as a deployment does it: `npm pack` (prepack builds dist/ afresh), then
 * in an empty folder `npm install <tarball> --omit=dev` from the npm registry, then the installed
 * `parley-server` started — from dist/, with no compiler and no tsx — and GET /health/ready.
 *
 * The pack runs in a copy of this work tree (node_modules linked), so that prepack's clean build
 * never touches the dist/ other processes may be running from. The registry provides every
 * dependency; better-sqlite3's native binary, which its install step would download from outside
 * the registry or else compile (a minute of CPU), is offered from this checkout's own build as a
 * local prebuild (prebuild-install's `local-prebuilds`), as a build cache would.
 * Part of `npm test`; about 25 s (a better-sqlite3 newer than the checkout's adds its compile).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Not copied: installed or built things, and what tests and benchmarks leave. */
const LEFT_OUT = new Set(['node_modules', '.git', 'dist', 'data', '.bench']);

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** better-sqlite3's binary from this checkout, where prebuild-install looks for a local prebuild. */
function offerLocalPrebuild(dir: string): string | undefined {
  const addon = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (!existsSync(addon)) return undefined;
  const { version } = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8'),
  ) as {
    version: string;
  };
  const stage = join(dir, 'stage/build/Release');
  mkdirSync(stage, { recursive: true });
  cpSync(addon, join(stage, 'better_sqlite3.node'));
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  run('tar', ['-czf', join(dir, name), '-C', join(dir, 'stage'), 'build'], dir, process.env, 30_000);
  return dir;
}

describe('production install', { timeout: 150_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'parley-install-'));
  const app = join(work, 'app');
  let files: string[] = [];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };

  before(() => {
    const tree = join(work, 'tree');
    cpSync(ROOT, tree, {
      recursive: true,
      filter: (source) => !LEFT_OUT.has(source.slice(ROOT.length).split('/')[0] ?? ''),
    });
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    const prebuilds = offerLocalPrebuild(join(work, 'prebuilds'));
    if (prebuilds) env.npm_config_better_sqlite3_local_prebuilds = prebuilds;
    const packed = JSON.parse(
      run('npm', ['pack', '--json', '--pack-destination', work], tree, env, 60_000),
    ) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed[0]?.files.map((f) => f.path) ?? [];
    mkdirSync(app);
    run(
      'npm',
      ['install', join(work, packed[0]?.filename ?? ''), '--omit=dev', '--no-save'],
      app,
      env,
      120_000,
    );
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the package holds dist/ and what it needs, no sources, tests or build leftovers', () => {
    for (const needed of [
      'dist/main.js',
      'dist/app.js',
      'dist/cli/main.js',
      // The console, built by prepack (npm run build): served without Vite at run time.
      'dist/web/index.html',
      'dist/web/agent/index.html',
      'dist/web/widget.js',
      'LICENSE',
      '.env.example',
      'package.json',
    ])
      assert.ok(files.includes(needed), `${needed} is in the package`);
    assert.deepEqual(
      files.filter((f) => /^(src|test|bench)\//.test(f) || f.endsWith('.map') || f.endsWith('.tsbuildinfo')),
      [],
    );
    const installed = readdirSync(join(app, 'node_modules'));
    assert.ok(installed.includes('fastify') && installed.includes('better-sqlite3'));
    for (const devOnly of ['typescript', 'tsx', 'eslint'])
      assert.ok(!installed.includes(devOnly), `${devOnly} installed`);
  });

  test('the installed parley-server starts from dist/ and answers /health/ready', async () => {
    const bin = join(app, 'node_modules/.bin/parley-server');
    const server = spawn(bin, [], {
      cwd: app,
      env: { PATH: process.env.PATH, PORT: '0', DATABASE_URL: `sqlite:${join(app, 'data/parley.db')}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`parley-server did not start:\n${out}`)), 20_000);
        server.stdout.on('data', () => {
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        void exited.then((code) => reject(new Error(`parley-server exited with ${code}:\n${out}`)));
      });
      const ready = await fetch(`${url}/health/ready`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { statusCode: 0, status: 'ready' });
      const version = (await (await fetch(`${url}/api/v2/diagnostics/version`)).json()) as {
        version?: string;
      };
      assert.equal(
        version.version,
        (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
      );
      server.kill('SIGTERM');
      assert.equal(await exited, 0, out);
    } finally {
      server.kill('SIGKILL');
    }
  });

  test('the installed parley CLI runs (no src/ in the package: nothing to build)', () => {
    const result = spawnSync(join(app, 'node_modules/.bin/parley'), ['contact-centers', 'list'], {
      cwd: app,
      env: { PATH: process.env.PATH, DATABASE_URL: `sqlite:${join(app, 'data/parley.db')}` },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 0, result.stderr);
  });
});
