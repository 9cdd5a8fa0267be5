/**
 * The meter process of the chat scenario: one lean load generator for Parley and its baselines,
 * pinned to the load core. It obeys JSON commands on stdin and answers with one JSON event each:
 *
 *   {"cmd":"http", …HttpRunRequest}   → {"event":"http", …HttpRunResult} (or {"event":"error"})
 *   {"cmd":"ws-echo", …WsEchoRequest} → {"event":"ws-echo", …WsEchoResult}
 *
 * It exits when stdin closes (the bench is gone) or on SIGTERM.
 *
 *   node --import tsx bench/load/http-meter.ts
 */
import { createInterface } from 'node:readline';
import { httpRun, type HttpRunRequest } from './http-run.js';
import { wsEcho, type WsEchoRequest } from './ws-echo.js';

type Command = ({ cmd: 'http' } & HttpRunRequest) | ({ cmd: 'ws-echo' } & WsEchoRequest);

function emit(event: string, fields: object): void {
  process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');
}

async function obey(line: string): Promise<void> {
  const command = JSON.parse(line) as Command;
  try {
    if (command.cmd === 'http') emit('http', await httpRun(command));
    else emit('ws-echo', await wsEcho(command));
  } catch (error) {
    emit('error', { message: error instanceof Error ? error.message : String(error) });
  }
}

// One command at a time: the bench waits for each answer before it sends the next.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(() => obey(line));
});
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
emit('ready', {});
