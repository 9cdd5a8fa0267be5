/**
 * Configuration: the only module that reads the environment (STYLE.md §3). Every value is
 * validated at boot; a bad value stops the start with a readable list; the result is frozen.
 * Unknown `PARLEY_*` variables are rejected too, so a typo never silently does nothing.
 */
import { isIP } from 'node:net';

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
  /**
   * Origins allowed to call cross-origin with credentials (customer widgets on a company site),
   * also trusted on the notifications (src/bayeux/origin.ts); `*`: any other, without credentials.
   */
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
  /**
   * Proxies (addresses, CIDR ranges, or `loopback` / `linklocal` / `uniquelocal`) whose
   * X-Forwarded-For names the client (fastify `trustProxy`). None by default: the header is
   * anyone's to write, so an address limit keyed on it would be no limit at all.
   */
  readonly trustedProxies: readonly string[];
  /** RequestChat limits (customer/limits.ts); undefined: that limit is off. */
  readonly requestChatLimits: {
    /** Per client address, on each node: a token bucket refilled at `rate`, holding `burst`. */
    readonly perSource: { readonly rate: Rate; readonly burst: number } | undefined;
    /** Per contact center, counted in the store (every node): at most `count` in any `windowMs`. */
    readonly perContactCenter: Rate | undefined;
  };
  /**
   * The Prometheus `GET /metrics` listener, apart from the API port so that what it tells about
   * traffic stays off the public address (and each node is scraped on its own); undefined: off.
   */
  readonly metrics: { readonly host: string; readonly port: number } | undefined;
  /** How long a shutdown may take before the process exits anyway (main.ts). */
  readonly shutdownTimeoutMs: number;
  /** Period of the request summary log line (observability/requests.ts); 0: none. */
  readonly requestSummaryMs: number;
}

/** `count` per `windowMs`, e.g. 60/min. */
export interface Rate {
  readonly count: number;
  readonly windowMs: number;
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
  'PARLEY_TRUSTED_PROXIES',
  'PARLEY_REQUEST_CHAT_PER_SOURCE',
  'PARLEY_REQUEST_CHAT_BURST',
  'PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER',
  'PARLEY_METRICS_PORT',
  'PARLEY_METRICS_HOST',
  'PARLEY_SHUTDOWN_TIMEOUT',
  'PARLEY_REQUEST_SUMMARY',
  'PARLEY_SCRYPT_COST',
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

  try {
    scryptCost(env);
  } catch (error) {
    problems.push(...(error as ConfigError).problems);
  }
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

  // Origins as browsers send them (lower case, no default port): they are compared as strings.
  const corsOrigins: string[] = [];
  const corsEntries = list(text('PARLEY_CORS_ORIGINS')).map((o) => o.replace(/\/+$/, ''));
  for (const entry of corsEntries) {
    const origin = entry === '*' ? entry : originOf(entry);
    if (origin === undefined) problems.push(`PARLEY_CORS_ORIGINS: "${entry}" is not an http(s) origin`);
    else corsOrigins.push(origin);
  }

  const corsHeaders = list(text('PARLEY_CORS_HEADERS'));
  for (const name of corsHeaders) {
    // `*` means "any header" only without credentials, and Parley's CORS sends credentials.
    if (name === '*' || !HEADER_NAME.test(name) || name.length > 64)
      problems.push(
        `PARLEY_CORS_HEADERS: "${name}" is not a header name (such as apikey or X-Api-Key; no *)`,
      );
  }
  if (corsHeaders.length > 0 && corsEntries.length === 0)
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

  const trustedProxies = list(text('PARLEY_TRUSTED_PROXIES'));
  for (const proxy of trustedProxies) {
    if (!isProxyAddress(proxy))
      problems.push(
        `PARLEY_TRUSTED_PROXIES: "${proxy}" is not an address, a CIDR range, loopback, linklocal or uniquelocal`,
      );
  }
  const requestChatLimits = readRequestChatLimits(text, problems);
  const operations = readOperations(text, problems, port);

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
    trustedProxies: Object.freeze(trustedProxies),
    requestChatLimits,
    ...operations,
  });
}

/**
 * log2 of scrypt's N for new password hashes (auth/passwords.ts): 17, OWASP's, unless
 * `PARLEY_SCRYPT_COST` names another from 14 to 20. `npm test` sets 14 for its hundreds of logins.
 * Read by passwords.ts at its first hash (after `.env` is loaded); loadConfig validates it too.
 */
export function scryptCost(env: Env = process.env): number {
  const raw = env.PARLEY_SCRYPT_COST?.trim();
  if (raw === undefined || raw === '') return 17;
  if (/^\d{2}$/.test(raw) && Number(raw) >= 14 && Number(raw) <= 20) return Number(raw);
  throw new ConfigError([`PARLEY_SCRYPT_COST must be 14-20 (log2 of scrypt's N), got "${raw}"`]);
}

/**
 * Loads `path` (default `.env` in the working directory) into the environment, for loadConfig():
 * a variable already set wins over the file (process.loadEnvFile, Node.js ≥ 20.12). No file is
 * fine; returns whether one was read.
 */
