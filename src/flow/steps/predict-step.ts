import { DateTime } from 'luxon';
import type { GatherAction, PauseAction, PlayAction, SayAction } from '../actions.js';
import type { OpenItem } from '../customer-items.js';
import type { CallEvent } from '../events.js';
import { formatDate, formatMoney } from '../format-values.js';
import { menuGather } from '../gathers.js';
import { matchIntent } from '../../speech/match-intent.js';
import { hintsFor as intentHints } from '../../speech/speech-hints.js';
import { DEFAULT_INTENT_VOCABULARY } from '../../speech/intent-vocabulary.js';
import { nameForms } from '../../names/address-name.js';
import { pickReminder } from '../pick-reminder.js';
import { predictReason } from '../predict-reason.js';
import { prompt, sayTemplate } from '../prompts.js';
import { routeBySegment } from '../segment-routing.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import { describeInput } from './describe-input.js';
import { offerPersonalMenu } from './personal-menu-step.js';
import { beginTransfer } from './transfer-step.js';

type Answer = Extract<CallEvent, { type: 'input.received' | 'input.empty' }>;
type Lead = Array<SayAction | PlayAction | PauseAction>;
type YesNo = 'yes' | 'no' | 'unclear';

const YES_KEY = '1';
const NO_KEY = '2';

/** A moment in the caller's zone as the time of day: "14:30". */
function timeOf(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('HH:mm');
}

/** The question about the predicted item, in the caller's language and zone. */
function questionFor(config: FlowConfig, snapshot: CallSnapshot, item: OpenItem): SayAction {
  const { language, zone } = snapshot;
  const set = config.settings.prompts[language];
  const date = (iso: string) => formatDate(iso, zone, language);
  switch (item.kind) {
    case 'order':
      return sayTemplate(
        set.predictOrder,
        { number: item.number, date: date(item.createdAt) },
        language,
      );
    case 'claim':
      return sayTemplate(
        set.predictClaim,
        { number: item.number, date: date(item.openedAt) },
        language,
      );
    case 'card_transaction':
      return sayTemplate(
        set.predictTransaction,
        {
          amount: formatMoney(item.amount, language),
          merchant: item.merchant,
          time: timeOf(item.at, zone),
          last4: item.cardLast4.slice(-4),
        },
        language,
      );
    case 'appointment':
      return sayTemplate(
        set.predictAppointment,
        { specialist: item.specialist, date: date(item.at), time: timeOf(item.at, zone) },
        language,
      );
    case 'ticket':
      return sayTemplate(
        set.predictTicket,
        { number: item.number, subject: item.subject },
        language,
      );
  }
}

/** The item as the operator is told it, in the company's language: "заказ 12345". */
function itemLabel(config: FlowConfig, item: OpenItem): string {
  const labels = config.settings.prompts[config.defaultLanguage].itemLabels;
  const values: Record<string, string> = {
    number: 'number' in item ? item.number : '',
    last4: item.kind === 'card_transaction' ? item.cardLast4.slice(-4) : '',
    specialist: item.kind === 'appointment' ? item.specialist : '',
  };
  return sayTemplate(labels[item.kind], values, config.defaultLanguage).text;
}

/** A yes/no question: keys 1 and 2, or the words for yes and no in any language. */
function yesNoGather(
  config: FlowConfig,
  snapshot: CallSnapshot,
  prompts: Array<SayAction | PlayAction | PauseAction>,
  keysOnly: boolean,
): GatherAction {
  return {
    kind: 'gather',
    prompts,
    input: keysOnly ? ['dtmf'] : ['dtmf', 'speech'],
    language: snapshot.language,
    timeoutSec: config.settings.prediction.timeoutSec,
    maxDigits: 1,
    finishOnKey: null,
    hints: keysOnly ? [] : intentHints(['yes', 'no'], snapshot.language, DEFAULT_INTENT_VOCABULARY),
  };
}

/**
 * After the greeting of a known caller: the predicted-reason question when an open item
 * stands out; otherwise what follows it (segment route, reminder, menu).
 */
