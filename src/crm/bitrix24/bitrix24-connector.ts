import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { CallRecord } from '../../flow/call-record.js';
import type { CustomerProfile } from '../../flow/customer.js';
import { NO_ACCOUNT_FACTS, ORDER_STATUSES, type OpenItem } from '../../flow/customer-items.js';
import type { EmployeeContact } from '../../flow/employee-data.js';
import type { Logger } from '../../lib/logger.js';
import { maskPhone } from '../../lib/mask.js';
import { normalizePhone } from '../../lib/normalize-phone.js';
import {
  CrmRequestError,
  type ConnectorCustomer,
  type CrmConnector,
  type CrmWrite,
} from '../connectors/crm-connector.js';
import type { CrmFieldMapping } from '../connectors/field-mapping.js';
import {
  extensionDestination,
  fieldText,
  mapLanguage,
  mapSegment,
  mapTimeZone,
} from '../connectors/map-fields.js';
import type { Bitrix24Client } from './bitrix24-client.js';

const id = z.union([z.string(), z.number()]).transform(String);

const contactSchema = z.looseObject({
  ID: id,
  NAME: z.string().nullish(),
  LAST_NAME: z.string().nullish(),
  SECOND_NAME: z.string().nullish(),
  ASSIGNED_BY_ID: id.nullish(),
  TYPE_ID: z.string().nullish(),
  PHONE: z.array(z.looseObject({ VALUE: z.string() })).nullish(),
});

const userSchema = z.looseObject({
  ID: id,
  NAME: z.string().nullish(),
  LAST_NAME: z.string().nullish(),
  SECOND_NAME: z.string().nullish(),
  UF_PHONE_INNER: z.union([z.string(), z.number()]).nullish(),
  PERSONAL_MOBILE: z.string().nullish(),
  WORK_PHONE: z.string().nullish(),
});

const dealSchema = z.looseObject({
  ID: id,
  TITLE: z.string().nullish(),
  STAGE_ID: z.string().nullish(),
  DATE_CREATE: z.string().nullish(),
});

/** What `batch` gives back: each command's result, and the errors of those that failed. */
const batchSchema = z.looseObject({
  result: z.record(z.string(), z.unknown()).or(z.array(z.unknown())).default({}),
  result_error: z.record(z.string(), z.unknown()).or(z.array(z.unknown())).default({}),
});

/** Bitrix24 call result codes (telephony.externalcall.finish STATUS_CODE). */
const STATUS_CODE: Record<CallRecord['status'], string> = {
  completed: '200',
  busy: '486',
  'no-answer': '304',
  canceled: '304',
  failed: '603',
};

/**
 * Bitrix24 (docs/crm-connectors.md): the caller's contact by phone
 * (`crm.duplicate.findbycomm`, then `crm.contact.get`, the responsible `user.get` with
 * their internal number UF_PHONE_INNER, and open deals with `crm.deal.list` where the
 * mapping asks) in ONE `batch` request, the later commands reading the earlier results
 * (`$result[…]`): a lookup costs one unit of the portal's 2-a-second budget. Calls are
 * registered and finished with `telephony.externalcall.register` / `.finish` when the IVR
 * runs as an application (OAuth); an incoming webhook cannot use those methods, so the call
 * is then written as a comment in the contact's timeline.
 */
export class Bitrix24Connector implements CrmConnector {
  readonly name = 'bitrix24';

  constructor(
    private readonly opts: {
      client: Bitrix24Client;
      mapping: CrmFieldMapping;
      defaultRegion: CountryCode;
      /** Who calls are registered for when the answering employee is not a Bitrix24 user. */
      userId: number;
      logger: Logger;
    },
  ) {}

