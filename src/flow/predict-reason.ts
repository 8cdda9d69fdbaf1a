import { DateTime } from 'luxon';
import { z } from 'zod';
import { localDay } from '../lib/iana-zone.js';
import type { OpenItem } from './customer-items.js';

const ITEM_KINDS = ['card_transaction', 'appointment', 'order', 'claim', 'ticket'] as const;

/**
 * One prediction rule: an item of `kind` that meets every condition given is a candidate
 * reason for the call, worth `priority`. Rules are data (the IVR settings' `prediction`),
 * so a company reorders them without a code change.
 */
export const predictionRuleSchema = z.strictObject({
  kind: z.enum(ITEM_KINDS),
  priority: z.number().int().min(0).max(1000),
  /** The item's status is one of these (transactions have none). */
  statuses: z.array(z.string().min(1)).min(1).optional(),
  /** Card transactions: flagged as suspicious (true) or not (false). */
  suspicious: z.boolean().optional(),
  /** The item's moment (transaction time, order/claim/ticket date) is today, caller's zone. */
  today: z.boolean().optional(),
  /** Appointments: take place from now until the end of the day N days ahead (1: tomorrow). */
  withinDays: z.number().int().min(0).max(60).optional(),
});
export type PredictionRule = z.infer<typeof predictionRuleSchema>;

/** The item the caller most probably calls about, and the rule that chose it. */
export interface Prediction {
  item: OpenItem;
  rule: PredictionRule;
}

/** When the item happened or happens: what "today", "within days" and recency read. */
function momentOf(item: OpenItem): string {
  switch (item.kind) {
    case 'card_transaction':
    case 'appointment':
      return item.at;
    case 'order':
      return item.createdAt;
    case 'claim':
    case 'ticket':
      return item.openedAt;
  }
}

function statusOf(item: OpenItem): string | null {
  return item.kind === 'card_transaction' ? null : item.status;
}

/** The caller's now: the instant and its day on the caller's calendar. */
interface Now {
  ms: number;
  day: number;
  zone: string;
}

/**
 * Days are compared as local day numbers (lib/iana-zone.ts keeps the zone's offsets), not
 * by moving every item into the zone with luxon: that asked Intl for an offset per item and
 * rule, a large share of a greeting's CPU.
 */
function matches(rule: PredictionRule, item: OpenItem, now: Now): boolean {
  if (rule.kind !== item.kind) return false;
  const status = statusOf(item);
  if (rule.statuses && (status === null || !rule.statuses.includes(status))) return false;
  if (rule.suspicious !== undefined) {
    if (item.kind !== 'card_transaction' || item.suspicious !== rule.suspicious) return false;
  }
  const moment = DateTime.fromISO(momentOf(item), { zone: 'utc' });
  if (!moment.isValid) return false;
  const ms = moment.toMillis();
  const day = localDay(now.zone, ms);
  if (rule.today !== undefined && (day === now.day) !== rule.today) return false;
  if (rule.withinDays !== undefined) {
    // From now until the end of the local day `withinDays` days ahead.
    if (ms < now.ms || day > now.day + rule.withinDays) return false;
  }
  return true;
}

/**
 * The single most relevant open item: the highest-priority rule any item meets; among
 * items of equal priority the most recent (an appointment: the soonest). Null when no rule
 * matches. Pure: `at` and the caller's zone decide "today" and "tomorrow".
 */
export function predictReason(
  items: readonly OpenItem[],
  rules: readonly PredictionRule[],
  at: string,
  zone: string,
): Prediction | null {
  const nowMs = Date.parse(at);
  const now: Now = { ms: nowMs, day: localDay(zone, nowMs), zone };
  let best: (Prediction & { key: number }) | null = null;
  for (const item of items) {
    for (const rule of rules) {
      if (!matches(rule, item, now)) continue;
      const ms = Date.parse(momentOf(item));
      // Recency: later is better, except appointments, where sooner is more pressing.
      const key = item.kind === 'appointment' ? -ms : ms;
      if (
        !best ||
        rule.priority > best.rule.priority ||
        (rule.priority === best.rule.priority && key > best.key)
      ) {
        best = { item, rule, key };
      }
    }
  }
  return best ? { item: best.item, rule: best.rule } : null;
}