export function afterGreeting(
  config: FlowConfig,
  snapshot: CallSnapshot,
  lead: Lead,
  at: string,
): TransitionResult {
  const customer = snapshot.customer;
  const prediction =
    customer && predictReason(customer.items, config.settings.prediction.rules, at, snapshot.zone);
  if (!prediction) return afterPrediction(config, snapshot, lead, at);
  const question = questionFor(config, snapshot, prediction.item);
  const hint = prompt(
    config.settings.prompts[snapshot.language].predictAnswerHint,
    snapshot.language,
  );
  const next = withPath(
    {
      ...snapshot,
      step: 'predict' as const,
      tries: 0,
      predicted: {
        reason: itemLabel(config, prediction.item),
        item: prediction.item,
        answer: null,
      },
    },
    { at, input: null, result: `predicted:${prediction.item.kind}` },
  );
  return {
    snapshot: next,
    actions: [yesNoGather(config, next, [...lead, question, hint], false)],
    effects: [],
  };
}

function yesOrNo(config: FlowConfig, snapshot: CallSnapshot, event: Answer): YesNo {
  if (event.type === 'input.empty') return 'unclear';
  if (event.digits === YES_KEY) return 'yes';
  if (event.digits === NO_KEY) return 'no';
  if (!event.speech) return 'unclear';
  const match = matchIntent(event.speech.text, event.speech.confidence, {
    language: snapshot.language,
    allowed: ['yes', 'no'],
    minConfidence: config.settings.menu.minConfidence,
  });
  return match.intent === 'yes' || match.intent === 'no' ? match.intent : 'unclear';
}

/** The answer to the predicted-reason question. */
export function onPredictAnswer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const predicted = snapshot.predicted;
  const input = describeInput(event);
  const answer = yesOrNo(config, snapshot, event);
  if (!predicted?.item) {
    return afterPrediction(
      config,
      withPath(snapshot, { at: event.at, input, result: 'predict:lost' }),
      [],
      event.at,
    );
  }
  if (answer === 'yes') {
    const next = withPath(
      { ...snapshot, predicted: { ...predicted, answer: 'yes' } },
      { at: event.at, input, result: `predict:yes` },
    );
    return resolveItem(config, next, predicted.item, event.at);
  }
  if (answer === 'no' || event.type === 'input.empty') {
    // Silence is not a refusal, but the caller did not take the offer: the usual way on.
    const given = answer === 'no' ? 'no' : 'silence';
    const next = withPath(
      { ...snapshot, predicted: { ...predicted, answer: given } },
      { at: event.at, input, result: `predict:${given}` },
    );
    return afterPrediction(config, next, [], event.at);
  }
  // Not understood: once more with keys only, then the usual way on.
  if (snapshot.tries === 0) {
    const next = withPath(
      { ...snapshot, tries: 1 },
      { at: event.at, input, result: 'predict:unclear' },
    );
    const again = prompt(
      config.settings.prompts[snapshot.language].predictKeysOnly,
      snapshot.language,
    );
    return { snapshot: next, actions: [yesNoGather(config, next, [again], true)], effects: [] };
  }
  const next = withPath(snapshot, { at: event.at, input, result: 'predict:unclear' });
  return afterPrediction(config, next, [], event.at);
}

