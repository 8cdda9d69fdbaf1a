import { describe, expect, it } from 'vitest';
import { formatChanges } from '../../src/provision/format-changes.js';
import { ProvisionError } from '../../src/provision/provision-error.js';
import { webhookTargets } from '../../src/provision/webhook-targets.js';

describe('webhookTargets', () => {
  it('builds every URL from PUBLIC_URL and the routers’ paths', () => {
    expect(webhookTargets('https://ivr.ngrok.app', 'Twilio')).toEqual({
      twilio: {
        voiceUrl: 'https://ivr.ngrok.app/twilio/voice',
        fallbackUrl: 'https://ivr.ngrok.app/twilio/fallback',
        statusCallback: 'https://ivr.ngrok.app/twilio/status',
      },
      vonage: {
        answerUrl: 'https://ivr.ngrok.app/vonage/answer',
        eventUrl: 'https://ivr.ngrok.app/vonage/event',
        fallbackAnswerUrl: 'https://ivr.ngrok.app/vonage/fallback',
      },
    });
  });

  it.each([
    'http://localhost:3000',
    'http://127.0.0.1:3000',
    'http://[::1]:3000',
    'http://0.0.0.0:3000',
    'http://ivr.localhost',
  ])('refuses %s, which no provider can reach', (url) => {
    expect(() => webhookTargets(url, 'Vonage')).toThrow(ProvisionError);
    expect(() => webhookTargets(url, 'Vonage')).toThrow(
      `PUBLIC_URL is ${url}, which Vonage cannot reach. Set PUBLIC_URL to the ngrok https:// URL first.`,
    );
  });
});

describe('formatChanges', () => {
  const changes = [
    { field: 'VoiceUrl', before: null, after: 'https://ivr.ngrok.app/twilio/voice' },
    { field: 'VoiceMethod', before: 'POST', after: 'POST' },
  ];

  it('marks changed rows and leaves unchanged ones visible', () => {
    expect(formatChanges('Twilio number +14155550100:', changes, 'dry-run')).toBe(
      [
        'Twilio number +14155550100:',
        '  setting      before        after',
        '* VoiceUrl     (not set)  →  https://ivr.ngrok.app/twilio/voice',
        '  VoiceMethod  POST          (unchanged)',
        'Dry run: 1 of 2 settings would change. Nothing was changed.',
        '',
      ].join('\n'),
    );
  });

  it('says what happened in its last line', () => {
    expect(formatChanges('x', changes, 'applied')).toMatch(/Done: 1 of 2 settings changed\.\n$/);
    expect(formatChanges('x', [changes[1]!], 'unchanged')).toMatch(
      /Nothing to change: all 1 settings are already set\.\n$/,
    );
  });
});
