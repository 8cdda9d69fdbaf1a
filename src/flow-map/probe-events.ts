import type { CustomerProfile } from '../flow/customer.js';
import type { RankedEmployee } from '../flow/employee-data.js';
import type { ContractInfo } from '../flow/self-service-data.js';
import type { CallEvent, DialOutcome } from '../flow/events.js';
import type { FlowConfig } from '../flow/settings.js';
import type { CallSnapshot } from '../flow/snapshot.js';

/** What a state of the call waits for, read off the transition result that produced it. */
export type Awaiting =
  'crm' | 'contract' | 'extension' | 'trust' | 'sms' | 'appointment' | 'input' | 'dial' | 'hangup';

/** An event to feed, with the short text an edge shows for it. */
export interface Probe {
  trigger: string;
  event: CallEvent;
}

/** Every instant is the same: the flow map must not depend on the time of day. */
export const PROBE_AT = '2026-01-01T09:00:00.000Z';

const CALLER = '+77071234567';
const OUR_NUMBER = '+77172123456';

/** Keys tried, in order, when looking for one the current question does not use. */
const KEYPAD = ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0', '*', '#'];

// A Record, not an array, so that a new DialOutcome fails the build until it is probed.
const DIAL_OUTCOMES = Object.keys({
  answered: true,
  busy: true,
  'no-answer': true,
  failed: true,
  canceled: true,
} satisfies Record<DialOutcome, true>) as DialOutcome[];

/** The two ways a call starts: with a caller number, and withheld. */
export function startProbes(): Probe[] {
  const started = (from: string | null): CallEvent => ({
    type: 'call.started',
    at: PROBE_AT,
    provider: 'flow-map',
    callId: 'flow-map',
    from,
    to: OUR_NUMBER,
  });
  return [
    { trigger: 'call.started (caller)', event: started(CALLER) },
    { trigger: 'call.started (withheld)', event: started(null) },
  ];
}

/**
 * A representative set of the events the provider or the runtime can deliver next. Only
 * events the state can actually receive are fed (a CRM result while the lookup runs, caller
 * input while a question is asked, a dial outcome while a transfer rings), because the pure
 * transition also has defensive answers to impossible orders (a key press after the call
 * ended) that would draw edges no call can take.
 */
