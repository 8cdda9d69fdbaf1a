import type { Insertable, Kysely } from 'kysely';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import type { CallQueries } from '../../src/calls/call-queries.js';
import { SqlCallQueries } from '../../src/calls/sql-call-queries.js';
import { composeDeps } from '../../src/compose.js';
import type { CallsTable, AppDatabase } from '../../src/store/database-schema.js';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import type { TaskQueries } from '../../src/tasks/task-queries.js';
import type { tempCrms } from '../crm/temp-crm.js';
import { RecordingSms } from '../support/recording-sms.js';
import { testConfig } from '../support/test-app.js';

export const KEY = 'test-api-key-0123456789abcdef';

/** Our numbers: the Astana sales line, the Almaty support line, a Moscow number. */
export const DID = {
  astana: '+77172000001',
  almaty: '+77272000002',
  moscow: '+74951234567',
};

/** A finished inbound call answered after the menu; fields overridable. */
export function callRow(
  callId: string,
  fields: Partial<Insertable<CallsTable>> = {},
): Insertable<CallsTable> {
  const startedAt = fields.started_at ?? '2026-11-20T10:00:00.000Z';
  const later = (sec: number) => new Date(Date.parse(startedAt) + sec * 1000).toISOString();
  return {
    call_id: callId,
    provider: 'twilio',
    direction: 'inbound',
    caller: '+77071234567',
    called: DID.astana,
    campaign: null,
    customer_id: 'c-asel',
    language: 'kk',
    started_at: startedAt,
    answered_at: later(25),
    ended_at: later(95),
    status: 'completed',
    outcome: 'ANSWERED',
    full_contact: 1,
    duration_sec: 95,
    talk_sec: 70,
    ivr_sec: 20,
    wait_sec: 5,
    ivr_outcome: 'transferred',
    ivr_abandoned_at: null,
    last_step: 'transfer',
    transferred_to: '+77172000010',
    answered_by: 'sales',
    recording_url: null,
    self_served: 0,
    path_json: '[]',
    task_id: null,
    attempt: null,
    rules_applied_at: null,
    updated_at: later(95),
    ...fields,
  };
}

/**
 * The call log the tests read. Company zone Asia/Almaty (UTC+5, no DST): 18:30Z on the
 * 20th is 23:30 there, 19:10Z is 00:10 on the 21st, 19:00Z on the 19th is midnight of the
 * 20th. In Europe/Moscow (UTC+3) the same instants fall on other days.
 */
