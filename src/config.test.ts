import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, loadEnvFile } from './config.js';

test('defaults serve on 127.0.0.1:8090 with the embedded SQLite file', () => {
  const config = loadConfig({});
  assert.deepEqual(config, {
    host: '127.0.0.1',
    port: 8090,
    databaseUrl: 'sqlite:./data/parley.db',
    publicUrl: undefined,
    logLevel: 'info',
    admin: undefined,
    contactCenterId: undefined,
    csrf: false,
    corsOrigins: [],
    corsHeaders: [],
    defaultContactCenterId: undefined,
    redisUrl: undefined,
    redisPrefix: 'parley',
    trustedProxies: [],
    requestChatLimits: {
      perSource: { rate: { count: 60, windowMs: 60_000 }, burst: 30 },
      perContactCenter: { count: 600, windowMs: 60_000 },
    },
    metrics: undefined,
    shutdownTimeoutMs: 10_000,
    requestSummaryMs: 60_000,
  });
  assert.ok(Object.isFrozen(config));
});

test('every setting is read and normalised', () => {
  const config = loadConfig({
    PORT: '9000',
    HOST: '0.0.0.0',
    DATABASE_URL: 'postgres://u@db/parley',
    PUBLIC_URL: 'https://chat.example.com/',
    LOG_LEVEL: 'warn',
    PARLEY_ADMIN: 'root:s3cret:with:colons',
    PARLEY_CONTACT_CENTER_ID: 'CFE5AD67-BA6D-4340-81F9-BB680EF5D498',
    PARLEY_CSRF: 'on',
    PARLEY_CORS_ORIGINS: 'https://shop.example.com/, http://localhost:3000',
    PARLEY_CORS_HEADERS: 'apikey, X-Widget-Version,',
    PARLEY_DEFAULT_CONTACT_CENTER: 'CFE5AD67-BA6D-4340-81F9-BB680EF5D498',
    REDIS_URL: 'redis://cache:6379/2',
    PARLEY_REDIS_PREFIX: 'parley-eu',
  });
  assert.equal(config.redisUrl, 'redis://cache:6379/2');
  assert.equal(config.redisPrefix, 'parley-eu');
  assert.deepEqual(config.corsOrigins, ['https://shop.example.com', 'http://localhost:3000']);
  assert.deepEqual(config.corsHeaders, ['apikey', 'X-Widget-Version']);
  assert.ok(Object.isFrozen(config.corsHeaders));
  assert.equal(config.defaultContactCenterId, 'cfe5ad67-ba6d-4340-81f9-bb680ef5d498');
  assert.equal(config.publicUrl, 'https://chat.example.com');
  assert.deepEqual(config.admin, { userName: 'root', password: 's3cret:with:colons' });
  assert.equal(config.contactCenterId, 'cfe5ad67-ba6d-4340-81f9-bb680ef5d498');
  assert.equal(config.csrf, true);
});

test('every problem is reported at once, readably', () => {
  try {
    loadConfig({
      PORT: '70000',
      DATABASE_URL: 'mysql://x',
      PUBLIC_URL: 'ftp://x',
      LOG_LEVEL: 'chatty',
      PARLEY_ADMIN: 'admin:short',
      PARLEY_CONTACT_CENTER_ID: 'not-a-uuid',
      PARLEY_CSRF: 'maybe',
      PARLEY_UNKNOWN: 'x',
      PARLEY_CORS_ORIGINS: 'not an origin',
      PARLEY_CORS_HEADERS: 'api key',
      PARLEY_DEFAULT_CONTACT_CENTER: 'default',
      REDIS_URL: 'http://not-redis',
      PARLEY_REDIS_PREFIX: 'has spaces',
    });
    assert.fail('expected a ConfigError');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 13);
    assert.match(error.message, /^Invalid configuration:\n {2}- PARLEY_UNKNOWN is not a Parley setting/);
  }
});

test('several nodes (REDIS_URL) need PostgreSQL: an embedded SQLite file is one node’s', () => {
  assert.throws(
    () => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /REDIS_URL \(several nodes\) needs a PostgreSQL DATABASE_URL/.test(e.message),
  );
});

