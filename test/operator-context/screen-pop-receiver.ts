import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact bytes received, as text: the signature covers them. */
  body: string;
}

/**
 * A screen-pop receiver on 127.0.0.1 with a port of its own: answers `ok` (204), `fail`
 * (500) or `hang` (never answers, holding the request open until closed).
 */
export async function startReceiver(mode: 'ok' | 'fail' | 'hang' = 'ok') {
  const received: Received[] = [];
  const waiting: Array<(r: Received) => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(r);
      waiting.splice(0).forEach((resolve) => resolve(r));
      if (mode === 'ok') res.writeHead(204).end();
      if (mode === 'fail') res.writeHead(500, { 'Content-Type': 'text/plain' }).end('boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ivr/screen-pop`,
    received,
    /** The first request, already received or the next to arrive. */
    first(): Promise<Received> {
      const r = received[0];
      return r ? Promise.resolve(r) : new Promise((resolve) => waiting.push(resolve));
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
