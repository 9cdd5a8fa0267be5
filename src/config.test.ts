import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

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