test('PARLEY_CORS_HEADERS: header names only, no wildcard, and only with PARLEY_CORS_ORIGINS', () => {
  const problems = (env: Record<string, string>): readonly string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems;
    }
  };
  const origins = { PARLEY_CORS_ORIGINS: 'https://shop.example.com' };
  assert.deepEqual(problems({ ...origins, PARLEY_CORS_HEADERS: 'apikey,*' }), [
    'PARLEY_CORS_HEADERS: "*" is not a header name (such as apikey or X-Api-Key; no *)',
  ]);
  assert.deepEqual(problems({ ...origins, PARLEY_CORS_HEADERS: 'x-api-key, bad:name' }), [
    'PARLEY_CORS_HEADERS: "bad:name" is not a header name (such as apikey or X-Api-Key; no *)',
  ]);
  assert.deepEqual(problems({ PARLEY_CORS_HEADERS: 'apikey' }), [
    'PARLEY_CORS_HEADERS needs PARLEY_CORS_ORIGINS (without origins there is no CORS)',
  ]);
  assert.deepEqual(problems({ ...origins, PARLEY_CORS_HEADERS: ' , ' }), []);
});

test('PARLEY_DEFAULT_CONTACT_CENTER is off by default and must be a contact center id', () => {
  assert.equal(loadConfig({}).defaultContactCenterId, undefined);
  assert.equal(loadConfig({ PARLEY_DEFAULT_CONTACT_CENTER: ' ' }).defaultContactCenterId, undefined);
  assert.throws(
    () => loadConfig({ PARLEY_DEFAULT_CONTACT_CENTER: 'cfe5ad67' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.problems.length === 1 &&
      /PARLEY_DEFAULT_CONTACT_CENTER must be a contact center id \(UUID\), got "cfe5ad67"/.test(e.message),
  );
});

test('PARLEY_CORS_ORIGINS: origins as browsers send them (they are compared as strings), nothing else', () => {
  const config = loadConfig({ PARLEY_CORS_ORIGINS: 'HTTPS://Shop.Example.com:443/, *, http://[::1]:3000' });
  assert.deepEqual(config.corsOrigins, ['https://shop.example.com', '*', 'http://[::1]:3000']);
  try {
    loadConfig({ PARLEY_CORS_ORIGINS: 'https://shop.example.com/widget, https://user@shop.example.com' });
    assert.fail('expected a ConfigError');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems, [
      'PARLEY_CORS_ORIGINS: "https://shop.example.com/widget" is not an http(s) origin',
      'PARLEY_CORS_ORIGINS: "https://user@shop.example.com" is not an http(s) origin',
    ]);
  }
});

test('RequestChat limits and trusted proxies: read, switched off, or refused readably', () => {
  const config = loadConfig({
    PARLEY_REQUEST_CHAT_PER_SOURCE: '100/10s',
    PARLEY_REQUEST_CHAT_BURST: '5',
    PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER: '1000/h',
    PARLEY_TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16,::1, loopback',
  });
  assert.deepEqual(config.requestChatLimits, {
    perSource: { rate: { count: 100, windowMs: 10_000 }, burst: 5 },
    perContactCenter: { count: 1000, windowMs: 3_600_000 },
  });
  assert.deepEqual(config.trustedProxies, ['10.0.0.5', '10.1.0.0/16', '::1', 'loopback']);
  assert.ok(Object.isFrozen(config.requestChatLimits) && Object.isFrozen(config.trustedProxies));
  const off = loadConfig({
    PARLEY_REQUEST_CHAT_PER_SOURCE: 'off',
    PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER: 'off',
  });
  assert.deepEqual(off.requestChatLimits, { perSource: undefined, perContactCenter: undefined });
  try {
    loadConfig({
      PARLEY_REQUEST_CHAT_PER_SOURCE: '60 a minute',
      PARLEY_REQUEST_CHAT_BURST: '0',
      PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER: '10/2d',
      PARLEY_TRUSTED_PROXIES: '10.0.0.0/33,*',
    });
    assert.fail('expected a ConfigError');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems, [
      'PARLEY_TRUSTED_PROXIES: "10.0.0.0/33" is not an address, a CIDR range, loopback, linklocal or uniquelocal',
      'PARLEY_TRUSTED_PROXIES: "*" is not an address, a CIDR range, loopback, linklocal or uniquelocal',
      'PARLEY_REQUEST_CHAT_PER_SOURCE must be off or <count>/<window> (window s, min or h, e.g. 60/min, 100/10s; 1 s-24 h), got "60 a minute"',
      'PARLEY_REQUEST_CHAT_BURST must be a whole number 1-10000, got "0"',
      'PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER must be off or <count>/<window> (window s, min or h, e.g. 60/min, 100/10s; 1 s-24 h), got "10/2d"',
    ]);
  }
  assert.throws(
    () => loadConfig({ PARLEY_REQUEST_CHAT_PER_SOURCE: 'off', PARLEY_REQUEST_CHAT_BURST: '10' }),
    /PARLEY_REQUEST_CHAT_BURST needs PARLEY_REQUEST_CHAT_PER_SOURCE \(it is off\)/,
  );
});

