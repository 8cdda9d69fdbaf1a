import express from 'express';
import { describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { VonageCall } from '../../src/simulator/vonage-call.js';
import { supertestTransport } from '../support/supertest-transport.js';

const BASE = 'https://ncco.example.com';
type Handler = (body: Record<string, unknown>) => unknown;

/** A server answering each path with an NCCO (or 204 for undefined) and recording bodies. */
function nccoServer(routes: Record<string, Handler>) {
  const requests: Array<{ path: string; body: Record<string, unknown> }> = [];
  const app = express();
  app.use(express.json());
  app.all('/{*path}', (req, res) => {
    const body = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown>;
    requests.push({ path: req.path, body });
    const route = routes[req.path];
    if (!route) return void res.status(404).end();
    const ncco = route(body);
    if (ncco === undefined) return void res.status(204).end();
    res.json(ncco);
  });
  const call = new VonageCall({
    transport: supertestTransport(app, BASE),
    publicUrl: BASE,
    signatureSecret: null,
    from: '77071234567',
    to: '77172123456',
    answerMethod: 'GET',
  });
  return { call, requests };
}

const input = (extra: Record<string, unknown> = {}) => ({
  action: 'input',
  type: ['dtmf', 'speech'],
  dtmf: { maxDigits: 4, submitOnHash: true, timeOut: 5 },
  speech: { language: 'ru-RU', context: ['да'] },
  eventUrl: [`${BASE}/input`],
  ...extra,
});

describe('the softphone follows NCCO as Vonage does', () => {
  it('talk with bargeIn can be answered; input posts dtmf, submitOnHash and maxDigits apply', async () => {
    const { call, requests } = nccoServer({
      '/vonage/answer': () => [
        { action: 'talk', text: 'Введите номер', bargeIn: true, language: 'ru-RU', style: 0 },
        input(),
      ],
      '/input': () => [{ action: 'talk', text: 'Спасибо' }],
    });
    const step = await call.start();
    expect(step.heard[0]).toEqual({
      text: 'Введите номер',
      language: 'ru-RU',
      voice: 'style 0',
      interruptible: true,
    });
    expect(step.gather).toMatchObject({
      input: ['dtmf', 'speech'],
      speechLanguage: 'ru-RU',
      maxDigits: 4,
    });
    expect(spoken(await call.press('123456#'))).toBe('Спасибо');
    expect(requests[1]?.body).toMatchObject({
      dtmf: { digits: '1234', timed_out: false },
      uuid: call.uuid,
    });
  });

  it('speech posts results with confidence; silence posts timed_out', async () => {
    const { call, requests } = nccoServer({
      '/vonage/answer': () => [input()],
      '/input': () => [input({ eventUrl: [`${BASE}/input`] })],
    });
    await call.start();
    await call.say('да', 0.77);
    expect(requests[1]?.body).toMatchObject({
      speech: { results: [{ text: 'да', confidence: '0.77' }] },
      dtmf: { digits: null, timed_out: false },
    });
    await call.silence();
    expect(requests[2]?.body).toMatchObject({
      dtmf: { digits: null, timed_out: true },
      speech: { timeout_reason: 'start_timeout', results: [] },
    });
  });

  it('an input eventUrl answering 204 lets the NCCO go on; when it runs out the call ends', async () => {
    const { call } = nccoServer({
      '/vonage/answer': () => [input(), { action: 'talk', text: 'Rest of the NCCO' }],
      '/input': () => undefined,
    });
    await call.start();
    const after = await call.press('1');
    expect(spoken(after)).toBe('Rest of the NCCO');
    expect(after.waitingFor).toBe('end');
  });

  it('a synchronous connect reports the leg events in order and its failure NCCO takes over', async () => {
    const { call, requests } = nccoServer({
      '/vonage/answer': () => [
        {
          action: 'connect',
          endpoint: [{ type: 'phone', number: '77172000001' }],
          from: '77172123456',
          timeout: 20,
          eventType: 'synchronous',
          eventUrl: [`${BASE}/leg`],
        },
        { action: 'talk', text: 'replaced, never heard' },
      ],
      '/leg': (b) => (b.status === 'busy' ? [{ action: 'talk', text: 'Busy, sorry' }] : undefined),
    });
    const dialling = await call.start();
    expect(dialling.dial).toEqual({
      number: '+77172000001',
      timeoutSec: 20,
      callerId: '+77172123456',
    });
    const after = await call.dialOutcome('busy');
    expect(spoken(after)).toBe('Busy, sorry');
    expect(requests.slice(1).map((r) => r.body.status)).toEqual(['started', 'busy']);
    expect(requests[2]?.body).toMatchObject({ sip_code: 486, direction: 'outbound' });
  });

  it('an answered leg sends started, ringing, answered, completed; a plain connect then goes on', async () => {
    const { call, requests } = nccoServer({
      '/vonage/answer': () => [
        {
          action: 'connect',
          endpoint: [{ type: 'sip', uri: 'sip:a@pbx' }],
          eventUrl: [`${BASE}/leg`],
        },
        { action: 'talk', text: 'After the conversation' },
      ],
      '/leg': () => undefined,
    });
    expect((await call.start()).dial?.sip).toBe('sip:a@pbx');
    const after = await call.dialOutcome('answered', 30);
    expect(requests.slice(1).map((r) => r.body.status)).toEqual([
      'started',
      'ringing',
      'answered',
      'completed',
    ]);
    expect(requests[4]?.body).toMatchObject({ duration: '30' });
    expect(spoken(after)).toBe('After the conversation');
  });

  it('a failed plain connect continues with the next action', async () => {
    const { call } = nccoServer({
      '/vonage/answer': () => [
        { action: 'connect', endpoint: [{ type: 'phone', number: '77172000001' }] },
        { action: 'talk', text: 'Nobody answered' },
      ],
    });
    await call.start();
    expect(spoken(await call.dialOutcome('no-answer'))).toBe('Nobody answered');
  });

  it('notify posts its payload and the answered NCCO replaces the rest', async () => {
    const { call, requests } = nccoServer({
      '/vonage/answer': () => [
        { action: 'talk', text: 'Before' },
        { action: 'notify', payload: { callId: 'x' }, eventUrl: [`${BASE}/notify`] },
        { action: 'talk', text: 'replaced' },
      ],
      '/notify': () => [{ action: 'talk', text: 'From notify' }],
    });
    const step = await call.start();
    expect(step.heard.map((h) => h.text)).toEqual(['Before', 'From notify']);
    expect(requests[1]?.body).toEqual({ callId: 'x' });
  });
});
