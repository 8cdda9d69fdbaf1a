import { describe, expect, it } from 'vitest';
import { dedupeKey, mergeStatusReports } from '../../src/calls/merge-status-reports.js';
import type { StatusReport } from '../../src/calls/status-report.js';
import { seededRandom } from '../../src/lib/seeded-random.js';

/** A random arrival: shuffled, each report possibly delivered two or three times. */
function arrival(reports: StatusReport[], random: () => number): StatusReport[] {
  const out: StatusReport[] = [];
  for (const r of reports) {
    const copies = 1 + Math.floor(random() * 3);
    for (let i = 0; i < copies; i += 1) out.push({ ...r });
  }
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as StatusReport, out[i] as StatusReport];
  }
  return out;
}

const twilio = (
  status: StatusReport['status'],
  sequence: number,
  timestamp: string,
  extra: Partial<StatusReport> = {},
): StatusReport => ({
  provider: 'twilio',
  callId: 'CA0001',
  status,
  sequence,
  timestamp,
  durationSec: null,
  direction: 'outbound',
  amd: null,
  recordingUrl: null,
  ...extra,
});

const vonage = (
  status: StatusReport['status'],
  timestamp: string,
  extra: Partial<StatusReport> = {},
): StatusReport => ({
  provider: 'vonage',
  callId: '0779a56d002f1c7f47f82ef5fe84ab79',
  status,
  sequence: null,
  timestamp,
  durationSec: null,
  direction: 'inbound',
  amd: null,
  recordingUrl: null,
  ...extra,
});

const SETS: Record<string, StatusReport[]> = {
  // Twilio's Timestamp has whole seconds: the sequence number orders the same second.
  'twilio answered and completed': [
    twilio('initiated', 0, '2025-10-08T13:54:00.000Z'),
    twilio('ringing', 1, '2025-10-08T13:54:00.000Z'),
    twilio('answered', 2, '2025-10-08T13:54:07.000Z', { amd: 'human' }),
    twilio('completed', 3, '2025-10-08T13:54:49.000Z', {
      durationSec: 42,
      recordingUrl: 'https://api.twilio.com/recordings/RE1',
    }),
  ],
  'twilio busy': [
    twilio('initiated', 0, '2025-10-08T13:54:10.000Z'),
    twilio('ringing', 1, '2025-10-08T13:54:11.000Z'),
    twilio('busy', 2, '2025-10-08T13:54:12.000Z', { durationSec: 0 }),
  ],
  'twilio no-answer': [
    twilio('initiated', 0, '2025-10-08T13:54:10.000Z'),
    twilio('ringing', 1, '2025-10-08T13:54:10.000Z'),
    twilio('no-answer', 2, '2025-10-08T13:54:40.000Z', { durationSec: 0 }),
  ],
  // From the Vonage log: started and ringing share one timestamp.
  'vonage answered and completed': [
    vonage('initiated', '2021-03-29T21:20:05.582Z'),
    vonage('ringing', '2021-03-29T21:20:05.582Z'),
    vonage('answered', '2021-03-29T21:20:06.182Z'),
    vonage('completed', '2021-03-29T21:20:17.514Z', { durationSec: 12 }),
  ],
  'vonage busy': [
    vonage('initiated', '2020-01-01T11:59:58.000Z', { direction: 'outbound' }),
    vonage('ringing', '2020-01-01T11:59:59.000Z', { direction: 'outbound' }),
    vonage('busy', '2020-01-01T12:00:00.000Z', { direction: 'outbound' }),
  ],
  'vonage no-answer closed by completed': [
    vonage('initiated', '2020-03-31T11:59:00.000Z', { direction: 'outbound' }),
    vonage('ringing', '2020-03-31T11:59:01.000Z', { direction: 'outbound' }),
    vonage('no-answer', '2020-03-31T12:00:00.000Z', { direction: 'outbound' }),
    vonage('completed', '2020-03-31T12:00:00.400Z', { direction: 'outbound', durationSec: 0 }),
  ],
};

const isNoAnswer = (r: StatusReport) => r.status === 'no-answer';

