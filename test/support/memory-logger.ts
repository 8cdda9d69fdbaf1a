import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/lib/logger.js';

/** A logger writing its JSON lines into memory, for checking what reaches the logs. */
export function memoryLogger(level: 'debug' | 'error' = 'debug'): {
  logger: Logger;
  text: () => string;
  lines: () => unknown[];
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    logger: createLogger(level, stream),
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown),
  };
}
