import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProvisionError } from '../../src/provision/provision-error.js';
import { provisionTwilio } from '../../src/provision/twilio-provisioner.js';
import {
  startFakeTwilioApi,
  twilioNumber,
  type FakeTwilioApi,
} from '../support/fake-twilio-api.js';
import { capture, provisionConfig, TWILIO_SID, TWILIO_TOKEN } from './provision-fixtures.js';

const NUMBER = '+14155550100';
const LIST_PATH = `/2010-04-01/Accounts/${TWILIO_SID}/IncomingPhoneNumbers.json`;
const EXPECTED_FORM = {
  VoiceUrl: 'https://ivr-test.ngrok.app/twilio/voice',
  VoiceMethod: 'POST',
  VoiceFallbackUrl: 'https://ivr-test.ngrok.app/twilio/fallback',
  VoiceFallbackMethod: 'POST',
  StatusCallback: 'https://ivr-test.ngrok.app/twilio/status',
  StatusCallbackMethod: 'POST',
};

describe('provisionTwilio points a number at PUBLIC_URL through the REST API', () => {
  let api: FakeTwilioApi;
  const target = twilioNumber(TWILIO_SID, NUMBER, {
    voice_url: 'https://old.example.com/voice',
    voice_method: 'GET',
  });
  // Its digits contain NUMBER's, so Twilio's partial PhoneNumber filter returns it too.
  const lookalike = twilioNumber(TWILIO_SID, '+4414155550100', {
    voice_url: 'https://other.example.com/voice',
  });

  beforeEach(async () => {
    api = await startFakeTwilioApi({
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      numbers: [lookalike, target],
    });
  });
  afterEach(() => api.close());

  const run = (number: string, dryRun: boolean, config = provisionConfig()) => {
    const output = capture();
    const result = provisionTwilio(
      config,
      { number, dryRun },
      { out: output.out, apiBaseUrl: api.url },
    );
    return { result, output };
  };

  it('finds the number by E.164 and updates exactly the six webhook fields', async () => {
    const { result, output } = run('+1 (415) 555-0100', false);
    await expect(result).resolves.toMatchObject({ written: true });

    expect(api.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', LIST_PATH],
      ['POST', `/2010-04-01/Accounts/${TWILIO_SID}/IncomingPhoneNumbers/${target.sid}.json`],
    ]);
    expect(api.requests.every((r) => r.authorized)).toBe(true);
    expect(api.requests[0]?.query.PhoneNumber).toBe(NUMBER);
    expect(api.requests[1]?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(api.requests[1]?.form).toEqual(EXPECTED_FORM);

    expect(api.number(NUMBER)).toMatchObject({
      voice_url: EXPECTED_FORM.VoiceUrl,
      voice_method: 'POST',
      voice_fallback_url: EXPECTED_FORM.VoiceFallbackUrl,
      status_callback: EXPECTED_FORM.StatusCallback,
    });
    expect(api.number(lookalike.phone_number)?.voice_url).toBe('https://other.example.com/voice');

    const text = output.text();
    expect(text).toContain(`Twilio number ${NUMBER} (${target.sid})`);
    expect(text).toMatch(
      /\* VoiceUrl +https:\/\/old\.example\.com\/voice +→ +https:\/\/ivr-test\.ngrok\.app\/twilio\/voice/,
    );
    expect(text).toMatch(/\* VoiceMethod +GET +→ +POST/);
    expect(text).toMatch(
      /\* VoiceFallbackUrl +\(not set\) +→ +https:\/\/ivr-test\.ngrok\.app\/twilio\/fallback/,
    );
    expect(text).toMatch(/^ {2}StatusCallbackMethod +POST +\(unchanged\)/m);
    expect(text).toContain('Done: 4 of 6 settings changed.');
  });

  it('--dry-run prints the same table and makes no write request', async () => {
    const { result, output } = run(NUMBER, true);
    await expect(result).resolves.toMatchObject({ written: false });

    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
    expect(api.number(NUMBER)?.voice_url).toBe('https://old.example.com/voice');
    const text = output.text();
    expect(text).toMatch(/\* VoiceUrl +https:\/\/old\.example\.com\/voice +→ +https:\/\/ivr-test/);
    expect(text).toMatch(
      /\* StatusCallback +\(not set\) +→ +https:\/\/ivr-test\.ngrok\.app\/twilio\/status/,
    );
    expect(text).toContain('Dry run: 4 of 6 settings would change. Nothing was changed.');
  });

  it('writes nothing when the number is already configured', async () => {
    await run(NUMBER, false).result;
    api.requests.length = 0;

    const { result, output } = run(NUMBER, false);
    await expect(result).resolves.toMatchObject({ written: false });
    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
    expect(output.text()).toContain('Nothing to change: all 6 settings are already set.');
  });

  it('detaches a TwiML App, whose URLs Twilio would use instead of the number’s', async () => {
    const appSid = `AP${'1'.repeat(32)}`;
    const withApp = twilioNumber(TWILIO_SID, '+14155550199', { voice_application_sid: appSid });
    await api.close();
    api = await startFakeTwilioApi({
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      numbers: [withApp],
    });

    const { result, output } = run('+14155550199', false);
    await expect(result).resolves.toMatchObject({ written: true });
    expect(api.requests[1]?.form).toEqual({ ...EXPECTED_FORM, VoiceApplicationSid: '' });
    expect(api.number('+14155550199')?.voice_application_sid).toBeNull();
    expect(output.text()).toMatch(
      new RegExp(`\\* VoiceApplicationSid +${appSid} +→ +\\(not set\\)`),
    );
  });

  it('refuses a number routed to a SIP trunk and changes nothing', async () => {
    const trunked = twilioNumber(TWILIO_SID, '+14155550188', { trunk_sid: `TK${'2'.repeat(32)}` });
    await api.close();
    api = await startFakeTwilioApi({
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      numbers: [trunked],
    });

    await expect(run('+14155550188', false).result).rejects.toThrow(/belongs to SIP trunk TK2+/);
    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('a number that is not in the account is a clear error', async () => {
    const failure = run('+1 415 555 0177', false).result;
    await expect(failure).rejects.toThrow(ProvisionError);
    await expect(failure).rejects.toThrow(
      `+14155550177 is not a phone number of the Twilio account ${TWILIO_SID.slice(0, 6)}…`,
    );
    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('a wrong Auth Token (401, code 20003) names the variables, not their values', async () => {
    const config = provisionConfig({ TWILIO_AUTH_TOKEN: 'wrong-token-value' });
    const error = await run(NUMBER, false, config).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    const message = (error as ProvisionError).message;
    expect(message).toContain('Twilio rejected TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN');
    expect(message).toContain('HTTP 401, Twilio error 20003: Authenticate');
    expect(message).not.toContain('wrong-token-value');
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.authorized).toBe(false);
  });

  it.each([
    ['TWILIO_AUTH_TOKEN', { TWILIO_AUTH_TOKEN: undefined }, 'set TWILIO_AUTH_TOKEN in .env'],
    ['TWILIO_ACCOUNT_SID', { TWILIO_ACCOUNT_SID: undefined }, 'set TWILIO_ACCOUNT_SID in .env'],
    [
      'both',
      { TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined },
      'set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN in .env',
    ],
  ])('missing %s → an error naming it, no request', async (_label, env, expected) => {
    await expect(run(NUMBER, true, provisionConfig(env)).result).rejects.toThrow(expected);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses the default localhost PUBLIC_URL before any request', async () => {
    const config = provisionConfig({ PUBLIC_URL: undefined });
    expect(config.publicUrl).toBe('http://localhost:3000');
    await expect(run(NUMBER, true, config).result).rejects.toThrow(
      'PUBLIC_URL is http://localhost:3000, which Twilio cannot reach. Set PUBLIC_URL to the ngrok https:// URL first.',
    );
    expect(api.requests).toHaveLength(0);
  });

  it('rejects a --number that is not a phone number', async () => {
    await expect(run('call me', true).result).rejects.toThrow(
      '--number call me is not a phone number',
    );
    expect(api.requests).toHaveLength(0);
  });
});
