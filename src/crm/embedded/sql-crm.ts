import type { Kysely } from 'kysely';
import type { CallRecord } from '../../flow/call-record.js';
import type { CustomerProfile } from '../../flow/customer.js';
import type { CallEndStatus } from '../../flow/events.js';
import type { PathEntry } from '../../flow/snapshot.js';
import type { CrmPort } from '../crm-port.js';
import type { ContractInfo, Outage } from '../../flow/self-service-data.js';
import type { EmployeeContact, RankedEmployee } from '../../flow/employee-data.js';
import { findEmployeeByExtension } from '../ranking/find-employee-by-extension.js';
import { findRankedEmployees } from '../ranking/find-ranked-employees.js';
import { DEFAULT_RANKING_SETTINGS, type RankingSettings } from '../ranking/ranking-settings.js';
import { findCustomerProfile } from './customer-profile-query.js';
import type { AppDatabase } from '../../store/database-schema.js';
import { activateTrustCredit, findContract, findOutagesForPhone } from './self-service-queries.js';
import type { CustomerRequest } from '../../flow/effects.js';
import type { Language } from '../../flow/language.js';

const END_STATUSES: readonly string[] = [
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
] satisfies CallEndStatus[];

const isEndStatus = (s: string): s is CallEndStatus => END_STATUSES.includes(s);

/**
 * The CRM on a SQL database through Kysely. Queries use only what SQLite and PostgreSQL
 * share (joins, `on conflict … do update`), so the same class serves both dialects.
 * `ranking` (weights, lifetimes, minScore) must be the settings the ranking was recorded
 * with: the shipped defaults unless RANKING_FILE says otherwise.
 */
export class SqlCrm implements CrmPort {
  constructor(
    private readonly db: Kysely<AppDatabase>,
    private readonly ranking: RankingSettings = DEFAULT_RANKING_SETTINGS,
  ) {}

  /**
   * The customer who owns this E.164 number, with all their numbers, open items and
   * account facts, or null: one read transaction (query plan in customer-profile-query.ts).
   * `at` is "now" for recent card transactions; default the system clock.
   */
  findCustomerByPhone(
    e164: string,
    at: string = new Date().toISOString(),
  ): Promise<CustomerProfile | null> {
    return findCustomerProfile(this.db, e164, at);
  }

  /** Records a request made in the IVR; the same request in the same call is kept once. */
  async recordRequest(request: CustomerRequest): Promise<void> {
    await this.db
      .insertInto('customer_requests')
      .values({
        id: `${request.callId}:${request.kind}:${request.itemId}`,
        kind: request.kind,
        customer_id: request.customerId,
        item_id: request.itemId,
        call_id: request.callId,
        created_at: request.at,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /** Marks the appointment confirmed; an unknown or cancelled one is an error. */
  async confirmAppointment(appointmentId: string, callId: string): Promise<void> {
    const result = await this.db
      .updateTable('customer_appointments')
      .set({ status: 'confirmed', confirmed_call_id: callId })
      .where('id', '=', appointmentId)
      .where('status', '!=', 'cancelled')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new Error(`appointment ${appointmentId} cannot be confirmed`);
    }
  }

  /** The customer's language, as they chose it in the IVR. */
  async saveLanguage(customerId: string, language: Language): Promise<void> {
    await this.db
      .updateTable('customers')
      .set({ language, updated_at: new Date().toISOString() })
      .where('id', '=', customerId)
      .execute();
  }

  /**
   * Stores the flow's summary of a finished call. A repeated record for the same callId
   * replaces the first; the call log's own columns (outcome, steps, transfers) are kept.
   */
  async recordCall(record: CallRecord): Promise<void> {
    const row = {
      call_id: record.callId,
      provider: record.provider,
      caller: record.caller,
      called: record.called,
      customer_id: record.customerId,
      language: record.language,
      started_at: record.startedAt,
      ended_at: record.endedAt,
      status: record.status,
      duration_sec: record.durationSec,
      transferred_to: record.transferredTo,
      path_json: JSON.stringify(record.path),
      self_served: record.selfServed ? 1 : 0,
      answered_by: record.answeredBy,
      last_step: record.path.at(-1)?.step ?? null,
      updated_at: record.endedAt,
    };
    await this.db
      .insertInto('calls')
      .values(row)
      .onConflict((oc) =>
        oc.column('call_id').doUpdateSet((eb) => ({
          provider: eb.ref('excluded.provider'),
          caller: eb.ref('excluded.caller'),
          called: eb.ref('excluded.called'),
          customer_id: eb.ref('excluded.customer_id'),
          language: eb.ref('excluded.language'),
          started_at: eb.ref('excluded.started_at'),
          ended_at: eb.ref('excluded.ended_at'),
          status: eb.ref('excluded.status'),
          duration_sec: eb.ref('excluded.duration_sec'),
          transferred_to: eb.ref('excluded.transferred_to'),
          path_json: eb.ref('excluded.path_json'),
          self_served: eb.ref('excluded.self_served'),
          answered_by: eb.ref('excluded.answered_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  /** The stored record of a finished call, or null. */
  async findCall(callId: string): Promise<CallRecord | null> {
    const row = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('call_id', '=', callId)
      .executeTakeFirst();
    // A call still running (logged, not yet ended) has no CallRecord yet.
    if (!row || row.ended_at === null || row.status === null) return null;
    if (!isEndStatus(row.status)) {
      throw new Error(`calls.status of ${callId} is not a call end status`);
    }
    return {
      callId: row.call_id,
      provider: row.provider,
      caller: row.caller,
      called: row.called,
      customerId: row.customer_id,
      language: row.language,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      status: row.status,
      durationSec: row.duration_sec,
      transferredTo: row.transferred_to,
      path: JSON.parse(row.path_json) as PathEntry[],
      selfServed: row.self_served === 1,
      answeredBy: row.answered_by,
    };
  }

  /** The client's best employees available at `at`, from the precomputed ranking. */
  findRankedEmployees(customerId: string, at: string, limit: number): Promise<RankedEmployee[]> {
    return findRankedEmployees(this.db, this.ranking, { clientId: customerId, at, limit });
  }

  /** The employee on this extension if they can take a call at `at`, or null. */
  findAvailableEmployeeByExtension(extension: string, at: string): Promise<EmployeeContact | null> {
    return findEmployeeByExtension(this.db, extension, at);
  }

  findOutagesForPhone(e164: string, at: string): Promise<Outage[]> {
    return findOutagesForPhone(this.db, e164, at);
  }

  findContract(number: string): Promise<ContractInfo | null> {
    return findContract(this.db, number);
  }

  activateTrustCredit(credit: Parameters<CrmPort['activateTrustCredit']>[0]): Promise<void> {
    return activateTrustCredit(this.db, credit);
  }
}
