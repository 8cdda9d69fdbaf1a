import { DateTime } from 'luxon';
import type { PauseAction, PlayAction, SayAction } from '../actions.js';
import type { CallEvent } from '../events.js';
import { formatDate, formatMoney, spokenMoney } from '../format-values.js';
import { contractConfirmGather, contractEntryGather, menuGather } from '../gathers.js';
import { prompt, sayTemplate } from '../prompts.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import { decideTrustCredit } from '../trust-credit-rules.js';
import { describeInput } from './describe-input.js';
import { beginTransfer } from './transfer-step.js';

type Answer = Extract<CallEvent, { type: 'input.received' | 'input.empty' }>;
type Lead = Array<SayAction | PlayAction | PauseAction>;
type Task = NonNullable<CallSnapshot['selfService']>;

/** Balance by SMS or trust credit chosen in the menu: ask for the contract number. */
export function startSelfService(
  config: FlowConfig,
  snapshot: CallSnapshot,
  task: Task['task'],
): TransitionResult {
  return {
    snapshot: {
      ...snapshot,
      step: 'contract-entry',
      selfService: { task, contract: null, tries: 0 },
    },
    actions: [contractEntryGather(config.settings, snapshot.language, [])],
    effects: [],
  };
}

/** The contract number typed (ended by `#`), `*` to start again, or nothing. */
export function onContractEntry(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const task = snapshot.selfService;
  if (!task) return backToMenu(config, snapshot, [], 'self-service:lost', event.at);
  const set = config.settings.prompts[snapshot.language];
  const input = describeInput(event);
  if (event.type === 'input.empty') {
    return retry(config, snapshot, event.at, input, 'no-input', [
      prompt(set.contractNoInput, snapshot.language),
    ]);
  }
  const digits = event.digits ?? '';
  if (digits.includes('*')) {
    const next = withPath(snapshot, { at: event.at, input, result: `${task.task}:re-enter` });
    return {
      snapshot: next,
      actions: [contractEntryGather(config.settings, snapshot.language, [])],
      effects: [],
    };
  }
  const { min, max } = config.settings.selfService.contractDigits;
  if (!/^\d+$/.test(digits) || digits.length < min || digits.length > max) {
    const lead = sayTemplate(
      set.contractWrongLength,
      { min: String(min), max: String(max) },
      snapshot.language,
    );
    return retry(config, snapshot, event.at, input, 'wrong-length', [lead]);
  }
  if (task.task === 'balance') {
    // No read-back for the balance: it is only ever sent to a number registered on the
    // contract, so a mistyped number is not found or not the caller's, and is said so; the
    // read-back (8 digits one by one, then a key) was the longest part of this path.
    const next = withPath(
      { ...snapshot, step: 'self-service', selfService: { ...task, contract: digits } },
      { at: event.at, input, result: 'balance:entered' },
    );
    return { snapshot: next, actions: [], effects: [{ type: 'crm.findContract', number: digits }] };
  }
  const next = withPath(
    { ...snapshot, step: 'contract-confirm', selfService: { ...task, contract: digits } },
    { at: event.at, input, result: `${task.task}:entered` },
  );
  return {
    snapshot: next,
    actions: [contractConfirmGather(config.settings, snapshot.language, digits, [])],
    effects: [],
  };
}

/** After the read-back (trust credit only): `#` confirms and asks the CRM, `*` re-enters, anything else repeats. */
export function onContractConfirm(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const task = snapshot.selfService;
  if (!task?.contract) return backToMenu(config, snapshot, [], 'self-service:lost', event.at);
  const input = describeInput(event);
  const key = event.type === 'input.received' ? event.digits : null;
  if (key === '#') {
    const next = withPath(
      { ...snapshot, step: 'self-service' },
      { at: event.at, input, result: `${task.task}:confirmed` },
    );
    return {
      snapshot: next,
      actions: [],
      effects: [{ type: 'crm.findContract', number: task.contract }],
    };
  }
  if (key === '*') {
    const next = withPath(
      { ...snapshot, step: 'contract-entry', selfService: { ...task, contract: null } },
      { at: event.at, input, result: `${task.task}:re-enter` },
    );
    return {
      snapshot: next,
      actions: [contractEntryGather(config.settings, snapshot.language, [])],
      effects: [],
    };
  }
  const tries = task.tries + 1;
  const result = event.type === 'input.empty' ? 'no-input' : 'invalid';
  const next = withPath(
    { ...snapshot, selfService: { ...task, tries } },
    { at: event.at, input, result: `${task.task}:${result}` },
  );
  if (tries >= config.settings.selfService.maxTries) return giveUp(config, next);
  const lead =
    event.type === 'input.empty'
      ? []
      : [prompt(config.settings.prompts[snapshot.language].invalidInput, snapshot.language)];
  return {
    snapshot: next,
    actions: [contractConfirmGather(config.settings, snapshot.language, task.contract, lead)],
    effects: [],
  };
}

