/**
 * Fastify gives every request a child logger (`request.log`, bound to its `reqId`). Making a pino
 * child serialises its bindings at once — on every request, although most requests log nothing
 * (request-log.ts). This factory hands out a stand-in that makes the real child the first time
 * the request logs, with the same bindings, so a line still names its request.
 */
import type { FastifyBaseLogger } from 'fastify';

type Bindings = Record<string, unknown>;
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];

class LazyChild {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  private real(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }

  get level(): string {
    return (this.made ?? this.parent).level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }

  silent(): void {}
}

for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const satisfies Level[]) {
  Object.defineProperty(LazyChild.prototype, level, {
    value(this: LazyChild, ...args: unknown[]) {
      const real = (this as unknown as { real(): FastifyBaseLogger }).real();
      (real[level] as (...a: unknown[]) => void).apply(real, args);
    },
  });
}

/** fastify's `childLoggerFactory`: a request logger that is made only when it is used. */
export function lazyChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildOptions,
): FastifyBaseLogger {
  return new LazyChild(logger, bindings, options) as unknown as FastifyBaseLogger;
}
