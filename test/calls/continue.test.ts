import { describe, expect, it } from 'vitest';
import { readTwiml } from '../../src/simulator/twiml-reader.js';
import { buildTestApp, PUBLIC_URL } from '../support/test-app.js';

// The redirect action brings the call back to the flow: Twilio <Redirect>, Vonage notify.
describe('continue (redirect) asks the current question again', () => {
  it('twilio: POST /twilio/continue during the menu returns the menu', async () => {
    const t = await buildTestApp();
    const call = t.twilio('+79165551234');
    await call.start();
    const res = await call.post(`${PUBLIC_URL}/twilio/continue`, {
      CallSid: call.callSid,
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      From: '+79165551234',
      To: '+77172123456',
      CallStatus: 'in-progress',
    });
    const [gather] = readTwiml(res.body);
    expect(gather?.name).toBe('Gather');
    expect(gather?.children[0]?.text).toBe('Отдел продаж — нажмите 1.');
  });

  it('vonage: the notify callback during the language choice returns the choice', async () => {
    const t = await buildTestApp();
    const call = t.vonage('77779998877');
    await call.start();
    const res = await call.postJson(`${PUBLIC_URL}/vonage/continue?call=${call.uuid}`, {
      callId: call.uuid,
    });
    const ncco = JSON.parse(res.body) as Array<{ action: string; text?: string }>;
    expect(ncco[0]?.text).toBe('Для продолжения на русском языке нажмите 1.');
    expect(ncco.at(-1)?.action).toBe('input');
  });

  it('vonage: a continue without the call id is a 400 naming it', async () => {
    const t = await buildTestApp();
    const res = await t.vonage('77779998877').postJson(`${PUBLIC_URL}/vonage/continue`, {});
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ fields: ['call'] });
  });
});
