/**
 * faye 1.4.3, the comparison peer: its node adapter on a plain http server, mounted at the same
 * path as Parley's notifications, in-memory engine, `timeout: 30` (s), matching Parley's 30 s hold.
 * Subscribers all subscribe to `/v2/me/chats`; `POST /bench/publish` (servers/control.ts) publishes
 * each notification once to that channel through faye's server-side client, its documented way
 * for a server to publish.
 *
 *   node --import tsx bench/servers/faye.ts   → "faye: listening on http://127.0.0.1:<port>"
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { benchChannel } from '../support/payload.js';
import { announce, exitWithBench, parsePublishRequest, publishLoop } from './control.js';

/** The part of faye's (untyped, CommonJS) API the bench uses. */
interface FayeModule {
  NodeAdapter: new (options: { mount: string; timeout: number }) => FayeAdapter;
}
interface FayeAdapter {
  attach(server: Server): void;
  getClient(): { publish(channel: string, data: unknown): unknown };
  close(): unknown;
}

const faye = createRequire(import.meta.url)('faye') as FayeModule;
const adapter = new faye.NodeAdapter({ mount: '/api/v2/notifications', timeout: 30 });
const client = adapter.getClient();

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function control(request: IncomingMessage, response: ServerResponse): void {
  const reply = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  if (request.method !== 'POST' || request.url !== '/bench/publish')
    return reply(404, { error: 'not found' });
  readJson(request)
    .then((body) => publishLoop(parsePublishRequest(body), (data) => client.publish(benchChannel, data)))
    .then(
      (report) => reply(200, report),
      (error: unknown) => reply(400, { error: String(error) }),
    );
}

const server = createServer(control);
adapter.attach(server);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  announce('faye', typeof address === 'object' && address !== null ? address.port : 0);
});
exitWithBench(async () => {
  adapter.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
