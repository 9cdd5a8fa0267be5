#!/usr/bin/env node
// `npm run screenshots`: copies the README's screenshots (docs/screenshots/) from the browser
// tests' last run (test-results/screens/, written by `npm test -- test/browser`), so the README
// shows the console as it is. The coaching moment of the journey, and the board with a chat.
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = {
  'agent-desk-coached.png': 'journey/09-03-coach-agent.png',
  'supervisor-coaching.png': 'journey/10-03-coach-supervisor.png',
  'widget-1280.png': 'journey/08-03-coach-customer.png',
  'widget-375.png': 'journey/11-03-coach-customer-375px.png',
  'supervisor-board.png': 'supervisor-console/04-chat-accepted.png',
};

const missing = Object.values(SHOTS).filter((from) => !existsSync(join(root, 'test-results/screens', from)));
if (missing.length > 0) {
  console.error(`not in test-results/screens (run npm test -- test/browser first): ${missing.join(', ')}`);
  process.exit(1);
}
for (const [to, from] of Object.entries(SHOTS)) {
  copyFileSync(join(root, 'test-results/screens', from), join(root, 'docs/screenshots', to));
  console.log(`docs/screenshots/${to} ← test-results/screens/${from}`);
}
