/** HTTP Basic credentials (spec §1.4) and the session cookie, parsed from request headers. */
import { isStorable } from '../http/storable-text.js';

export interface BasicCredentials {
  readonly userName: string;
  readonly password: string;
}

/** undefined: no Basic header; null: a Basic header that cannot be decoded. */
export function parseBasic(authorization: string | undefined): BasicCredentials | null | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(authorization);
  if (!match?.[1]) return /^Basic\b/i.test(authorization) ? null : undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  // A user name no store can hold names no one (and would break the failed-login record).
  if (!isStorable(decoded.slice(0, colon))) return null;
  return { userName: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export const SESSION_COOKIE = 'JSESSIONID';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  // Scanned in place (no split into an array per request): each `;`-separated pair in turn.
  for (let start = 0; start < header.length;) {
    let end = header.indexOf(';', start);
    if (end < 0) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq > start && eq < end && header.slice(start, eq).trim() === name) {
      const value = header.slice(eq + 1, end).trim();
      return value === '' ? undefined : value;
    }
    start = end + 1;
  }
  return undefined;
}
