/**
 * The Prometheus listener: `GET /metrics` and nothing else, on its own host and port
 * (PARLEY_METRICS_HOST, PARLEY_METRICS_PORT), apart from the API. The metrics tell how much
 * traffic there is and which contact centers and queues exist, so they stay off the public port;
 * and behind a load balancer each node must be scraped on its own anyway (counters are per node).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

export interface MetricsListener {
  /** `http://host:port/metrics` */
  readonly url: string;
  close(): Promise<void>;
}

export async function listenMetrics(options: {
  readonly metrics: Metrics;
  readonly host: string;
  readonly port: number;
  readonly onError?: (error: unknown) => void;
}): Promise<MetricsListener> {
  const { metrics } = options;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Not found: try /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    metrics.text().then(
      (text) =>
        response
          .writeHead(200, { 'content-type': metrics.contentType })
          .end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        options.onError?.(error);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n');
      },
    );
  });
  server.keepAliveTimeout = 65_000; // longer than a scrape interval, so scrapes reuse a connection
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
