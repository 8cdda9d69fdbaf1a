import type { CountryCode } from 'libphonenumber-js';
import { LRUCache } from 'lru-cache';
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
import type { AmoCrmFieldMapping } from '../connectors/field-mapping.js';
import {
  extensionDestination,
  fieldText,
  mapLanguage,
  mapSegment,
  mapTimeZone,
} from '../connectors/map-fields.js';
import type { AmoCrmClient } from './amocrm-client.js';

/** amoCRM's fixed lead statuses: 142 won ("Успешно реализовано"), 143 lost ("Закрыто и не реализовано"). */
const CLOSED_LEAD_STATUSES = new Set([142, 143]);

const customFieldSchema = z.looseObject({
  field_id: z.number(),
  field_code: z.string().nullish(),
  values: z
    .array(
      z.looseObject({
        value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
        enum_id: z.number().nullish(),
        enum_code: z.string().nullish(),
      }),
    )
    .default([]),
});

const contactSchema = z.looseObject({
  id: z.number(),
  name: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  responsible_user_id: z.number().nullish(),
  custom_fields_values: z.array(customFieldSchema).nullish(),
  _embedded: z
    .looseObject({ leads: z.array(z.looseObject({ id: z.number() })).nullish() })
    .nullish(),
});

/** GET /api/v4/contacts: a HAL collection, contacts under `_embedded` (204 when none). */
const contactsPageSchema = z.looseObject({
  _embedded: z.looseObject({ contacts: z.array(contactSchema) }),
});

const leadSchema = z.looseObject({
  id: z.number(),
  name: z.string().nullish(),
  status_id: z.number(),
  pipeline_id: z.number().nullish(),
  created_at: z.number().nullish(),
  is_deleted: z.boolean().nullish(),
});

const leadsPageSchema = z.looseObject({
  _embedded: z.looseObject({ leads: z.array(leadSchema) }),
});

const userSchema = z.looseObject({ id: z.number(), name: z.string().nullish() });

/** POST /api/v4/calls answers the calls it added and, per call, the errors of those it did not. */
const callsAnswerSchema = z.looseObject({
  _embedded: z
    .looseObject({
      calls: z.array(z.looseObject({ id: z.number().nullish() })).nullish(),
      errors: z.array(z.unknown()).nullish(),
    })
    .nullish(),
});

type AmoContact = z.infer<typeof contactSchema>;

/**
 * amoCRM call_status (calls API): 4 the conversation took place, 6 not reached, 7 busy.
 */
const CALL_STATUS: Record<CallRecord['status'], number> = {
  completed: 4,
  busy: 7,
  'no-answer': 6,
  canceled: 6,
  failed: 6,
};

/** The last ten digits: how amoCRM accounts store and compare numbers ("8 707…", "+7 707…"). */
export function lastTenDigits(phone: string): string {
  return phone.replace(/\D/g, '').slice(-10);
}

/**
 * amoCRM (docs/crm-connectors.md). Lookup: `GET /api/v4/contacts?query=<last 10 digits>
 * &with=leads`, the contact whose PHONE field ends in the same ten digits; its mapped
 * custom fields (language, segment, zone); its responsible user, offered first when the
 * mapping gives them an extension (`GET /api/v4/users/{id}` for the name, kept an hour);
 * and, where `openItems.enabled`, its open leads (`GET /api/v4/leads?filter[id][]=…`,
 * statuses other than 142/143) as orders. Writes: the call with `POST /api/v4/calls`
 * (amoCRM files it in the card of the contact with that number), a caller's request as a
 * task for the responsible user, the chosen language into the mapped field, a recording
 * that came after the call as a note with its link.
 */
export class AmoCrmConnector implements CrmConnector {
  readonly name = 'amocrm';
  private readonly users = new LRUCache<number, { name: string | null }>({
    max: 1000,
    ttl: 3_600_000,
  });

  constructor(
    private readonly opts: {
      client: AmoCrmClient;
      mapping: AmoCrmFieldMapping;
      defaultRegion: CountryCode;
      /** amoCRM user the IVR's calls are logged as (created_by), when set. */
      userId: number | null;
      logger: Logger;
    },
  ) {}

