import { createInterface } from 'node:readline/promises';
import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run -s console:password

Reads a password on standard input (typed, or piped) and prints its hash for
CONSOLE_PASSWORD_HASH in .env, with CONSOLE_USER, the console operator's name
(docs/analytics.md#the-console). The password itself is never stored.
  -h, --help   this text
`;

/** `npm run -s console:password`: the scrypt hash of the console operator's password. */
if (readCommandLine({ usage: USAGE, options: {} })) {
  const { hashPassword } = await import('../console/password-hash.js');
  const input = createInterface({ input: process.stdin, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = input[Symbol.asyncIterator]();
  const first = await lines.next();
  input.close();
  const password = typeof first.value === 'string' ? first.value : '';
  if (password.length < 8) {
    process.stderr.write('A console password has at least 8 characters.\n');
    process.exitCode = 1;
  } else {
    process.stdout.write(`${await hashPassword(password)}\n`);
  }
}
