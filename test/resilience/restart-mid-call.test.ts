import { describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import type { Transport } from '../../src/simulator/transport.js';
import { TwilioCall } from '../../src/simulator/twilio-call.js';
import { VonageCall } from '../../src/simulator/vonage-call.js';
import type { CallEngine } from '../../src/simulator/call-engine.js';
import {
  buildTestApp,
  DID,
  PUBLIC_URL,
  TWILIO_TOKEN,
  VONAGE_SECRET,
  type TestApp,
} from '../support/test-app.js';

const UNKNOWN = '+77779998877';
const IVAN = '+79165551234'; // known, Russian, no prediction: the main menu first
const ALIYA = '+77051112201'; // known, Kazakh: asked about her order first

/**
 * A restart between two webhooks of a call: the first app instance answers until
 * `restart()`, then a new instance with its own, empty memory answers (the same SQLite CRM
 * content, a fresh call state), as after `npm start` again.
 */
async function restartable(provider: 'twilio' | 'vonage', from: string) {
  let app: TestApp = await buildTestApp();
  const transport: Transport = (req) => app.transport(req);
  const call: CallEngine =
    provider === 'twilio'
      ? new TwilioCall({
          transport,
          publicUrl: PUBLIC_URL,
          authToken: TWILIO_TOKEN,
          from,
          to: DID.twilio,
        })
      : new VonageCall({
          transport,
          publicUrl: PUBLIC_URL,
          signatureSecret: VONAGE_SECRET,
          from: from.replace(/^\+/, ''),
          to: DID.vonage,
          answerMethod: 'GET',
        });
  return {
    call,
    restart: async () => {
      app = await buildTestApp();
    },
  };
}

describe.each(['twilio', 'vonage'] as const)('%s: restart in the middle of a call', (provider) => {
  it('1 at the language question after a restart is Russian, not Sales', async () => {
    const { call, restart } = await restartable(provider, UNKNOWN);
    const first = await call.start();
    expect(spoken(first)).toContain('Для продолжения на русском языке нажмите 1.');
    await restart();
    const menu = await call.press('1');
    expect(menu.status).toBe(200);
    expect(menu.dial).toBeUndefined();
    expect(spoken(menu)).toContain('Отдел продаж — нажмите 1.');
    // The call goes on from there on the new instance.
    const sales = await call.press('1');
    expect(sales.dial?.number).toBe('+77172000001');
  });

  it('2 at the language question after a restart is Kazakh, then its menu in Kazakh', async () => {
    const { call, restart } = await restartable(provider, UNKNOWN);
    await call.start();
    await restart();
    const menu = await call.press('2');
    expect(spoken(menu)).toContain('Техникалық қолдау — 2 басыңыз.');
  });

  it('the main menu in Kazakh stays Kazakh after a restart', async () => {
    const { call, restart } = await restartable(provider, UNKNOWN);
    await call.start();
    await call.press('2');
    await restart();
    const dial = await call.press('2');
    expect(dial.dial?.number).toBe('+77172000002');
    expect(dial.heard[0]?.text).toMatch(/[әғқңөұүһі]/);
  });

  it('a contract number asked for before a restart is taken after it', async () => {
    const { call, restart } = await restartable(provider, IVAN);
    await call.start();
    await call.press('#');
    await restart();
    const done = await call.press('55501234#');
    expect(done.heard[0]?.text).toBe('SMS с балансом отправлено на ваш номер.');
  });

  it('an answer to a question only the lost state explains is not guessed: the menu is asked', async () => {
    const { call, restart } = await restartable(provider, ALIYA);
    const first = await call.start();
    expect(spoken(first)).toContain('12345');
    await restart();
    // "1" means "yes, my order" here; read as a menu key it would be Sales.
    const next = await call.press('1');
    expect(next.status).toBe(200);
    expect(next.dial).toBeUndefined();
    expect(spoken(next)).toContain('Сату бөлімі — 1 басыңыз.');
  });
});
