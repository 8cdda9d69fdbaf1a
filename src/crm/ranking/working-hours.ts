import type { DateTime } from 'luxon';
import { z } from 'zod';

/** Week days in luxon's order (weekday 1 = Monday). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = (end: boolean) =>
  z
    .string()
    .regex(
      end ? /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/ : /^([01]\d|2[0-3]):[0-5]\d$/,
      end ? 'a time HH:MM, 00:00 to 24:00' : 'a time HH:MM, 00:00 to 23:59',
    );

/**
 * One day's shift `[start, end]` in the employee's zone. An end before the start is a night
 * shift that ends the next morning; 24:00 ends at midnight.
 */
const shiftSchema = z
  .tuple([clock(false), clock(true)])
  .refine(([start, end]) => start !== end, 'start and end must differ')
  .describe('[start, end] as HH:MM in the employee zone; an end before the start ends next day.');

/** Working hours per week day; a day left out is a day off. */
export const workingHoursSchema = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((day) => [day, shiftSchema.optional()])) as Record<
      Weekday,
      z.ZodOptional<typeof shiftSchema>
    >,
  )
  .describe('Working hours per day, e.g. {"mon": ["09:00", "18:00"]}; a missing day is off.');

export type WorkingHours = z.infer<typeof workingHoursSchema>;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `local` (a time already in the employee's zone) falls in a shift. */
export function isOnShift(hours: WorkingHours, local: DateTime): boolean {
  const now = local.hour * 60 + local.minute;
  const today = hours[WEEKDAYS[local.weekday - 1] ?? 'mon'];
  if (today) {
    const [start, end] = [minutes(today[0]), minutes(today[1])];
    if (end > start ? now >= start && now < end : now >= start) return true;
  }
  // Yesterday's night shift may still run this morning.
  const yesterday = hours[WEEKDAYS[(local.weekday + 5) % 7] ?? 'sun'];
  if (yesterday) {
    const [start, end] = [minutes(yesterday[0]), minutes(yesterday[1])];
    if (end < start && now < end) return true;
  }
  return false;
}

const parsedCache = new Map<string, WorkingHours | null>();

/**
 * The working_hours column parsed, or null when it is not valid (then the employee is
 * treated as off shift rather than breaking the lookup). Memoised by text: employees share
 * a handful of timetables, and the call-time path should not re-validate JSON every time.
 */
export function parseWorkingHours(text: string): WorkingHours | null {
  const cached = parsedCache.get(text);
  if (cached !== undefined) return cached;
  let value: WorkingHours | null = null;
  try {
    const parsed = workingHoursSchema.safeParse(JSON.parse(text));
    value = parsed.success ? parsed.data : null;
  } catch {
    value = null;
  }
  // Bounded: a pathological table with endless distinct timetables cannot grow memory.
  if (parsedCache.size >= 1000) parsedCache.clear();
  parsedCache.set(text, value);
  return value;
}
