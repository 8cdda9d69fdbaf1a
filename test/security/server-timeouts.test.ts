import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, testConfig } from '../support/test-app.js';
import { applyServerTimeouts } from '../../src/http/server-timeouts.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** The real app on a real listening socket (port 0), limited as main.ts limits it. */
async function listening(t: { headersMs: number; requestMs: number }): Promise<number> {
  const { app } = await buildTestApp();
  const server = app.listen(0, '127.0.0.1');
  applyServerTimeouts(server, t);
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return (server.address() as AddressInfo).port;
}

interface Trickle {
  /** What the server sent before closing. */
  received: string;
  /** ms from connecting until the server closed the socket; null if it never did. */
  closedAfterMs: number | null;
}

/**
 * A client that sends `head` (all at once, or a byte at a time) and then trickles one body
 * byte every `everyMs`, for at most `forMs`.
 */
function trickle(
  port: number,
  opts: { head: string; trickleHead?: boolean; everyMs: number; forMs: number },
): Promise<Trickle> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (closedAfterMs: number | null) => {
      clearInterval(timer);
      socket.destroy();
      resolve({ received, closedAfterMs });
    };
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('close', () => finish(Date.now() - started));
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      let pending = opts.trickleHead ? opts.head : '';
      if (!opts.trickleHead) socket.write(opts.head);
      timer = setInterval(() => {
        if (Date.now() - started > opts.forMs) return finish(null);
        if (pending) {
          socket.write(pending[0]!);
          pending = pending.slice(1);
        } else socket.write('x');
      }, opts.everyMs);
    });
  });
}

const head = (length: number) =>
  'POST /twilio/voice HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
  `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${length}\r\n\r\n`;

describe('server timeouts cut slow clients', () => {
  it('20 sockets trickling a body are closed with 408 once the request time is up', async () => {
    const port = await listening({ headersMs: 500, requestMs: 1000 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        trickle(port, { head: head(10_000), everyMs: 50, forMs: 6000 }),
      ),
    );
    for (const r of results) {
      expect(r.closedAfterMs).not.toBeNull();
      // Within the limit plus Node's check interval (≤ 1 s) and a loaded machine's slack.
      expect(r.closedAfterMs!).toBeLessThan(4000);
      expect(r.received).toMatch(/^HTTP\/1\.1 408/);
    }
  });

  it('a client trickling its headers is closed once the headers time is up', async () => {
    const port = await listening({ headersMs: 500, requestMs: 5000 });
    const r = await trickle(port, { head: head(10), trickleHead: true, everyMs: 50, forMs: 6000 });
    expect(r.closedAfterMs).not.toBeNull();
    expect(r.closedAfterMs!).toBeLessThan(3000);
  });

  it('a webhook sent at once is still answered', async () => {
    const port = await listening({ headersMs: 500, requestMs: 1000 });
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
  });

  it('the limits come from config, with defaults for webhooks', () => {
    expect(testConfig().httpTimeouts).toEqual({ headersMs: 5000, requestMs: 10_000 });
    expect(
      testConfig({ HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '3000' }).httpTimeouts,
    ).toEqual({ headersMs: 2000, requestMs: 3000 });
    expect(() => testConfig({ HTTP_REQUEST_TIMEOUT_MS: '10' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
  });
});
