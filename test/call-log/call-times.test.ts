import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consistentTimes } from '../../src/calls/call-times.js';
import { deriveOutcome, type CallFacts } from '../../src/calls/derive-outcome.js';
import { PUBLIC_URL, buildTestApp } from '../support/test-app.js';
import { callRow } from './call-log-helpers.js';

const BASE = Date.parse('2026-11-23T07:00:00Z');
/** An instant near BASE, in ms or whole seconds (the providers' precision), or garbage. */
const instant = fc.oneof(
  fc.integer({ min: -5_000, max: 600_000 }).map((ms) => new Date(BASE + ms).toISOString()),
  fc.integer({ min: -5, max: 600 }).map((s) => new Date(BASE + s * 1000).toISOString()),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const SEED = 20261208;

describe('call record times (property tests)', () => {
  it('start ≤ answer ≤ end whatever each clock said', () => {
    fc.assert(
      fc.property(instant, maybe(instant), maybe(instant), (startedAt, answeredAt, endedAt) => {
        const t = consistentTimes({ startedAt, answeredAt, endedAt });
        const start = Date.parse(t.startedAt);
        const answer = t.answeredAt === null ? start : Date.parse(t.answeredAt);
        expect(t.startedAt).toBe(startedAt);
        expect(answer).toBeGreaterThanOrEqual(start);
        if (t.endedAt !== null) expect(Date.parse(t.endedAt)).toBeGreaterThanOrEqual(answer);
        // Nothing that was already consistent moves.
        if (answeredAt !== null && Date.parse(answeredAt) >= start) {
          expect(Date.parse(t.answeredAt!)).toBe(Date.parse(answeredAt));
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('talk ≤ duration in every derived outcome', () => {
    const transfer = fc.record({
      target: fc.constant('sales'),
      destination: fc.constant('+77172000001'),
      startedAt: instant,
      endedAt: maybe(instant),
      result: fc.constantFrom('answered', 'busy', 'no-answer', 'failed', 'canceled', null),
      talkSec: maybe(fc.nat(3600)),
    });
    const facts = fc.record({
      direction: fc.constantFrom('inbound', 'outbound'),
      startedAt: instant,
      status: maybe(
        fc.record({
          status: fc.constantFrom('completed', 'busy', 'no-answer', 'failed', 'canceled'),
          terminal: fc.constant(true),
          answeredAt: maybe(instant),
          endedAt: maybe(instant),
          durationSec: maybe(fc.nat(3600)),
          direction: fc.constant(null),
          amd: fc.constant(null),
          recordingUrl: fc.constant(null),
          lastTimestamp: instant,
        }),
      ),
      endedAt: maybe(instant),
      transfers: fc.array(transfer, { maxLength: 3 }),
      selfServed: fc.boolean(),
      lastStep: fc.constantFrom('menu', 'ended', 'transfer'),
      firstTransferAt: maybe(instant),
    }) as fc.Arbitrary<CallFacts>;
    fc.assert(
      fc.property(facts, (f) => {
        const s = deriveOutcome(f, { fullContactSec: 10 });
        if (s.talkSec !== null) expect(s.totalSec).not.toBeNull();
        if (s.talkSec !== null && s.totalSec !== null) {
          expect(s.talkSec).toBeLessThanOrEqual(s.totalSec);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('call record times through the webhooks', () => {
  it('twilio: second-precision provider times and a short CallDuration give a consistent row', async () => {
    // Our clock: 07:00:00.700; Twilio's Timestamp has whole seconds (07:00:00).
    const t = await buildTestApp({ now: '2026-11-23T07:00:00.700Z' });
    const call = t.twilio('+79165551234');
    await call.start();
    const transfer = await call.press('1');
    expect(transfer.dial).toBeDefined();
    const action = /<Dial action="([^"]+)"/.exec(transfer.raw)![1]!;
    const base = {
      AccountSid: `AC${'c3'.repeat(16)}`,
      CallSid: call.id,
      Direction: 'inbound',
      From: '+79165551234',
      To: '+77172123456',
    };
    await call.post(action, {
      ...base,
      CallStatus: 'in-progress',
      DialCallStatus: 'completed',
      DialCallSid: `CA${'e5'.repeat(16)}`,
      DialCallDuration: '42',
    });
    for (const [status, seq, duration] of [
      ['in-progress', '1', undefined],
      ['completed', '2', '1'],
    ] as const) {
      await call.post(`${PUBLIC_URL}/twilio/status`, {
        ...base,
        CallStatus: status,
        SequenceNumber: seq,
        Timestamp: 'Mon, 23 Nov 2026 07:00:00 +0000',
        ...(duration ? { CallDuration: duration } : {}),
      });
    }
    const row = await callRow(t, call.id);
    const [start, answer, end] = [row.started_at, row.answered_at, row.ended_at].map((s) =>
      Date.parse(s!),
    );
    expect(answer).toBeGreaterThanOrEqual(start!);
    expect(end).toBeGreaterThanOrEqual(answer!);
    expect(row.talk_sec).toBe(42);
    expect(row.duration_sec).toBeGreaterThanOrEqual(42);
    expect(row.outcome).toBe('ANSWERED');
  });
});