describe('mergeStatusReports', () => {
  it.each(Object.entries(SETS))(
    '%s: the same result for 250 random orders with duplicates',
    (_name, reports) => {
      const expected = mergeStatusReports(reports);
      const random = seededRandom(0x5eed + reports.length);
      for (let i = 0; i < 250; i += 1) {
        expect(mergeStatusReports(arrival(reports, random))).toEqual(expected);
      }
    },
  );

  it('merges a Twilio answered call', () => {
    expect(mergeStatusReports(SETS['twilio answered and completed'] ?? [])).toEqual({
      status: 'completed',
      terminal: true,
      answeredAt: '2025-10-08T13:54:07.000Z',
      endedAt: '2025-10-08T13:54:49.000Z',
      durationSec: 42,
      direction: 'outbound',
      amd: 'human',
      recordingUrl: 'https://api.twilio.com/recordings/RE1',
      lastTimestamp: '2025-10-08T13:54:49.000Z',
    });
  });

  it('merges a Vonage call, busy and unanswered calls', () => {
    expect(mergeStatusReports(SETS['vonage answered and completed'] ?? [])).toMatchObject({
      status: 'completed',
      answeredAt: '2021-03-29T21:20:06.182Z',
      durationSec: 12,
    });
    expect(mergeStatusReports(SETS['twilio busy'] ?? [])).toMatchObject({
      status: 'busy',
      answeredAt: null,
      endedAt: '2025-10-08T13:54:12.000Z',
    });
    // A `completed` closing a leg nobody answered does not hide why it ended.
    expect(mergeStatusReports(SETS['vonage no-answer closed by completed'] ?? [])).toMatchObject({
      status: 'no-answer',
      endedAt: '2020-03-31T12:00:00.000Z',
      durationSec: 0,
      lastTimestamp: '2020-03-31T12:00:00.400Z',
    });
  });

  it('never lets a late progress report overwrite a terminal status', () => {
    const completed = twilio('completed', 3, '2025-10-08T13:54:49.000Z', { durationSec: 42 });
    // The answered callback is delivered last, and even stamped after the end.
    const late = twilio('answered', 2, '2025-10-08T13:55:30.000Z');
    const ringing = vonage('ringing', '2021-03-29T21:20:30.000Z');
    for (const reports of [
      [completed, late],
      [late, completed],
      [vonage('completed', '2021-03-29T21:20:17.514Z'), ringing],
    ]) {
      const merged = mergeStatusReports(reports);
      expect(merged?.terminal).toBe(true);
      expect(merged?.status).toBe('completed');
    }
  });

  it('keeps the terminal status for any subset of the callbacks that holds it', () => {
    const random = seededRandom(2026);
    for (const [name, reports] of Object.entries(SETS)) {
      const terminal = mergeStatusReports(reports)?.status;
      const last = reports.at(-1) as StatusReport;
      for (let i = 0; i < 200; i += 1) {
        // Some progress callbacks lost, the terminal one delivered, the rest in any order.
        const subset = reports.slice(0, -1).filter(() => random() < 0.6);
        const merged = mergeStatusReports(arrival([...subset, last], random));
        if (name === 'vonage no-answer closed by completed' && !subset.some(isNoAnswer)) {
          expect(merged?.status, name).toBe('completed');
        } else {
          expect(merged?.status, name).toBe(terminal);
        }
        expect(merged?.terminal, name).toBe(true);
      }
    }
  });

  it('follows the sequence number over the timestamp for Twilio', () => {
    const merged = mergeStatusReports([
      twilio('ringing', 1, '2025-10-08T13:54:05.000Z'),
      twilio('answered', 2, '2025-10-08T13:54:05.000Z'),
    ]);
    expect(merged).toMatchObject({ status: 'answered', terminal: false, endedAt: null });
  });

  it('chooses among contradictory reports the same way whatever the order', () => {
    const a = vonage('busy', '2020-01-01T12:00:00.000Z');
    const b = vonage('failed', '2020-01-01T12:00:00.000Z');
    const c = vonage('answered', '2020-01-01T11:59:00.000Z', { amd: 'unknown' });
    const d = vonage('answered', '2020-01-01T11:59:01.000Z', { amd: 'machine' });
    expect(mergeStatusReports([a, b, c, d])).toEqual(mergeStatusReports([d, c, b, a]));
    expect(mergeStatusReports([a, b, c, d])).toMatchObject({ status: 'failed', amd: 'machine' });
  });

  it('is null for no reports and refuses reports of two calls', () => {
    expect(mergeStatusReports([])).toBeNull();
    expect(() =>
      mergeStatusReports([
        twilio('ringing', 1, '2025-10-08T13:54:05.000Z'),
        vonage('ringing', '2025-10-08T13:54:05.000Z'),
      ]),
    ).toThrow(/more than one call/);
  });

  it('gives exact duplicates one storage key, and different reports different keys', () => {
    const r = twilio('ringing', 1, '2025-10-08T13:54:05.000Z');
    expect(dedupeKey({ ...r })).toBe(dedupeKey(r));
    expect(dedupeKey({ ...r, sequence: 2 })).not.toBe(dedupeKey(r));
    expect(dedupeKey({ ...r, status: 'answered' })).not.toBe(dedupeKey(r));
    expect(dedupeKey(vonage('ringing', r.timestamp))).not.toBe(dedupeKey(r));
  });
});