export function probesFor(config: FlowConfig, snapshot: CallSnapshot, awaiting: Awaiting): Probe[] {
  const at = PROBE_AT;
  const hangUp: Probe = {
    trigger: 'call.ended',
    event: { type: 'call.ended', at, status: 'completed', durationSec: 42 },
  };
  switch (awaiting) {
    case 'crm':
      return [
        {
          trigger: 'crm.found (language known)',
          event: {
            type: 'crm.found',
            at,
            customer: sampleCustomer('kk'),
            outages: [],
            employees: [],
          },
        },
        {
          trigger: 'crm.found (ranked employees)',
          event: {
            type: 'crm.found',
            at,
            customer: sampleCustomer('kk'),
            outages: [],
            employees: SAMPLE_EMPLOYEES,
          },
        },
        {
          trigger: 'crm.found (no language)',
          event: {
            type: 'crm.found',
            at,
            customer: sampleCustomer(null),
            outages: [],
            employees: [],
          },
        },
        ...PERSONAL_PROBES.map(([trigger, customer]) => ({
          trigger,
          event: {
            type: 'crm.found',
            at,
            customer,
            outages: [],
            employees: [],
          } satisfies CallEvent,
        })),
        { trigger: 'crm.notFound', event: { type: 'crm.notFound', at, outages: [] } },
        {
          trigger: 'crm.notFound (language remembered)',
          event: { type: 'crm.notFound', at, outages: [], rememberedLanguage: 'kk' },
        },
        {
          trigger: 'crm.found (no language, remembered)',
          event: {
            type: 'crm.found',
            at,
            customer: sampleCustomer(null),
            outages: [],
            employees: [],
            rememberedLanguage: 'kk',
          },
        },
        { trigger: 'crm.timeout', event: { type: 'crm.timeout', at } },
        { trigger: 'crm.failed', event: { type: 'crm.failed', at, error: 'probe' } },
      ];
    case 'contract':
      return [
        ...CONTRACT_PROBES.map(([trigger, contract]) => ({
          trigger,
          event: { type: 'crm.contractFound', at, contract } satisfies CallEvent,
        })),
        { trigger: 'crm.contractNotFound', event: { type: 'crm.contractNotFound', at } },
        {
          trigger: 'crm.contractFailed',
          event: { type: 'crm.contractFailed', at, error: 'probe' },
        },
      ];
    case 'extension':
      return [
        {
          trigger: 'crm.extensionFound',
          event: { type: 'crm.extensionFound', at, employee: SAMPLE_EMPLOYEES[0]! },
        },
        {
          trigger: 'crm.extensionNotFound',
          event: { type: 'crm.extensionNotFound', at, extension: '77' },
        },
        {
          trigger: 'crm.extensionFailed',
          event: { type: 'crm.extensionFailed', at, error: 'probe' },
        },
      ];
    case 'trust':
      return [
        { trigger: 'crm.trustCreditActivated', event: { type: 'crm.trustCreditActivated', at } },
        {
          trigger: 'crm.trustCreditFailed',
          event: { type: 'crm.trustCreditFailed', at, error: 'probe' },
        },
      ];
    case 'sms':
      return [
        { trigger: 'sms.sent', event: { type: 'sms.sent', at } },
        { trigger: 'sms.failed', event: { type: 'sms.failed', at, error: 'probe' } },
      ];
    case 'appointment':
      return [
        { trigger: 'crm.appointmentConfirmed', event: { type: 'crm.appointmentConfirmed', at } },
        {
          trigger: 'crm.appointmentFailed',
          event: { type: 'crm.appointmentFailed', at, error: 'probe' },
        },
      ];
    case 'input':
      if (snapshot.step === 'predict' || snapshot.step === 'appointment') {
        return [...yesNoProbes(config), hangUp];
      }
      if (snapshot.step === 'reminder') {
        return [...reminderProbes(config), hangUp];
      }
      if (snapshot.step === 'contract-entry' || snapshot.step === 'contract-confirm') {
        return [...contractProbes(snapshot.step), hangUp];
      }
      if (snapshot.step === 'personal-menu') {
        return [...personalMenuProbes(), hangUp];
      }
      return [
        ...answerProbes(config, snapshot),
        { trigger: 'call.continue', event: { type: 'call.continue', at } },
        hangUp,
      ];
    case 'dial':
      return [
        ...DIAL_OUTCOMES.map((outcome) => ({
          trigger: outcome,
          event: { type: 'dial.ended', at, outcome, durationSec: null } satisfies CallEvent,
        })),
        hangUp,
      ];
    case 'hangup':
      return [hangUp];
  }
}

/**
 * Answers to the question being asked: each choice's key and its first spoken word (in the
 * default language), a key that is no choice, a choice word heard with low confidence, and
 * silence.
 */
function answerProbes(config: FlowConfig, snapshot: CallSnapshot): Probe[] {
  const { settings, defaultLanguage } = config;
  const choices =
    snapshot.step === 'language'
      ? settings.languageChoice.options.map((o) => ({ key: o.key, word: o.words[0] }))
      : [
          ...settings.menu.options.map((o) => ({
            key: o.key,
            word: o.keywords[defaultLanguage][0],
          })),
          {
            key: settings.selfService.balance.key,
            word: settings.selfService.balance.keywords[defaultLanguage][0],
          },
          {
            key: settings.selfService.trustCredit.key,
            word: settings.selfService.trustCredit.keywords[defaultLanguage][0],
          },
          {
            key: settings.menu.operator.key,
            word: settings.menu.operator.keywords[defaultLanguage][0],
          },
        ];
  const at = PROBE_AT;
  const key = (digits: string): CallEvent => ({
    type: 'input.received',
    at,
    digits,
    speech: null,
  });
  const say = (text: string, confidence: number): CallEvent => ({
    type: 'input.received',
    at,
    digits: null,
    speech: { text, confidence },
  });
  const probes: Probe[] = [];
  for (const c of choices) {
    probes.push({ trigger: `key ${c.key}`, event: key(c.key) });
    if (c.word) probes.push({ trigger: `say «${c.word}»`, event: say(c.word, 0.9) });
  }
  const unused = KEYPAD.find((k) => !choices.some((c) => c.key === k));
  if (unused) probes.push({ trigger: `key ${unused}`, event: key(unused) });
  const heard = choices.find((c) => c.word)?.word;
  if (heard) {
    probes.push({
      trigger: 'low-confidence speech',
      event: say(heard, settings.menu.minConfidence / 2),
    });
  }
  probes.push({ trigger: 'silence', event: { type: 'input.empty', at } });
  return probes;
}

