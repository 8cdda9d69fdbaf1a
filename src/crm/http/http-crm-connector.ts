import type { CountryCode } from 'libphonenumber-js';
import { Agent, request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { crmFileCustomerSchema } from '../crm-file-schema.js';
import { crmFileContractSchema } from '../self-service-file-schema.js';
import {
  CrmRequestError,
  type ConnectorCustomer,
  type CrmConnector,
  type CrmWrite,
  type TrustCreditActivation,
} from '../connectors/crm-connector.js';
import { contractFromFile, profileFromFileCustomer } from '../connectors/profile-from-file.js';
import { dropBody, networkError, readJson } from '../connectors/read-body.js';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  screenPopSignature,
} from '../../operator-context/screen-pop.js';
import type { ContractInfo } from '../../flow/self-service-data.js';

const customerAnswer = z.strictObject({ customer: crmFileCustomerSchema.nullable() });
const contractAnswer = z.strictObject({ contract: crmFileContractSchema.nullable() });

export interface HttpCrmOptions {
  /** CRM_HTTP_URL, no trailing slash. */
  url: string;
  /** CRM_HTTP_TOKEN, sent as `Authorization: Bearer …`. */
  token: string;
  /** CRM_HTTP_SECRET, the HMAC key of the signature header. */
  secret: string;
  defaultRegion: CountryCode;
  /** Unix seconds for the timestamp header; default the system clock. */
  nowSec?: () => number;
  /** Keep-alive connections at most (per origin). */
  connections?: number;
}

/**
 * The generic HTTP CRM contract (docs/crm-http.openapi.yaml): lookups by E.164, contracts
 * and trust credits, and the writes, over keep-alive connections (one undici Agent), each
 * request signed like the screen pop and cancelled through its AbortSignal.
 */
export class HttpCrmConnector implements CrmConnector {
  readonly name = 'http';
  private readonly agent: Agent;
  private readonly nowSec: () => number;

  constructor(private readonly opts: HttpCrmOptions) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      connections: opts.connections ?? 128,
      pipelining: 1,
    });
    this.nowSec = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
  }

  async findCustomer(
    e164: string,
    at: string,
    signal: AbortSignal,
  ): Promise<ConnectorCustomer | null> {
    const path = `/customers?phone=${encodeURIComponent(e164)}`;
    const res = await this.send('GET', path, null, signal, 'customer lookup');
    if (res.statusCode === 404) {
      await dropBody(res.body);
      return null;
    }
    await this.expectOk(res, 'customer lookup');
    const parsed = customerAnswer.safeParse(await readJson(res.body, 'customer lookup'));
    if (!parsed.success) throw schemaError('customer lookup', parsed.error);
    const c = parsed.data.customer;
    if (c === null) return null;
    return { customer: profileFromFileCustomer(c, at, this.opts.defaultRegion), responsible: null };
  }

  async findContract(number: string, signal: AbortSignal): Promise<ContractInfo | null> {
    const res = await this.send(
      'GET',
      `/contracts/${encodeURIComponent(number)}`,
      null,
      signal,
      'contract lookup',
    );
    if (res.statusCode === 404) {
      await dropBody(res.body);
      return null;
    }
    await this.expectOk(res, 'contract lookup');
    const parsed = contractAnswer.safeParse(await readJson(res.body, 'contract lookup'));
    if (!parsed.success) throw schemaError('contract lookup', parsed.error);
    return parsed.data.contract
      ? contractFromFile(parsed.data.contract, this.opts.defaultRegion)
      : null;
  }

  async activateTrustCredit(credit: TrustCreditActivation, signal: AbortSignal): Promise<void> {
    const body = {
      amount: credit.amount.minor / 100,
      currency: credit.amount.currency,
      activatedAt: credit.activatedAt,
      dueAt: credit.dueAt,
      callId: credit.callId,
    };
    const path = `/contracts/${encodeURIComponent(credit.contractNumber)}/trust-credits`;
    await this.post('POST', path, body, `${credit.callId}:trust-credit`, signal, 'trust credit');
  }

  async write(w: CrmWrite, signal: AbortSignal): Promise<void> {
    switch (w.kind) {
      case 'call':
        return this.post(
          'POST',
          '/calls',
          w.detail ?? w.record,
          w.record.callId,
          signal,
          'call record',
        );
      case 'request': {
        const r = w.request;
        const id = `${r.callId}:${r.kind}:${r.itemId}`;
        return this.post('POST', '/requests', { id, ...r }, id, signal, 'customer request');
      }
      case 'language':
        return this.post(
          'PUT',
          `/customers/${encodeURIComponent(w.customerId)}/language`,
          { language: w.language, callId: w.callId, at: w.at },
          `${w.callId}:language`,
          signal,
          'language',
        );
      case 'appointment':
        return this.post(
          'POST',
          `/appointments/${encodeURIComponent(w.appointmentId)}/confirmation`,
          { callId: w.callId, at: w.at },
          `${w.callId}:appointment:${w.appointmentId}`,
          signal,
          'appointment confirmation',
        );
      case 'recording':
        return this.post(
          'PUT',
          `/calls/${encodeURIComponent(w.recording.callId)}/recording`,
          w.recording,
          `${w.recording.callId}:recording`,
          signal,
          'recording',
        );
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async post(
    method: 'POST' | 'PUT',
    path: string,
    payload: unknown,
    idempotencyKey: string,
    signal: AbortSignal,
    what: string,
  ): Promise<void> {
    const res = await this.send(
      method,
      path,
      JSON.stringify(payload),
      signal,
      what,
      idempotencyKey,
    );
    // 409: the CRM already has it (an earlier attempt got through): done.
    if (res.statusCode === 409) return dropBody(res.body);
    await this.expectOk(res, what);
    await dropBody(res.body);
  }

  private async expectOk(res: Dispatcher.ResponseData, what: string): Promise<void> {
    if (res.statusCode >= 200 && res.statusCode < 300) return;
    await dropBody(res.body);
    throw new CrmRequestError(
      `${what}: HTTP ${res.statusCode}`,
      res.statusCode === 429 ? 'rate-limit' : 'status',
      res.statusCode,
    );
  }

  /**
   * One signed request. The signature is HMAC-SHA256 over `<timestamp>.<body>` (the
   * screen pop's scheme); a GET has no body, so its path and query are signed instead.
   */
  private async send(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: string | null,
    signal: AbortSignal,
    what: string,
    idempotencyKey?: string,
  ): Promise<Dispatcher.ResponseData> {
    const timestamp = String(this.nowSec());
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.opts.token}`,
      accept: 'application/json',
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: screenPopSignature(this.opts.secret, timestamp, body ?? path),
    };
    if (body !== null) headers['content-type'] = 'application/json; charset=utf-8';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    try {
      return await request(`${this.opts.url}${path}`, {
        method,
        headers,
        body,
        signal,
        dispatcher: this.agent,
      });
    } catch (err) {
      throw networkError(err, what);
    }
  }
}

function schemaError(what: string, error: z.ZodError): CrmRequestError {
  const fields = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  return new CrmRequestError(`${what}: body does not follow the contract (${fields})`, 'schema');
}
