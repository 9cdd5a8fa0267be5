/**
 * GWS time formats (spec §3.1): `timestamp` / `receivedDate` as `yyyy-MM-dd HH:mm:ss.SSSZ`
 * (UTC here, `+0000`), and `timestampSeconds` in milliseconds despite its name.
 */
export function gwsTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-01-09T11:58:12.035Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}+0000`;
}
