import { DateTime } from 'luxon';
import { z } from 'zod';
import { isIanaZoneName } from '../crm/iana-zone-name.js';

/** Week days in luxon's order (weekday 1 = Monday). */
export const BUSINESS_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type BusinessDay = (typeof BUSINESS_DAYS)[number];

const clock = (end: boolean) =>
  z
    .string()
    .regex(
      end ? /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/ : /^([01]\d|2[0-3]):[0-5]\d$/,
      end ? 'a time HH:MM, 00:00 to 24:00' : 'a time HH:MM, 00:00 to 23:59',
    );

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * One day's opening hours `[open, close]` in the company zone. Unlike an employee's shift a
 * company day does not run past midnight: a night line is "24:00" today and "00:00" tomorrow.
 */
const openingHoursSchema = z
  .tuple([clock(false), clock(true)])
  .refine(
    ([open, close]) => minutes(open) < minutes(close),
    'the opening must be before the close',
  );

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => DateTime.fromISO(d).isValid, 'not a calendar date');

/** The company's business calendar: opening hours per week day, in its zone, and holidays. */
export const businessCalendarSchema = z.strictObject({
  zone: z
    .string()
    .refine(isIanaZoneName, 'an IANA time zone name such as Asia/Almaty (not an offset)'),
  week: z
    .strictObject(
      Object.fromEntries(
        BUSINESS_DAYS.map((day) => [day, openingHoursSchema.optional()]),
      ) as Record<BusinessDay, z.ZodOptional<typeof openingHoursSchema>>,
    )
    .refine((week) => Object.values(week).some(Boolean), 'at least one open day')
    .describe('Opening hours per day, e.g. {"mon": ["09:00", "18:00"]}; a missing day is closed.'),
  holidays: z.array(isoDate).describe('Closed dates in the company zone, YYYY-MM-DD.'),
});

export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

/** How far ahead `nextOpening` looks: a year and a bit covers any holiday list. */
const SEARCH_DAYS = 400;

function toLocal(calendar: BusinessCalendar, atIso: string): DateTime {
  const at = DateTime.fromISO(atIso, { zone: 'utc' });
  if (!at.isValid) throw new Error(`Not an ISO-8601 instant: ${atIso}`);
  return at.setZone(calendar.zone);
}

/** Today's hours, or null when the company is closed all day (closed week day or holiday). */
function hoursOn(calendar: BusinessCalendar, day: DateTime): readonly [string, string] | null {
  if (calendar.holidays.includes(day.toISODate() ?? '')) return null;
  return calendar.week[BUSINESS_DAYS[day.weekday - 1] ?? 'mon'] ?? null;
}

/**
 * A local wall-clock time on `day`. A time inside the hour skipped on a spring-forward day
 * (03:30 in Kyiv on the last Sunday of March) does not exist; luxon moves it forward by the
 * gap, as the clocks themselves do, so it opens at 04:30.
 */
function at(day: DateTime, hhmm: string): DateTime {
  const m = minutes(hhmm);
  return m === 24 * 60
    ? day.startOf('day').plus({ days: 1 })
    : day.set({ hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 });
}

/** Whether the company is open at `atIso`: [open, close) on an open, non-holiday day. */
export function isOpen(calendar: BusinessCalendar, atIso: string): boolean {
  const local = toLocal(calendar, atIso);
  const hours = hoursOn(calendar, local);
  if (!hours) return false;
  return local >= at(local, hours[0]) && local < at(local, hours[1]);
}

/**
 * The next instant the company is open, as ISO-8601 UTC: `atIso` itself when open now,
 * else the next opening time, skipping closed days and holidays. Throws when nothing opens
 * within ~400 days (a calendar whose holidays cover every open day).
 */
export function nextOpening(calendar: BusinessCalendar, atIso: string): string {
  if (isOpen(calendar, atIso)) return atIso;
  const local = toLocal(calendar, atIso);
  for (let i = 0; i <= SEARCH_DAYS; i += 1) {
    const day = local.startOf('day').plus({ days: i });
    const hours = hoursOn(calendar, day);
    if (!hours) continue;
    const opening = at(day, hours[0]);
    if (opening > local) return opening.toUTC().toISO() ?? atIso;
  }
  throw new Error(
    `The business calendar (${calendar.zone}) does not open within ${SEARCH_DAYS} days of ${atIso}: check its week and holidays.`,
  );
}
