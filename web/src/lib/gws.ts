/**
 * The typed GWS client every screen uses (spec §1.2–§1.4): `GET` resources and `POST`
 * `{"operationName": …}` operations, unwrapped from the `statusCode` envelope. It signs in with
 * Basic once; the server's `JSESSIONID` cookie (HttpOnly) carries the session from then on, and
 * the `X-CSRF-TOKEN` the server hands out is sent back on every mutating request.
 */

/**
 * A GWS failure: `statusCode` ≠ 0 (spec §1.3), with the HTTP status it came with and, on a 429,
 * the seconds its Retry-After asks for (exposed to other origins too: http/cors.ts).
 */
export class GwsError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly http: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'GwsError';
  }
}

/** statusCode 20: the session is gone (expired, ended elsewhere, or signed out). */
export const sessionGone = (error: unknown) => error instanceof GwsError && error.statusCode === 20;

export interface User {
  readonly id: string;
  readonly userName: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly roles: readonly string[];
  readonly uri: string;
  readonly path: string;
}

export type Body = Record<string, unknown>;

export interface GwsOptions {
  /** Where the server is: '' for this page's origin (the console), an absolute URL for the widget. */
  readonly base?: string;
  /** Extra headers on every request (the widget's `ContactCenterId`). */
  readonly headers?: Record<string, string>;
  /** 'include' when the session cookie must travel (the console); 'omit' for the customer. */
  readonly credentials?: RequestCredentials;
}

export class Gws {
  private csrfToken: string | undefined;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly credentials: RequestCredentials;

  constructor(options: GwsOptions = {}) {
    this.base = (options.base ?? '').replace(/\/+$/, '');
    // Same origin: `X-Requested-With` keeps a 401 from carrying a Basic challenge, which would
    // make the browser open its own password dialog over the console (auth/guard.ts). Another
    // origin (the widget) sends no credentials and gets no 401, and a custom header would cost
    // a preflight there.
    this.headers = {
      ...(this.base === '' ? { 'x-requested-with': 'XMLHttpRequest' } : {}),
      ...options.headers,
    };
    this.credentials = options.credentials ?? 'same-origin';
  }

  /** Signs in with Basic (spec §1.4); the session cookie then carries every later request. */
  async login(userName: string, password: string): Promise<User> {
    const basic = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${userName}:${password}`)))}`;
    const body = await this.request('GET', '/api/v2/me', undefined, { authorization: basic });
    return body.user as User;
  }

  /** The signed-in user, or null when this browser has no live session. */
  async resume(): Promise<User | null> {
    try {
      return (await this.get('/api/v2/me')).user as User;
    } catch (error) {
      if (sessionGone(error)) return null;
      throw error;
    }
  }

  /** Ends the session on every node (Parley extension, README "Contact centers and logout"). */
  async logout(): Promise<void> {
    await this.post('/parley/v1/me', { operationName: 'Logout' });
    this.csrfToken = undefined;
  }

  get(path: string): Promise<Body> {
    return this.request('GET', path);
  }

  post(path: string, body: Body): Promise<Body> {
    return this.request('POST', path, body);
  }

  private async request(method: string, path: string, body?: Body, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { ...this.headers, ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        credentials: this.credentials,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new GwsError(-1, 'The server cannot be reached', 0);
    }
    const token = response.headers.get('x-csrf-token');
    if (token) this.csrfToken = token;
    let answer: Body;
    try {
      answer = (await response.json()) as Body;
    } catch {
      throw new GwsError(-1, `Unexpected answer (HTTP ${response.status})`, response.status);
    }
    const statusCode = typeof answer.statusCode === 'number' ? answer.statusCode : -1;
    if (statusCode !== 0) {
      const message =
        typeof answer.statusMessage === 'string' ? answer.statusMessage : `HTTP ${response.status}`;
      const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
      throw new GwsError(
        statusCode,
        message,
        response.status,
        Number.isFinite(retryAfter) ? retryAfter : undefined,
      );
    }
    return answer;
  }
}

/** What a user reads when an operation fails. */
export function describeError(error: unknown): string {
  if (error instanceof GwsError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
