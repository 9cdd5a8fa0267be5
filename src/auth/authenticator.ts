/**
 * Who is calling: HTTP Basic or the session cookie (spec §1.4), for REST and for the Bayeux
 * handshake alike.
 *
 * - A successful Basic login opens a server session (cookie `JSESSIONID`, as GWS), so later
 *   requests may carry the cookie alone.
 * - scrypt is paid once per credentials, not per request: verified credentials are remembered
 *   (keyed by a hash of the exact header) together with the password hash they matched, so a
 *   password change or a disabled user invalidates them at once on this node.
 * - Sessions live in the store (any node can serve them); short-lived copies of sessions and
 *   accounts are cached for `cacheTtlMs` to keep the hot path off the database. Logout deletes
 *   the session from the store; other nodes drop their copy when told (or within `cacheTtlMs`).
 * - The login name says the contact center (login-name.ts). Failed logins are throttled per
 *   (name, source), per source and, against distributed guessing, per name (throttle.ts); unknown
 *   names cost a real scrypt.
 * - A hash made at an older scrypt cost is replaced after a successful login (passwords.ts).
 */
import { createHash, hash, randomBytes, randomUUID } from 'node:crypto';
import type { ContactCenter, User } from '../accounts/records.js';
import type { Session, Store } from '../store/store.js';
import { DomainError } from '../errors.js';
import { parseBasic, readCookie, SESSION_COOKIE } from './basic.js';
import { BoundedCache } from './bounded-cache.js';
import { resolveLogin } from './login-name.js';
import { LoginThrottle } from './login-throttle.js';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { sourceOf } from './source.js';
import { WINDOW_MS, MAX_LOCK_MS } from './throttle.js';

export interface Principal {
  readonly user: User;
  readonly contactCenter: ContactCenter;
  readonly session: Session;
  /** The cookie value to set when this request opened (or re-issued) the session. */
  readonly issueCookie: string | undefined;
  /** True when the request carried this session's cookie (CSRF applies to cookie sessions). */
  readonly viaCookie: boolean;
}

export interface AuthenticatorOptions {
  readonly store: Store;
  readonly now?: () => number;
  /** A session idles out after this long without a request (default 8 h, one shift). */
  readonly sessionIdleMs?: number;
  readonly cacheTtlMs?: number;
}

interface VerifiedCredentials {
  readonly userId: string;
  readonly passwordHash: string;
  readonly sessionId: string;
  readonly sessionIdHash: string;
}

/** Who sent a request, for the failed-login throttle: the client address (source.ts). */
export interface RequestOrigin {
  readonly ip?: string | undefined;
}

interface Account {
  readonly user: User;
  readonly contactCenter: ContactCenter;
}

interface Login {
  readonly userName: string;
  readonly password: string;
  readonly source: string;
}

const TOUCH_AFTER_MS = 60_000;

/**
 * Built field by field: V8 in Node 20 adds new properties to a spread copy (`{ ...account, x }`)
 * through a slow path — about 3 µs here, on every authenticated request.
 */
function principal(
  account: Account,
  session: Session,
  issueCookie: string | undefined,
  viaCookie: boolean,
): Principal {
  return { user: account.user, contactCenter: account.contactCenter, session, issueCookie, viaCookie };
}

export function hashSessionId(sessionId: string): string {
  return hash('sha256', sessionId, 'hex');
}

export class Authenticator {
  private readonly store: Store;
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly credentials: BoundedCache<string, VerifiedCredentials>;
  private readonly sessions: BoundedCache<string, Session>;
  private readonly accounts: BoundedCache<string, Account>;
  private readonly idHashes: BoundedCache<string, string>;
  private readonly throttle: LoginThrottle;
  /**
   * Password checks in flight, by credentials: requests sent at once with the same Basic header
   * (a client starting up) share one check, one scrypt and one count against the throttle.
   */
  private readonly verifying = new Map<string, Promise<Account>>();
  /** The home contact center's id once known (contact centers are never deleted). */
  private homeId: string | undefined;

