import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const AMO_LONG_LIVED_TOKEN = 'amo-long-lived-token-0123456789';
export const AMO_CLIENT_ID = '5f0c1a7e-0000-4000-8000-000000000001';
export const AMO_CLIENT_SECRET = 'amo-client-secret-0123456789abcdef';
export const AMO_REDIRECT_URI = 'https://ivr.example.kz/amocrm/oauth';

/** A contact as amoCRM API v4 returns it (HAL; custom fields by id and code). */
export interface AmoContact {
  id: number;
  name: string;
  first_name?: string;
  last_name?: string;
  responsible_user_id: number;
  custom_fields_values: Array<{
    field_id: number;
    field_name?: string;
    field_code?: string | null;
    field_type?: string;
    values: Array<{ value: string | number; enum_id?: number; enum_code?: string }>;
  }> | null;
  leads?: number[];
}

export interface AmoLead {
  id: number;
  name: string;
  status_id: number;
  pipeline_id: number;
  created_at: number;
}

const digits10 = (s: string) => s.replace(/\D/g, '').slice(-10);

/** amoCRM error bodies are application/problem+json. */
const problem = (status: number, title: string, detail: string) => ({
  title,
  type: `https://httpstatus.es/${status}`,
  status,
  detail,
});

/**
 * An amoCRM account following its API v4 documentation, on 127.0.0.1 port 0:
 * `GET /api/v4/contacts?query=…&with=leads` (HAL `_embedded.contacts`, 204 when nothing
 * matches), `GET /api/v4/leads?filter[id][]=…`, `GET /api/v4/users/{id}`,
 * `POST /api/v4/calls` (added to the card with that number, an error entry otherwise),
 * `POST /api/v4/tasks`, `POST /api/v4/contacts/notes`, `PATCH /api/v4/contacts/{id}`;
 * Bearer auth with a long-lived token or OAuth access tokens from
 * `POST /oauth2/access_token` whose refresh tokens rotate (a spent one is refused);
 * 401 problem+json for a bad or expired token; more than `perSecond` requests in a second
 * answered 429 (a sliding window). `state` lets a test make it slow, hang, fail or expire the token.
 */
