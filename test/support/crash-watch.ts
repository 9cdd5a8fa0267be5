/**
 * Crashes of the server under test, as the fuzz suite sees them: an exception nobody caught (in
 * production, src/main.ts's close-with-grace shuts the node down on one) or a rejection nobody
 * handled, and a request that is never answered. `answer()` races a request against both, so a
 * case that crashes the server is reported as that case, at once, instead of as a hung test.
 *
 * While it watches, it is the process's only listener for both events: node:test's own would
 * fail the running test on the first crash, cancelling the rest of the run (and FUZZ_KEEP_GOING
 * could list no other). The runner's listeners are put back by stop().
 */
export interface CrashWatch {
  /** The request's answer, or a rejection naming the crash or the silence. */
  answer<T>(request: Promise<T>): Promise<T>;
  /** Every crash seen so far. */
  readonly crashes: readonly Error[];
  stop(): void;
}

export function watchCrashes(options: { silenceMs: number }): CrashWatch {
  const crashes: Error[] = [];
  let wake: ((error: Error) => void) | undefined;
  const record = (reason: unknown) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    crashes.push(error);
    wake?.(error);
  };
  const runner = {
    exceptions: process.listeners('uncaughtException'),
    rejections: process.listeners('unhandledRejection'),
  };
  process.removeAllListeners('uncaughtException').on('uncaughtException', record);
  process.removeAllListeners('unhandledRejection').on('unhandledRejection', record);
  return {
    crashes,
    async answer<T>(request: Promise<T>): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const crashed = new Promise<never>((_, reject) => {
        wake = (error) => reject(new Error(`the server crashed: ${error.name}: ${error.message}`));
        timer = setTimeout(
          () => reject(new Error(`no answer within ${options.silenceMs} ms`)),
          options.silenceMs,
        );
      });
      try {
        return await Promise.race([request, crashed]);
      } finally {
        clearTimeout(timer);
        wake = undefined;
      }
    },
    stop() {
      process.off('uncaughtException', record).off('unhandledRejection', record);
      for (const listener of runner.exceptions) process.on('uncaughtException', listener);
      for (const listener of runner.rejections) process.on('unhandledRejection', listener);
    },
  };
}