  constructor(options: AuthenticatorOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.throttle = new LoginThrottle(this.store.loginFailures, this.now);
    // Made now, in the background, so the first unknown name costs what any wrong password costs.
    void decoyHash();
    this.idleMs = options.sessionIdleMs ?? 8 * 3600_000;
    const ttl = options.cacheTtlMs ?? 2000;
    this.credentials = new BoundedCache(50_000, 10 * 60_000, this.now);
    this.sessions = new BoundedCache(100_000, ttl, this.now);
    this.accounts = new BoundedCache(50_000, ttl, this.now);
    this.idHashes = new BoundedCache(100_000, 10 * 60_000, this.now);
  }

  /** Throws NotAuthenticated (or LoginThrottled) when the headers prove no one. */
  async authenticate(
    headers: {
      authorization?: string | undefined;
      cookie?: string | undefined;
    },
    origin: RequestOrigin = {},
  ): Promise<Principal> {
    const basic = parseBasic(headers.authorization);
    const cookie = readCookie(headers.cookie, SESSION_COOKIE);
    if (basic === null) throw new DomainError('NotAuthenticated', 'Malformed Basic credentials');
    if (basic) {
      const login = { ...basic, source: sourceOf(origin.ip) };
      return this.viaBasic(headers.authorization ?? '', login, cookie);
    }
    if (cookie) {
      const resolved = await this.resolveSession(cookie);
      if (resolved) return principal(resolved, resolved.session, undefined, true);
    }
    throw new DomainError('NotAuthenticated');
  }

  /**
   * The hot path without a promise: a cookie whose session and account are both cached (and need
   * no touch yet) proves its caller at once. Anything else — Basic, a miss, an expiry — answers
   * undefined and the caller uses authenticate().
   */
  cached(headers: {
    authorization?: string | undefined;
    cookie?: string | undefined;
  }): Principal | undefined {
    if (headers.authorization !== undefined) return undefined;
    const cookie = readCookie(headers.cookie, SESSION_COOKIE);
    if (!cookie) return undefined;
    const session = this.sessions.get(this.idHashOf(cookie));
    const now = this.now();
    if (!session || session.expiresAt <= now || now - session.lastSeenAt > TOUCH_AFTER_MS) return undefined;
    const account = this.accounts.get(session.userId);
    if (!account?.user.enabled) return undefined;
    return principal(account, session, undefined, true);
  }

  /**
   * The store's key of a session id. A SHA-256 per request was a tenth of a cached request's own
   * work; the hashes of ids seen lately are remembered (the ids are in every request's memory
   * anyway; the store still holds only hashes).
   */
  private idHashOf(sessionId: string): string {
    let idHash = this.idHashes.get(sessionId);
    if (idHash === undefined) {
      idHash = hashSessionId(sessionId);
      this.idHashes.set(sessionId, idHash);
    }
    return idHash;
  }

  /** Forget cached copies of a user after a change (password, roles, enabled, deletion). */
  forgetUser(userId: string): void {
    this.accounts.delete(userId);
    this.credentials.deleteWhere((c) => c.userId === userId);
    this.sessions.deleteWhere((s) => s.userId === userId);
  }

  /** Forget cached accounts of a contact center after its features or settings change. */
  forgetContactCenter(contactCenterId: string): void {
    this.accounts.deleteWhere((a) => a.contactCenter.id === contactCenterId);
  }

  /**
   * Logout: the session ends in the store (so on every node) and in this node's caches. Basic
   * credentials that opened it open a new one when sent again.
   */
  async endSession(session: Session): Promise<void> {
    await this.store.sessions.delete(session.idHash);
    this.sessions.delete(session.idHash);
    this.credentials.deleteWhere((c) => c.sessionIdHash === session.idHash);
  }

  /** Deletes expired sessions, and failed-login counters no window or lock needs any longer. */
  async sweepExpiredSessions(): Promise<number> {
    const now = this.now();
    await this.store.loginFailures.deleteStale(now - Math.max(WINDOW_MS, MAX_LOCK_MS));
    return this.store.sessions.deleteExpired(now);
  }

