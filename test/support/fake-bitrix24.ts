import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const B24_WEBHOOK_TOKEN = 'k3y0fwebhook';
export const B24_CLIENT_ID = 'local.5f0000000000.00000000';
export const B24_CLIENT_SECRET = 'b24-client-secret';

export interface B24Contact {
  ID: string;
  NAME: string;
  LAST_NAME?: string;
  SECOND_NAME?: string;
  ASSIGNED_BY_ID: string;
  TYPE_ID?: string;
  PHONE: Array<{ VALUE: string; VALUE_TYPE: string }>;
  [uf: string]: unknown;
}

/** Bitrix24 error answers: HTTP status and body as the portal sends them. */
const ERRORS = {
  QUERY_LIMIT_EXCEEDED: [503, 'Too many requests'],
  expired_token: [401, 'The access token provided has expired.'],
  invalid_token: [401, 'The access token provided is invalid.'],
  NOT_FOUND: [400, 'Not found'],
  ERROR_METHOD_NOT_FOUND: [404, 'Method not found!'],
  insufficient_scope: [
    401,
    'The request requires higher privileges than provided by the webhook token',
  ],
} as const;

class B24Error extends Error {
  constructor(readonly code: keyof typeof ERRORS) {
    super(code);
  }
}

/** `values[0]=a&filter[X]=1` → { values: ['a'], filter: { X: '1' } }. */
function parseQuery(q: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(q)) {
    const path = key.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node = out;
    path.forEach((p, i) => {
      if (i === path.length - 1) node[p] = value;
      else node = (node[p] ??= {}) as Record<string, unknown>;
    });
  }
  for (const k of Object.keys(out)) {
    const v = out[k];
    if (v && typeof v === 'object' && Object.keys(v).every((x) => /^\d+$/.test(x)))
      out[k] = Object.values(v);
  }
  return out;
}

/**
 * A Bitrix24 portal following its REST documentation, on 127.0.0.1 port 0: an incoming
 * webhook (`/rest/1/<token>/<method>.json`) and an application (`/rest/<method>.json` with
 * `auth`, tokens from `/oauth/token/` with rotating refresh tokens; telephony.* only
 * there), the leaky bucket (`burst` requests, `perSecond` drained; beyond it 503
 * QUERY_LIMIT_EXCEEDED), `batch` with `$result[…]` references, and the methods the
 * connector uses.
 */