  async findCustomer(
    e164: string,
    _at: string,
    signal: AbortSignal,
  ): Promise<ConnectorCustomer | null> {
    const { mapping } = this.opts;
    const cmd: Record<string, string> = {
      dup: `crm.duplicate.findbycomm?${query({ entity_type: 'CONTACT', type: 'PHONE', values: phoneVariants(e164) })}`,
      contact: 'crm.contact.get?id=$result[dup][CONTACT][0]',
      user: 'user.get?ID=$result[contact][ASSIGNED_BY_ID]',
    };
    if (mapping.openItems.enabled) {
      cmd.deals =
        'crm.deal.list?filter[CONTACT_ID]=$result[dup][CONTACT][0]&filter[CLOSED]=N' +
        '&order[DATE_CREATE]=DESC&select[0]=ID&select[1]=TITLE&select[2]=STAGE_ID&select[3]=DATE_CREATE';
    }
    const raw = await this.opts.client.call('batch', { halt: 0, cmd }, signal);
    const batch = batchSchema.safeParse(raw);
    if (!batch.success) throw new CrmRequestError('bitrix24 batch: unexpected answer', 'schema');
    const results = batch.data.result as Record<string, unknown>;
    const dup = results.dup as { CONTACT?: unknown[] } | unknown[] | undefined;
    const contactId = !Array.isArray(dup) ? dup?.CONTACT?.[0] : undefined;
    if (contactId === undefined) return null;
    const contact = contactSchema.safeParse(results.contact);
    if (!contact.success) {
      const errors = batch.data.result_error as Record<string, { error?: string }>;
      throw new CrmRequestError(
        `bitrix24 crm.contact.get: ${errors.contact?.error ?? 'unexpected answer'}`,
        'schema',
      );
    }
    const c = contact.data;
    const firstName = (c.NAME ?? '').trim() || (c.LAST_NAME ?? '').trim();
    if (!firstName) return null;
    const field = (ref: string | number | null) => (typeof ref === 'string' ? c[ref] : undefined);
    const customer: CustomerProfile = {
      id: c.ID,
      firstName,
      lastName: c.NAME?.trim() ? c.LAST_NAME?.trim() || null : null,
      patronymic: c.SECOND_NAME?.trim() || null,
      language: mapLanguage(mapping, field(mapping.language.field)),
      timeZone: mapTimeZone(field(mapping.timeZone.field)),
      segment: mapSegment(mapping, field(mapping.segment.field)),
      phones: [
        ...new Set(
          (c.PHONE ?? [])
            .map((p) => normalizePhone(p.VALUE, this.opts.defaultRegion))
            .filter((p) => p !== null),
        ),
      ].sort(),
      items: this.openDeals(results.deals),
      account: { ...NO_ACCOUNT_FACTS },
    };
    return { customer, responsible: this.responsible(results.user) };
  }

  private openDeals(raw: unknown): OpenItem[] {
    const { openItems } = this.opts.mapping;
    if (!openItems.enabled || !Array.isArray(raw)) return [];
    return raw
      .flatMap((d) => {
        const deal = dealSchema.safeParse(d);
        return deal.success ? [deal.data] : [];
      })
      .slice(0, openItems.limit)
      .map((d): OpenItem => {
        const status = (d.STAGE_ID && openItems.stages[d.STAGE_ID]) || 'created';
        return {
          kind: 'order',
          id: `deal-${d.ID}`,
          number: d.ID,
          status: ORDER_STATUSES.includes(status) ? status : 'created',
          createdAt: d.DATE_CREATE
            ? new Date(d.DATE_CREATE).toISOString()
            : new Date(0).toISOString(),
          deliveryFrom: null,
          deliveryTo: null,
        };
      });
  }

  /** The responsible user as a transfer target, when they have an internal number. */
  private responsible(raw: unknown): EmployeeContact | null {
    const user = userSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
    if (!user.success) return null;
    const u = user.data;
    const extension = fieldText(u.UF_PHONE_INNER)?.replace(/\D/g, '') ?? '';
    if (extension.length < 2) return null;
    const own = [u.PERSONAL_MOBILE, u.WORK_PHONE]
      .map((p) => (p ? normalizePhone(p, this.opts.defaultRegion) : null))
      .find((p) => p !== null);
    const destination = extensionDestination(this.opts.mapping, extension, own ?? null);
    if (!destination) return null;
    return {
      id: `bitrix24-user-${u.ID}`,
      firstName: u.NAME?.trim() || 'Менеджер',
      lastName: u.LAST_NAME?.trim() || null,
      patronymic: u.SECOND_NAME?.trim() || null,
      extension,
      destination,
    };
  }