  private async viaBasic(header: string, login: Login, cookie: string | undefined) {
    const key = createHash('sha256').update(header).digest('base64url');
    let verified = this.credentials.get(key);
    let account = verified && (await this.account(verified.userId));
    if (!verified || !account || account.user.passwordHash !== verified.passwordHash) {
      let pending = this.verifying.get(key);
      if (!pending) {
        pending = this.verifyPassword(login).finally(() => this.verifying.delete(key));
        this.verifying.set(key, pending);
      }
      account = await pending;
      verified = undefined;
    }
    // Reuse the caller's cookie session, or the session these credentials opened before.
    const fromCookie = cookie ? await this.resolveSession(cookie) : undefined;
    if (fromCookie && fromCookie.user.id === account.user.id) {
      return principal(fromCookie, fromCookie.session, undefined, true);
    }
    const reused = verified && (await this.resolveSession(verified.sessionId));
    if (reused && reused.user.id === account.user.id) {
      return principal(reused, reused.session, verified?.sessionId, false);
    }
    const { sessionId, session } = await this.openSession(account.user.id);
    this.credentials.set(key, {
      userId: account.user.id,
      passwordHash: account.user.passwordHash,
      sessionId,
      sessionIdHash: session.idHash,
    });
    return principal(account, session, sessionId, false);
  }

  private async verifyPassword(login: Login): Promise<Account> {
    const target = await resolveLogin(this.store.contactCenters, login.userName, () => this.home());
    const attempt = await this.throttle.admit(target.key, login.source);
    const user =
      target.contactCenterId === undefined
        ? undefined
        : await this.store.users.getByUserName(target.userName, target.contactCenterId);
    const ok = await verifyPassword(login.password, user?.passwordHash ?? (await decoyHash()));
    const account = ok && user?.enabled ? await this.account(user.id) : undefined;
    if (!account) {
      await this.throttle.failed(attempt);
      throw new DomainError('NotAuthenticated');
    }
    await this.throttle.succeeded(attempt);
    return needsRehash(account.user.passwordHash) ? this.rehash(account, login.password) : account;
  }

  /** Stores a hash at today's cost, unless the password changed meanwhile (then keeps that). */
  private async rehash(account: Account, password: string): Promise<Account> {
    const passwordHash = await hashPassword(password);
    const { user } = account;
    if (!(await this.store.users.replacePasswordHash(user.id, user.passwordHash, passwordHash)))
      return account;
    const rehashed = { user: { ...user, passwordHash }, contactCenter: account.contactCenter };
    this.accounts.set(user.id, rehashed);
    return rehashed;
  }

  private async home(): Promise<string | undefined> {
    this.homeId ??= (await this.store.contactCenters.home())?.id;
    return this.homeId;
  }

  private async openSession(userId: string): Promise<{ sessionId: string; session: Session }> {
    const sessionId = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: Session = {
      idHash: hashSessionId(sessionId),
      userId,
      csrfToken: randomUUID(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.idleMs,
    };
    await this.store.sessions.create(session);
    this.sessions.set(session.idHash, session);
    return { sessionId, session };
  }

  private async resolveSession(sessionId: string): Promise<(Account & { session: Session }) | undefined> {
    const idHash = this.idHashOf(sessionId);
    let session = this.sessions.get(idHash) ?? (await this.store.sessions.get(idHash));
    const now = this.now();
    if (!session || session.expiresAt <= now) {
      this.sessions.delete(idHash);
      return undefined;
    }
    if (now - session.lastSeenAt > TOUCH_AFTER_MS) {
      session = { ...session, lastSeenAt: now, expiresAt: now + this.idleMs };
      await this.store.sessions.touch(idHash, session.lastSeenAt, session.expiresAt);
    }
    this.sessions.set(idHash, session);
    const account = await this.account(session.userId);
    return account && { user: account.user, contactCenter: account.contactCenter, session };
  }

  /** The enabled user with its contact center, or undefined. */
  private async account(userId: string): Promise<Account | undefined> {
    let account = this.accounts.get(userId);
    if (!account) {
      const user = await this.store.users.get(userId);
      const contactCenter = user && (await this.store.contactCenters.get(user.contactCenterId));
      if (!user || !contactCenter) return undefined;
      account = { user, contactCenter };
      this.accounts.set(userId, account);
    }
    return account.user.enabled ? account : undefined;
  }
}
