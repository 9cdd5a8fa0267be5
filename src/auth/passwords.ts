/**
 * Password hashing with scrypt (node:crypto), at OWASP's recommended cost (Password Storage
 * Cheat Sheet: N=2^17, r=8, p=1). Stored as `scrypt$N$r$p$salt$hash` (base64url), so a hash
 * carries its own parameters: hashes made at an older cost (Parley ≤ 0.1 used N=2^14) keep
 * verifying, and `needsRehash` tells the authenticator to store a new one after a successful login.
 *
 * One hash at N=2^17, r=8 needs 128·N·r = 128 MiB of memory, above node's default `maxmem`
 * (32 MiB), so `maxmem` is set from the parameters. scrypt runs on libuv's thread pool (4 threads
 * by default): at most 4 hashes, 512 MiB, at once. Stored parameters are bounded (MAX_MEMORY) so a
 * tampered row cannot make a login allocate gigabytes. Callers pay it once per login, never per
 * request (the authenticator remembers verified credentials).
 *
 * `PARLEY_SCRYPT_COST` (log2 N, 14–20, default 17; config.ts) changes the cost of new hashes.
 * `npm test` sets 14 (Parley ≤ 0.1's cost) so its hundreds of logins stay fast; a server keeps 17.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { scryptCost } from '../config.js';

export interface ScryptParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** scrypt's parameters for a cost of 2^log2N (r=8, p=1 as OWASP's). */
export function scryptParameters(log2N: number): ScryptParameters {
  return Object.freeze({ N: 2 ** log2N, r: 8, p: 1 });
}

let current: ScryptParameters | undefined;

/** The cost of new hashes (config.ts `scryptCost`), read at the first use: `.env` is loaded by then. */
export function currentScrypt(): ScryptParameters {
  current ??= scryptParameters(scryptCost());
  return current;
}
const KEY_LENGTH = 32;
/** The most memory a stored hash may ask for (8× today's cost). */
const MAX_MEMORY = 1024 * 1024 * 1024;

interface StoredHash extends ScryptParameters {
  readonly salt: Buffer;
  readonly key: Buffer;
}

function memoryOf({ N, r }: ScryptParameters): number {
  return 128 * N * r;
}

function scrypt(
  password: string,
  salt: Buffer,
  parameters: ScryptParameters,
  length: number,
): Promise<Buffer> {
  const { N, r, p } = parameters;
  // A little headroom over 128·N·r: OpenSSL counts a few blocks more (see the module comment).
  const options = { N, r, p, maxmem: memoryOf(parameters) + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function parse(stored: string): StoredHash | undefined {
  const [scheme, n, r, p, salt, key, extra] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key || extra !== undefined) return undefined;
  const parameters = { N: Number(n), r: Number(r), p: Number(p) };
  const { N } = parameters;
  const integers = [N, parameters.r, parameters.p].every((v) => Number.isSafeInteger(v) && v >= 1);
  // N a power of two above 1 (scrypt's own rule); memory and parallelism bounded.
  if (!integers || N < 2 || (N & (N - 1)) !== 0 || parameters.p > 16) return undefined;
  if (memoryOf(parameters) > MAX_MEMORY) return undefined;
  const decodedKey = Buffer.from(key, 'base64url');
  if (decodedKey.length < 16 || decodedKey.length > 64) return undefined;
  return { ...parameters, salt: Buffer.from(salt, 'base64url'), key: decodedKey };
}

export async function hashPassword(
  password: string,
  parameters: ScryptParameters = currentScrypt(),
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, parameters, KEY_LENGTH);
  const { N, r, p } = parameters;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** False for a wrong password and for anything that is not a well-formed, bounded scrypt hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parse(stored);
  if (!hash) return false;
  const key = await scrypt(password, hash.salt, hash, hash.key.length);
  return timingSafeEqual(key, hash.key);
}

/** True when a stored hash was made at another cost than today's (a successful login rehashes). */
export function needsRehash(stored: string, parameters: ScryptParameters = currentScrypt()): boolean {
  const hash = parse(stored);
  return !hash || hash.N !== parameters.N || hash.r !== parameters.r || hash.p !== parameters.p;
}

let decoy: Promise<string> | undefined;

/**
 * A valid hash of a random password: verifying against it costs what a real check costs, so an
 * unknown user name answers as slowly as a wrong password (no user-enumeration by timing). Made at
 * the first unknown name, not at import: a CLI run or a start pays no hash it does not need.
 */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(18).toString('base64url'));
  return decoy;
}
