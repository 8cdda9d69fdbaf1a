import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

/** Requests keep their raw bytes: Vonage signs a hash of exactly what was sent. */
export type RawBodyRequest = Request & { rawBody?: Buffer };

/** `verify` hook for express.json/urlencoded that keeps the raw body. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  (req as unknown as { rawBody?: Buffer }).rawBody = buf;
}
