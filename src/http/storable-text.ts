/**
 * Text every store keeps exactly as sent. PostgreSQL's `text` refuses U+0000 ("invalid byte
 * sequence for encoding UTF8: 0x00", which used to surface as HTTP 500), and a lone UTF-16
 * surrogate has no UTF-8 form (the driver would store U+FFFD instead of what was sent), while
 * SQLite stores both. So both are refused at validation, on every store alike, naming the
 * parameter (statusCode 10, spec §1.3).
 */

/** Whether `text` can be stored and read back unchanged. */
export function isStorable(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/**
 * The path (`userData.key`, `messages.2`) of the first string — value or object key — that
 * cannot be stored, `''` for the value itself, or undefined when everything can be.
 */
export function unstorableAt(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return isStorable(value) ? undefined : '';
  if (typeof value !== 'object' || value === null || depth > 32) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = unstorableAt(value[i], depth + 1);
      if (inner !== undefined) return join(String(i), inner);
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (!isStorable(key)) return JSON.stringify(key).slice(1, -1); // escaped: U+0000 is unprintable
    const at = unstorableAt(inner, depth + 1);
    if (at !== undefined) return join(key, at);
  }
  return undefined;
}

const join = (head: string, tail: string) => (tail === '' ? head : `${head}.${tail}`);