/** Keys at the contract-number questions: a number, `*`, a wrong one, and silence. */
function contractProbes(step: 'contract-entry' | 'contract-confirm'): Probe[] {
  const at = PROBE_AT;
  const key = (digits: string): CallEvent => ({ type: 'input.received', at, digits, speech: null });
  const silence: Probe = { trigger: 'silence', event: { type: 'input.empty', at } };
  return step === 'contract-entry'
    ? [
        { trigger: 'number#', event: key('12345678') },
        { trigger: 'key *', event: key('12*') },
        { trigger: 'too short', event: key('12') },
        silence,
      ]
    : [
        { trigger: 'key #', event: key('#') },
        { trigger: 'key *', event: key('*') },
        { trigger: 'key 5', event: key('5') },
        silence,
      ];
}

/** Contracts that lead to each self-service answer (the caller is CALLER). */
const CONTRACT_PROBES: Array<[string, ContractInfo]> = (() => {
  const base: ContractInfo = {
    number: '12345678',
    customerId: 'flow-map',
    balance: { minor: -10000, currency: 'KZT' },
    registeredPhones: [CALLER],
    trustCredits: [],
  };
  const credit = (dueAt: string, repaidAt: string | null) => ({
    amount: { minor: 50000, currency: 'KZT' },
    activatedAt: '2025-12-01T00:00:00.000Z',
    dueAt,
    repaidAt,
  });
  return [
    ['contract (registered, in debt)', base],
    ['contract (other number)', { ...base, registeredPhones: ['+77010000000'] }],
    ['contract (positive balance)', { ...base, balance: { minor: 10000, currency: 'KZT' } }],
    [
      'contract (repaid late)',
      { ...base, trustCredits: [credit('2025-12-06T00:00:00.000Z', '2025-12-20T00:00:00.000Z')] },
    ],
    [
      'contract (credit overdue)',
      { ...base, trustCredits: [credit('2025-12-06T00:00:00.000Z', null)] },
    ],
    [
      'contract (credit active)',
      { ...base, trustCredits: [credit('2026-01-03T00:00:00.000Z', null)] },
    ],
  ];
})();

/** Two ranked employees, so the personal menu and its fallback to the next one show. */
const SAMPLE_EMPLOYEES: RankedEmployee[] = [
  {
    id: 'e1',
    firstName: 'Евгения',
    lastName: 'Чулкова',
    patronymic: null,
    extension: '34',
    destination: { type: 'number', number: '+77172000034' },
    score: 2,
  },
  {
    id: 'e2',
    firstName: 'Дмитрий',
    lastName: 'Масленников',
    patronymic: null,
    extension: '35',
    destination: { type: 'sip', uri: 'sip:35@pbx.flow-map.invalid' },
    score: 1,
  },
];

/** Answers in the personal menu: an employee's key and name, an extension, the operator. */
function personalMenuProbes(): Probe[] {
  const at = PROBE_AT;
  const key = (digits: string): CallEvent => ({ type: 'input.received', at, digits, speech: null });
  return [
    { trigger: 'key 1', event: key('1') },
    { trigger: 'key 2', event: key('2') },
    {
      trigger: 'say «Масленников»',
      event: {
        type: 'input.received',
        at,
        digits: null,
        speech: { text: 'Масленников', confidence: 0.9 },
      },
    },
    { trigger: 'extension 35#', event: key('35#') },
    { trigger: 'key 0', event: key('0') },
    { trigger: 'key 9', event: key('9') },
    { trigger: 'silence', event: { type: 'input.empty', at } },
  ];
}

