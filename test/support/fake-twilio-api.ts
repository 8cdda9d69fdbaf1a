import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake received it. */
export interface RecordedTwilioRequest {
  method: string;
  /** Path without the query, e.g. `/2010-04-01/Accounts/AC…/IncomingPhoneNumbers.json`. */
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  /** Whether Basic auth matched the account's SID and Auth Token. */
  authorized: boolean;
  /** The form fields of a POST (the last value of a repeated field). */
  form: Record<string, string>;
  /** Every value of each form field, in order: repeated fields such as StatusCallbackEvent. */
  formValues: Record<string, string[]>;
}

/** An IncomingPhoneNumber as the REST API returns it (snake_case JSON). */
export type TwilioNumberResource = Record<string, unknown> & {
  sid: string;
  phone_number: string;
};

/** A Message as the Messages API returns it (snake_case JSON). */
export type TwilioMessageResource = Record<string, unknown> & {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
};

/** A Call as the Calls API returns it (snake_case JSON). */
export type TwilioCallResource = Record<string, unknown> & {
  sid: string;
  to: string;
  from: string;
  status: string;
};

/** What the fake answers instead of creating a call: an HTTP status and Twilio error. */
export interface TwilioCallRefusal {
  status: number;
  code: number;
  message: string;
}

export interface FakeTwilioApi {
  /** Base URL to give the provisioner, e.g. `http://127.0.0.1:43210`. */
  url: string;
  requests: RecordedTwilioRequest[];
  /** The number as the fake now holds it. */
  number(phoneNumber: string): TwilioNumberResource | undefined;
  /** Messages created through `POST …/Messages.json`, in order. */
  messages: TwilioMessageResource[];
  /** Calls created through `POST …/Calls.json`, in order. */
  calls: TwilioCallResource[];
  /** Recording SIDs deleted with `DELETE …/Recordings/{Sid}.json`, in order. */
  deletedRecordings: string[];
  /** Stops the server; calling it again is harmless. */
  close(): Promise<void>;
}

/**
 * An IncomingPhoneNumber with the fields of Twilio's documented resource; `overrides` in
 * the same snake_case names. The SID is derived from the number, so tests can predict it.
 */
export function twilioNumber(
  accountSid: string,
  phoneNumber: string,
  overrides: Record<string, unknown> = {},
): TwilioNumberResource {
  const sid = `PN${createHash('md5').update(phoneNumber).digest('hex')}`;
  return {
    account_sid: accountSid,
    address_requirements: 'none',
    address_sid: null,
    api_version: '2010-04-01',
    beta: false,
    bundle_sid: null,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: 'Thu, 30 Jul 2015 23:19:04 +0000',
    date_updated: 'Thu, 30 Jul 2015 23:19:04 +0000',
    emergency_status: 'Active',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    friendly_name: phoneNumber,
    identity_sid: null,
    origin: 'twilio',
    phone_number: phoneNumber,
    sid,
    sms_application_sid: '',
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: 'POST',
    sms_url: '',
    status: 'in-use',
    status_callback: '',
    status_callback_method: 'POST',
    trunk_sid: null,
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`,
    voice_receive_mode: 'voice',
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_url: null,
    subresource_uris: {
      assigned_add_ons: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}/AssignedAddOns.json`,
    },
    ...overrides,
  };
}

/** Update parameters (form fields) and the resource fields they set. */
const UPDATABLE: Record<string, string> = {
  VoiceUrl: 'voice_url',
  VoiceMethod: 'voice_method',
  VoiceFallbackUrl: 'voice_fallback_url',
  VoiceFallbackMethod: 'voice_fallback_method',
  StatusCallback: 'status_callback',
  StatusCallbackMethod: 'status_callback_method',
  VoiceApplicationSid: 'voice_application_sid',
  TrunkSid: 'trunk_sid',
};

