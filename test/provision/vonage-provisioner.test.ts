import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProvisionError } from '../../src/provision/provision-error.js';
import { provisionVonage } from '../../src/provision/vonage-provisioner.js';
import { startFakeVonageApi, type FakeVonageApi } from '../support/fake-vonage-api.js';
import {
  APP_ID,
  capture,
  existingApplication,
  provisionConfig,
  VONAGE_KEY,
  VONAGE_SECRET,
} from './provision-fixtures.js';

const APP_PATH = `/v2/applications/${APP_ID}`;
const POST = 'POST';

describe('provisionVonage points an application at PUBLIC_URL through the Application API', () => {
  let api: FakeVonageApi;

  const start = async (applications = [existingApplication()]) => {
    await api?.close();
    api = await startFakeVonageApi({ apiKey: VONAGE_KEY, apiSecret: VONAGE_SECRET, applications });
  };
  beforeEach(() => start());
  afterEach(() => api.close());

  const run = (applicationId: string, dryRun: boolean, config = provisionConfig()) => {
    const output = capture();
    const result = provisionVonage(
      config,
      { applicationId, dryRun },
      { out: output.out, apiHost: api.url },
    );
    return { result, output };
  };

  it('PUTs the whole application with our webhooks and signed callbacks, keeping the rest', async () => {
    const { result, output } = run(APP_ID, false);
    await expect(result).resolves.toMatchObject({ written: true });

    expect(api.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', APP_PATH],
      ['PUT', APP_PATH],
    ]);
    expect(api.requests.every((r) => r.authorized)).toBe(true);
    expect(api.requests[1]?.contentType).toBe('application/json');

    const before = existingApplication();
    expect(api.requests[1]?.json).toEqual({
      ...before,
      capabilities: {
        ...(before.capabilities as object),
        voice: {
          webhooks: {
            answer_url: {
              address: 'https://ivr-test.ngrok.app/vonage/answer',
              http_method: POST,
              connection_timeout: 500,
              socket_timeout: 3000,
            },
            event_url: { address: 'https://ivr-test.ngrok.app/vonage/event', http_method: POST },
            fallback_answer_url: {
              address: 'https://ivr-test.ngrok.app/vonage/fallback',
              http_method: POST,
            },
          },
          region: 'na-east',
          signed_callbacks: true,
        },
      },
    });
    // The PUT replaced the application: messages and rtc survive because they were sent back.
    const { messages, rtc } = before.capabilities as Record<string, unknown>;
    expect(api.application(APP_ID)).toMatchObject({
      name: 'IVR demo',
      keys: before.keys,
      capabilities: { messages, rtc },
    });

    const text = output.text();
    expect(text).toContain(`Vonage application "IVR demo" (${APP_ID}), capabilities.voice:`);
    expect(text).toMatch(
      /\* webhooks\.answer_url\.address +https:\/\/old\.example\.com\/webhooks\/answer +→ +https:\/\/ivr-test\.ngrok\.app\/vonage\/answer/,
    );
    expect(text).toMatch(/\* webhooks\.answer_url\.http_method +GET +→ +POST/);
    expect(text).toMatch(/^ {2}webhooks\.event_url\.http_method +POST +\(unchanged\)/m);
    expect(text).toMatch(/\* signed_callbacks +\(not set\) +→ +true/);
    expect(text).toContain('Done: 6 of 7 settings changed.');
    expect(text).not.toContain('VONAGE_SIGNATURE_SECRET');
  });

  it('--dry-run prints the diff and makes no write request', async () => {
    const { result, output } = run(APP_ID, true);
    await expect(result).resolves.toMatchObject({ written: false });

    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
    expect(api.application(APP_ID)).toEqual(existingApplication());
    const text = output.text();
    expect(text).toMatch(
      /\* webhooks\.fallback_answer_url\.address +\(not set\) +→ +https:\/\/ivr-test\.ngrok\.app\/vonage\/fallback/,
    );
    expect(text).toContain('Dry run: 6 of 7 settings would change. Nothing was changed.');
  });

  it('writes nothing when the application is already configured', async () => {
    await run(APP_ID, false).result;
    api.requests.length = 0;

    const { result, output } = run(APP_ID, false);
    await expect(result).resolves.toMatchObject({ written: false });
    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
    expect(output.text()).toContain('Nothing to change: all 7 settings are already set.');
  });

  it('adds the voice capability to an application that has none', async () => {
    const { capabilities, ...rest } = existingApplication();
    const messagesOnly = {
      ...rest,
      capabilities: { messages: (capabilities as { messages: unknown }).messages },
    };
    await start([messagesOnly]);

    await expect(run(APP_ID, false).result).resolves.toMatchObject({ written: true });
    expect(api.requests[1]?.json).toMatchObject({
      capabilities: {
        messages: messagesOnly.capabilities.messages,
        voice: {
          webhooks: {
            answer_url: { address: 'https://ivr-test.ngrok.app/vonage/answer', http_method: POST },
          },
          signed_callbacks: true,
        },
      },
    });
  });

  it('reminds that the server needs VONAGE_SIGNATURE_SECRET once callbacks are signed', async () => {
    const config = provisionConfig({ VONAGE_SIGNATURE_SECRET: undefined });
    const { result, output } = run(APP_ID, true, config);
    await result;
    expect(output.text()).toContain('Note: VONAGE_SIGNATURE_SECRET is not set');
  });

  it('an unknown application id (404) is a clear error', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const failure = run(unknown, false).result;
    await expect(failure).rejects.toThrow(ProvisionError);
    await expect(failure).rejects.toThrow(`Vonage application ${unknown} not found (HTTP 404).`);
    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('a wrong API secret (401) names the variables, not their values', async () => {
    const config = provisionConfig({ VONAGE_API_SECRET: 'wrong-secret-value' });
    const error = await run(APP_ID, false, config).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    const message = (error as ProvisionError).message;
    expect(message).toContain('Vonage rejected VONAGE_API_KEY/VONAGE_API_SECRET (HTTP 401');
    expect(message).toContain('Invalid credentials supplied');
    expect(message).not.toContain('wrong-secret-value');
    expect(api.requests.map((r) => [r.method, r.authorized])).toEqual([['GET', false]]);
  });

  it.each([
    ['VONAGE_API_SECRET', { VONAGE_API_SECRET: undefined }, 'set VONAGE_API_SECRET in .env'],
    ['VONAGE_API_KEY', { VONAGE_API_KEY: undefined }, 'set VONAGE_API_KEY in .env'],
    [
      'both',
      { VONAGE_API_KEY: undefined, VONAGE_API_SECRET: undefined },
      'set VONAGE_API_KEY and VONAGE_API_SECRET in .env',
    ],
  ])('missing %s → an error naming it, no request', async (_label, env, expected) => {
    await expect(run(APP_ID, true, provisionConfig(env)).result).rejects.toThrow(expected);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses the default localhost PUBLIC_URL before any request', async () => {
    await expect(
      run(APP_ID, true, provisionConfig({ PUBLIC_URL: undefined })).result,
    ).rejects.toThrow(
      'PUBLIC_URL is http://localhost:3000, which Vonage cannot reach. Set PUBLIC_URL to the ngrok https:// URL first.',
    );
    expect(api.requests).toHaveLength(0);
  });

  it('rejects an --application that is not an application id', async () => {
    await expect(run('../accounts', true).result).rejects.toThrow(
      '--application ../accounts is not an application id',
    );
    expect(api.requests).toHaveLength(0);
  });
});