/** The item's resolution: its status read, the card blocked, the appointment handled. */
export function resolveItem(
  config: FlowConfig,
  snapshot: CallSnapshot,
  item: OpenItem,
  at: string,
): TransitionResult {
  const { language, zone } = snapshot;
  const set = config.settings.prompts[language];
  const status = (kind: string, value: string) => set.statusNames[`${kind}.${value}`] ?? value;
  const destinations = config.settings.segmentRouting.destinations;
  switch (item.kind) {
    case 'order': {
      const window =
        item.deliveryFrom && item.deliveryTo
          ? sayTemplate(
              set.deliveryWindow,
              {
                from: `${formatDate(item.deliveryFrom, zone, language)} ${timeOf(item.deliveryFrom, zone)}`,
                to: timeOf(item.deliveryTo, zone),
              },
              language,
            ).text
          : '';
      const said = sayTemplate(
        set.orderStatus,
        { number: item.number, status: status('order', item.status), window },
        language,
      );
      return afterPrediction(config, snapshot, [said], at);
    }
    case 'claim': {
      const said = sayTemplate(
        set.claimStatus,
        { number: item.number, status: status('claim', item.status) },
        language,
      );
      return afterPrediction(config, snapshot, [said], at);
    }
    case 'ticket': {
      const said = sayTemplate(
        set.ticketStatus,
        { number: item.number, status: status('ticket', item.status) },
        language,
      );
      return afterPrediction(config, snapshot, [said], at);
    }
    case 'card_transaction': {
      const fraud = destinations.fraud;
      const transfer = fraud
        ? beginTransfer(config, snapshot, {
            target: 'fraud',
            destination: fraud,
            lead: prompt(set.fraudTransfer, language),
          })
        : beginTransfer(config, snapshot, {
            target: 'operator',
            destination: config.operator,
            lead: prompt(set.fraudTransfer, language),
          });
      // The request is recorded with the CRM while the caller is put through.
      return {
        ...transfer,
        effects: [
          ...transfer.effects,
          {
            type: 'crm.recordRequest',
            request: {
              kind: 'block-card',
              customerId: snapshot.customer?.id ?? null,
              itemId: item.id,
              callId: snapshot.callId,
              at,
            },
          },
        ],
      };
    }
    case 'appointment': {
      const ask = sayTemplate(
        set.appointmentChoice,
        { date: formatDate(item.at, zone, language), time: timeOf(item.at, zone) },
        language,
      );
      const next = { ...snapshot, step: 'appointment' as const, tries: 0 };
      return { snapshot: next, actions: [yesNoGather(config, next, [ask], false)], effects: [] };
    }
  }
}

/** Confirm (1, yes) or reschedule (2) the predicted appointment. */
export function onAppointmentAnswer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const item = snapshot.predicted?.item;
  const input = describeInput(event);
  const answer = yesOrNo(config, snapshot, event);
  const { language } = snapshot;
  const set = config.settings.prompts[language];
  if (!item || item.kind !== 'appointment') {
    return afterPrediction(
      config,
      withPath(snapshot, { at: event.at, input, result: 'appointment:lost' }),
      [],
      event.at,
    );
  }
  if (answer === 'yes') {
    const next = withPath(snapshot, { at: event.at, input, result: 'appointment:confirm' });
    return {
      snapshot: next,
      actions: [],
      effects: [
        { type: 'crm.confirmAppointment', appointmentId: item.id, callId: snapshot.callId },
      ],
    };
  }
  if (answer === 'no') {
    const booking = config.settings.segmentRouting.destinations.booking ?? config.operator;
    const next = withPath(snapshot, { at: event.at, input, result: 'appointment:reschedule' });
    return beginTransfer(config, next, {
      target: 'booking',
      destination: booking,
      lead: prompt(set.connectingBooking, language),
    });
  }
  const next = withPath(snapshot, { at: event.at, input, result: 'appointment:no-answer' });
  return afterPrediction(config, next, [], event.at);
}

/** The CRM confirmed the appointment (or could not): tell the caller, then the menu. */
export function onAppointmentConfirmed(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Extract<CallEvent, { type: 'crm.appointmentConfirmed' | 'crm.appointmentFailed' }>,
): TransitionResult {
  const item = snapshot.predicted?.item;
  const { language, zone } = snapshot;
  const set = config.settings.prompts[language];
  if (event.type === 'crm.appointmentFailed' || !item || item.kind !== 'appointment') {
    const next = withPath(snapshot, { at: event.at, input: null, result: 'appointment:failed' });
    const booking = config.settings.segmentRouting.destinations.booking ?? config.operator;
    return beginTransfer(config, next, {
      target: 'booking',
      destination: booking,
      lead: prompt(set.connectingBooking, language),
    });
  }
  const said = sayTemplate(
    set.appointmentConfirmed,
    { date: formatDate(item.at, zone, language), time: timeOf(item.at, zone) },
    language,
  );
  const next = withPath(snapshot, { at: event.at, input: null, result: 'appointment:confirmed' });
  return afterPrediction(config, next, [said], event.at);
}