export function loadEnvFile(path = '.env'): boolean {
  try {
    process.loadEnvFile(path);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return false;
    throw new ConfigError([`${path}: ${(error as Error).message}`]);
  }
}

/** Metrics listener, shutdown timeout, request summaries (README "Operations"). */
function readOperations(
  text: (key: string) => string | undefined,
  problems: string[],
  apiPort: number,
): Pick<Config, 'metrics' | 'shutdownTimeoutMs' | 'requestSummaryMs'> {
  const portText = text('PARLEY_METRICS_PORT');
  const hostText = text('PARLEY_METRICS_HOST');
  const metricsPort = portText === undefined ? undefined : Number(portText);
  if (portText !== undefined && (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535))
    problems.push(`PARLEY_METRICS_PORT must be 0-65535, got "${portText}"`);
  else if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === apiPort)
    problems.push(
      `PARLEY_METRICS_PORT must differ from PORT (${apiPort}): metrics have a listener of their own`,
    );
  if (hostText !== undefined && portText === undefined)
    problems.push('PARLEY_METRICS_HOST needs PARLEY_METRICS_PORT (without it there is no metrics listener)');
  const seconds = (key: string, fallback: number, min: number, max: number): number => {
    const value = text(key) ?? String(fallback);
    if (/^\d{1,6}$/.test(value) && Number(value) >= min && Number(value) <= max) return Number(value) * 1000;
    problems.push(`${key} must be a whole number of seconds ${min}-${max}, got "${value}"`);
    return fallback * 1000;
  };
  return {
    metrics:
      metricsPort === undefined
        ? undefined
        : Object.freeze({ host: hostText ?? '127.0.0.1', port: metricsPort }),
    shutdownTimeoutMs: seconds('PARLEY_SHUTDOWN_TIMEOUT', 10, 1, 3600),
    requestSummaryMs: seconds('PARLEY_REQUEST_SUMMARY', 60, 0, 86_400),
  };
}

/**
 * The RequestChat limits. Defaults stop a script and no person: 60 a minute from one address
 * with bursts of 30 (a widget sends one RequestChat per conversation), 600 a minute per contact
 * center. `off` turns a limit off.
 */
function readRequestChatLimits(
  text: (key: string) => string | undefined,
  problems: string[],
): Config['requestChatLimits'] {
  const perSourceText = text('PARLEY_REQUEST_CHAT_PER_SOURCE') ?? '60/min';
  const rate = perSourceText === 'off' ? undefined : parseRate(perSourceText);
  if (rate === null) problems.push(`PARLEY_REQUEST_CHAT_PER_SOURCE ${RATE_FORMAT}, got "${perSourceText}"`);
  const burstText = text('PARLEY_REQUEST_CHAT_BURST') ?? '30';
  const burst = /^\d{1,5}$/.test(burstText) ? Number(burstText) : 0;
  if (perSourceText === 'off' && text('PARLEY_REQUEST_CHAT_BURST') !== undefined)
    problems.push('PARLEY_REQUEST_CHAT_BURST needs PARLEY_REQUEST_CHAT_PER_SOURCE (it is off)');
  else if (burst < 1 || burst > 10_000)
    problems.push(`PARLEY_REQUEST_CHAT_BURST must be a whole number 1-10000, got "${burstText}"`);
  const perCenterText = text('PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER') ?? '600/min';
  const perContactCenter = perCenterText === 'off' ? undefined : parseRate(perCenterText);
  if (perContactCenter === null)
    problems.push(`PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER ${RATE_FORMAT}, got "${perCenterText}"`);
  return Object.freeze({
    perSource: rate ? Object.freeze({ rate, burst }) : undefined,
    perContactCenter: perContactCenter ?? undefined,
  });
}

const RATE_FORMAT = 'must be off or <count>/<window> (window s, min or h, e.g. 60/min, 100/10s; 1 s-24 h)';
const WINDOW_UNITS: Record<string, number> = { s: 1000, min: 60_000, h: 3_600_000 };

/** `60/min`, `100/10s`, `1000/h`; null when malformed or out of range. */
function parseRate(value: string): Rate | null {
  const match = /^(\d{1,7})\s*\/\s*(\d{1,5})?\s*(s|min|h)$/.exec(value);
  if (!match) return null;
  const count = Number(match[1]);
  const windowMs = Number(match[2] ?? 1) * (WINDOW_UNITS[match[3] ?? ''] ?? 0);
  if (count < 1 || windowMs < 1000 || windowMs > 86_400_000) return null;
  return Object.freeze({ count, windowMs });
}

/** What fastify's trustProxy (proxy-addr) accepts, short of "trust everyone". */
function isProxyAddress(value: string): boolean {
  if (value === 'loopback' || value === 'linklocal' || value === 'uniquelocal') return true;
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** A comma-separated setting: its items, trimmed, empty ones dropped. */
function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `scheme://host[:port]` of an http(s) URL that has nothing else (no path, query, user), or undefined. */
function originOf(value: string): string | undefined {
  if (!isHttpUrl(value)) return undefined;
  const url = new URL(value);
  return `${url.origin}/` === url.href ? url.origin : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
