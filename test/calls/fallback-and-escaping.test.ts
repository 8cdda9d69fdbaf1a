import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CustomerProfile } from '../../src/flow/customer.js';
import { readTwiml } from '../../src/simulator/twiml-reader.js';
import { MisbehavingCrm } from '../support/fake-crm.js';
import { buildTestApp, OPERATOR } from '../support/test-app.js';
import { NO_ACCOUNT_FACTS } from '../../src/flow/customer-items.js';

const customer: CustomerProfile = {
  id: 'c-x',
  // Kazakh letters, XML specials, a control character and a lone surrogate from a CRM.
  firstName: 'Әсел <b>&"Қ\'ұ\u0007\uD800',
  lastName: null,
  patronymic: null,
  language: 'kk',
  timeZone: 'Asia/Almaty',
  segment: null,
  phones: ['+77071234567'],
  items: [],
  account: NO_ACCOUNT_FACTS,
};

describe('CRM text reaches both providers safely', () => {
  it('twilio: escaped in XML, control characters and lone surrogates removed', async () => {
    const t = await buildTestApp({ crm: new MisbehavingCrm({ customer }) });
    const step = await t.twilio('+77071234567').start();
    expect(step.status).toBe(200);
    expect(step.raw).toContain('Әсел &lt;b&gt;&amp;"Қ\'ұ!');
    expect(step.heard[0]?.text).toBe('Қайырлы күн, Әсел <b>&"Қ\'ұ!');
    expect(readTwiml(step.raw)[0]?.name).toBe('Gather');
  });

  it('vonage: valid JSON with the letters as they are and no markup (talk reads SSML)', async () => {
    const t = await buildTestApp({ crm: new MisbehavingCrm({ customer }) });
    const step = await t.vonage('77071234567').start();
    const ncco = JSON.parse(step.raw) as Array<{ text?: string }>;
    expect(ncco[0]?.text).toBe('Қайырлы күн, Әсел &"Қ\'ұ!');
    expect(step.raw).not.toMatch(/\\u0007|\\ud800/i);
  });

  it('a CRM name that is SSML is not live on Vonage and is escaped on Twilio', async () => {
    const ssml: CustomerProfile = {
      ...customer,
      firstName: '<speak><break time="9s"/></speak>Ерлан &<>"',
    };
    const t = await buildTestApp({ crm: new MisbehavingCrm({ customer: ssml }) });
    const vonage = await t.vonage('77071234567').start();
    const texts = (JSON.parse(vonage.raw) as Array<{ action: string; text?: string }>)
      .filter((a) => a.action === 'talk')
      .map((a) => a.text ?? '');
    expect(texts[0]).toBe('Қайырлы күн, Ерлан & "!');
    for (const text of texts) expect(text).not.toMatch(/[<>]/);
    const twilio = await t.twilio('+77071234567').start();
    expect(twilio.raw).toContain(
      '&lt;speak&gt;&lt;break time="9s"/&gt;&lt;/speak&gt;Ерлан &amp;&lt;&gt;"',
    );
    expect(twilio.raw).not.toContain('<break');
  });

  it('control characters, lone surrogates and U+FFFD are removed, not read out as "�"', async () => {
    const odd: CustomerProfile = { ...customer, firstName: 'Ә\u0001се\uD800л\uFFFD' };
    const t = await buildTestApp({ crm: new MisbehavingCrm({ customer: odd }) });
    const vonage = await t.vonage('77071234567').start();
    expect((JSON.parse(vonage.raw) as Array<{ text?: string }>)[0]?.text).toBe(
      'Қайырлы күн, Әсел!',
    );
    const twilio = await t.twilio('+77071234567').start();
    expect(twilio.heard[0]?.text).toBe('Қайырлы күн, Әсел!');
    expect(twilio.raw).not.toContain('\uFFFD');
  });
});

describe('fallback URLs apologise and connect the operator', () => {
  it('twilio /twilio/fallback with ErrorCode and ErrorUrl', async () => {
    const t = await buildTestApp();
    const call = t.twilio('+77071234567');
    const base = JSON.parse(
      readFileSync(
        new URL('../fixtures/providers/twilio.incoming-call.json', import.meta.url),
        'utf8',
      ),
    ) as { params: Record<string, string> };
    const res = await call.post('https://ivr-test.ngrok.app/twilio/fallback', {
      ...base.params,
      ErrorCode: '11200',
      ErrorUrl: 'https://ivr-test.ngrok.app/twilio/voice',
    });
    expect(res.status).toBe(200);
    const verbs = readTwiml(res.body);
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Dial']);
    expect(verbs[0]?.text).toBe('Извините, произошла техническая ошибка. Соединяю с оператором.');
    expect(verbs[1]?.children[0]?.text).toBe(OPERATOR);
  });

  it('vonage /vonage/fallback with reason and original_request', async () => {
    const t = await buildTestApp();
    const call = t.vonage('77071234567');
    const res = await call.postJson('https://ivr-test.ngrok.app/vonage/fallback', {
      from: '77071234567',
      to: '77172123456',
      uuid: call.uuid,
      conversation_uuid: call.conversationUuid,
      reason: 'Connection closed.',
      original_request: { url: 'https://ivr-test.ngrok.app/vonage/answer', type: 'answer' },
    });
    expect(res.status).toBe(200);
    const ncco = JSON.parse(res.body) as Array<Record<string, unknown>>;
    expect(ncco.map((a) => a.action)).toEqual(['talk', 'connect']);
    expect(ncco[1]).toMatchObject({
      endpoint: [{ type: 'phone', number: OPERATOR.slice(1) }],
      from: '77172123456',
    });
  });
});