/**
 * What follows the predicted-reason question (or its absence): a segment route straight to
 * the right people, else one reminder, then the personal menu or the main menu.
 */
export function afterPrediction(
  config: FlowConfig,
  snapshot: CallSnapshot,
  lead: Lead,
  at: string,
): TransitionResult {
  const { settings } = config;
  const customer = snapshot.customer;
  const { language } = snapshot;
  const set = settings.prompts[language];
  const route = customer
    ? routeBySegment(settings.segmentRouting.rules, settings.segmentRouting.destinations, customer)
    : null;
  if (route) {
    const [first, ...rest] = route.targets;
    const next = withPath(
      { ...snapshot, segmentRule: route.ruleId },
      { at, input: null, result: `segment:${route.ruleId}` },
    );
    const lead0 = prompt(
      first!.target === 'personal-manager' ? set.connectingManager : set.connectingPriority,
      language,
    );
    const transfer = beginTransfer(config, next, { ...first!, lead: lead0 }, rest);
    return { ...transfer, actions: [...lead, ...transfer.actions] };
  }
  const reminder =
    customer && !snapshot.reminded
      ? pickReminder(settings.reminders, customer.account, at, snapshot.zone)
      : null;
  const reminded = { ...snapshot, reminded: reminder !== null || snapshot.reminded };
  if (reminder?.kind === 'policy-expiring') {
    const offer = sayTemplate(
      set.reminderPolicy,
      {
        last4: reminder.policyLast4,
        date: formatDate(reminder.on, snapshot.zone, language),
        key: settings.reminders.renewKey,
      },
      language,
    );
    const next = withPath(
      { ...reminded, step: 'reminder' as const, tries: 0 },
      { at, input: null, result: 'reminder:policy-expiring' },
    );
    const gather: GatherAction = {
      kind: 'gather',
      prompts: [...lead, offer],
      input: ['dtmf'],
      language,
      timeoutSec: settings.reminders.timeoutSec,
      maxDigits: 1,
      finishOnKey: null,
      hints: [],
    };
    return { snapshot: next, actions: [gather], effects: [] };
  }
  const spoken: Lead = [...lead];
  if (reminder?.kind === 'payment-due') {
    spoken.push(
      sayTemplate(
        set.reminderPaymentDue,
        {
          date: formatDate(reminder.on, snapshot.zone, language),
          amount: formatMoney(reminder.amount, language),
        },
        language,
      ),
    );
  }
  if (reminder?.kind === 'bonus-points') {
    // "Сәуленің бонус шотында …": the reminder may name the customer in any case.
    const names = customer ? nameForms(customer, language) : {};
    spoken.push(
      sayTemplate(set.reminderBonus, { ...names, points: String(reminder.points) }, language),
    );
  }
  const next = reminder
    ? withPath(
        { ...reminded, step: 'menu' as const },
        { at, input: null, result: `reminder:${reminder.kind}` },
      )
    : { ...reminded, step: 'menu' as const };
  if (next.employees.length > 0) return offerPersonalMenu(config, next, spoken);
  return {
    snapshot: { ...next, tries: 0 },
    actions: [menuGather(settings, language, spoken)],
    effects: [],
  };
}

/** The renewal offer: its key goes to renewals, anything else to the menu. */
export function onReminderAnswer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const input = describeInput(event);
  const { settings } = config;
  if (event.type === 'input.received' && event.digits === settings.reminders.renewKey) {
    const next = withPath(snapshot, { at: event.at, input, result: 'reminder:renew' });
    const renewals = settings.segmentRouting.destinations.renewals ?? config.operator;
    return beginTransfer(config, next, {
      target: 'renewals',
      destination: renewals,
      lead: prompt(settings.prompts[snapshot.language].connectingRenewals, snapshot.language),
    });
  }
  const next = withPath(
    { ...snapshot, step: 'menu' as const, tries: 0 },
    { at: event.at, input, result: 'reminder:declined' },
  );
  if (next.employees.length > 0) return offerPersonalMenu(config, next, []);
  return { snapshot: next, actions: [menuGather(settings, snapshot.language, [])], effects: [] };
}
