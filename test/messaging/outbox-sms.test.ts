import { afterEach, describe, expect, it } from 'vitest';
import { listOutbox, OutboxSms } from '../../src/messaging/outbox-sms.js';
import { SmsSendError } from '../../src/messaging/sms-send-error.js';
import { fixedClock } from '../../src/runtime/clock.js';
import { tempCrms } from '../crm/temp-crm.js';

const KAZAKH = 'Сәлеметсіз бе, Әсел! Балансыңыз: 12 500 ₸. Қоңырауыңыз үшін рақмет 🙏';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const crms = tempCrms();
afterEach(() => crms.closeAll());

describe('OutboxSms stores what would be sent in sms_outbox', () => {
  it('stores the message with its recipient, time and channel; the receipt is the row id', async () => {
    const { db } = await crms.open();
    const clock = fixedClock('2026-11-21T07:00:00.000Z');
    const receipt = await new OutboxSms(db, { clock }).send('+77071234567', KAZAKH);

    expect(receipt.channel).toBe('outbox');
    expect(receipt.id).toMatch(UUID);
    expect(await db.selectFrom('sms_outbox').selectAll().execute()).toEqual([
      {
        id: receipt.id,
        to_e164: '+77071234567',
        body: KAZAKH,
        created_at: '2026-11-21T07:00:00.000Z',
        channel: 'outbox',
      },
    ]);
  });

  it('keeps Kazakh text intact across closing and reopening the SQLite file', async () => {
    const { db, path } = await crms.open();
    const receipt = await new OutboxSms(db).send('+77071234567', KAZAKH);
    await crms.closeAll();

    const reopened = await crms.open(path);
    const [message] = await listOutbox(reopened.db, { limit: 10 });
    expect(message).toMatchObject({ id: receipt.id, to: '+77071234567', text: KAZAKH });
    expect(message?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('lists the newest first, up to the limit', async () => {
    const { db } = await crms.open();
    const clock = fixedClock('2026-11-21T07:00:00.000Z');
    const outbox = new OutboxSms(db, { clock });
    for (const [minute, text] of [
      ['00', 'бірінші'],
      ['01', 'екінші'],
      ['02', 'үшінші'],
    ] as const) {
      clock.set(`2026-11-21T07:${minute}:00.000Z`);
      await outbox.send('+77011112233', text);
    }

    const newest = await listOutbox(db, { limit: 2 });
    expect(newest.map((m) => [m.text, m.createdAt, m.channel])).toEqual([
      ['үшінші', '2026-11-21T07:02:00.000Z', 'outbox'],
      ['екінші', '2026-11-21T07:01:00.000Z', 'outbox'],
    ]);
    expect(await listOutbox(db, { limit: 10 })).toHaveLength(3);
  });

  it('gives each message its own id, and an empty outbox lists nothing', async () => {
    const { db } = await crms.open();
    expect(await listOutbox(db, { limit: 5 })).toEqual([]);
    const outbox = new OutboxSms(db);
    const a = await outbox.send('+77011112233', 'x');
    const b = await outbox.send('+77011112233', 'x');
    expect(a.id).not.toBe(b.id);
  });

  it('rejects a recipient that is not E.164, masking it, and stores nothing', async () => {
    const { db } = await crms.open();
    const sent = new OutboxSms(db).send('87071234567', 'x');
    await expect(sent).rejects.toThrow(SmsSendError);
    await expect(sent).rejects.toThrow('recipient 8707*****67 is not an E.164 number');
    expect(await listOutbox(db, { limit: 5 })).toEqual([]);
  });
});