export const CALLS = {
  /** 23:30 on the 20th in Almaty: speech menu, two transfer attempts. */
  lateEvening: callRow('CA00000000000000000000000000000001', {
    started_at: '2026-11-20T18:30:00.000Z',
    answered_at: '2026-11-20T18:30:01.000Z',
    ended_at: '2026-11-20T18:35:00.000Z',
    campaign: 'radio-autumn',
    duration_sec: 299,
    talk_sec: 250,
    ivr_sec: 40,
    wait_sec: 9,
    transferred_to: '+77172000000',
    answered_by: 'operator',
    recording_url: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1',
    path_json: JSON.stringify([
      { step: 'lookup', at: '2026-11-20T18:30:01.000Z', input: null, result: 'found' },
      {
        step: 'menu',
        at: '2026-11-20T18:30:12.000Z',
        input: 'менің тапсырысым қайда',
        result: 'chosen:orders',
      },
      { step: 'transfer', at: '2026-11-20T18:30:41.000Z', input: null, result: 'answered' },
    ]),
  }),
  /** 00:10 on the 21st in Almaty: missed, same caller and DID. */
  afterMidnight: callRow('CA00000000000000000000000000000002', {
    started_at: '2026-11-20T19:10:00.000Z',
    answered_at: null,
    ended_at: '2026-11-20T19:10:30.000Z',
    campaign: 'radio-autumn',
    outcome: 'MISSED',
    status: 'completed',
    full_contact: 0,
    talk_sec: null,
    ivr_outcome: 'transferred',
    answered_by: null,
  }),
  /** Midnight exactly, start of the 20th in Almaty: abandoned in the menu, Russian. */
  midnight: callRow('CA00000000000000000000000000000003', {
    started_at: '2026-11-19T19:00:00.000Z',
    caller: '+77012345678',
    called: DID.almaty,
    customer_id: 'c-bolat',
    language: 'ru',
    outcome: 'ABANDONED',
    full_contact: null,
    talk_sec: null,
    ivr_outcome: 'abandoned',
    ivr_abandoned_at: 'menu',
    last_step: 'menu',
    transferred_to: null,
    answered_by: null,
  }),
  /** A millisecond before midnight (the 19th in Almaty): a callback that got no answer. */
  callback: callRow('5a3f2c9e-1b7d-4e21-9c6a-0d8e7f6a5b4c', {
    provider: 'vonage',
    direction: 'outbound',
    started_at: '2026-11-19T18:59:59.999Z',
    caller: DID.almaty,
    called: '+77012345678',
    customer_id: 'c-bolat',
    language: 'ru',
    outcome: 'NO_ANSWER',
    status: 'unanswered',
    full_contact: null,
    answered_at: null,
    talk_sec: null,
    ivr_outcome: null,
    last_step: null,
    transferred_to: null,
    answered_by: null,
    task_id: 'task-7',
    attempt: 2,
  }),
  /** Midday on the 20th, the Moscow number: busy. */
  moscowBusy: callRow('0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e', {
    provider: 'vonage',
    started_at: '2026-11-20T06:00:00.000Z',
    caller: '+79161234567',
    called: DID.moscow,
    campaign: 'moscow-web',
    customer_id: 'c-ivan',
    language: 'ru',
    outcome: 'BUSY',
    status: 'busy',
    full_contact: null,
    talk_sec: null,
  }),
  /** Self-served on the 20th: balance by SMS, no transfer. */
  selfServed: callRow('CA00000000000000000000000000000006', {
    started_at: '2026-11-20T04:15:00.000Z',
    called: DID.almaty,
    customer_id: 'c-aigerim',
    caller: '+77019876543',
    outcome: 'ANSWERED',
    ivr_outcome: 'self-served',
    self_served: 1,
    transferred_to: null,
    answered_by: null,
  }),
  /** An outbound callback that reached the voicemail on the 18th. */
  voicemail: callRow('CA00000000000000000000000000000007', {
    direction: 'outbound',
    started_at: '2026-11-18T09:00:00.000Z',
    caller: DID.astana,
    called: '+77071234567',
    outcome: 'VOICEMAIL',
    task_id: 'task-3',
    attempt: 1,
  }),
  /** Failed at the provider on the 21st. */
  failed: callRow('CA00000000000000000000000000000008', {
    started_at: '2026-11-21T03:00:00.000Z',
    outcome: 'FAILED',
    status: 'failed',
    customer_id: null,
    caller: '+77475551122',
  }),
  /** Still running (no end, no outcome). */
  running: callRow('CA00000000000000000000000000000009', {
    started_at: '2026-11-21T07:00:00.000Z',
    answered_at: null,
    ended_at: null,
    status: 'ringing',
    outcome: null,
    full_contact: null,
    duration_sec: null,
    talk_sec: null,
    ivr_sec: null,
    wait_sec: null,
    ivr_outcome: null,
    last_step: 'menu',
    transferred_to: null,
    answered_by: null,
    self_served: null,
  }),
};

export const CALL_COUNT = Object.keys(CALLS).length;