/** The CRM's answer about the contract: check the caller, then send the balance or decide. */
export function onContractResult(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Extract<
    CallEvent,
    { type: 'crm.contractFound' | 'crm.contractNotFound' | 'crm.contractFailed' }
  >,
): TransitionResult {
  const task = snapshot.selfService;
  const language = snapshot.language;
  const set = config.settings.prompts[language];
  if (!task) return backToMenu(config, snapshot, [], 'self-service:lost', event.at);
  if (event.type === 'crm.contractFailed') {
    const next = withPath(snapshot, {
      at: event.at,
      input: null,
      result: `${task.task}:crm-failed`,
    });
    return unavailable(config, next);
  }
  if (event.type === 'crm.contractNotFound') {
    return retry(config, { ...snapshot, step: 'contract-entry' }, event.at, null, 'not-found', [
      prompt(set.contractNotFound, language),
    ]);
  }
  const { contract } = event;
  const registered =
    snapshot.caller !== null && contract.registeredPhones.includes(snapshot.caller);
  if (task.task === 'balance') {
    if (!registered) {
      return backToMenu(
        config,
        snapshot,
        [prompt(set.balanceNotRegistered, language)],
        'balance:unregistered',
        event.at,
      );
    }
    // The balance is only ever sent to the registered number, never spoken.
    const text = sayTemplate(
      set.balanceSms,
      { contract: contract.number.slice(-4), amount: formatMoney(contract.balance, language) },
      language,
    ).text;
    const next = withPath(snapshot, { at: event.at, input: null, result: 'balance:verified' });
    return {
      snapshot: next,
      actions: [],
      effects: [{ type: 'sms.send', to: snapshot.caller!, text }],
    };
  }
  const terms = config.settings.selfService.trustCredit;
  const decision = decideTrustCredit(contract, snapshot.caller, event.at, terms.blockMonths);
  if (!decision.ok) {
    const lead: SayAction | PlayAction =
      decision.reason === 'unregistered'
        ? prompt(set.trustNotRegistered, language)
        : decision.reason === 'not-needed'
          ? prompt(set.trustNotNeeded, language)
          : decision.reason === 'blocked-unpaid'
            ? prompt(set.trustBlockedUnpaid, language)
            : sayTemplate(
                decision.reason === 'blocked' ? set.trustBlocked : set.trustAlreadyActive,
                { until: formatDate(decision.until, snapshot.zone, language) },
                language,
              );
    return backToMenu(config, snapshot, [lead], `trust:refused-${decision.reason}`, event.at);
  }
  const major = terms.amounts[contract.balance.currency];
  if (major === undefined) {
    // No amount configured for this currency: a person decides.
    const next = withPath(snapshot, { at: event.at, input: null, result: 'trust:no-amount' });
    return unavailable(config, next);
  }
  const amount = { minor: Math.round(major * 100), currency: contract.balance.currency };
  const dueAt = DateTime.fromISO(event.at, { zone: 'utc' }).plus({ days: terms.termDays }).toISO()!;
  const next = withPath(
    { ...snapshot, selfService: { ...task, credit: { amount, dueAt } } },
    { at: event.at, input: null, result: 'trust:allowed' },
  );
  return {
    snapshot: next,
    actions: [],
    effects: [
      {
        type: 'crm.activateTrustCredit',
        contractNumber: contract.number,
        amount,
        activatedAt: event.at,
        dueAt,
        callId: snapshot.callId,
      },
    ],
  };
}

