/**
 * The request guard: who may call a route (STYLE brief: "who may call an operation").
 *
 * Every route requires an authenticated user unless its config says `auth: 'public'`. A route
 * may also require one of some roles (statusCode 5) and a contact-center feature (statusCode 5,
 * spec §1.5). With CSRF protection on (spec §1.4), every GET answered for a session carries
 * `X-CSRF-HEADER: X-CSRF-TOKEN` and `X-CSRF-TOKEN`, and every mutating request must present the
 * session cookie and that token (compared in constant time, same-secret.ts), else HTTP 403
 * `Missing or invalid Csrf token`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Feature } from '../accounts/features.js';
import type { Role } from '../accounts/roles.js';
import { DomainError } from '../errors.js';
import type { Authenticator, Principal } from './authenticator.js';
import { sameSecret } from './same-secret.js';
import { sessionCookie } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'public': no authentication (health, customer API, Bayeux, which authenticates itself). */
    auth?: 'user' | 'public';
    /** The caller needs at least one of these roles. */
    roles?: readonly Role[];
    /** The caller's contact center needs this feature (spec §1.5). */
    feature?: Feature;
    /** One of the console's built files (console/routes.ts). */
    consoleFile?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

type RouteConfig = FastifyRequest['routeOptions']['config'];

const MUTATING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export interface GuardOptions {
  readonly authenticator: Authenticator;
  readonly csrf: boolean;
  readonly secureCookie: boolean;
}

export function installGuard(app: FastifyInstance, options: GuardOptions): void {
  const { authenticator, csrf, secureCookie } = options;
  app.decorateRequest('principal', undefined);

  const admit = (request: FastifyRequest, reply: FastifyReply, principal: Principal, config: RouteConfig) => {
    request.principal = principal;
    if (principal.issueCookie) reply.header('set-cookie', sessionCookie(principal.issueCookie, secureCookie));
    if (csrf) checkCsrf(request, principal, (name, value) => reply.header(name, value));
    if (config.roles && !config.roles.some((role) => principal.user.roles.includes(role))) {
      throw new DomainError(
        'NoPermission',
        `This operation needs one of the roles ${config.roles.join(', ')}`,
      );
    }
    if (config.feature && !principal.contactCenter.features.includes(config.feature)) {
      throw new DomainError(
        'FeatureDisabled',
        `The feature ${config.feature} is not enabled for this contact center`,
      );
    }
  };
  const settle = (
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    config: RouteConfig,
    done: (error?: Error) => void,
  ) => {
    try {
      admit(request, reply, principal, config);
    } catch (error) {
      return done(error as Error);
    }
    done();
  };
  const refused = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (
      error instanceof DomainError &&
      error.code === 'NotAuthenticated' &&
      !request.headers['x-requested-with']
    ) {
      reply.header('www-authenticate', 'Basic realm="Parley"');
    }
    return error;
  };

  // A callback hook: a cached cookie session is admitted without a promise (the hot path).
  app.addHook('onRequest', (request, reply, done) => {
    // routeOptions is a getter that builds a new object: read once per request.
    const config = request.routeOptions.config;
    if (config.auth === 'public' || request.is404) return done();
    const cached = authenticator.cached(request.headers);
    if (cached) return settle(request, reply, cached, config, done);
    authenticator.authenticate(request.headers, request).then(
      (principal) => settle(request, reply, principal, config, done),
      (error: unknown) => done(refused(request, reply, error) as Error),
    );
  });
}

function checkCsrf(
  request: FastifyRequest,
  principal: Principal,
  header: (name: string, value: string) => void,
) {
  if (!MUTATING.has(request.method)) {
    header('x-csrf-header', 'X-CSRF-TOKEN');
    header('x-csrf-token', principal.session.csrfToken);
    return;
  }
  if (!principal.viaCookie || !sameSecret(request.headers['x-csrf-token'], principal.session.csrfToken)) {
    throw new DomainError('CsrfTokenInvalid');
  }
}

/** The authenticated caller of a guarded route. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new DomainError('NotAuthenticated');
  return request.principal;
}
