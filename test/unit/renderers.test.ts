import { describe, expect, it } from 'vitest';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import type { CallAction } from '../../src/flow/actions.js';
import { nccoSchema } from '../../src/providers/vonage/ncco.js';
import { renderNcco } from '../../src/providers/vonage/render-ncco.js';
import { renderTwiml } from '../../src/providers/twilio/render-twiml.js';

const settings = loadIvrSettings(null);
const publicUrl = 'https://ivr.example.kz';
const twilioCtx = { publicUrl, voices: settings.voices.twilio };
const vonageCtx = { publicUrl, voices: settings.voices.vonage, callId: 'call-1' };

/** One of every kind: adding a kind to CallAction must add a row here. */
const EVERY_KIND: Record<CallAction['kind'], CallAction> = {
  say: { kind: 'say', text: 'Сәлеметсіз бе', language: 'kk' },
  play: { kind: 'play', url: 'https://cdn.example.kz/hello.mp3' },
  pause: { kind: 'pause', seconds: 2 },
  gather: {
    kind: 'gather',
    prompts: [
      { kind: 'say', text: 'Press one', language: 'en' },
      { kind: 'play', url: 'https://cdn.example.kz/menu.mp3' },
    ],
    input: ['dtmf', 'speech'],
    language: 'uk',
    timeoutSec: 5,
    maxDigits: 1,
    finishOnKey: null,
    hints: ['продажі', 'оператор'],
  },
  dial: {
    kind: 'dial',
    destination: { type: 'number', number: '+77172000001' },
    timeoutSec: 20,
    callerId: '+77172123456',
  },
  hangup: { kind: 'hangup' },
  redirect: { kind: 'redirect' },
};

describe('renderers are exhaustive over CallAction', () => {
  it.each(Object.entries(EVERY_KIND))('twilio renders %s', (kind, action) => {
    expect(renderTwiml([action], twilioCtx)).toMatchSnapshot(kind);
  });

  it.each(Object.entries(EVERY_KIND).filter(([k]) => k !== 'hangup'))(
    'vonage renders %s as a valid NCCO',
    (kind, action) => {
      const ncco = renderNcco([action], vonageCtx);
      expect(() => nccoSchema.parse(ncco)).not.toThrow();
      expect(ncco).toMatchSnapshot(kind);
    },
  );

  it('vonage: hangup ends the NCCO', () => {
    const ncco = renderNcco([EVERY_KIND.say, { kind: 'hangup' }, EVERY_KIND.say], vonageCtx);
    expect(ncco).toHaveLength(1);
  });
});

describe('0 and false survive serialisation', () => {
  it('vonage keeps bargeIn: false and style: 0 on a plain talk', () => {
    const [talk] = renderNcco([EVERY_KIND.say], vonageCtx);
    expect(talk).toMatchObject({ bargeIn: false, style: 0, language: 'ru-RU' });
  });

  it('twilio keeps numDigits and timeout numbers', () => {
    const xml = renderTwiml([EVERY_KIND.gather], twilioCtx);
    expect(xml).toContain('timeout="5"');
    expect(xml).toContain('numDigits="1"');
    expect(xml).toContain('actionOnEmptyResult="true"');
  });

  it('a SIP dial renders as <Sip> and a sip endpoint', () => {
    const dial: CallAction = {
      kind: 'dial',
      destination: { type: 'sip', uri: 'sip:agent@pbx.example.kz' },
      timeoutSec: 15,
      callerId: null,
    };
    expect(renderTwiml([dial], twilioCtx)).toContain('<Sip>sip:agent@pbx.example.kz</Sip>');
    const [connect] = renderNcco([dial], vonageCtx);
    expect(connect).toMatchObject({
      endpoint: [{ type: 'sip', uri: 'sip:agent@pbx.example.kz' }],
      randomFromNumber: true,
    });
  });

  it('vonage splits text longer than the talk limit at words', () => {
    const long: CallAction = { kind: 'say', text: 'сөз '.repeat(600), language: 'kk' };
    const ncco = renderNcco([long], vonageCtx);
    expect(ncco.length).toBe(2);
    expect(() => nccoSchema.parse(ncco)).not.toThrow();
  });
});