/** Steps, transfers and status reports of `lateEvening`, inserted out of order on purpose. */
export async function seedCallLog(db: Kysely<AppDatabase>): Promise<void> {
  await db.insertInto('calls').values(Object.values(CALLS)).execute();
  const callId = CALLS.lateEvening.call_id;
  await db
    .insertInto('call_steps')
    .values([
      {
        call_id: callId,
        seq: 3,
        step: 'transfer',
        entered_at: '2026-11-20T18:30:41.000Z',
        prompt: 'Қазір маманға қосамын.',
        input_kind: null,
        input: null,
        confidence: null,
        left_at: '2026-11-20T18:30:44.000Z',
        left_by: 'transfer-ended',
        duration_ms: 3000,
      },
      {
        call_id: callId,
        seq: 1,
        step: 'language',
        entered_at: '2026-11-20T18:30:01.000Z',
        prompt:
          'Сәлеметсіз бе, Әсел! Қазақ тілі үшін бірді басыңыз. Для русского языка нажмите два.',
        input_kind: 'digits',
        input: '1',
        confidence: null,
        left_at: '2026-11-20T18:30:06.000Z',
        left_by: 'input',
        duration_ms: 5000,
      },
      {
        call_id: callId,
        seq: 2,
        step: 'menu',
        entered_at: '2026-11-20T18:30:06.000Z',
        prompt: 'Сұрағыңызды айтыңыз немесе нөмірді басыңыз.',
        input_kind: 'speech',
        input: 'менің тапсырысым қайда',
        confidence: 0.82,
        left_at: '2026-11-20T18:30:12.000Z',
        left_by: 'input',
        duration_ms: 6000,
      },
    ])
    .execute();
  await db
    .insertInto('call_transfers')
    .values([
      {
        call_id: callId,
        seq: 2,
        target: 'operator',
        destination: '+77172000000',
        started_at: '2026-11-20T18:30:35.000Z',
        ended_at: '2026-11-20T18:35:00.000Z',
        result: 'answered',
        talk_sec: 250,
        amd: 'human',
      },
      {
        call_id: callId,
        seq: 1,
        target: 'employee:emp-nurlan',
        destination: '+77172000010',
        started_at: '2026-11-20T18:30:14.000Z',
        ended_at: '2026-11-20T18:30:35.000Z',
        result: 'no-answer',
        talk_sec: null,
        amd: null,
      },
    ])
    .execute();
  const report = (status: string, sequence: number | null, timestamp: string) => ({
    dedupe_key: `${callId}:${status}:${sequence ?? '-'}`,
    call_id: callId,
    provider: 'twilio',
    status,
    sequence,
    timestamp,
    duration_sec: status === 'completed' ? 299 : null,
    direction: 'inbound',
    amd: null,
    recording_url: null,
    received_at: timestamp,
  });
  await db
    .insertInto('call_status_reports')
    .values([
      report('completed', 3, '2026-11-20T18:35:00.000Z'),
      // Same second: the provider's sequence decides.
      report('ringing', 1, '2026-11-20T18:30:00.000Z'),
      report('initiated', 0, '2026-11-20T18:30:00.000Z'),
      report('in-progress', 2, '2026-11-20T18:30:01.000Z'),
    ])
    .execute();
}

/**
 * The real app over a real, migrated SQLite file holding the call log above, with the
 * calls API wired (or not) as a test needs.
 */
export async function apiApp(
  crms: ReturnType<typeof tempCrms>,
  opts: {
    apiKey?: string | null;
    /** false: no CallQueries wired; an object: this one instead of SqlCallQueries. */
    calls?: false | CallQueries;
    tasks?: TaskQueries;
    zone?: string;
    logger?: Logger;
    seed?: boolean;
  } = {},
) {
  const { db, crm } = await crms.open();
  if (opts.seed !== false) await seedCallLog(db);
  const apiKey = opts.apiKey === undefined ? KEY : opts.apiKey;
  const config = testConfig({
    ...(apiKey !== null && { API_KEY: apiKey }),
    ...(opts.zone && { COMPANY_TIME_ZONE: opts.zone }),
  });
  const deps = composeDeps({
    config,
    crm,
    sms: new RecordingSms(),
    logger: opts.logger ?? createLogger('silent'),
  });
  const calls = opts.calls === undefined ? new SqlCallQueries(db) : opts.calls;
  const app = createApp({
    ...deps,
    ...(calls && { callQueries: calls }),
    ...(opts.tasks && { taskQueries: opts.tasks }),
  });
  /** GET with the key (or another, or none); the query is written as given, already encoded. */
  const get = (path: string, key: string | null = KEY) => {
    const req = request(app).get(path);
    return key === null ? req : req.set('Authorization', `Bearer ${key}`);
  };
  return { app, db, get };
}

/** A query string from pairs, each value URL-encoded (so `+` arrives as `+`). */
export function qs(...pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}
