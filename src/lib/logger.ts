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
