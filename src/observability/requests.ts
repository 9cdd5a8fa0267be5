/**
 * Every answered request, once, in one onResponse hook on the root (so every route and the 404
 * handler go through it): counted for /metrics by route pattern and status, and logged as
 * request-log.ts says. Without metrics and without a logger (tests), nothing is installed.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';
import { UNMATCHED_ROUTE } from './metrics.js';
import { RequestSummary, ownLineLevel } from './request-log.js';

export interface RequestObservation {
  readonly metrics?: Metrics;
  /** The request log; undefined: none. */
  readonly logger?: FastifyBaseLogger;
  /** Period of the summary line (ms); 0: no summary. */
  readonly summaryMs: number;
}

export function observeRequests(server: FastifyInstance, options: RequestObservation): void {
  const { metrics, logger, summaryMs } = options;
  if (!metrics && !logger) return;
  const summary = logger && summaryMs > 0 ? new RequestSummary() : undefined;
  server.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const status = reply.statusCode;
    metrics?.observeRequest(request.method, route, status, reply.elapsedTime / 1000);
    summary?.count(request.method, route ?? UNMATCHED_ROUTE, status);
    const level = logger && ownLineLevel(status);
    if (level) {
      request.log[level](
        {
          method: request.method,
          route: route ?? UNMATCHED_ROUTE,
          statusCode: status,
          remoteAddress: request.ip,
          responseTimeMs: Math.round(reply.elapsedTime),
        },
        status >= 500 ? 'request failed' : 'request refused',
      );
    }
    done();
  });
  if (!summary || !logger) return;
  const flush = () => {
    const taken = summary.take();
    if (taken) logger.info({ ...taken, periodSeconds: Math.round(summaryMs / 1000) }, 'requests');
  };
  const timer = setInterval(flush, summaryMs);
  timer.unref();
  // The last, partial period is written when the server closes.
  server.addHook('onClose', async () => {
    clearInterval(timer);
    flush();
  });
}
