/**
 * `npx parley …` / `npm run parley -- …`: offline provisioning against the configured store
 * (run.ts), with the process's argv, terminal and standard input, and the folder's `.env`.
 */
import type { ConfigError } from '../config.js';
import { loadEnvFile } from '../config.js';
import { terminalPasswordInput } from './password-input.js';
import { run } from './run.js';

// The same `.env` as the server reads (main.ts): the CLI must open the same DATABASE_URL.
try {
  loadEnvFile();
} catch (error) {
  process.stderr.write(`parley: ${(error as ConfigError).message}\n`);
  process.exit(78);
}

run(process.argv.slice(2), {
  print: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
  passwords: terminalPasswordInput(process.stdin, process.stderr),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`parley: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
