import { describe, expect, it } from 'vitest';
import { deriveOutcome } from '../../src/calls/derive-outcome.js';
import type { CallFacts, TransferAttempt } from '../../src/calls/derive-outcome.js';
import type { MergedStatus } from '../../src/calls/merge-status-reports.js';

const T0 = '2026-11-02T05:00:00.000Z';
/** T0 plus `s` seconds. */
const t = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

const status = (
  s: MergedStatus['status'],
  endSec: number | null,
  extra: Partial<MergedStatus> = {},
): MergedStatus => ({
  status: s,
  terminal: ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(s),
  answeredAt: s === 'completed' ? t(0) : null,
  endedAt: endSec === null ? null : t(endSec),
  durationSec: null,
  direction: null,
  amd: null,
  recordingUrl: null,
  lastTimestamp: t(endSec ?? 0),
  ...extra,
});

const inbound = (extra: Partial<CallFacts>): CallFacts => ({
  direction: 'inbound',
  startedAt: T0,
  status: status('completed', 100),
  endedAt: t(100),
  transfers: [],
  selfServed: false,
  lastStep: 'ended',
  firstTransferAt: null,
  ...extra,
});

const outbound = (extra: Partial<CallFacts>): CallFacts => ({
  ...inbound({}),
  direction: 'outbound',
  lastStep: 'ended',
  ...extra,
});

const attempt = (
  target: string,
  startSec: number,
  endSec: number | null,
  result: TransferAttempt['result'],
  talkSec: number | null = null,
  extra: Partial<TransferAttempt> = {},
): TransferAttempt => ({
  target,
  destination: `+7701000000${startSec % 10}`,
  startedAt: t(startSec),
  endedAt: endSec === null ? null : t(endSec),
  result,
  talkSec,
  ...extra,
});

const opts = { fullContactSec: 30 };

describe('deriveOutcome, outbound', () => {
  it.each([
    ['failed', 'FAILED'],
    ['busy', 'BUSY'],
    ['no-answer', 'NO_ANSWER'],
    ['canceled', 'NO_ANSWER'],
    ['completed', 'ANSWERED'],
  ] as const)('status %s → %s', (s, outcome) => {
    const summary = deriveOutcome(outbound({ status: status(s, 100) }), opts);
    expect(summary.outcome).toBe(outcome);
    expect(summary.waitSec).toBeNull();
    expect(summary.ivr).toEqual({ outcome: 'completed', transferredTo: null, abandonedAt: null });
  });

  it('answered by a machine → VOICEMAIL, never a full contact', () => {
    const summary = deriveOutcome(
      outbound({ status: status('completed', 100, { amd: 'machine', durationSec: 95 }) }),
      opts,
    );
    expect(summary).toMatchObject({ outcome: 'VOICEMAIL', fullContact: false, totalSec: 95 });
  });

  it.each([
    [29, false],
    [30, true],
  ])('a %i s answered call is a full contact: %s (total when no agent)', (sec, full) => {
    const summary = deriveOutcome(
      outbound({ status: status('completed', sec, { durationSec: sec, amd: 'human' }) }),
      opts,
    );
    expect(summary).toMatchObject({ outcome: 'ANSWERED', fullContact: full, totalSec: sec });
    expect(summary.talkSec).toBeNull();
  });

  it.each([
    ['busy', 'BUSY'],
    ['no-answer', 'NO_ANSWER'],
    ['canceled', 'NO_ANSWER'],
    ['failed', 'FAILED'],
    [null, 'NO_ANSWER'],
    ['answered', 'ANSWERED'],
  ] as const)('agent-first callback: the customer leg %s → %s', (result, outcome) => {
    const leg = attempt('customer', 20, 90, result, result === 'answered' ? 60 : null);
    const summary = deriveOutcome(
      outbound({ status: status('completed', 100), transfers: [leg], firstTransferAt: t(20) }),
      opts,
    );
    expect(summary.outcome).toBe(outcome);
    expect(summary.ivr.transferredTo).toBe('customer');
    expect(summary.ivrSec).toBe(20);
    if (result === 'answered') expect(summary).toMatchObject({ talkSec: 60, fullContact: true });
  });

  it('agent-first callback: the customer voicemail → VOICEMAIL', () => {
    const leg = attempt('customer', 20, 90, 'answered', 40, { amd: 'machine' });
    expect(deriveOutcome(outbound({ transfers: [leg] }), opts).outcome).toBe('VOICEMAIL');
  });

  it('agent-first callback: the agent never picked up → NO_ANSWER from the call itself', () => {
    expect(deriveOutcome(outbound({ status: status('no-answer', 30) }), opts).outcome).toBe(
      'NO_ANSWER',
    );
  });

  it('is null while running, and without any word from the provider', () => {
    expect(
      deriveOutcome(outbound({ status: status('ringing', null), endedAt: null }), opts),
    ).toMatchObject({ outcome: null, fullContact: false, totalSec: null, waitSec: null });
    expect(deriveOutcome(outbound({ status: null }), opts).outcome).toBeNull();
  });
});

