/**
 * `npx parley …` / `npm run parley -- …`: offline provisioning against the configured store
 * (run.ts), with the process's argv, terminal and standard input.
 */
import { terminalPasswordInput } from './password-input.js';
import { run } from './run.js';

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
