import { describe, expect, it } from 'vitest';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import type { DialAction } from '../../src/flow/actions.js';
import { nccoSchema } from '../../src/providers/vonage/ncco.js';
import { renderNcco } from '../../src/providers/vonage/render-ncco.js';
import { renderTwiml } from '../../src/providers/twilio/render-twiml.js';
import { readTwiml } from '../../src/simulator/twiml-reader.js';

const settings = loadIvrSettings(null);
const publicUrl = 'https://ivr.example.kz';
const twilioCtx = { publicUrl, voices: settings.voices.twilio, callId: 'CA0123456789abcdef' };
const vonageCtx = { publicUrl, voices: settings.voices.vonage, callId: 'call-1' };

const toNumber: DialAction = {
  kind: 'dial',
  destination: { type: 'number', number: '+77172000001' },
  timeoutSec: 20,
  callerId: '+77172123456',
  whisper: { target: 'employee:e-1' },
};
const toSip: DialAction = {
  kind: 'dial',
  destination: { type: 'sip', uri: 'sip:billing@pbx.example.kz' },
  timeoutSec: 20,
  callerId: null,
  whisper: { target: 'billing' },
};

function dialled(xml: string) {
  const dial = readTwiml(xml).find((v) => v.name === 'Dial')!;
  return dial.children[0]!;
}

describe('whisper in the rendered dial', () => {
  it('twilio: <Number url> names the call and the target, query in alphabetical order', () => {
    const number = dialled(renderTwiml([toNumber], twilioCtx));
    expect(number.attrs).toEqual({
      url: 'https://ivr.example.kz/twilio/whisper?call=CA0123456789abcdef&target=employee%3Ae-1',
      method: 'POST',
    });
    expect(number.text).toBe('+77172000001');
  });

  it('twilio: <Sip url> too', () => {
    const sip = dialled(renderTwiml([toSip], twilioCtx));
    expect(sip.name).toBe('Sip');
    expect(sip.attrs.url).toBe(
      'https://ivr.example.kz/twilio/whisper?call=CA0123456789abcdef&target=billing',
    );
  });

  it('twilio: no whisper without the call id or without the field', () => {
    expect(dialled(renderTwiml([toNumber], { ...twilioCtx, callId: undefined })).attrs).toEqual({});
    const { whisper: _whisper, ...plain } = toNumber;
    expect(dialled(renderTwiml([plain], twilioCtx)).attrs).toEqual({});
  });

  it('twilio: whisper and answering-machine detection together', () => {
    const both: DialAction = { ...toNumber, machineDetection: true };
    const attrs = dialled(renderTwiml([both], twilioCtx)).attrs;
    expect(attrs.machineDetection).toBe('Enable');
    expect(attrs.url).toContain('/twilio/whisper?call=');
  });

  it('vonage: a phone endpoint gets onAnswer, valid against the NCCO reference', () => {
    const ncco = renderNcco([toNumber], vonageCtx);
    expect(() => nccoSchema.parse(ncco)).not.toThrow();
    expect(ncco[0]).toMatchObject({
      action: 'connect',
      endpoint: [
        {
          type: 'phone',
          number: '77172000001',
          onAnswer: {
            url: 'https://ivr.example.kz/vonage/whisper?call=call-1&target=employee%3Ae-1',
          },
        },
      ],
    });
  });

  it('vonage: a SIP endpoint has no onAnswer, a dial without the field neither', () => {
    const sip = renderNcco([toSip], vonageCtx);
    expect(() => nccoSchema.parse(sip)).not.toThrow();
    expect(JSON.stringify(sip)).not.toContain('onAnswer');
    const { whisper: _whisper, ...plain } = toNumber;
    expect(JSON.stringify(renderNcco([plain], vonageCtx))).not.toContain('onAnswer');
  });

  it('the NCCO schema refuses a misspelt onAnswer field', () => {
    const [connect] = renderNcco([toNumber], vonageCtx) as Array<Record<string, unknown>>;
    const endpoint = (connect!.endpoint as Array<Record<string, unknown>>)[0]!;
    const bad = [{ ...connect, endpoint: [{ ...endpoint, onAnswer: { uri: 'https://x.kz/a' } }] }];
    expect(() => nccoSchema.parse(bad)).toThrow();
  });
});