describe('deriveOutcome, inbound', () => {
  it('a failed call without transfer → FAILED', () => {
    expect(deriveOutcome(inbound({ status: status('failed', 1) }), opts).outcome).toBe('FAILED');
  });

  it('an answered transfer → ANSWERED, with wait, talk and time in IVR', () => {
    const summary = deriveOutcome(
      inbound({
        firstTransferAt: t(40),
        transfers: [
          attempt('sales', 40, 60, 'no-answer'),
          attempt('operator', 60, 100, 'answered', 30),
        ],
        status: status('completed', 100, { durationSec: 100 }),
      }),
      opts,
    );
    expect(summary).toEqual({
      outcome: 'ANSWERED',
      fullContact: true,
      totalSec: 100,
      talkSec: 30,
      ivrSec: 40,
      waitSec: 30,
      ivr: { outcome: 'transferred', transferredTo: 'operator', abandonedAt: null },
    });
  });

  it.each([
    [29, false],
    [30, true],
  ])('%i s of talk with a person is a full contact: %s', (talk, full) => {
    const summary = deriveOutcome(
      inbound({
        firstTransferAt: t(40),
        transfers: [attempt('sales', 40, 100, 'answered', talk)],
        status: status('completed', 100, { durationSec: 100 }),
      }),
      opts,
    );
    expect(summary).toMatchObject({ outcome: 'ANSWERED', fullContact: full, talkSec: talk });
  });

  it('the caller hangs up while a person is rung → ABANDONED, waited since the first transfer', () => {
    const base = { firstTransferAt: t(30), endedAt: t(125), status: status('completed', 125) };
    for (const last of [
      attempt('operator', 60, 125, 'canceled'),
      attempt('operator', 60, null, null),
    ]) {
      const summary = deriveOutcome(
        inbound({ ...base, transfers: [attempt('sales', 30, 60, 'no-answer'), last] }),
        opts,
      );
      expect(summary).toMatchObject({
        outcome: 'ABANDONED',
        waitSec: 95,
        ivrSec: 30,
        ivr: { outcome: 'transferred', transferredTo: 'operator', abandonedAt: null },
      });
    }
  });

  it('two unanswered transfers → MISSED: the flow gave up, not the caller', () => {
    const summary = deriveOutcome(
      inbound({
        firstTransferAt: t(30),
        endedAt: t(100),
        transfers: [
          attempt('sales', 30, 55, 'no-answer'),
          attempt('operator', 55, 80, 'no-answer'),
        ],
      }),
      opts,
    );
    expect(summary).toMatchObject({
      outcome: 'MISSED',
      waitSec: 50,
      talkSec: null,
      fullContact: false,
      ivr: { outcome: 'transferred', transferredTo: 'operator' },
    });
    const busy = inbound({
      transfers: [attempt('sales', 30, 31, 'busy'), attempt('fallback', 31, 32, 'failed')],
    });
    expect(deriveOutcome(busy, opts).outcome).toBe('MISSED');
  });

  it('self-served without transfer → ANSWERED, full contact on the whole call', () => {
    const summary = deriveOutcome(
      inbound({
        selfServed: true,
        lastStep: 'self-service',
        status: status('completed', 45),
        endedAt: t(45),
      }),
      opts,
    );
    expect(summary).toMatchObject({
      outcome: 'ANSWERED',
      fullContact: true,
      totalSec: 45,
      waitSec: 0,
      ivrSec: 45,
      ivr: { outcome: 'self-served', transferredTo: null, abandonedAt: null },
    });
  });

  it('the IVR finished its script → ANSWERED, IVR completed', () => {
    expect(deriveOutcome(inbound({ lastStep: 'ended' }), opts)).toMatchObject({
      outcome: 'ANSWERED',
      ivr: { outcome: 'completed', abandonedAt: null },
    });
  });

  it('the caller hangs up in the IVR → ABANDONED there, nobody waited for', () => {
    expect(deriveOutcome(inbound({ lastStep: 'menu', endedAt: t(12) }), opts)).toMatchObject({
      outcome: 'ABANDONED',
      waitSec: 0,
      ivr: { outcome: 'abandoned', transferredTo: null, abandonedAt: 'menu' },
    });
  });

  it.each([
    ['canceled', 'ABANDONED'],
    ['no-answer', 'NO_ANSWER'],
    ['busy', 'BUSY'],
  ] as const)('over before we answered: %s → %s', (s, outcome) => {
    const summary = deriveOutcome(
      inbound({ status: status(s, 8), endedAt: null, lastStep: 'lookup' }),
      opts,
    );
    expect(summary).toMatchObject({ outcome, waitSec: 0, totalSec: 8, fullContact: false });
  });

  it('is null while the call runs', () => {
    const summary = deriveOutcome(
      inbound({ status: status('answered', null), endedAt: null, lastStep: 'menu' }),
      opts,
    );
    expect(summary).toMatchObject({ outcome: null, fullContact: false, waitSec: null });
  });
});
