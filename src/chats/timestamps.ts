/**
 * GWS time formats (spec §3.1): `timestamp` / `receivedDate` as `yyyy-MM-dd HH:mm:ss.SSSZ`
 * (UTC here, `+0000`), and `timestampSeconds` in milliseconds despite its name.
 */
export function gwsTimestamp(ms: number): string {
  // A fan-out formats the same instant once per view: remember the last one.
  if (ms === last.ms) return last.text;
  const iso = new Date(ms).toISOString(); // 2024-01-09T11:58:12.035Z
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}+0000`;
  last = { ms, text };
  return text;
}

let last = { ms: Number.NaN, text: '' };
