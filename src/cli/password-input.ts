/**
 * Where the CLI gets a password, best first:
 *
 *   a prompt       on a terminal, typed twice, never echoed (the default);
 *   --password-stdin  the first line of standard input (`printf '%s\n' "$PW" | parley …`, or a
 *                  file or a secrets manager's pipe), for scripts;
 *   --password <p> still accepted, with a warning: argv shows in `ps` and in shell history.
 */
import type { Readable, Writable } from 'node:stream';
import { DomainError } from '../errors.js';

export interface PasswordInput {
  /** The first line of standard input, without its line end. */
  fromStdin(): Promise<string>;
  /** Asks on the terminal without echo; undefined when standard input is no terminal. */
  prompt(question: string): Promise<string> | undefined;
}

interface TerminalInput extends Readable {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export function terminalPasswordInput(stdin: TerminalInput, prompts: Writable): PasswordInput {
  return {
    fromStdin: () => firstLine(stdin),
    prompt: (question) => (stdin.isTTY && stdin.setRawMode ? unechoed(stdin, prompts, question) : undefined),
  };
}

export async function firstLine(input: Readable): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function unechoed(stdin: TerminalInput, prompts: Writable, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      prompts.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new DomainError('Forbidden', 'Cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    prompts.write(question);
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

export interface PasswordFlags {
  readonly password?: string | boolean | undefined;
  readonly 'password-stdin'?: string | boolean | undefined;
}

/**
 * The password a command was given. `required`: a new account's password (prompted for, twice,
 * when no flag gives it); otherwise undefined when none is given (an update that keeps it).
 */
export async function passwordFrom(
  flags: PasswordFlags,
  input: PasswordInput,
  warn: (line: string) => void,
  required: boolean,
): Promise<string | undefined> {
  if (typeof flags.password === 'string') {
    warn(
      'parley: --password shows in the process list and shell history; prefer --password-stdin or the prompt',
    );
    return flags.password;
  }
  if (flags['password-stdin'] === true) return input.fromStdin();
  if (!required) return undefined;
  const first = input.prompt('Password: ');
  if (!first) {
    throw new DomainError(
      'MissingParameter',
      'A password is needed: pipe it in with --password-stdin, or run in a terminal to be asked',
    );
  }
  const password = await first;
  if ((await input.prompt('Password again: ')) !== password) {
    throw new DomainError('ValidationFailed', 'The two passwords differ');
  }
  return password;
}