test('operations: a metrics listener of its own, the shutdown timeout, request summaries', () => {
  const config = loadConfig({
    PARLEY_METRICS_PORT: '9464',
    PARLEY_METRICS_HOST: '10.0.0.5',
    PARLEY_SHUTDOWN_TIMEOUT: '25',
    PARLEY_REQUEST_SUMMARY: '0',
  });
  assert.deepEqual(config.metrics, { host: '10.0.0.5', port: 9464 });
  assert.ok(Object.isFrozen(config.metrics));
  assert.equal(config.shutdownTimeoutMs, 25_000);
  assert.equal(config.requestSummaryMs, 0);
  assert.deepEqual(loadConfig({ PARLEY_METRICS_PORT: '0' }).metrics, { host: '127.0.0.1', port: 0 });
});

test('operations settings that make no sense are refused, each with its reason', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems.join('\n');
    }
    assert.fail('accepted');
  };
  assert.match(problems({ PARLEY_METRICS_PORT: 'on' }), /PARLEY_METRICS_PORT must be 0-65535, got "on"/);
  assert.match(problems({ PORT: '8090', PARLEY_METRICS_PORT: '8090' }), /must differ from PORT/);
  assert.match(problems({ PARLEY_METRICS_HOST: '0.0.0.0' }), /PARLEY_METRICS_HOST needs PARLEY_METRICS_PORT/);
  assert.match(
    problems({ PARLEY_SHUTDOWN_TIMEOUT: '0' }),
    /PARLEY_SHUTDOWN_TIMEOUT must be a whole number of seconds 1-3600/,
  );
  assert.match(problems({ PARLEY_REQUEST_SUMMARY: '1.5' }), /PARLEY_REQUEST_SUMMARY must be a whole number/);
});

test('.env: read into the environment where unset; a missing file is fine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-env-'));
  const key = `PARLEY_ENV_TEST_${process.pid}`;
  const other = `${key}_OTHER`;
  try {
    writeFileSync(join(dir, '.env'), `# a comment\n${key}=from-file\n${other}="quoted value"\n`);
    process.env[key] = 'already-set';
    assert.equal(loadEnvFile(join(dir, '.env')), true);
    assert.equal(process.env[key], 'already-set', 'the environment wins over the file');
    assert.equal(process.env[other], 'quoted value');
    assert.equal(loadEnvFile(join(dir, 'missing.env')), false);
  } finally {
    delete process.env[key];
    delete process.env[other];
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The settings config.ts reads, by their names in its source. */
function settingsRead(): Set<string | undefined> {
  const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
  return new Set([...source.matchAll(/(?:(?:text|seconds)\('|env\.)([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]));
}

test('.env.example lists every setting with its default', () => {
  const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
  const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
  const read = settingsRead();
  assert.ok(read.size >= 20, `found ${read.size} settings in config.ts`);
  assert.deepEqual(
    [...read].filter((key) => !listed.has(key)),
    [],
    'settings missing from .env.example',
  );
  assert.deepEqual(
    [...listed].filter((key) => !read.has(key)),
    [],
    '.env.example names unknown settings',
  );
});

test("README's settings table names every setting config.ts reads, and only those", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]));
  const read = settingsRead();
  assert.deepEqual(
    [...read].filter((key) => !rows.has(key)),
    [],
    'settings missing from the README',
  );
  assert.deepEqual(
    [...rows].filter((key) => !read.has(key)),
    [],
    'the README documents unknown settings',
  );
});