function sampleCustomer(
  language: CustomerProfile['language'],
  more: Partial<Pick<CustomerProfile, 'items' | 'segment'>> & {
    account?: Partial<CustomerProfile['account']>;
  } = {},
): CustomerProfile {
  return {
    id: 'flow-map',
    firstName: 'Aigerim',
    lastName: null,
    patronymic: null,
    language,
    timeZone: 'Asia/Almaty',
    segment: more.segment ?? null,
    phones: [CALLER],
    items: more.items ?? [],
    account: {
      personalManager: null,
      overdue: null,
      openComplaint: false,
      paymentDue: null,
      policyExpires: null,
      bonusPoints: null,
      ...more.account,
    },
  };
}

/** Known callers who reach the personalised steps: a predicted reason, a segment, a reminder. */
const PERSONAL_PROBES: Array<[string, CustomerProfile]> = [
  [
    'crm.found (order in delivery)',
    sampleCustomer('kk', {
      items: [
        {
          kind: 'order',
          id: 'o1',
          number: '12345',
          status: 'in_delivery',
          createdAt: '2025-12-31T09:00:00.000Z',
          deliveryFrom: null,
          deliveryTo: null,
        },
      ],
    }),
  ],
  [
    'crm.found (suspicious payment today)',
    sampleCustomer('kk', {
      items: [
        {
          kind: 'card_transaction',
          id: 't1',
          amount: { minor: 4_500_000, currency: 'KZT' },
          at: '2026-01-01T08:00:00.000Z',
          merchant: 'Shop',
          suspicious: true,
          cardLast4: '4421',
        },
      ],
    }),
  ],
  [
    'crm.found (appointment tomorrow)',
    sampleCustomer('kk', {
      items: [
        {
          kind: 'appointment',
          id: 'a1',
          specialist: 'Dr',
          at: '2026-01-02T05:00:00.000Z',
          status: 'scheduled',
        },
      ],
    }),
  ],
  [
    'crm.found (VIP)',
    sampleCustomer('kk', { segment: 'vip', account: { personalManager: '+77017770000' } }),
  ],
  [
    'crm.found (policy expiring)',
    sampleCustomer('kk', {
      account: { policyExpires: { on: '2026-01-05', policyNumber: 'P-1234' } },
    }),
  ],
];

/**
 * Yes (key 1, a word), no (key 2, a word), the items' own words (block the card, confirm or
 * reschedule), the operator, an unclear word, silence.
 */
function yesNoProbes(config: FlowConfig): Probe[] {
  const at = PROBE_AT;
  const key = (digits: string): CallEvent => ({ type: 'input.received', at, digits, speech: null });
  const say = (text: string, confidence: number): CallEvent => ({
    type: 'input.received',
    at,
    digits: null,
    speech: { text, confidence },
  });
  return [
    { trigger: 'key 1 (yes)', event: key('1') },
    { trigger: 'key 2 (no)', event: key('2') },
    { trigger: 'say «иә»', event: say('иә', 0.9) },
    { trigger: 'say «жоқ»', event: say('жоқ', 0.9) },
    { trigger: 'say «заблокируйте»', event: say('заблокируйте', 0.9) },
    { trigger: 'say «подтверждаю»', event: say('подтверждаю', 0.9) },
    { trigger: 'say «перенести»', event: say('перенести', 0.9) },
    { trigger: 'say «оператор»', event: say('оператор', 0.9) },
    { trigger: 'unclear speech', event: say('мм', config.settings.menu.minConfidence / 2) },
    { trigger: 'silence', event: { type: 'input.empty', at } },
  ];
}

/** The renewal offer: its key, another key, «продлить», silence. */
function reminderProbes(config: FlowConfig): Probe[] {
  const at = PROBE_AT;
  const renew = config.settings.reminders.renewKey;
  const other = KEYPAD.find((k) => k !== renew) ?? '9';
  return [
    {
      trigger: `key ${renew} (renew)`,
      event: { type: 'input.received', at, digits: renew, speech: null },
    },
    { trigger: `key ${other}`, event: { type: 'input.received', at, digits: other, speech: null } },
    {
      trigger: 'say «продлить»',
      event: {
        type: 'input.received',
        at,
        digits: null,
        speech: { text: 'продлить', confidence: 0.9 },
      },
    },
    { trigger: 'silence', event: { type: 'input.empty', at } },
  ];
}
