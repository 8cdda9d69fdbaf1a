import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import type { CrmFileCustomer } from '../../src/crm/crm-file-schema.js';
import type { CrmFileContract } from '../../src/crm/self-service-file-schema.js';
import { normalizePhone } from '../../src/lib/normalize-phone.js';
import { constantTimeEqual } from '../../src/lib/constant-time-equal.js';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  screenPopSignature,
} from '../../src/operator-context/screen-pop.js';

export const CRM_TOKEN = 'crm-http-test-token';
export const CRM_SECRET = 'crm-http-test-secret-0123456789';

/**
 * How the fake answers lookups: `normal` follows the contract; the others are the failures
 * the connector must survive (the list).
 */
export type LookupMode =
  'normal' | 'unknown-null' | 'status-404' | 'status-500' | 'malformed' | 'slow' | 'hang' | 'reset';

export interface ReceivedWrite {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  body: unknown;
}

/**
 * A customer's CRM following docs/crm-http.openapi.yaml, on 127.0.0.1 port 0: customers
 * and contracts of the CRM file format, Bearer token and HMAC signature checked (401
 * otherwise), writes stored once per idempotency key. Failure modes on demand.
 */
export async function startFakeHttpCrm(
  opts: {
    customers?: CrmFileCustomer[];
    contracts?: CrmFileContract[];
    slowMs?: number;
  } = {},
) {
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/crm/customers.json', import.meta.url), 'utf8'),
  ) as { customers: CrmFileCustomer[]; contracts?: CrmFileContract[] };
  const customers = opts.customers ?? fixture.customers;
  const contracts = opts.contracts ?? fixture.contracts ?? [];
  const state = {
    mode: 'normal' as LookupMode,
    /** Writes to refuse with 500 before accepting again. */
    failWrites: 0,
    lookups: 0,
    /** Lookups whose client went away before the answer (cancelled requests). */
    abandoned: 0,
    unsigned: 0,
    writes: [] as ReceivedWrite[],
    /** Every write attempt, accepted or not. */
    writeAttempts: 0,
  };
  const seenKeys = new Set<string>();
  const sockets = new Set<Socket>();

  const byPhone = (e164: string) =>
    customers.find((c) => c.phones.some((p) => normalizePhone(p, 'KZ') === e164)) ?? null;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function signed(req: IncomingMessage, body: string): boolean {
    const ts = String(req.headers[TIMESTAMP_HEADER.toLowerCase()] ?? '');
    const sig = String(req.headers[SIGNATURE_HEADER.toLowerCase()] ?? '');
    const payload = req.method === 'GET' ? (req.url ?? '') : body;
    return (
      req.headers.authorization === `Bearer ${CRM_TOKEN}` &&
      constantTimeEqual(sig, screenPopSignature(CRM_SECRET, ts, payload))
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (!signed(req, body)) {
      state.unsigned += 1;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
      return;
    }
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.method === 'GET' && url.pathname === '/customers') {
      state.lookups += 1;
      const phone = url.searchParams.get('phone') ?? '';
      const customer = byPhone(phone);
      switch (state.mode) {
        case 'normal':
          return customer ? json(200, { customer }) : json(404, { error: 'not found' });
        case 'unknown-null':
          return json(200, { customer: null });
        case 'status-404':
          return json(404, { error: 'not found' });
        case 'status-500':
          return json(500, { error: 'database is down' });
        case 'malformed':
          return json(200, { customer: { id: 42, name: 'no first name' } });
        case 'slow':
          await new Promise((r) => setTimeout(r, opts.slowMs ?? 250));
          if (res.destroyed || req.socket.destroyed) return;
          return customer ? json(200, { customer }) : json(404, {});
        case 'hang':
          // Never answers; notices when the client gives up and closes the connection.
          res.on('close', () => {
            state.abandoned += 1;
          });
          return;
        case 'reset': {
          const text = JSON.stringify({ customer });
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(text)),
          });
          res.write(text.slice(0, 20));
          setTimeout(() => req.socket.destroy(), 5);
          return;
        }
      }
    }
    if (req.method === 'GET' && url.pathname.startsWith('/contracts/')) {
      const number = decodeURIComponent(url.pathname.slice('/contracts/'.length));
      const contract = contracts.find((c) => c.number === number) ?? null;
      return contract ? json(200, { contract }) : json(404, {});
    }
    if (req.method === 'POST' || req.method === 'PUT') {
      state.writeAttempts += 1;
      if (state.failWrites > 0) {
        state.failWrites -= 1;
        return json(500, { error: 'try later' });
      }
      const key = req.headers['idempotency-key'] as string | undefined;
      const dedupe = `${req.method} ${url.pathname} ${key ?? ''}`;
      if (key && seenKeys.has(dedupe)) return json(200, { duplicate: true });
      if (key) seenKeys.add(dedupe);
      state.writes.push({
        method: req.method,
        path: url.pathname,
        idempotencyKey: key,
        body: JSON.parse(body || 'null') as unknown,
      });
      return json(req.method === 'POST' ? 201 : 200, { ok: true });
    }
    json(404, { error: 'no such endpoint' });
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (connection refused). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
