import { DateTime } from 'luxon';

/**
 * A period of days split into whole calendar months (read from the monthly rollup) and the
 * days left at either end (read from the daily one). Pure; `from` and `to` are inclusive
 * `YYYY-MM-DD`.
 */
export function splitPeriod(
  from: string,
  to: string,
): { months: string[]; dayRanges: Array<{ from: string; to: string }> } {
  const months: string[] = [];
  const dayRanges: Array<{ from: string; to: string }> = [];
  const start = DateTime.fromISO(from);
  const end = DateTime.fromISO(to);
  // The first month that starts on or after `from`.
  let month = start.day === 1 ? start.startOf('month') : start.plus({ months: 1 }).startOf('month');
  const firstWhole = month;
  while (month.endOf('month').startOf('day') <= end) {
    months.push(month.toFormat('yyyy-MM'));
    month = month.plus({ months: 1 });
  }
  if (months.length === 0) return { months, dayRanges: [{ from, to }] };
  if (firstWhole > start) {
    dayRanges.push({ from, to: firstWhole.minus({ days: 1 }).toISODate() as string });
  }
  if (month <= end) dayRanges.push({ from: month.toISODate() as string, to });
  return { months, dayRanges };
}
