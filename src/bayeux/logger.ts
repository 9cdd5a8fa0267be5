/**
 * The logging the Bayeux server needs; pino's and fastify's loggers satisfy it. Passed in, never
 * imported, so that the core stays free of transport and configuration concerns (STYLE.md §2, §10).
 */
export interface BayeuxLogger {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