/** The trust credit was written: confirm by voice, then by SMS. */
export function onTrustCreditResult(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Extract<CallEvent, { type: 'crm.trustCreditActivated' | 'crm.trustCreditFailed' }>,
): TransitionResult {
  if (event.type === 'crm.trustCreditFailed') {
    return unavailable(
      config,
      withPath(snapshot, { at: event.at, input: null, result: 'trust:crm-failed' }),
    );
  }
  const language = snapshot.language;
  const credit = snapshot.selfService?.credit;
  if (!credit) return backToMenu(config, snapshot, [], 'self-service:lost', event.at);
  const set = config.settings.prompts[language];
  const until = formatDate(credit.dueAt, snapshot.zone, language);
  // Said in words for the voice, written in digits in the SMS.
  const confirmation = sayTemplate(
    set.trustActivated,
    { amount: spokenMoney(credit.amount, language, set.currencies), until },
    language,
  );
  const sms = sayTemplate(
    set.trustActivated,
    { amount: formatMoney(credit.amount, language), until },
    language,
  ).text;
  const next = withPath(
    { ...snapshot, selfServed: true },
    { at: event.at, input: null, result: 'trust:activated' },
  );
  return {
    snapshot: next,
    actions: [confirmation],
    effects: snapshot.caller ? [{ type: 'sms.send', to: snapshot.caller, text: sms }] : [],
  };
}

/** The SMS went out (or not): say so and return to the menu. */
export function onSmsResult(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Extract<CallEvent, { type: 'sms.sent' | 'sms.failed' }>,
): TransitionResult {
  const task = snapshot.selfService?.task ?? 'balance';
  const language = snapshot.language;
  const set = config.settings.prompts[language];
  if (event.type === 'sms.failed') {
    return backToMenu(
      config,
      snapshot,
      [prompt(set.smsFailed, language)],
      `${task}:sms-failed`,
      event.at,
    );
  }
  if (task === 'balance') {
    return backToMenu(
      config,
      { ...snapshot, selfServed: true },
      [prompt(set.balanceSent, language)],
      'balance:sent',
      event.at,
    );
  }
  return backToMenu(config, snapshot, [], 'trust:sms-sent', event.at);
}

/** A wrong or missing contract number: say why and ask again, or hand over after max tries. */
function retry(
  config: FlowConfig,
  snapshot: CallSnapshot,
  at: string,
  input: string | null,
  why: string,
  lead: Lead,
): TransitionResult {
  const task = snapshot.selfService!;
  const tries = task.tries + 1;
  const next = withPath(
    { ...snapshot, step: 'contract-entry', selfService: { ...task, contract: null, tries } },
    { at, input, result: `${task.task}:${why}` },
  );
  if (tries >= config.settings.selfService.maxTries) return giveUp(config, next);
  return {
    snapshot: next,
    actions: [contractEntryGather(config.settings, snapshot.language, lead)],
    effects: [],
  };
}

function giveUp(config: FlowConfig, snapshot: CallSnapshot): TransitionResult {
  const language = snapshot.language;
  return beginTransfer(
    config,
    { ...snapshot, selfService: null },
    {
      target: 'operator',
      destination: config.operator,
      lead: prompt(config.settings.prompts[language].connectingOperator, language),
    },
  );
}

function unavailable(config: FlowConfig, snapshot: CallSnapshot): TransitionResult {
  const language = snapshot.language;
  return beginTransfer(
    config,
    { ...snapshot, selfService: null },
    {
      target: 'operator',
      destination: config.operator,
      lead: prompt(config.settings.prompts[language].selfServiceUnavailable, language),
    },
  );
}

function backToMenu(
  config: FlowConfig,
  snapshot: CallSnapshot,
  lead: Lead,
  result: string,
  at: string,
): TransitionResult {
  const next = withPath(snapshot, { at, input: null, result });
  return {
    snapshot: { ...next, step: 'menu', tries: 0, selfService: null },
    actions: [menuGather(config.settings, snapshot.language, lead)],
    effects: [],
  };
}