export async function startFakeBitrix24(opts: {
  contacts: B24Contact[];
  users: Array<Record<string, unknown>>;
  deals?: Array<Record<string, unknown>>;
  burst?: number;
  perSecond?: number;
}) {
  const burst = opts.burst ?? 50;
  const perSecond = opts.perSecond ?? 2;
  const state = {
    hang: false,
    bucket: 0,
    lastLeak: Date.now(),
    requests: 0,
    limited: 0,
    methods: [] as string[],
    registered: [] as Array<Record<string, unknown>>,
    finished: [] as Array<Record<string, unknown>>,
    comments: [] as Array<Record<string, unknown>>,
    updates: [] as Array<Record<string, unknown>>,
    accessToken: 'access-0',
    refreshToken: 'refresh-0',
    refreshes: 0,
    expireNext: false,
  };
  const sockets = new Set<Socket>();

  function method(name: string, p: Record<string, unknown>, viaApp: boolean): unknown {
    state.methods.push(name);
    switch (name) {
      case 'crm.duplicate.findbycomm': {
        const values = (p.values as string[] | undefined) ?? [];
        const ids = opts.contacts
          .filter((c) => c.PHONE.some((ph) => values.includes(ph.VALUE)))
          .map((c) => Number(c.ID));
        return ids.length > 0 ? { CONTACT: ids } : [];
      }
      case 'crm.contact.get': {
        const c = opts.contacts.find((x) => x.ID === String(p.id ?? p.ID));
        if (!c) throw new B24Error('NOT_FOUND');
        return c;
      }
      case 'user.get':
        return opts.users.filter((u) => String(u.ID) === String(p.ID));
      case 'crm.deal.list': {
        const filter = (p.filter ?? {}) as Record<string, string>;
        return (opts.deals ?? []).filter(
          (d) =>
            String(d.CONTACT_ID) === filter.CONTACT_ID &&
            (filter.CLOSED ? d.CLOSED === filter.CLOSED : true),
        );
      }
      case 'telephony.externalcall.register':
        if (!viaApp) throw new B24Error('insufficient_scope');
        state.registered.push(p);
        return {
          CALL_ID: `externalCall.${state.registered.length}`,
          CRM_ENTITY_TYPE: 'CONTACT',
          CRM_ENTITY_ID: 1,
        };
      case 'telephony.externalcall.finish':
        if (!viaApp) throw new B24Error('insufficient_scope');
        state.finished.push(p);
        return { CALL_ID: p.CALL_ID, CALL_DURATION: p.DURATION, CALL_FAILED_CODE: p.STATUS_CODE };
      case 'crm.timeline.comment.add':
        state.comments.push(p.fields as Record<string, unknown>);
        return state.comments.length;
      case 'crm.contact.update':
        state.updates.push(p);
        return true;
      default:
        throw new B24Error('ERROR_METHOD_NOT_FOUND');
    }
  }

  function batch(p: Record<string, unknown>, viaApp: boolean) {
    const results: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    for (const [name, command] of Object.entries((p.cmd ?? {}) as Record<string, string>)) {
      let unresolved = false;
      const resolved = command.replace(/\$result((?:\[[^\]]+\])+)/g, (_, path: string) => {
        let v: unknown = results;
        for (const key of path.slice(1, -1).split(']['))
          v = (v as Record<string, unknown> | undefined)?.[key];
        if (v === undefined) unresolved = true;
        return encodeURIComponent(typeof v === 'string' || typeof v === 'number' ? String(v) : '');
      });
      const [m, q = ''] = resolved.split('?');
      try {
        if (unresolved) throw new B24Error('NOT_FOUND');
        results[name] = method(m!, parseQuery(q), viaApp);
      } catch (err) {
        const code = err instanceof B24Error ? err.code : 'NOT_FOUND';
        errors[name] = { error: code, error_description: ERRORS[code][1] };
        if (p.halt === 1 || p.halt === '1') break;
      }
    }
    return {
      result: results,
      result_error: errors,
      result_total: [],
      result_next: [],
      result_time: [],
    };
  }

  function leak() {
    const now = Date.now();
    state.bucket = Math.max(0, state.bucket - ((now - state.lastLeak) / 1000) * perSecond);
    state.lastLeak = now;
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const fail = (code: keyof typeof ERRORS) =>
      send(ERRORS[code][0], { error: code, error_description: ERRORS[code][1] });
    if (url.pathname === '/oauth/token/') {
      if (
        url.searchParams.get('client_id') !== B24_CLIENT_ID ||
        url.searchParams.get('client_secret') !== B24_CLIENT_SECRET ||
        url.searchParams.get('refresh_token') !== state.refreshToken
      ) {
        return send(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
      }
      state.refreshes += 1;
      state.accessToken = `access-${state.refreshes}`;
      state.refreshToken = `refresh-${state.refreshes}`;
      return send(200, {
        access_token: state.accessToken,
        refresh_token: state.refreshToken,
        expires_in: 3600,
        domain: 'portal.example.kz',
        member_id: 'm1',
      });
    }
    state.requests += 1;
    leak();
    if (state.bucket >= burst) {
      state.limited += 1;
      return fail('QUERY_LIMIT_EXCEEDED');
    }
    state.bucket += 1;
    const hook = /^\/rest\/1\/([^/]+)\/([\w.]+)\.json$/.exec(url.pathname);
    const app = /^\/rest\/([\w.]+)\.json$/.exec(url.pathname);
    const params = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    let name: string;
    let viaApp = false;
    if (hook) {
      if (hook[1] !== B24_WEBHOOK_TOKEN) return fail('invalid_token');
      name = hook[2]!;
    } else if (app) {
      if (state.expireNext) {
        state.expireNext = false;
        return fail('expired_token');
      }
      if (params.auth !== state.accessToken) return fail('invalid_token');
      name = app[1]!;
      viaApp = true;
    } else {
      return fail('ERROR_METHOD_NOT_FOUND');
    }
    if (state.hang) return;
    try {
      const result = name === 'batch' ? batch(params, viaApp) : method(name, params, viaApp);
      send(200, { result, time: { start: Date.now() / 1000, duration: 0.01 } });
    } catch (err) {
      fail(err instanceof B24Error ? err.code : 'NOT_FOUND');
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    webhookUrl: `${base}/rest/1/${B24_WEBHOOK_TOKEN}`,
    state,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
