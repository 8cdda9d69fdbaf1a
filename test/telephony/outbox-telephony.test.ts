import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/runtime/clock.js';
import { listCallOutbox, OutboxTelephony } from '../../src/telephony/outbox-telephony.js';
import { PlaceCallError } from '../../src/telephony/place-call-error.js';
import type { CallbackRequest } from '../../src/telephony/telephony-port.js';
import { tempCrms } from '../crm/temp-crm.js';

const request = (overrides: Partial<CallbackRequest> = {}): CallbackRequest => ({
  taskId: 'CA0001:missed-call:0',
  attempt: 1,
  agent: 'sip:operator@pbx.example.com',
  customer: '+77071234567',
  from: '+77172000000',
  language: 'kk',
  ...overrides,
});

const crms = tempCrms();
afterEach(() => crms.closeAll());

describe('OutboxTelephony records what would be dialled in call_outbox', () => {
  it('stores the request; the call id is the row id, outbox-<uuid>', async () => {
    const { db } = await crms.open();
    const clock = fixedClock('2026-11-21T07:00:00.000Z');
    const placed = await new OutboxTelephony(db, { clock }).placeCallback(request());

    expect(placed.channel).toBe('outbox');
    expect(placed.callId).toMatch(/^outbox-[0-9a-f-]{36}$/);
    expect(await db.selectFrom('call_outbox').selectAll().execute()).toEqual([
      {
        id: placed.callId,
        task_id: 'CA0001:missed-call:0',
        agent: 'sip:operator@pbx.example.com',
        customer: '+77071234567',
        from_number: '+77172000000',
        language: 'kk',
        created_at: '2026-11-21T07:00:00.000Z',
        channel: 'outbox',
      },
    ]);
  });

  it('keeps the calls across reopening the file and lists the newest first', async () => {
    const { db, path } = await crms.open();
    const clock = fixedClock('2026-11-21T07:00:00.000Z');
    const outbox = new OutboxTelephony(db, { clock });
    await outbox.placeCallback(request({ taskId: 'a' }));
    clock.set('2026-11-21T07:01:00.000Z');
    await outbox.placeCallback(request({ taskId: 'b', attempt: 2 }));
    await crms.closeAll();

    const reopened = await crms.open(path);
    const calls = await listCallOutbox(reopened.db, { limit: 10 });
    expect(calls.map((c) => [c.taskId, c.createdAt])).toEqual([
      ['b', '2026-11-21T07:01:00.000Z'],
      ['a', '2026-11-21T07:00:00.000Z'],
    ]);
    expect(calls[0]).toMatchObject({ customer: '+77071234567', from: '+77172000000' });
  });

  it('works before CALLBACK_FROM is chosen: an empty caller id is recorded as such', async () => {
    const { db } = await crms.open();
    await new OutboxTelephony(db).placeCallback(request({ from: '' }));
    expect((await listCallOutbox(db, { limit: 1 }))[0]?.from).toBe('');
  });

  it('refuses a customer that is not E.164, masked, and records nothing', async () => {
    const { db } = await crms.open();
    const placed = new OutboxTelephony(db).placeCallback(request({ customer: '87071234567' }));
    await expect(placed).rejects.toThrow(PlaceCallError);
    await expect(placed).rejects.toThrow(
      'Callback via outbox for task CA0001:missed-call:0: customer 8707*****67 is not an E.164 number.',
    );
    expect(await listCallOutbox(db, { limit: 5 })).toEqual([]);
  });
});