/** Twilio's JSON error body for `status` with one of its error codes. */
function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });
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
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * A local stand-in for the parts of Twilio's REST API that provisioning and SMS use, with
 * their documented shapes: list IncomingPhoneNumbers filtered by PhoneNumber (which also
 * matches partial numbers, as Twilio's does), update one with form fields; create a Message
 * (`POST …/Messages.json` with `To`, `From`, `Body`: 201 with the queued Message, or 400
 * with Twilio's codes for a missing or invalid field and for `unsubscribed` recipients);
 * create a Call (`POST …/Calls.json` with `To` (E.164, `sip:` or `client:`), `From`, `Url`
 * or `Twiml`: 201 with the queued Call, or 400 with 21201/21213 for a missing number, 21211
 * for an invalid `To`, 21205 for a bad `Url`, 21210 for a `From` outside `callerIds`, or
 * what `callRefusals` sets for a `To`).
 * HTTP Basic auth AccountSid:AuthToken (401 with code 20003 otherwise), 404 with code 20404
 * for unknown resources. Listens on 127.0.0.1, port 0, and records every request.
 */
export async function startFakeTwilioApi(opts: {
  accountSid: string;
  authToken: string;
  numbers?: TwilioNumberResource[];
  /** Recipients that replied STOP: messages to them fail with code 21610. */
  unsubscribed?: string[];
  /** Caller ids the account may use; without it any E.164 `From` is accepted. */
  callerIds?: string[];
  /** Calls to these `To` values are refused with this status and error. */
  callRefusals?: Record<string, TwilioCallRefusal>;
}): Promise<FakeTwilioApi> {
  const numbers = new Map((opts.numbers ?? []).map((n) => [n.sid, { ...n }]));
  const messages: TwilioMessageResource[] = [];
  const calls: TwilioCallResource[] = [];
  const deletedRecordings: string[] = [];
  const unsubscribed = new Set(opts.unsubscribed ?? []);
  const requests: RecordedTwilioRequest[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
  const accountPath = `/2010-04-01/Accounts/${opts.accountSid}`;

  const notFound = (res: ServerResponse, path: string) =>
    sendJson(res, 404, {
      code: 20404,
      message: `The requested resource ${path} was not found`,
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const contentType = req.headers['content-type'];
      const params = contentType?.startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(body)
        : new URLSearchParams();
      const form = Object.fromEntries(params);
      const formValues: Record<string, string[]> = {};
      for (const [name, value] of params) (formValues[name] ??= []).push(value);
      const authorized = req.headers.authorization === expectedAuth;
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType,
        authorized,
        form,
        formValues,
      });
      if (!authorized) {
        sendJson(res, 401, {
          code: 20003,
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        });
        return;
      }

      if (req.method === 'GET' && url.pathname === `${accountPath}/IncomingPhoneNumbers.json`) {
        const pattern = (url.searchParams.get('PhoneNumber') ?? '').replace(/[^\d*]/g, '');
        const regex = new RegExp(pattern.replace(/\*/g, '\\d'));
        const matches = [...numbers.values()].filter((n) => regex.test(n.phone_number));
        const pageSize = Number(url.searchParams.get('PageSize') ?? 50);
        const uri = `${url.pathname}${url.search}`;
        sendJson(res, 200, {
          end: Math.max(matches.length - 1, 0),
          first_page_uri: uri,
          incoming_phone_numbers: matches.slice(0, pageSize),
          next_page_uri: null,
          page: 0,
          page_size: pageSize,
          previous_page_uri: null,
          start: 0,
          uri,
        });
        return;
      }

      if (req.method === 'POST' && url.pathname === `${accountPath}/Messages.json`) {
        const { To: to, From: from, Body: body } = form;
        if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
        if (!/^\+[1-9]\d{6,14}$/.test(to)) {
          return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
        }
        if (!from && !form.MessagingServiceSid) {
          return twilioError(res, 400, 21603, "A 'From' phone number is required.");
        }
        if (!body && !form.MediaUrl)
          return twilioError(res, 400, 21602, 'Message body is required.');
        if (unsubscribed.has(to)) {
          return twilioError(res, 400, 21610, 'Attempt to send to unsubscribed recipient');
        }
        const sid = `SM${randomBytes(16).toString('hex')}`;
        const now = new Date().toUTCString().replace('GMT', '+0000');
        const message: TwilioMessageResource = {
          account_sid: opts.accountSid,
          api_version: '2010-04-01',
          body: body ?? '',
          date_created: now,
          date_sent: null,
          date_updated: now,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: from ?? '',
          messaging_service_sid: form.MessagingServiceSid ?? null,
          num_media: '0',
          num_segments: '1',
          price: null,
          price_unit: 'USD',
          sid,
          status: 'queued',
          subresource_uris: { media: `${accountPath}/Messages/${sid}/Media.json` },
          to,
          uri: `${accountPath}/Messages/${sid}.json`,
        };
        messages.push(message);
        sendJson(res, 201, message);
        return;
      }

      if (req.method === 'POST' && url.pathname === `${accountPath}/Calls.json`) {
        const { To: to, From: from, Url: callUrl } = form;
        if (!to) return twilioError(res, 400, 21201, "No 'To' number is specified");
        if (!/^(\+[1-9]\d{6,14}|sips?:[^\s@]+@\S+|client:\S+)$/i.test(to)) {
          return twilioError(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
        }
        if (!from) return twilioError(res, 400, 21213, "No 'From' number is specified");
        if (opts.callerIds && !opts.callerIds.includes(from)) {
          return twilioError(
            res,
            400,
            21210,
            `The source phone number provided, ${from}, is not yet verified for your account.`,
          );
        }
        if (!callUrl && !form.Twiml && !form.ApplicationSid) {
          return twilioError(res, 400, 21205, 'Url parameter is required.');
        }
        if (callUrl && !/^https?:\/\/[^/\s]+/.test(callUrl)) {
          return twilioError(res, 400, 21205, `Url is not a valid URL: ${callUrl}`);
        }
        const refusal = opts.callRefusals?.[to];
        if (refusal) return twilioError(res, refusal.status, refusal.code, refusal.message);
        const sid = `CA${randomBytes(16).toString('hex')}`;
        const now = new Date().toUTCString().replace('GMT', '+0000');
        const call: TwilioCallResource = {
          account_sid: opts.accountSid,
          annotation: null,
          answered_by: null,
          api_version: '2010-04-01',
          caller_name: null,
          date_created: now,
          date_updated: now,
          direction: 'outbound-api',
          duration: null,
          end_time: null,
          forwarded_from: null,
          from,
          from_formatted: from,
          group_sid: null,
          parent_call_sid: null,
          phone_number_sid: null,
          price: null,
          price_unit: 'USD',
          queue_time: '0',
          sid,
          start_time: null,
          status: 'queued',
          subresource_uris: {
            notifications: `${accountPath}/Calls/${sid}/Notifications.json`,
            recordings: `${accountPath}/Calls/${sid}/Recordings.json`,
          },
          to,
          to_formatted: to,
          trunk_sid: null,
          uri: `${accountPath}/Calls/${sid}.json`,
        };
        calls.push(call);
        sendJson(res, 201, call);
        return;
      }

      // The Recordings resource: DELETE answers 204 with no body, 404 once it is gone.
      const recording = new RegExp(`^${accountPath}/Recordings/(RE[0-9a-f]{32})\\.json$`).exec(
        url.pathname,
      )?.[1];
      if (req.method === 'DELETE' && recording) {
        if (deletedRecordings.includes(recording)) return notFound(res, url.pathname);
        deletedRecordings.push(recording);
        res.writeHead(204).end();
        return;
      }

      const instance = new RegExp(`^${accountPath}/IncomingPhoneNumbers/(PN[0-9a-f]{32})\\.json$`);
      const sid = instance.exec(url.pathname)?.[1];
      const number = sid ? numbers.get(sid) : undefined;
      if (req.method === 'POST' && sid) {
        if (!number) return notFound(res, url.pathname);
        for (const [param, value] of Object.entries(form)) {
          const field = UPDATABLE[param];
          if (field) number[field] = value === '' && field.endsWith('_sid') ? null : value;
        }
        number.date_updated = new Date().toUTCString().replace('GMT', '+0000');
        sendJson(res, 200, number);
        return;
      }
      if (req.method === 'GET' && sid && number) {
        sendJson(res, 200, number);
        return;
      }
      notFound(res, url.pathname);
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    number: (phoneNumber) => [...numbers.values()].find((n) => n.phone_number === phoneNumber),
    messages,
    calls,
    deletedRecordings,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
