/** Times on the desk: GWS `receivedDate` strings (spec §3.1) and the ticking "offered for" clock. */
import { useEffect, useState } from 'preact/hooks';

/**
 * `"2016-08-16 03:01:21.000-0700"` (`yyyy-MM-dd HH:mm:ss.SSSZ`, spec §3.1; one sample lost the
 * space) → milliseconds since the epoch, or undefined when it is not that format.
 */
export function parseGwsDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}) ?(\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)([+-]\d{2}):?(\d{2})$/.exec(value);
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}T${match[2]}${match[3]}:${match[4]}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The current time, re-rendering every `everyMs`. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
