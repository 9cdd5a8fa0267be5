/**
 * Baseline for P2: a raw `ws` server that sends every message it receives straight back on the
 * same socket — the floor for one WebSocket hop each way on this machine, with the same library
 * Parley's WebSocket transport uses. The load generator (bench/load/ws-echo.ts) stamps each message
 * with its send time and times the echo.
 *
 *   node --import tsx bench/servers/ws-echo.ts   → "ws-echo: listening on http://127.0.0.1:<port>"
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { announce, exitWithBench } from './control.js';

const server = createServer((_request, response) => response.writeHead(404).end());
const sockets = new WebSocketServer({ server, perMessageDeflate: false });
sockets.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  announce('ws-echo', typeof address === 'object' && address !== null ? address.port : 0);
});
exitWithBench(async () => {
  for (const socket of sockets.clients) socket.terminate();
  sockets.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
