import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/lib/seeded-random.js';
import type { CallEngine } from '../../src/simulator/call-engine.js';
import { TwilioCall } from '../../src/simulator/twilio-call.js';
import { buildTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';

/**
 * The call record must be a function of the SET of status reports: every outcome, on both
 * providers, gives the same row whether the callbacks arrive in order or shuffled with
 * repeats. Each scenario plays the call through the real webhooks first (menu, transfers),
 * then posts its status reports.
 */
const IVAN = '+79165551234';
const ROUNDS = 4;

function shuffledWithDuplicates<T>(items: T[], next: () => number): T[] {
  const out = [...items, ...items.filter(() => next() < 0.5)];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const rfc2822 = (iso: string) => new Date(iso).toUTCString().replace('GMT', '+0000');

interface Scenario {
  name: string;
  outcome: string;
  /** What the caller does before the status reports: nothing, the menu, transfers. */
  play(call: CallEngine): Promise<void>;
  /** [status, seconds after the start, duration (final only)] in the provider's words. */
  reports: Array<[string, number, number?]>;
}

const pressThenAnswered = async (call: CallEngine) => {
  await call.start();
  await call.press('1');
  await call.dialOutcome('answered');
};
const nobodyAnswers = async (call: CallEngine) => {
  await call.start();
  await call.press('1');
  for (let i = 0; i < 3; i += 1) await call.dialOutcome('no-answer');
};
const menuOnly = async (call: CallEngine) => {
  await call.start();
};

const TWILIO: Scenario[] = [
  {
    name: 'answered',
    outcome: 'ANSWERED',
    play: pressThenAnswered,
    reports: [
      ['initiated', 0],
      ['ringing', 0],
      ['in-progress', 1],
      ['completed', 65, 65],
    ],
  },
  {
    name: 'abandoned in the menu',
    outcome: 'ABANDONED',
    play: menuOnly,
    reports: [
      ['initiated', 0],
      ['ringing', 0],
      ['in-progress', 1],
      ['completed', 9, 9],
    ],
  },
  {
    name: 'missed',
    outcome: 'MISSED',
    play: nobodyAnswers,
    reports: [
      ['initiated', 0],
      ['ringing', 0],
      ['in-progress', 1],
      ['completed', 80, 80],
    ],
  },
  {
    name: 'no-answer',
    outcome: 'NO_ANSWER',
    play: menuOnly,
    reports: [
      ['initiated', 0],
      ['ringing', 0],
      ['no-answer', 30, 0],
    ],
  },
  {
    // Contradictory but seen: picked up by the IVR, then reported no-answer. In order it was
    // ABANDONED and shuffled NO_ANSWER; the set decides.
    name: 'no-answer after in-progress',
    outcome: 'ABANDONED',
    play: menuOnly,
    reports: [
      ['initiated', 0],
      ['ringing', 0],
      ['in-progress', 0],
      ['no-answer', 30, 0],
    ],
  },
  {
    name: 'busy',
    outcome: 'BUSY',
    play: menuOnly,
    reports: [
      ['initiated', 0],
      ['ringing', 0],
      ['busy', 1, 0],
    ],
  },
  {
    name: 'failed',
    outcome: 'FAILED',
    play: menuOnly,
    reports: [
      ['initiated', 0],
      ['failed', 1, 0],
    ],
  },
  {
    name: 'canceled while ringing',
    outcome: 'ABANDONED',
    play: menuOnly,
    reports: [
      ['initiated', 0],
      ['ringing', 0],
      ['canceled', 4, 0],
    ],
  },
];

const VONAGE: Scenario[] = [
  {
    name: 'answered',
    outcome: 'ANSWERED',
    play: pressThenAnswered,
    reports: [
      ['started', 0],
      ['ringing', 0],
      ['answered', 1],
      ['completed', 65, 65],
    ],
  },
  {
    name: 'abandoned in the menu',
    outcome: 'ABANDONED',
    play: menuOnly,
    reports: [
      ['started', 0],
      ['ringing', 0],
      ['answered', 1],
      ['completed', 9, 9],
    ],
  },
  {
    name: 'missed',
    outcome: 'MISSED',
    play: nobodyAnswers,
    reports: [
      ['started', 0],
      ['ringing', 0],
      ['answered', 1],
      ['completed', 80, 80],
    ],
  },
  {
    name: 'unanswered',
    outcome: 'NO_ANSWER',
    play: menuOnly,
    reports: [
      ['started', 0],
      ['ringing', 0],
      ['unanswered', 30, 0],
    ],
  },
  {
    name: 'busy',
    outcome: 'BUSY',
    play: menuOnly,
    reports: [
      ['started', 0],
      ['ringing', 0],
      ['busy', 1, 0],
    ],
  },
  {
    name: 'busy after answered',
    outcome: 'ABANDONED',
    play: menuOnly,
    reports: [
      ['started', 0],
      ['ringing', 0],
      ['answered', 0],
      ['busy', 1, 0],
    ],
  },
  {
    name: 'failed',
    outcome: 'FAILED',
    play: menuOnly,
    reports: [
      ['started', 0],
      ['failed', 1, 0],
    ],
  },
  {
    name: 'rejected',
    outcome: 'BUSY',
    play: menuOnly,
    reports: [
      ['started', 0],
      ['ringing', 0],
      ['rejected', 2, 0],
    ],
  },
];

const START = '2026-11-23T07:00:00Z';
const at = (sec: number) => new Date(Date.parse(START) + sec * 1000).toISOString();

async function record(
  provider: 'twilio' | 'vonage',
  scenario: Scenario,
  order: (reports: number[]) => number[],
) {
  const t: TestApp = await buildTestApp({ now: START });
  const call = provider === 'twilio' ? t.twilio(IVAN) : t.vonage(IVAN.slice(1));
  await scenario.play(call);
  const reports = scenario.reports.map(([status, sec, duration], i) =>
    provider === 'twilio'
      ? {
          AccountSid: `AC${'c3'.repeat(16)}`,
          CallSid: call.id,
          Direction: 'inbound',
          From: IVAN,
          To: '+77172123456',
          CallStatus: status,
          SequenceNumber: String(i),
          Timestamp: rfc2822(at(sec)),
          ...(duration !== undefined ? { CallDuration: String(duration) } : {}),
        }
      : {
          from: IVAN.slice(1),
          to: '77172123456',
          uuid: call.id,
          conversation_uuid: `CON-${'7c1d'.repeat(8)}`,
          direction: 'inbound',
          status,
          timestamp: at(sec),
          ...(duration !== undefined ? { duration: String(duration) } : {}),
        },
  );
  for (const i of order(reports.map((_, k) => k))) {
    const payload = reports[i]!;
    const res =
      call instanceof TwilioCall
        ? await call.post(`${PUBLIC_URL}/twilio/status`, payload)
        : await call.postJson(`${PUBLIC_URL}/vonage/event`, payload);
    expect(res.status).toBe(204);
  }
  return t.db
    .selectFrom('calls')
    .select([
      'status',
      'outcome',
      'ivr_outcome',
      'answered_at',
      'ended_at',
      'duration_sec',
      'talk_sec',
      'wait_sec',
    ])
    .where('call_id', '=', call.id)
    .executeTakeFirst();
}

describe('the call record is a function of the set of status reports', () => {
  for (const [provider, scenarios] of [
    ['twilio', TWILIO],
    ['vonage', VONAGE],
  ] as const) {
    it.each(scenarios)(`${provider}: $name → $outcome, in order or shuffled`, async (s) => {
      const inOrder = await record(provider, s, (ids) => ids);
      expect(inOrder?.outcome ?? null).toBe(s.outcome);
      const next = seededRandom(s.name.length * 31 + provider.length);
      for (let round = 0; round < ROUNDS; round += 1) {
        const shuffled = await record(provider, s, (ids) => shuffledWithDuplicates(ids, next));
        expect(shuffled, `${provider} ${s.name} round ${round}`).toEqual(inOrder);
      }
    });
  }
});
