import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines on stdout (or `destination`). Personal data is masked by the callers
 * (maskPhone, maskName) before it reaches a log line; `redact` is a second net for fields
 * named like PII.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    redact: {
      paths: ['*.firstName', '*.lastName', '*.patronymic', '*.phones'],
      censor: '[masked]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Standard output written in the background (pino's asynchronous destination): a line
 * logged while a write is in flight joins a buffer written after it, so logging at `info`
 * costs a webhook a string, not a blocking system call of its own. Call `flushSync()`
 * before exiting, or the last lines may be lost.
 */
export function backgroundStdout(): DestinationStream & { flushSync(): void } {
  return pino.destination({ dest: 1, sync: false });
}
