import { randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify, type JWTPayload } from 'jose';

/** One request as the fake received it. */
export interface RecordedVonageRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  /** Whether Basic auth matched the API key and secret. */
  authorized: boolean;
  /** The Authorization header as sent (a Bearer JWT for the Voice API). */
  authorization: string | undefined;
  /** The parsed JSON body of a PUT or POST, or undefined. */
  json: unknown;
  /** The fields of a form-encoded body (the SMS API accepts both). */
  form: Record<string, string>;
}

/** A message the fake SMS API accepted: the request's fields as sent. */
export interface AcceptedVonageSms {
  messageId: string;
  to: string;
  from: string;
  text: string;
  type: string | undefined;
}

/** A call the fake Voice API accepted: the JSON body as sent and the JWT's claims. */
export interface AcceptedVonageCall {
  uuid: string;
  conversationUuid: string;
  body: Record<string, unknown>;
  claims: JWTPayload;
}

/** What the fake Voice API answers instead of creating a call. */
export interface VonageCallRefusal {
  status: number;
  body: Record<string, unknown>;
}

/** An SMS API refusal: the `status` and `error-text` of one message part. */
export interface VonageSmsRefusal {
  status: string;
  errorText: string;
}

/** An application as the Application API v2 returns it, without `_links`. */
export type VonageApplicationResource = Record<string, unknown> & { id: string; name: string };

