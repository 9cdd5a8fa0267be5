/**
 * Configuration: the only module that reads the environment (STYLE.md §3). Every value is
 * validated at boot; a bad value stops the start with a readable list; the result is frozen.
 * Unknown `PARLEY_*` variables are rejected too, so a typo never silently does nothing.
 */

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly host: string;
  readonly port: number;
  /** `sqlite:<path>`, a bare file path, or `postgres://…` */
  readonly databaseUrl: string;
  /** Base of absolute `uri` fields (spec §1.1), without a trailing slash. */
  readonly publicUrl: string | undefined;
  readonly logLevel: LogLevel;
  readonly admin: { readonly userName: string; readonly password: string } | undefined;
  readonly contactCenterId: string | undefined;
  /** spec §1.4 CSRF protection. */
  readonly csrf: boolean;
  /** Origins allowed to call cross-origin (customer widgets on a company site); `*` for any. */
  readonly corsOrigins: readonly string[];
  /** Request headers a preflight allows beyond the fixed GWS list (spec §1.4), e.g. `apikey`. */
  readonly corsHeaders: readonly string[];
  /**
   * The contact center of a customer request without a `ContactCenterId` header (spec §6.1 wants
   * the header; a widget that cannot send it gets this one). Undefined: the header is required.
   */
  readonly defaultContactCenterId: string | undefined;
  /** The Redis bus shared by several nodes (`redis://…`); undefined: this node alone. */
  readonly redisUrl: string | undefined;
  /** Prefix of the Redis keys, so several deployments can share one Redis. */
  readonly redisPrefix: string;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const KNOWN_PARLEY_KEYS = new Set([
  'PARLEY_ADMIN',
  'PARLEY_CONTACT_CENTER_ID',
  'PARLEY_CSRF',
  'PARLEY_CORS_ORIGINS',
  'PARLEY_CORS_HEADERS',
  'PARLEY_DEFAULT_CONTACT_CENTER',
  'PARLEY_REDIS_PREFIX',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An HTTP field name (RFC 9110 §5.1: a token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = env[key];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  for (const key of Object.keys(env)) {
    if (key.startsWith('PARLEY_') && !KNOWN_PARLEY_KEYS.has(key)) {
      problems.push(`${key} is not a Parley setting (known: ${[...KNOWN_PARLEY_KEYS].join(', ')})`);
    }
  }

  const portText = text('PORT') ?? '8090';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`PORT must be 0-65535, got "${portText}"`);

  const host = text('HOST') ?? '127.0.0.1';
  const databaseUrl = text('DATABASE_URL') ?? 'sqlite:./data/parley.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl) && databaseUrl.includes('://')) {
    problems.push(
      `DATABASE_URL must be a SQLite path (sqlite:./data/parley.db) or postgres://…, got "${databaseUrl}"`,
    );
  }

  const publicUrl = text('PUBLIC_URL')?.replace(/\/+$/, '');
  if (publicUrl !== undefined && !isHttpUrl(publicUrl)) {
    problems.push(`PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  }

  const logLevel = (text('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const adminText = text('PARLEY_ADMIN');
  let admin: Config['admin'];
  if (adminText !== undefined) {
    const at = adminText.indexOf(':');
    if (at <= 0 || at === adminText.length - 1) problems.push('PARLEY_ADMIN must be user:password');
    else if (!/^[A-Za-z0-9._@+-]{1,64}$/.test(adminText.slice(0, at))) {
      problems.push('PARLEY_ADMIN user name may hold only letters, digits and . _ @ + - (at most 64)');
    } else if (adminText.length - at - 1 < 8)
      problems.push('PARLEY_ADMIN password must have at least 8 characters');
    else admin = Object.freeze({ userName: adminText.slice(0, at), password: adminText.slice(at + 1) });
  }

  const contactCenterId = text('PARLEY_CONTACT_CENTER_ID');
  if (contactCenterId !== undefined && !UUID.test(contactCenterId)) {
    problems.push(`PARLEY_CONTACT_CENTER_ID must be a UUID, got "${contactCenterId}"`);
  }

  const csrfText = (text('PARLEY_CSRF') ?? 'off').toLowerCase();
  if (csrfText !== 'on' && csrfText !== 'off') problems.push('PARLEY_CSRF must be on or off');

  const corsOrigins = (text('PARLEY_CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !isHttpUrl(origin))
      problems.push(`PARLEY_CORS_ORIGINS: "${origin}" is not an http(s) origin`);
  }

  const corsHeaders = list(text('PARLEY_CORS_HEADERS'));
  for (const name of corsHeaders) {
    // `*` means "any header" only without credentials, and Parley's CORS sends credentials.
    if (name === '*' || !HEADER_NAME.test(name) || name.length > 64)
      problems.push(
        `PARLEY_CORS_HEADERS: "${name}" is not a header name (such as apikey or X-Api-Key; no *)`,
      );
  }
  if (corsHeaders.length > 0 && corsOrigins.length === 0)
    problems.push('PARLEY_CORS_HEADERS needs PARLEY_CORS_ORIGINS (without origins there is no CORS)');

  const defaultContactCenterId = text('PARLEY_DEFAULT_CONTACT_CENTER');
  if (defaultContactCenterId !== undefined && !UUID.test(defaultContactCenterId)) {
    problems.push(
      `PARLEY_DEFAULT_CONTACT_CENTER must be a contact center id (UUID), got "${defaultContactCenterId}"`,
    );
  }

  const redisUrl = text('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    problems.push(`REDIS_URL must be redis://host:port[/db] (or rediss://), got "${redisUrl}"`);
  } else if (redisUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // Several nodes share their state in the store: an embedded SQLite file is one node's.
    problems.push('REDIS_URL (several nodes) needs a PostgreSQL DATABASE_URL');
  }
  const redisPrefix = text('PARLEY_REDIS_PREFIX') ?? 'parley';
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(redisPrefix)) {
    problems.push('PARLEY_REDIS_PREFIX may hold only letters, digits and . _ : - (at most 64)');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    host,
    port,
    databaseUrl,
    publicUrl,
    logLevel,
    admin,
    contactCenterId: contactCenterId?.toLowerCase(),
    csrf: csrfText === 'on',
    corsOrigins: Object.freeze(corsOrigins),
    corsHeaders: Object.freeze(corsHeaders),
    defaultContactCenterId: defaultContactCenterId?.toLowerCase(),
    redisUrl,
    redisPrefix,
  });
}

/** A comma-separated setting: its items, trimmed, empty ones dropped. */
function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