  async findCustomer(
    e164: string,
    _at: string,
    signal: AbortSignal,
  ): Promise<ConnectorCustomer | null> {
    const digits = lastTenDigits(e164);
    const q = new URLSearchParams({ query: digits, with: 'leads', limit: '10' });
    const raw = await this.opts.client.call(
      'GET',
      `/api/v4/contacts?${q.toString()}`,
      undefined,
      signal,
    );
    if (raw === null) return null;
    const page = contactsPageSchema.safeParse(raw);
    if (!page.success) throw new CrmRequestError('amocrm contacts: unexpected answer', 'schema');
    // The search matches any field; only a contact whose phone ends in these digits is the caller.
    const contact = page.data._embedded.contacts.find((c) =>
      phonesOf(c).some((p) => lastTenDigits(p) === digits),
    );
    if (!contact) return null;
    const firstName = contact.first_name?.trim() || contact.name?.trim().split(/\s+/)[0] || '';
    if (!firstName) return null;
    const [items, responsible] = await Promise.all([
      this.openLeads(contact, signal),
      this.responsible(contact.responsible_user_id ?? null, signal),
    ]);
    const { mapping } = this.opts;
    const customer: CustomerProfile = {
      id: String(contact.id),
      firstName,
      lastName: contact.first_name?.trim() ? contact.last_name?.trim() || null : null,
      patronymic: null,
      language: this.language(contact),
      timeZone: mapTimeZone(fieldValue(contact, mapping.timeZone.field)?.value),
      segment: segmentOf(mapping, contact),
      phones: [
        ...new Set(
          phonesOf(contact)
            .map((p) => normalizePhone(p, this.opts.defaultRegion))
            .filter((p) => p !== null),
        ),
      ].sort(),
      items,
      account: { ...NO_ACCOUNT_FACTS },
    };
    return { customer, responsible };
  }

  private language(contact: AmoContact): CustomerProfile['language'] {
    const { mapping } = this.opts;
    const v = fieldValue(contact, mapping.language.field);
    if (!v) return null;
    // A list field: its enum id is what a mapping names; a text field: the text.
    const byEnum =
      v.enum_id !== null && v.enum_id !== undefined
        ? mapping.language.values[String(v.enum_id)]
        : undefined;
    return byEnum ?? mapLanguage(mapping, v.value);
  }

