import type { SayAction } from './actions.js';
import type { OpenItem } from './customer-items.js';
import { formatDate, formatDay, formatTime, spokenMoney } from './format-values.js';
import type { Language } from './language.js';
import { sayTemplate } from './prompts.js';
import type { FlowConfig, PromptSet } from './settings.js';

/** The call's language and zone, and "now": what every spoken date depends on. */
export interface SpeakingContext {
  language: Language;
  zone: string;
  at: string;
}

/**
 * `{date}` (28 ноября), `{when}` (вчера / сегодня / 28 ноября, as the language's `onDate`
 * puts it) and `{time}` (14:30) of a moment, in the caller's zone.
 */
export function momentValues(
  set: PromptSet,
  iso: string,
  ctx: SpeakingContext,
): { date: string; when: string; time: string } {
  return {
    date: formatDate(iso, ctx.zone, ctx.language),
    when: formatDay(iso, ctx.at, ctx.zone, ctx.language, set.onDate),
    time: formatTime(iso, ctx.zone),
  };
}

/**
 * The question about the predicted item: "Вы по записи завтра в 11:00?".
 * Amounts are words, and never more than the last 4 digits of a card are said.
 */
export function predictQuestion(
  config: FlowConfig,
  item: OpenItem,
  ctx: SpeakingContext,
): SayAction {
  const set = config.settings.prompts[ctx.language];
  const say = (template: string, values: Record<string, string>) =>
    sayTemplate(template, values, ctx.language);
  switch (item.kind) {
    case 'order':
      return say(set.predictOrder, {
        number: item.number,
        ...momentValues(set, item.createdAt, ctx),
      });
    case 'claim':
      return say(set.predictClaim, {
        number: item.number,
        ...momentValues(set, item.openedAt, ctx),
      });
    case 'card_transaction':
      return say(set.predictTransaction, {
        ...momentValues(set, item.at, ctx),
        amount: spokenMoney(item.amount, ctx.language, set.currencies),
        merchant: item.merchant,
        last4: item.cardLast4.slice(-4),
      });
    case 'appointment':
      return say(set.predictAppointment, {
        specialist: item.specialist,
        ...momentValues(set, item.at, ctx),
      });
    case 'ticket':
      return say(set.predictTicket, {
        number: item.number,
        subject: item.subject,
        ...momentValues(set, item.openedAt, ctx),
      });
  }
}

/** The item as the operator is told it, in the company's language: "заказ 12345". */
export function itemLabel(config: FlowConfig, item: OpenItem): string {
  const language = config.defaultLanguage;
  const labels = config.settings.prompts[language].itemLabels;
  const values: Record<string, string> = {
    number: 'number' in item ? item.number : '',
    last4: item.kind === 'card_transaction' ? item.cardLast4.slice(-4) : '',
    specialist: item.kind === 'appointment' ? item.specialist : '',
  };
  return sayTemplate(labels[item.kind], values, language).text;
}

/**
 * An order's status and delivery window, a claim's or a ticket's status: "Заказ 12345:
 * передан в доставку. Доставка сегодня с 14:00 до 18:00."
 */
export function statusPhrase(
  config: FlowConfig,
  item: Extract<OpenItem, { kind: 'order' | 'claim' | 'ticket' }>,
  ctx: SpeakingContext,
  /** The caller just said yes to a question that named the item: its number is not repeated. */
  named = false,
): SayAction {
  const set = config.settings.prompts[ctx.language];
  const status = set.statusNames[`${item.kind}.${item.status}`] ?? item.status;
  if (item.kind === 'claim') {
    return sayTemplate(set.claimStatus, { number: item.number, status }, ctx.language);
  }
  if (item.kind === 'ticket') {
    return sayTemplate(set.ticketStatus, { number: item.number, status }, ctx.language);
  }
  const window =
    item.deliveryFrom && item.deliveryTo
      ? deliveryWindow(set, item.deliveryFrom, item.deliveryTo, ctx)
      : '';
  const template = named ? (set.orderStatusConfirmed ?? set.orderStatus) : set.orderStatus;
  return sayTemplate(template, { number: item.number, status, window }, ctx.language);
}

/** "Доставка сегодня с 14:00 до 18:00"; the end's day is said too when it is another day. */
function deliveryWindow(
  set: PromptSet,
  fromIso: string,
  toIso: string,
  ctx: SpeakingContext,
): string {
  const from = momentValues(set, fromIso, ctx);
  const to = momentValues(set, toIso, ctx);
  return sayTemplate(
    set.deliveryWindow,
    {
      when: from.when,
      from: from.time,
      to: to.date === from.date ? to.time : `${to.when} ${to.time}`,
    },
    ctx.language,
  ).text;
}