export interface FakeVonageApi {
  /**
   * Host to give the SDK as its `apiHost` (Application API) or `restHost` (SMS API), e.g.
   * `http://127.0.0.1:43210`: the fake serves both.
   */
  url: string;
  /** Messages accepted by `POST /sms/json`, in order. */
  sms: AcceptedVonageSms[];
  /** Calls accepted by `POST /v1/calls`, in order. */
  calls: AcceptedVonageCall[];
  /** Media API files deleted with `DELETE /v3/media/{id}`, in order. */
  deletedMedia: string[];
  requests: RecordedVonageRequest[];
  /** The application as the fake now holds it. */
  application(id: string): VonageApplicationResource | undefined;
  /** Stops the server; calling it again is harmless. */
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The Application API's error bodies (type/title/detail/instance, as in its spec). */
function problem(res: ServerResponse, status: number, fields: Record<string, unknown>): void {
  sendJson(res, status, { ...fields, instance: randomUUID() });
}

/** Answers one `POST /sms/json` the way the SMS API does. */
function answerSms(
  res: ServerResponse,
  fields: Record<string, unknown>,
  credentialsOk: boolean,
  failures: Record<string, VonageSmsRefusal>,
  accepted: AcceptedVonageSms[],
): void {
  // The SMS API answers 200 even for refused messages: the status is per message part.
  const refuse = (to: unknown, status: string, errorText: string) =>
    sendJson(res, 200, {
      'message-count': '1',
      messages: [{ ...(typeof to === 'string' ? { to } : {}), status, 'error-text': errorText }],
    });
  const text = (k: string) => (typeof fields[k] === 'string' ? fields[k] : '');
  const [to, from, body, type] = [text('to'), text('from'), text('text'), text('type')];
  if (!credentialsOk) return refuse(to, '4', 'Bad Credentials');
  if (!from) return refuse(to, '2', 'Missing from param');
  if (!to) return refuse(to, '2', 'Missing to param');
  if (!body) return refuse(to, '2', 'Missing text param');
  if (!/^[1-9]\d{6,14}$/.test(to)) return refuse(to, '3', 'Invalid to address');
  if (type && !['text', 'unicode', 'binary'].includes(type)) {
    return refuse(to, '3', 'Invalid Message type');
  }
  const failure = failures[to];
  if (failure) return refuse(to, failure.status, failure.errorText);
  const messageId = randomUUID();
  accepted.push({ messageId, to, from, text: body, type: type || undefined });
  sendJson(res, 200, {
    'message-count': '1',
    messages: [
      {
        to,
        'message-id': messageId,
        status: '0',
        'remaining-balance': '15.53590000',
        'message-price': '0.03330000',
        network: '40101',
      },
    ],
  });
}

/** Why a create-call body breaks the Voice API's schema, as its `invalid_parameters`. */
function invalidCallParameters(
  body: Record<string, unknown>,
): Array<{ name: string; reason: string }> {
  const issues: Array<{ name: string; reason: string }> = [];
  const to = body.to;
  if (!Array.isArray(to) || to.length === 0) {
    issues.push({ name: 'to', reason: 'must be a non-empty array' });
  } else {
    for (const [i, raw] of to.entries()) {
      const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const phoneOk = e.type === 'phone' && /^\d{7,15}$/.test(String(e.number));
      const sipOk = e.type === 'sip' && /^sips?:\S+@\S+$/.test(String(e.uri));
      if (!phoneOk && !sipOk) issues.push({ name: `to[${i}]`, reason: 'invalid endpoint' });
    }
  }
  const from = body.from as Record<string, unknown> | undefined;
  if (
    !body.random_from_number &&
    (from?.type !== 'phone' || !/^\d{7,15}$/.test(String(from.number)))
  ) {
    issues.push({ name: 'from', reason: 'must be a phone endpoint, digits without +' });
  }
  const answerUrl = body.answer_url;
  if (body.ncco === undefined) {
    const urls = Array.isArray(answerUrl) ? (answerUrl as unknown[]) : [];
    if (urls.length === 0 || !urls.every((u) => typeof u === 'string' && /^https?:\/\//.test(u))) {
      issues.push({ name: 'answer_url', reason: 'must be an array of URLs (or give ncco)' });
    }
  }
  for (const name of ['answer_method', 'event_method']) {
    if (body[name] !== undefined && body[name] !== 'GET' && body[name] !== 'POST') {
      issues.push({ name, reason: 'must be GET or POST' });
    }
  }
  const ringing = body.ringing_timer;
  if (
    ringing !== undefined &&
    !(Number.isInteger(ringing) && Number(ringing) >= 1 && Number(ringing) <= 120)
  ) {
    issues.push({ name: 'ringing_timer', reason: 'must be an integer from 1 to 120' });
  }
  return issues;
}

/**
 * A local stand-in for the Vonage Application API v2 as provisioning uses it, with its
 * documented shapes: `GET /v2/applications/{id}` returns the application plus `_links`;
 * `PUT /v2/applications/{id}` takes the whole application as JSON (`name` required) and
 * replaces it, so capabilities left out of a PUT are gone, as on the real API. HTTP Basic
 * auth key:secret (401 otherwise), 404 for unknown ids. Also the SMS API: `POST /sms/json`
 * (JSON or form, credentials as Basic auth or `api_key`/`api_secret` fields, numbers without
 * `+`) answers 200 with `message-count` and one message part: status "0" with a
 * `message-id`, or a non-"0" status with `error-text` (4 bad credentials, 2 missing, 3
 * invalid parameter, or what `smsFailures` sets for a recipient). And the Voice API's
 * `POST /v1/calls`: a Bearer JWT that must verify RS256 with `applicationPublicKey` and carry
 * `application_id`, `iat` and `jti` (401 otherwise); the JSON body checked against the
 * documented schema (400 with `invalid_parameters`); 201 with `uuid`, `status: started`,
 * `direction: outbound` and `conversation_uuid`, or what `callRefusals` sets for a `to`
 * number or URI. Listens on 127.0.0.1, port 0, and records every request.
 */
export async function startFakeVonageApi(opts: {
  apiKey: string;
  apiSecret: string;
  applications?: VonageApplicationResource[];
  /** Recipients (digits, no `+`) whose messages the SMS API refuses with this status. */
  smsFailures?: Record<string, VonageSmsRefusal>;
  /** The application whose JWTs the Voice API accepts, and its public key. */
  applicationId?: string;
  applicationPublicKey?: KeyObject;
  /** Calls to these `to` values (digits, or the SIP URI) get this answer instead. */
  callRefusals?: Record<string, VonageCallRefusal>;
}): Promise<FakeVonageApi> {
  const applications = new Map(
    (opts.applications ?? []).map((a) => [a.id, structuredClone(a)] as const),
  );
  const sms: AcceptedVonageSms[] = [];
  const calls: AcceptedVonageCall[] = [];
  const deletedMedia: string[] = [];
  const requests: RecordedVonageRequest[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${opts.apiKey}:${opts.apiSecret}`).toString('base64')}`;
  const withLinks = (app: VonageApplicationResource) => ({
    ...app,
    _links: { self: { href: `/v2/applications/${app.id}` } },
  });

  /** Verifies the application's JWT; the claims, or null when it does not verify. */
  const verifiedClaims = async (authorization: string | undefined) => {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token || !opts.applicationPublicKey) return null;
    try {
      const { payload } = await jwtVerify(token, opts.applicationPublicKey, {
        algorithms: ['RS256'],
      });
      const ok =
        payload.application_id === opts.applicationId &&
        typeof payload.iat === 'number' &&
        typeof payload.jti === 'string';
      return ok ? payload : null;
    } catch {
      return null;
    }
  };

  const answerCreateCall = async (
    res: ServerResponse,
    authorization: string | undefined,
    json: unknown,
  ) => {
    const claims = await verifiedClaims(authorization);
    if (!claims) {
      problem(res, 401, {
        type: 'https://developer.nexmo.com/api-errors#unauthorized',
        title: 'Unauthorized',
        detail: 'You did not provide correct credentials.',
      });
      return;
    }
    const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    const invalid = invalidCallParameters(body);
    if (invalid.length > 0) {
      problem(res, 400, {
        type: 'https://developer.nexmo.com/api-errors/voice#validation',
        title: 'Bad Request',
        detail: 'The request failed due to validation errors',
        invalid_parameters: invalid,
      });
      return;
    }
    const first = (body.to as Array<Record<string, unknown>>)[0] ?? {};
    const refusal = opts.callRefusals?.[String(first.number ?? first.uri)];
    if (refusal) return sendJson(res, refusal.status, refusal.body);
    const call = {
      uuid: randomUUID(),
      conversationUuid: `CON-${randomUUID()}`,
      body,
      claims,
    };
    calls.push(call);
    sendJson(res, 201, {
      uuid: call.uuid,
      status: 'started',
      direction: 'outbound',
      conversation_uuid: call.conversationUuid,
    });
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const contentType = req.headers['content-type'];
      let json: unknown;
      if (body && contentType?.startsWith('application/json')) json = JSON.parse(body);
      const form = contentType?.startsWith('application/x-www-form-urlencoded')
        ? Object.fromEntries(new URLSearchParams(body))
        : {};
      const authorized = req.headers.authorization === expectedAuth;
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        contentType,
        authorized,
        authorization: req.headers.authorization,
        json,
        form,
      });
      if (req.method === 'POST' && url.pathname === '/v1/calls') {
        await answerCreateCall(res, req.headers.authorization, json);
        return;
      }
      // Media API: a recording's file, deleted with the application's JWT (204; 404 when unknown
      // or already deleted).
      const media = /^\/v3\/media\/([\w-]+)$/.exec(url.pathname)?.[1];
      if (req.method === 'DELETE' && media) {
        if (!(await verifiedClaims(req.headers.authorization))) {
          problem(res, 401, {
            type: 'https://developer.nexmo.com/api-errors#unauthorized',
            title: 'Invalid credentials supplied',
            detail: 'You did not provide correct credentials.',
          });
          return;
        }
        if (deletedMedia.includes(media)) {
          problem(res, 404, {
            type: 'https://developer.nexmo.com/api-errors#not-found',
            title: 'Not Found',
            detail: `Media item ${media} not found`,
          });
          return;
        }
        deletedMedia.push(media);
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'POST' && url.pathname === '/sms/json') {
        const fields: Record<string, unknown> =
          typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : form;
        const keyInBody = fields.api_key === opts.apiKey && fields.api_secret === opts.apiSecret;
        answerSms(res, fields, authorized || keyInBody, opts.smsFailures ?? {}, sms);
        return;
      }
      if (!authorized) {
        problem(res, 401, {
          type: 'https://developer.nexmo.com/api-errors#unauthorized',
          title: 'Invalid credentials supplied',
          detail: 'You did not provide correct credentials.',
        });
        return;
      }
      const id = /^\/v2\/applications\/([^/]+)$/.exec(url.pathname)?.[1];
      const app = id ? applications.get(id) : undefined;
      if (!id || !app) {
        problem(res, 404, {
          type: 'https://developer.nexmo.com/api-errors#not-found',
          title: 'Not Found',
          detail: `ID '${id ?? url.pathname}' does not exist, or you do not have access`,
        });
        return;
      }
      if (req.method === 'GET') {
        sendJson(res, 200, withLinks(app));
        return;
      }
      if (req.method === 'PUT') {
        if (!contentType?.startsWith('application/json')) {
          problem(res, 415, {
            type: 'https://developer.nexmo.com/api-errors#content-type-header',
            title: 'Unsupported Content-Type header',
            detail:
              "Unsupported Content-Type header provided. Must be one of the following: 'application/json'",
          });
          return;
        }
        const next = json as Record<string, unknown> | undefined;
        if (typeof next?.name !== 'string' || next.name === '') {
          problem(res, 400, {
            type: 'https://developer.nexmo.com/api-errors/application#payload-validation',
            title: 'Bad Request',
            detail: 'The request failed due to validation errors',
            invalid_parameters: [{ name: 'name', reason: 'must not be empty' }],
          });
          return;
        }
        const { _links: _ignored, ...fields } = next;
        const saved: VonageApplicationResource = { ...fields, id, name: next.name };
        applications.set(id, saved);
        sendJson(res, 200, withLinks(saved));
        return;
      }
      problem(res, 405, {
        type: 'https://developer.nexmo.com/api-errors#wrong-verb',
        title: 'Request method not allowed',
        detail: `Request method '${req.method ?? ''}' not supported`,
      });
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sms,
    calls,
    deletedMedia,
    requests,
    application: (id) => applications.get(id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
