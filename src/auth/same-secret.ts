/**
 * Compares a presented secret (a CSRF token) with the expected one in time that does not depend
 * on where they differ (crypto.timingSafeEqual), so response times cannot reveal the token a
 * prefix at a time. Only the length may show, and every token has the same length (a UUID).
 */
import { timingSafeEqual } from 'node:crypto';

export function sameSecret(presented: string | readonly string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
