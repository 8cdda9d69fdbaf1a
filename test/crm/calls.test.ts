import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/flow/call-record.js';
import { tempCrms } from './temp-crm.js';
import { DATABASES } from '../support/test-databases.js';

const RECORD: CallRecord = {
  callId: 'CA0123456789abcdef0123456789abcdef',
  provider: 'twilio',
  caller: '+77071234567',
  called: '+77172123456',
  customerId: 'c-asel',
  language: 'kk',
  startedAt: '2026-11-21T07:00:00.000Z',
  endedAt: '2026-11-21T07:02:05.000Z',
  status: 'completed',
  durationSec: 125,
  selfServed: false,
  answeredBy: null,
  transferredTo: '+77172000001',
  path: [
    { step: 'lookup', at: '2026-11-21T07:00:00.000Z', input: null, result: 'found' },
    { step: 'menu', at: '2026-11-21T07:00:09.000Z', input: '1', result: 'chosen:sales' },
    { step: 'transfer', at: '2026-11-21T07:00:10.000Z', input: null, result: 'answered' },
  ],
};

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  describe('SqlCrm.recordCall', () => {
    it('stores the call and findCall returns it as recorded', async () => {
      const { crm } = await crms.open();
      await crm.recordCall(RECORD);
      expect(await crm.findCall(RECORD.callId)).toEqual(RECORD);
    });

    it('is idempotent per callId: a repeat replaces, never duplicates', async () => {
      const { db, crm } = await crms.open();
      await crm.recordCall(RECORD);
      await crm.recordCall(RECORD);
      const updated: CallRecord = {
        ...RECORD,
        status: 'canceled',
        durationSec: null,
        transferredTo: null,
        caller: null,
        customerId: null,
        path: [],
      };
      await crm.recordCall(updated);
      expect(await crm.findCall(RECORD.callId)).toEqual(updated);
      const count = await db
        .selectFrom('calls')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('keeps calls of different ids apart; findCall of an unknown id is null', async () => {
      const { crm } = await crms.open();
      await crm.recordCall(RECORD);
      await crm.recordCall({
        ...RECORD,
        callId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
        provider: 'vonage',
      });
      expect((await crm.findCall(RECORD.callId))?.provider).toBe('twilio');
      expect((await crm.findCall('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'))?.provider).toBe('vonage');
      expect(await crm.findCall('nope')).toBeNull();
    });
  });
});
