/**
 * The HTTP requests a server is answering, counted where Node hands them over (every request,
 * whatever fastify does with it, until its response is done or its connection is gone). The
 * shutdown waits on it (main.ts) so that the port stays open, answering 503, until the requests
 * already taken have been answered; /metrics reports it.
 */
import type { Server } from 'node:http';

export class InFlight {
  private active = 0;
  private waiting: (() => void)[] = [];

  constructor(server: Server) {
    server.on('request', (_request, response) => {
      this.active += 1;
      response.once('close', () => {
        this.active -= 1;
        if (this.active === 0) for (const wake of this.waiting.splice(0)) wake();
      });
    });
  }

  get count(): number {
    return this.active;
  }

  /** Resolves true once no request is in flight, or false after `timeoutMs` with some still are. */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      this.waiting.push(wake);
    });
  }
}