  private async openLeads(contact: AmoContact, signal: AbortSignal): Promise<OpenItem[]> {
    const { openItems } = this.opts.mapping;
    const ids = (contact._embedded?.leads ?? []).map((l) => l.id);
    if (!openItems.enabled || ids.length === 0) return [];
    const q = new URLSearchParams({ limit: '50', 'order[created_at]': 'desc' });
    for (const id of ids.slice(0, 50)) q.append('filter[id][]', String(id));
    const raw = await this.opts.client.call(
      'GET',
      `/api/v4/leads?${q.toString()}`,
      undefined,
      signal,
    );
    if (raw === null) return [];
    const page = leadsPageSchema.safeParse(raw);
    if (!page.success) throw new CrmRequestError('amocrm leads: unexpected answer', 'schema');
    return page.data._embedded.leads
      .filter((l) => !CLOSED_LEAD_STATUSES.has(l.status_id) && l.is_deleted !== true)
      .sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0))
      .slice(0, openItems.limit)
      .map((l): OpenItem => {
        const status = openItems.stages[String(l.status_id)] ?? 'created';
        return {
          kind: 'order',
          id: `lead-${l.id}`,
          number: String(l.id),
          status: ORDER_STATUSES.includes(status) ? status : 'created',
          createdAt: new Date((l.created_at ?? 0) * 1000).toISOString(),
          deliveryFrom: null,
          deliveryTo: null,
        };
      });
  }

  /**
   * The responsible user as a transfer target: amoCRM keeps no internal numbers, so only a
   * user the mapping gives an extension (`extensions`: user id → extension) is offered.
   */
  private async responsible(
    userId: number | null,
    signal: AbortSignal,
  ): Promise<EmployeeContact | null> {
    if (userId === null) return null;
    const extension = this.opts.mapping.extensions[String(userId)];
    if (!extension) return null;
    const destination = extensionDestination(this.opts.mapping, extension, null);
    if (!destination) return null;
    let user = this.users.get(userId);
    if (!user) {
      try {
        const raw = await this.opts.client.call(
          'GET',
          `/api/v4/users/${userId}`,
          undefined,
          signal,
        );
        const parsed = userSchema.safeParse(raw);
        user = { name: parsed.success ? (parsed.data.name?.trim() ?? null) : null };
        this.users.set(userId, user);
      } catch (err) {
        // Without the name the caller can still be put through to the extension; a timeout
        // or a network failure is the lookup's failure all the same.
        if (!(err instanceof CrmRequestError) || err.reason !== 'status') throw err;
        user = { name: null };
      }
    }
    const [first, ...rest] = (user.name ?? '').split(/\s+/).filter(Boolean);
    return {
      id: `amocrm-user-${userId}`,
      firstName: first ?? 'Менеджер',
      lastName: rest.join(' ') || null,
      patronymic: null,
      extension,
      destination,
    };
  }

  async write(w: CrmWrite, signal: AbortSignal): Promise<void> {
    switch (w.kind) {
      case 'call':
        return this.logCall(w.record, recordingLink(w.detail), signal);
      case 'request':
        return this.task(w.request.customerId, requestText(w.request), w.request.at, signal);
      case 'appointment':
        this.opts.logger.info(
          { appointmentId: w.appointmentId },
          'amocrm: appointments are not amoCRM items, nothing to confirm',
        );
        return;
      case 'language':
        return this.saveLanguage(w.customerId, w.language, signal);
      case 'recording':
        return this.note(
          w.customerId,
          `Запись разговора (звонок ${w.recording.callId}): ${w.recording.url}` +
            (w.recording.durationSec !== null ? `, ${w.recording.durationSec} с` : ''),
          signal,
        );
    }
  }

  /**
   * POST /api/v4/calls: amoCRM finds the contact by the number and adds the call to its
   * card (or its one open lead). A number amoCRM does not know is answered with an error
   * for that call: there is no card to put it in, so it is logged and not retried.
   */
  private async logCall(
    record: CallRecord,
    link: string | null,
    signal: AbortSignal,
  ): Promise<void> {
    if (!record.caller) {
      this.opts.logger.info(
        { callId: record.callId },
        'amocrm: hidden number, no card to log the call in',
      );
      return;
    }
    const employee = /^employee:amocrm-user-(\d+)$/.exec(record.answeredBy ?? '');
    const responsible = employee ? Number(employee[1]) : this.opts.userId;
    const call: Record<string, unknown> = {
      direction: 'inbound',
      uniq: record.callId,
      duration: record.durationSec ?? 0,
      source: `IVR ${record.provider}`,
      phone: record.caller,
      call_status: CALL_STATUS[record.status],
      call_result: callResult(record),
      created_at: Math.floor(Date.parse(record.startedAt) / 1000),
      request_id: record.callId,
    };
    if (link) call.link = link;
    if (responsible !== null) call.responsible_user_id = responsible;
    if (this.opts.userId !== null) call.created_by = this.opts.userId;
    const raw = await this.opts.client.call('POST', '/api/v4/calls', [call], signal);
    const answer = callsAnswerSchema.safeParse(raw);
    const added = answer.success ? (answer.data._embedded?.calls ?? []).length : 0;
    if (added === 0) {
      this.opts.logger.warn(
        { callId: record.callId, caller: maskPhone(record.caller) },
        'amocrm: no card with this number, the call was not logged',
      );
      return;
    }
    this.opts.logger.info(
      { callId: record.callId, caller: maskPhone(record.caller) },
      'amocrm: call logged',
    );
  }

  /** A caller's request is work for a person: a task on the contact, due in an hour. */
  private async task(
    customerId: string | null,
    text: string,
    at: string,
    signal: AbortSignal,
  ): Promise<void> {
    if (!customerId) {
      this.opts.logger.info(
        { connector: this.name },
        'amocrm: unknown caller, no card for the task',
      );
      return;
    }
    await this.opts.client.call(
      'POST',
      '/api/v4/tasks',
      [
        {
          text,
          complete_till: Math.floor(Date.parse(at) / 1000) + 3600,
          entity_id: Number(customerId),
          entity_type: 'contacts',
          task_type_id: 1,
          request_id: `${customerId}:${at}`,
        },
      ],
      signal,
    );
  }

  private async note(customerId: string | null, text: string, signal: AbortSignal): Promise<void> {
    if (!customerId) {
      this.opts.logger.info(
        { connector: this.name },
        'amocrm: unknown caller, no card for the note',
      );
      return;
    }
    await this.opts.client.call(
      'POST',
      '/api/v4/contacts/notes',
      [{ entity_id: Number(customerId), note_type: 'common', params: { text } }],
      signal,
    );
  }

  private async saveLanguage(
    customerId: string,
    language: string,
    signal: AbortSignal,
  ): Promise<void> {
    const { field, values } = this.opts.mapping.language;
    if (field === null) {
      this.opts.logger.info(
        { connector: this.name },
        'amocrm: no language field mapped, language not written',
      );
      return;
    }
    const key = Object.entries(values).find(([, l]) => l === language)?.[0];
    const value =
      key !== undefined && /^\d+$/.test(key)
        ? { enum_id: Number(key) }
        : { value: key ?? language };
    const ref = typeof field === 'number' ? { field_id: field } : { field_code: field };
    await this.opts.client.call(
      'PATCH',
      `/api/v4/contacts/${encodeURIComponent(customerId)}`,
      { custom_fields_values: [{ ...ref, values: [value] }] },
      signal,
    );
  }

  close(): Promise<void> {
    return this.opts.client.close();
  }
}

