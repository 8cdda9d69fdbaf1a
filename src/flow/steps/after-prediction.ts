import type { PauseAction, PlayAction, SayAction } from '../actions.js';
import { spokenMoney } from '../format-values.js';
import { menuGather } from '../gathers.js';
import { momentValues } from '../item-phrases.js';
import { pickReminder, type Reminder } from '../pick-reminder.js';
import { prompt, sayTemplate } from '../prompts.js';
import { routeBySegment } from '../segment-routing.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import { nameForms } from '../../names/address-name.js';
import { pluralForm } from '../../words/plural-forms.js';
import { describeInput } from './describe-input.js';
import { offerPersonalMenu } from './personal-menu-step.js';
import { questionGather, readAnswer, type Answer, type SpokenQuestion } from './spoken-question.js';
import { beginTransfer } from './transfer-step.js';

type Lead = Array<SayAction | PlayAction | PauseAction>;

/** The renewal offer: its key or "продлить" (or a yes) renews; anything else is the menu. */
function renewalQuestion(config: FlowConfig): SpokenQuestion {
  return {
    keys: { [config.settings.reminders.renewKey]: 'renew' },
    intents: ['renew', 'yes', 'no'],
  };
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
    const connecting = prompt(
      first!.target === 'personal-manager' ? set.connectingManager : set.connectingPriority,
      language,
    );
    const transfer = beginTransfer(config, next, { ...first!, lead: connecting }, rest);
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
        ...momentValues(set, reminder.on, { language, zone: snapshot.zone, at }),
        last4: reminder.policyLast4,
        key: settings.reminders.renewKey,
      },
      language,
    );
    const next = withPath(
      { ...reminded, step: 'reminder' as const, tries: 0 },
      { at, input: null, result: 'reminder:policy-expiring' },
    );
    const gather = questionGather(renewalQuestion(config), {
      language,
      prompts: [...lead, offer],
      mode: 'speech-and-dtmf',
      timeoutSec: settings.reminders.timeoutSec,
    });
    return { snapshot: next, actions: [gather], effects: [] };
  }
  const spoken: Lead = [
    ...lead,
    ...(reminder ? [reminderPhrase(config, snapshot, reminder, at)] : []),
  ];
  const next = reminder
    ? withPath(
        { ...reminded, step: 'menu' as const },
        { at, input: null, result: `reminder:${reminder.kind}` },
      )
    : { ...reminded, step: 'menu' as const };
  return toMenu(config, next, spoken);
}

/** A reminder that asks nothing: the payment due, or the bonus points. */
function reminderPhrase(
  config: FlowConfig,
  snapshot: CallSnapshot,
  reminder: Exclude<Reminder, { kind: 'policy-expiring' }>,
  at: string,
): SayAction {
  const { language, zone } = snapshot;
  const set = config.settings.prompts[language];
  if (reminder.kind === 'payment-due') {
    return sayTemplate(
      set.reminderPaymentDue,
      {
        ...momentValues(set, reminder.on, { language, zone, at }),
        amount: spokenMoney(reminder.amount, language, set.currencies),
      },
      language,
    );
  }
  // "Сәуленің бонус шотында …": the reminder may name the customer in any case.
  const names = snapshot.customer ? nameForms(snapshot.customer, language) : {};
  return sayTemplate(
    set.reminderBonus,
    {
      ...names,
      points: String(reminder.points),
      pointsWord: pluralForm(set.bonusPoints, reminder.points, language),
    },
    language,
  );
}

/** The personal menu when the CRM ranks employees for this customer, else the main menu. */
function toMenu(config: FlowConfig, snapshot: CallSnapshot, lead: Lead): TransitionResult {
  const next = { ...snapshot, step: 'menu' as const, tries: 0 };
  if (next.employees.length > 0) return offerPersonalMenu(config, next, lead);
  return {
    snapshot: next,
    actions: [menuGather(config.settings, snapshot.language, lead)],
    effects: [],
  };
}

/** The renewal offer's answer: renewals, or the menu for anything else (never asked twice). */
export function onReminderAnswer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const input = describeInput(event);
  const { settings } = config;
  const answer = readAnswer(
    renewalQuestion(config),
    event,
    snapshot.language,
    settings.menu.minConfidence,
  );
  if (answer.kind === 'intent' && (answer.intent === 'renew' || answer.intent === 'yes')) {
    const next = withPath(snapshot, { at: event.at, input, result: 'reminder:renew' });
    return beginTransfer(config, next, {
      target: 'renewals',
      destination: settings.segmentRouting.destinations.renewals ?? config.operator,
      lead: prompt(settings.prompts[snapshot.language].connectingRenewals, snapshot.language),
    });
  }
  // An offer, not a question that must be settled: a no, silence or anything unclear
  // goes on to the menu.
  const next = withPath(snapshot, { at: event.at, input, result: 'reminder:declined' });
  return toMenu(config, next, []);
}
