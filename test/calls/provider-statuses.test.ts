import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  twilioAmd,
  twilioCallStatus,
  twilioDialResult,
  twilioDirection,
  twilioTimestamp,
  vonageAmd,
  vonageCallStatus,
  vonageLegResult,
} from '../../src/calls/provider-statuses.js';
import { isTerminalStatus } from '../../src/calls/status-report.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/providers/${name}`, import.meta.url), 'utf8')) as {
    params?: Record<string, string>;
    body?: Record<string, unknown>;
  };

describe('Twilio statuses', () => {
  it.each([
    ['queued', 'initiated'],
    ['initiated', 'initiated'],
    ['ringing', 'ringing'],
    ['in-progress', 'answered'],
    ['completed', 'completed'],
    ['busy', 'busy'],
    ['no-answer', 'no-answer'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['something-new', null],
  ])('CallStatus %s → %s', (raw, status) => {
    expect(twilioCallStatus(raw)).toBe(status);
  });

  it.each([
    ['human', 'human'],
    ['machine_start', 'machine'],
    ['machine_end_beep', 'machine'],
    ['machine_end_silence', 'machine'],
    ['machine_end_other', 'machine'],
    ['fax', 'machine'],
    ['unknown', 'unknown'],
    ['robot', 'unknown'],
    ['', null],
    [undefined, null],
  ])('AnsweredBy %s → %s', (raw, amd) => {
    expect(twilioAmd(raw)).toBe(amd);
  });

  it('reads the status callback fixtures', () => {
    const busy = fixture('twilio.status-callback-busy.json').params ?? {};
    expect(twilioCallStatus(busy.CallStatus ?? '')).toBe('busy');
    expect(twilioDirection(busy.Direction)).toBe('outbound');
    expect(twilioTimestamp(busy.Timestamp ?? '')).toBe('2025-10-08T13:54:12.000Z');
    expect(twilioDirection('inbound')).toBe('inbound');
    expect(twilioDirection('outbound-dial')).toBe('outbound');
    expect(twilioDirection(undefined)).toBeNull();
    expect(twilioTimestamp('yesterday')).toBeNull();
  });

  it.each([
    ['completed', 'answered'],
    ['answered', 'answered'],
    ['busy', 'busy'],
    ['no-answer', 'no-answer'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['other', null],
  ])('DialCallStatus %s → %s', (raw, result) => {
    expect(twilioDialResult(raw)).toBe(result);
  });
});

describe('Vonage statuses', () => {
  it.each([
    ['started', 'initiated'],
    ['ringing', 'ringing'],
    ['answered', 'answered'],
    ['completed', 'completed'],
    ['busy', 'busy'],
    ['cancelled', 'canceled'],
    ['unanswered', 'no-answer'],
    ['timeout', 'no-answer'],
    ['rejected', 'busy'],
    ['failed', 'failed'],
    ['human', null],
    ['machine', null],
    ['disconnected', null],
    ['transfer', null],
  ])('status %s → %s', (raw, status) => {
    expect(vonageCallStatus(raw)).toBe(status);
  });

  it('reads human/machine as AMD, nothing else', () => {
    expect(vonageAmd('human')).toBe('human');
    expect(vonageAmd('machine')).toBe('machine');
    expect(vonageAmd('answered')).toBeNull();
  });

  it.each([
    ['vonage.event-started.json', 'initiated', false],
    ['vonage.event-ringing.json', 'ringing', false],
    ['vonage.event-answered.json', 'answered', false],
    ['vonage.event-completed.json', 'completed', true],
    ['vonage.event-busy.ASSEMBLED.json', 'busy', true],
    ['vonage.event-failed.json', 'failed', true],
    ['vonage.event-unanswered.json', 'no-answer', true],
  ])('%s is %s', (file, status, terminal) => {
    const body = fixture(file).body ?? {};
    const normalised = vonageCallStatus(String(body.status));
    expect(normalised).toBe(status);
    expect(normalised && isTerminalStatus(normalised)).toBe(terminal);
  });

  it('reads connected legs: answered or finished is a person, rejected is busy', () => {
    expect(vonageLegResult('answered')).toBe('answered');
    expect(vonageLegResult('completed')).toBe('answered');
    expect(vonageLegResult('rejected')).toBe('busy');
    expect(vonageLegResult('timeout')).toBe('no-answer');
    expect(vonageLegResult('cancelled')).toBe('canceled');
    expect(vonageLegResult('ringing')).toBeNull();
    expect(vonageLegResult('machine')).toBeNull();
  });
});
