/**
 * P1's baseline: Parley's HTTP framework alone — fastify (the version Parley runs, no logger)
 * with Parley's SendMessage route shape, `POST /api/v2/me/chats/:chatId`, whose handler answers
 * `{"statusCode":0,"referenceId":n}` without authentication, validation, store or fan-out. Given
 * the same requests as Parley's SendMessage (and as the hello world, shown for reference), it is
 * the most any fastify route reaches on this machine; the goal is Parley's durable SendMessage at
 * half of it or more.
 *
 *   node --import tsx bench/servers/fastify-noop.ts → "fastify-noop: listening on http://127.0.0.1:<port>"
 */
import Fastify from 'fastify';
import { announce, exitWithBench } from './control.js';

const app = Fastify({ logger: false });
let referenceId = 0;
app.post('/api/v2/me/chats/:chatId', async () => ({ statusCode: 0, referenceId: ++referenceId }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
announce('fastify-noop', typeof address === 'object' && address !== null ? address.port : 0);
exitWithBench(async () => {
  await app.close();
});
