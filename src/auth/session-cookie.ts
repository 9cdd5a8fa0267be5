/**
 * The session cookie's `Set-Cookie` values (spec §1.4: `JSESSIONID`): HttpOnly, SameSite=Lax,
 * Secure when PUBLIC_URL is https. Logout answers with the expired form, which browsers drop.
 */
import { SESSION_COOKIE } from './basic.js';

export function sessionCookie(sessionId: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${sessionId}${attributes(secure)}`;
}

export function expiredSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=${attributes(secure)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}

function attributes(secure: boolean): string {
  return `; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
