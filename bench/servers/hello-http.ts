/**
 * Reference beside P1 (its baseline is the fastify no-op, fastify-noop.ts): the least a Node HTTP
 * server can do per request — a bare `node:http` server that reads the request body and answers a
 * constant GWS-shaped `{"statusCode":0}` with keep-alive. Driven by the same load generator
 * (bench/load/http-meter.ts) as Parley's SendMessage, so it shows Node's raw HTTP capacity here.
 *
 *   node --import tsx bench/servers/hello-http.ts   → "hello-http: listening on http://127.0.0.1:<port>"
 */
import { createServer } from 'node:http';
import { announce, exitWithBench } from './control.js';

const body = Buffer.from('{"statusCode":0}');
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200, headers).end(body));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  announce('hello-http', typeof address === 'object' && address !== null ? address.port : 0);
});
exitWithBench(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