export async function startFakeAmoCrm(opts: {
  contacts: AmoContact[];
  users: Array<{ id: number; name: string }>;
  leads?: AmoLead[];
  perSecond?: number;
}) {
  const perSecond = opts.perSecond ?? 7;
  const state = {
    /** Answer after this many ms. */
    delayMs: 0,
    hang: false,
    /** Answer the next N API requests 500. */
    failNext: 0,
    /** Answer the next API request 401 (the access token expired early). */
    expireNext: false,
    requests: 0,
    limited: 0,
    abandoned: 0,
    paths: [] as string[],
    calls: [] as Array<Record<string, unknown>>,
    tasks: [] as Array<Record<string, unknown>>,
    notes: [] as Array<Record<string, unknown>>,
    updates: [] as Array<{ id: string; body: unknown }>,
    accessToken: 'amo-access-0',
    refreshToken: 'amo-refresh-0',
    refreshes: 0,
    window: [] as number[],
  };
  const sockets = new Set<Socket>();

  function api(method: string, url: URL, body: unknown): [number, unknown] {
    const path = url.pathname;
    if (method === 'GET' && path === '/api/v4/contacts') {
      const q = url.searchParams.get('query') ?? '';
      const withLeads = (url.searchParams.get('with') ?? '').split(',').includes('leads');
      const found = opts.contacts.filter(
        (c) =>
          c.name.toLowerCase().includes(q.toLowerCase()) ||
          (c.custom_fields_values ?? []).some((f) =>
            f.values.some(
              (v) =>
                String(v.value).replace(/\D/g, '').includes(q.replace(/\D/g, '')) && /\d/.test(q),
            ),
          ),
      );
      if (found.length === 0) return [204, null];
      return [
        200,
        {
          _page: 1,
          _links: { self: { href: `${url.origin}${url.pathname}${url.search}` } },
          _embedded: {
            contacts: found.map(({ leads, ...c }) => ({
              ...c,
              group_id: 0,
              created_by: 1,
              updated_by: 1,
              created_at: 1700000000,
              updated_at: 1700000000,
              closest_task_at: null,
              is_deleted: false,
              account_id: 31000001,
              _links: { self: { href: `${url.origin}/api/v4/contacts/${c.id}` } },
              _embedded: {
                tags: [],
                companies: [],
                ...(withLeads ? { leads: (leads ?? []).map((id) => ({ id, _links: {} })) } : {}),
              },
            })),
          },
        },
      ];
    }
    if (method === 'GET' && path === '/api/v4/leads') {
      const ids = url.searchParams.getAll('filter[id][]').map(Number);
      const leads = (opts.leads ?? []).filter((l) => ids.includes(l.id));
      if (leads.length === 0) return [204, null];
      return [
        200,
        {
          _page: 1,
          _embedded: {
            leads: leads.map((l) => ({
              ...l,
              price: 0,
              responsible_user_id: 1,
              closed_at: null,
              is_deleted: false,
              account_id: 31000001,
            })),
          },
        },
      ];
    }
    const user = /^\/api\/v4\/users\/(\d+)$/.exec(path);
    if (method === 'GET' && user) {
      const u = opts.users.find((x) => x.id === Number(user[1]));
      if (!u) return [404, problem(404, 'Not Found', 'User not found')];
      return [200, { ...u, email: `user${u.id}@example.kz`, lang: 'ru', rights: {} }];
    }
    if (method === 'POST' && path === '/api/v4/calls') {
      const added: unknown[] = [];
      const errors: unknown[] = [];
      for (const [i, call] of (body as Array<Record<string, unknown>>).entries()) {
        const missing = ['direction', 'duration', 'source', 'phone'].filter(
          (k) => call[k] === undefined,
        );
        if (missing.length > 0) {
          return [
            400,
            {
              'validation-errors': [
                {
                  request_id: String(i),
                  errors: missing.map((m) => ({
                    code: 'NotBlank',
                    path: m,
                    detail: 'This value should not be blank.',
                  })),
                },
              ],
              ...problem(400, 'Bad Request', 'Request validation failed'),
            },
          ];
        }
        const contact = opts.contacts.find((c) =>
          (c.custom_fields_values ?? []).some(
            (f) =>
              f.field_code === 'PHONE' &&
              f.values.some((v) => digits10(String(v.value)) === digits10(String(call.phone))),
          ),
        );
        const requestId = typeof call.request_id === 'string' ? call.request_id : String(i);
        if (!contact) {
          errors.push({ request_id: requestId, title: 'Entity not found', status: 404 });
          continue;
        }
        state.calls.push(call);
        added.push({
          id: state.calls.length,
          entity_id: contact.id,
          entity_type: 'contact',
          account_id: 31000001,
          request_id: requestId,
          _links: {},
        });
      }
      return [200, { _total_items: added.length, _embedded: { calls: added, errors } }];
    }
    if (method === 'POST' && path === '/api/v4/tasks') {
      const tasks = body as Array<Record<string, unknown>>;
      state.tasks.push(...tasks);
      return [
        200,
        {
          _embedded: {
            tasks: tasks.map((t, i) => ({
              id: state.tasks.length - tasks.length + i + 1,
              request_id: t.request_id ?? String(i),
            })),
          },
        },
      ];
    }
    if (method === 'POST' && path === '/api/v4/contacts/notes') {
      const notes = body as Array<Record<string, unknown>>;
      state.notes.push(...notes);
      return [
        200,
        {
          _embedded: {
            notes: notes.map((n, i) => ({
              id: state.notes.length - notes.length + i + 1,
              entity_id: n.entity_id,
            })),
          },
        },
      ];
    }
    const contact = /^\/api\/v4\/contacts\/(\d+)$/.exec(path);
    if (method === 'PATCH' && contact) {
      state.updates.push({ id: contact[1]!, body });
      return [200, { id: Number(contact[1]), updated_at: 1700000100 }];
    }
    return [404, problem(404, 'Not Found', 'Not Found')];
  }

  function oauth(res: ServerResponse, body: Record<string, unknown>) {
    const send = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (
      body.client_id !== AMO_CLIENT_ID ||
      body.client_secret !== AMO_CLIENT_SECRET ||
      body.grant_type !== 'refresh_token' ||
      body.redirect_uri !== AMO_REDIRECT_URI
    ) {
      return send(400, {
        ...problem(
          400,
          'Некорректный запрос',
          'В запросе отсутствует ряд параметров или параметры невалидны',
        ),
        hint: 'Client authentication failed',
      });
    }
    if (body.refresh_token !== state.refreshToken) {
      return send(400, {
        ...problem(
          400,
          'Некорректный запрос',
          'В запросе отсутствует ряд параметров или параметры невалидны',
        ),
        hint: 'Token has been revoked',
      });
    }
    state.refreshes += 1;
    state.accessToken = `amo-access-${state.refreshes}`;
    state.refreshToken = `amo-refresh-${state.refreshes}`;
    send(200, {
      token_type: 'Bearer',
      expires_in: 86400,
      access_token: state.accessToken,
      refresh_token: state.refreshToken,
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'fake'}`);
    const send = (status: number, value: unknown) => {
      if (status === 204) return res.writeHead(204).end();
      res
        .writeHead(status, {
          'content-type': status >= 400 ? 'application/problem+json' : 'application/hal+json',
        })
        .end(JSON.stringify(value));
    };
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(400, problem(400, 'Bad Request', 'Invalid JSON'));
    }
    if (url.pathname === '/oauth2/access_token' && req.method === 'POST') {
      return oauth(res, (body ?? {}) as Record<string, unknown>);
    }
    state.requests += 1;
    const now = Date.now();
    state.window = state.window.filter((t) => now - t < 1000);
    if (state.window.length >= perSecond) {
      state.limited += 1;
      return send(
        429,
        problem(429, 'Too Many Requests', 'Too many requests in a given amount of time'),
      );
    }
    state.window.push(now);
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (token !== AMO_LONG_LIVED_TOKEN && token !== state.accessToken) {
      return send(401, problem(401, 'Unauthorized', 'Unauthorized'));
    }
    if (state.expireNext) {
      state.expireNext = false;
      // The token expired: the next one must come from a refresh.
      state.accessToken = 'amo-access-expired';
      return send(401, problem(401, 'Unauthorized', 'Unauthorized'));
    }
    state.paths.push(`${req.method} ${url.pathname}`);
    if (state.hang) {
      req.socket.once('close', () => (state.abandoned += 1));
      return;
    }
    const answer = () => {
      if (state.failNext > 0) {
        state.failNext -= 1;
        return send(500, problem(500, 'Internal Server Error', 'Internal Server Error'));
      }
      const [status, value] = api(req.method ?? 'GET', url, body);
      send(status, value);
    };
    if (state.delayMs > 0) setTimeout(answer, state.delayMs);
    else answer();
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
    state,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
