import express from 'express';
import { describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { TwilioCall } from '../../src/simulator/twilio-call.js';
import { supertestTransport } from '../support/supertest-transport.js';

const BASE = 'https://twiml.example.com';

/** A server that answers each path with fixed TwiML and records what Twilio would post. */
function twimlServer(documents: Record<string, string>) {
  const requests: Array<{ method: string; path: string; params: Record<string, string> }> = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.all('/{*path}', (req, res) => {
    const params = (req.method === 'GET' ? req.query : req.body) as Record<string, string>;
    requests.push({ method: req.method, path: req.path, params });
    const doc = documents[req.path];
    if (doc === undefined) return void res.status(404).end();
    res.type('text/xml').send(`<?xml version="1.0" encoding="UTF-8"?><Response>${doc}</Response>`);
  });
  const call = new TwilioCall({
    transport: supertestTransport(app, BASE),
    publicUrl: BASE,
    authToken: null,
    from: '+77071234567',
    to: '+77172123456',
  });
  return { call, requests };
}

describe('the softphone follows TwiML as Twilio does', () => {
  it('Gather without input falls through to the next verb', async () => {
    const { call, requests } = twimlServer({
      '/twilio/voice':
        '<Gather action="/next"><Say>Press one</Say></Gather><Say>We did not hear you</Say><Hangup/><Say>never</Say>',
    });
    await call.start();
    const after = await call.silence();
    expect(spoken(after)).toBe('We did not hear you');
    expect(after.waitingFor).toBe('end');
    expect(requests.map((r) => r.path)).toEqual(['/twilio/voice']);
  });

  it('Gather with actionOnEmptyResult posts to action without Digits', async () => {
    const { call, requests } = twimlServer({
      '/twilio/voice':
        '<Gather action="/next" actionOnEmptyResult="true"><Say>Press</Say></Gather>',
      '/next': '<Say>Empty</Say>',
    });
    await call.start();
    expect(spoken(await call.silence())).toBe('Empty');
    expect(requests[1]?.path).toBe('/next');
    expect(requests[1]?.params).not.toHaveProperty('Digits');
    expect(requests[1]?.params).toMatchObject({ CallStatus: 'in-progress' });
  });

  it('Gather without action posts to the document URL; finishOnKey and numDigits trim keys', async () => {
    const { call, requests } = twimlServer({
      '/twilio/voice': '<Gather numDigits="3"><Say>Contract number</Say></Gather>',
    });
    const first = await call.start();
    expect(first.heard[0]).toMatchObject({ text: 'Contract number', interruptible: true });
    await call.press('12345#');
    expect(requests[1]).toMatchObject({ path: '/twilio/voice', params: { Digits: '123' } });
    await call.press('7#9');
    expect(requests[2]?.params.Digits).toBe('7');
  });

  it('nested Say, Play and Pause in Gather are heard; speech posts SpeechResult and Confidence', async () => {
    const { call, requests } = twimlServer({
      '/twilio/voice':
        '<Gather input="speech" action="/s"><Say language="kk-KZ">Сәлем</Say><Pause length="2"/><Play>https://x/a.mp3</Play></Gather>',
      '/s': '<Hangup/>',
    });
    const step = await call.start();
    expect(step.heard).toEqual([
      { text: 'Сәлем', language: 'kk-KZ', interruptible: true },
      { pauseSec: 2 },
      { audioUrl: 'https://x/a.mp3', interruptible: true },
    ]);
    await call.say('қазақша', 0.8);
    expect(requests[1]?.params).toMatchObject({ SpeechResult: 'қазақша', Confidence: '0.8' });
  });

  it('keys pressed at a speech-only Gather are not heard by it', async () => {
    const { call } = twimlServer({
      '/twilio/voice':
        '<Gather input="speech" action="/s"><Say>Say it</Say></Gather><Say>fell through</Say>',
    });
    await call.start();
    expect(spoken(await call.press('1'))).toBe('fell through');
  });

  it('Redirect fetches the next document with its method', async () => {
    const { call, requests } = twimlServer({
      '/twilio/voice': '<Say>One</Say><Redirect method="GET">/two</Redirect>',
      '/two': '<Say>Two</Say>',
    });
    const step = await call.start();
    expect(step.heard.map((h) => h.text)).toEqual(['One', 'Two']);
    expect(requests[1]).toMatchObject({
      method: 'GET',
      path: '/two',
      params: { CallSid: call.callSid },
    });
  });

  it('Dial action receives DialCallStatus; without action the next verb runs', async () => {
    const { call, requests } = twimlServer({
      '/twilio/voice': '<Dial action="/after" timeout="20"><Number>+77172000001</Number></Dial>',
      '/after': '<Dial>+77172000002</Dial><Say>After the second dial</Say>',
    });
    const dialling = await call.start();
    expect(dialling.dial).toEqual({ number: '+77172000001', timeoutSec: 20 });
    const second = await call.dialOutcome('busy');
    expect(requests[1]?.params).toMatchObject({ DialCallStatus: 'busy' });
    expect(second.dial?.number).toBe('+77172000002');
    const end = await call.dialOutcome('answered');
    expect(spoken(end)).toBe('After the second dial');
    expect(requests).toHaveLength(2);
  });

  it('an answered Dial reports its duration', async () => {
    const { call, requests } = twimlServer({
      '/twilio/voice': '<Dial action="/after"><Sip>sip:agent@pbx</Sip></Dial>',
      '/after': '<Hangup/>',
    });
    expect((await call.start()).dial?.sip).toBe('sip:agent@pbx');
    await call.dialOutcome('answered', 77);
    expect(requests[1]?.params).toMatchObject({
      DialCallStatus: 'completed',
      DialCallDuration: '77',
    });
  });

  it('a verb the simulator does not know is an error, not silence', async () => {
    const { call } = twimlServer({ '/twilio/voice': '<Enqueue>support</Enqueue>' });
    await expect(call.start()).rejects.toThrow('<Enqueue>');
  });
});
