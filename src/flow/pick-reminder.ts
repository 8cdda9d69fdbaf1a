import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AccountFacts } from './customer-items.js';

export const REMINDER_KINDS = ['payment-due', 'policy-expiring', 'bonus-points'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * Which reminders are on, in priority order, and their thresholds (the IVR settings'
 * `reminders`). At most one is spoken per call.
 */
export const reminderSettingsSchema = z.strictObject({
  /** The reminders that are on, most important first; an empty list switches them off. */
  order: z.array(z.enum(REMINDER_KINDS)),
  /** A payment due within this many days (0: today) is mentioned. */
  paymentDueWithinDays: z.number().int().min(0).max(60),
  /** A policy expiring within this many days is mentioned, with the offer to renew. */
  policyExpiringWithinDays: z.number().int().min(0).max(365),
  /** Bonus points are mentioned from this balance on. */
  bonusPointsAtLeast: z.number().int().min(1),
});
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;

export type Reminder =
  | { kind: 'payment-due'; on: string; amount: { minor: number; currency: string } }
  | { kind: 'policy-expiring'; on: string; policyLast4: string }
  | { kind: 'bonus-points'; points: number };

/** Whole days from today to `isoDate`, both in the caller's zone (negative: past). */
function daysUntil(isoDate: string, at: string, zone: string): number | null {
  const day = DateTime.fromISO(isoDate, { zone });
  if (!day.isValid) return null;
  const today = DateTime.fromISO(at, { zone: 'utc' }).setZone(zone).startOf('day');
  return Math.round(day.startOf('day').diff(today, 'days').days);
}

function candidate(
  kind: ReminderKind,
  account: AccountFacts,
  settings: ReminderSettings,
  at: string,
  zone: string,
): Reminder | null {
  switch (kind) {
    case 'payment-due': {
      const due = account.paymentDue;
      if (!due || due.amount.minor <= 0) return null;
      const days = daysUntil(due.on, at, zone);
      return days !== null && days >= 0 && days <= settings.paymentDueWithinDays
        ? { kind, on: due.on, amount: due.amount }
        : null;
    }
    case 'policy-expiring': {
      const policy = account.policyExpires;
      if (!policy) return null;
      const days = daysUntil(policy.on, at, zone);
      // Never more than the last four characters of a document number are spoken.
      return days !== null && days >= 0 && days <= settings.policyExpiringWithinDays
        ? { kind, on: policy.on, policyLast4: policy.policyNumber.slice(-4) }
        : null;
    }
    case 'bonus-points': {
      const points = account.bonusPoints;
      return points !== null && points >= settings.bonusPointsAtLeast ? { kind, points } : null;
    }
  }
}

/**
 * The one reminder for this call: the first kind in `order` whose threshold the account
 * meets, or null. Thresholds are calendar days in the caller's zone.
 */
export function pickReminder(
  settings: ReminderSettings,
  account: AccountFacts,
  at: string,
  zone: string,
): Reminder | null {
  for (const kind of settings.order) {
    const reminder = candidate(kind, account, settings, at, zone);
    if (reminder) return reminder;
  }
  return null;
}