/** The contact's numbers: the values of its PHONE field (field_code PHONE). */
function phonesOf(c: AmoContact): string[] {
  return (c.custom_fields_values ?? [])
    .filter((f) => f.field_code === 'PHONE')
    .flatMap((f) => f.values.map((v) => fieldText(v.value)))
    .filter((v): v is string => v !== null);
}

/** The first value of a custom field named by id (number) or code (text). */
function fieldValue(
  c: AmoContact,
  ref: string | number | null,
): { value?: unknown; enum_id?: number | null } | null {
  if (ref === null) return null;
  const field = (c.custom_fields_values ?? []).find((f) =>
    typeof ref === 'number'
      ? f.field_id === ref
      : f.field_code === ref || String(f.field_id) === ref,
  );
  return field?.values[0] ?? null;
}

function segmentOf(mapping: AmoCrmFieldMapping, c: AmoContact): string | null {
  const v = fieldValue(c, mapping.segment.field);
  if (!v) return null;
  const byEnum =
    v.enum_id !== null && v.enum_id !== undefined
      ? mapping.segment.values[String(v.enum_id)]
      : undefined;
  return byEnum ?? mapSegment(mapping, v.value);
}

/** The recording's URL from the call as GET /api/calls/:id shows it, if it was recorded. */
function recordingLink(detail: unknown): string | null {
  if (typeof detail !== 'object' || detail === null) return null;
  const url = (detail as { recordingUrl?: unknown }).recordingUrl;
  return typeof url === 'string' && url ? url : null;
}

function callResult(r: CallRecord): string {
  if (r.selfServed) return 'IVR: самообслуживание';
  if (r.transferredTo) return `IVR: переведён на ${r.transferredTo}`;
  return `IVR: ${r.path.at(-1)?.step ?? 'меню'}`;
}

function requestText(r: { kind: string; itemId: string; callId: string }): string {
  const what = r.kind === 'block-card' ? 'просьба заблокировать карту' : 'просьба перенести запись';
  return `IVR: ${what} (${r.itemId}), звонок ${r.callId}`;
}
