/**
 * Which browser pages may use `/api/v2/notifications` (spec §5.1: "authenticated with the same
 * Basic credentials / session cookie as REST"; spec §1.4). Those credentials are ambient — the
 * browser attaches the cookie, and Basic credentials it cached after a `WWW-Authenticate` prompt,
 * to requests any page makes — so without this check a page on another origin (a same-site one
 * even gets the SameSite=Lax cookie) could open a WebSocket, or post a text/plain handshake, as
 * the agent and read the agent's or supervisor's notifications, whispers included.
 *
 * A request is admitted when:
 *   - it has no `Origin` header: not a browser page (the CometD Node client, curl). Browsers always
 *     send Origin on WebSocket upgrades and on POSTs (Fetch: "append a request `Origin` header"),
 *     so a page cannot make one without it;
 *   - its Origin is one of the trusted origins, the explicit PARLEY_CORS_ORIGINS entries: an origin
 *     the deployment lets read REST responses with credentials may read notifications too;
 *   - its Origin is the server's own: PUBLIC_URL's origin when set; else `http://` + the request's
 *     Host. The Host is the authority the browser connected to, whose cookie it sent, so a page
 *     with that same origin is served here. Only `http`: Host carries no scheme and omits default
 *     ports, so `https://<Host>` could be another server (port 443) on the same machine. Behind a
 *     TLS-terminating proxy, set PUBLIC_URL=https://…; forwarded headers are not believed.
 *
 * The wildcard `*` is never trusted here: it opens anonymous CORS (no credentials) to any origin,
 * and must not hand any origin the agent's cookie. `Origin: null` (sandboxed frames, file pages) is
 * never admitted. The check does not depend on the kind of credentials: a Basic-authenticated
 * request with a foreign Origin cannot be a page's own doing (Authorization is not a CORS-safelisted
 * header, so setting it cross-origin needs a preflight, which only trusted origins pass, and a
 * WebSocket cannot set headers at all) — it is the browser's cached Basic credentials, as ambient as
 * the cookie.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Whether a request's (or a WebSocket upgrade's) Origin may use the notifications. */
export type AdmitOrigin = (headers: IncomingHttpHeaders) => boolean;

export interface OriginOptions {
  /** Origins trusted besides the server's own (PARLEY_CORS_ORIGINS); `*` is ignored. */
  readonly trusted?: readonly string[];
  /** The server's public base URL (PUBLIC_URL); its origin is the server's own. */
  readonly publicUrl?: string;
}

/** A Host header that names an authority and nothing else (no path, no user info). */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The serialised origin of a URL, or undefined when it has none. */
function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function originPolicy(options: OriginOptions = {}): AdmitOrigin {
  const trusted = new Set<string>();
  for (const entry of options.trusted ?? []) {
    const origin = entry === '*' ? undefined : originOf(entry);
    if (origin !== undefined) trusted.add(origin);
  }
  const publicOrigin = options.publicUrl === undefined ? undefined : originOf(options.publicUrl);
  const ownOrigin = (headers: IncomingHttpHeaders): string | undefined => {
    if (publicOrigin !== undefined) return publicOrigin;
    const host = headers.host;
    return host !== undefined && HOST.test(host) ? originOf(`http://${host}`) : undefined;
  };
  return (headers) => {
    // Sec-WebSocket-Origin: the Origin of the older WebSocket drafts (protocol version 8).
    const header = headers.origin ?? headers['sec-websocket-origin'];
    const origin = Array.isArray(header) ? header[0] : header;
    if (origin === undefined) return true;
    return trusted.has(origin) || origin === ownOrigin(headers);
  };
}