  async write(w: CrmWrite, signal: AbortSignal): Promise<void> {
    const { client } = this.opts;
    switch (w.kind) {
      case 'call':
        return client.isWebhook
          ? this.comment(w.record.customerId, callText(w.record), signal)
          : this.registerCall(w.record, recordingUrlOf(w.detail), signal);
      case 'request':
        return this.comment(
          w.request.customerId,
          `IVR: ${w.request.kind === 'block-card' ? 'просьба заблокировать карту' : 'просьба перенести запись'} (${w.request.itemId}), звонок ${w.request.callId}`,
          signal,
        );
      case 'appointment':
        this.opts.logger.info(
          { appointmentId: w.appointmentId },
          'bitrix24: appointments are not Bitrix24 items, nothing to confirm',
        );
        return;
      case 'language': {
        const field = this.opts.mapping.language.field;
        if (typeof field !== 'string') {
          this.opts.logger.info(
            { connector: this.name },
            'bitrix24: no language field mapped, language not written',
          );
          return;
        }
        const value =
          Object.entries(this.opts.mapping.language.values).find(
            ([, l]) => l === w.language,
          )?.[0] ?? w.language;
        await client.call(
          'crm.contact.update',
          { id: w.customerId, fields: { [field]: value } },
          signal,
        );
        return;
      }
      case 'recording':
        // The recording's URL goes with the finished call (RECORD_URL): the call write runs
        // CRM_WRITE_DELAY_SEC after the call, by when the recording callback has come.
        // attachRecord would need the portal's CALL_ID of a call already finished.
        this.opts.logger.info(
          { callId: w.recording.callId },
          'bitrix24: recording kept with the call record',
        );
        return;
    }
  }

  private async registerCall(
    record: CallRecord,
    recordUrl: string | null,
    signal: AbortSignal,
  ): Promise<void> {
    const employee = /^employee:bitrix24-user-(\d+)$/.exec(record.answeredBy ?? '');
    const userId = employee ? Number(employee[1]) : this.opts.userId;
    const register = query({
      USER_ID: userId,
      PHONE_NUMBER: record.caller ?? 'anonymous',
      LINE_NUMBER: record.called,
      TYPE: 2,
      CALL_START_DATE: record.startedAt,
      CRM_CREATE: 0,
      SHOW: 0,
    });
    const finish = query({
      USER_ID: userId,
      DURATION: record.durationSec ?? 0,
      STATUS_CODE: STATUS_CODE[record.status],
      // The transfer's recording, played from the call's card in the portal.
      ...(recordUrl ? { RECORD_URL: recordUrl } : {}),
    });
    const raw = await this.opts.client.call(
      'batch',
      {
        halt: 1,
        cmd: {
          reg: `telephony.externalcall.register?${register}`,
          fin: `telephony.externalcall.finish?CALL_ID=$result[reg][CALL_ID]&${finish}`,
        },
      },
      signal,
    );
    const batch = batchSchema.parse(raw);
    const errors = Object.entries(batch.result_error as Record<string, { error?: string }>);
    if (errors.length > 0) {
      const [name, e] = errors[0]!;
      throw new CrmRequestError(`bitrix24 ${name}: ${e.error ?? 'failed'}`, 'status');
    }
    this.opts.logger.info(
      { callId: record.callId, caller: maskPhone(record.caller) },
      'bitrix24: call registered and finished',
    );
  }

  private async comment(
    customerId: string | null,
    text: string,
    signal: AbortSignal,
  ): Promise<void> {
    if (!customerId) {
      this.opts.logger.info(
        { connector: this.name },
        'bitrix24: unknown caller, nothing to comment on',
      );
      return;
    }
    await this.opts.client.call(
      'crm.timeline.comment.add',
      { fields: { ENTITY_ID: Number(customerId), ENTITY_TYPE: 'contact', COMMENT: text } },
      signal,
    );
  }

  close(): Promise<void> {
    return this.opts.client.close();
  }
}

/** The number as a portal may have it stored: E.164, without "+", national with 8. */
function phoneVariants(e164: string): string[] {
  const digits = e164.slice(1);
  const variants = [e164, digits];
  if (digits.startsWith('7') && digits.length === 11) variants.push(`8${digits.slice(1)}`);
  return variants;
}

/** A batch command's query string (Bitrix24 style: `values[0]=…`, `fields[NAME]=…`). */
function query(params: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (key: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((v, i) => add(`${key}[${i}]`, v));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      parts.push(`${key}=${encodeURIComponent(String(value))}`);
  };
  for (const [k, v] of Object.entries(params)) add(k, v);
  return parts.join('&');
}

/** The recording's URL from the call as GET /api/calls/:id shows it, if it was recorded. */
function recordingUrlOf(detail: unknown): string | null {
  if (typeof detail !== 'object' || detail === null) return null;
  const url = (detail as { recordingUrl?: unknown }).recordingUrl;
  return typeof url === 'string' && url ? url : null;
}

function callText(r: CallRecord): string {
  const path = r.path.map((p) => p.step).join(' → ');
  return (
    `Звонок через IVR ${r.provider} ${r.callId}: ${r.caller ?? 'номер скрыт'}, ${r.status}, ` +
    `${r.durationSec ?? 0} с${r.transferredTo ? `, переведён на ${r.transferredTo}` : ''}. Путь: ${path}`
  );
}
