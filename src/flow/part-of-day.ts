import { zoneOffsetMinutes } from '../lib/iana-zone.js';
import type { FlowSettings } from './settings.js';

export type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'night';

const minutesOf = (hhmm: string): number => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * The part of day at `instant` in the IANA `zone`. Boundaries are the `from` times in the
 * settings; the period that started most recently (wrapping past midnight) wins.
 *
 * @example partOfDay('2026-03-01T03:30:00Z', 'Asia/Almaty', settings.partsOfDay) // 'morning' (08:30 +05)
 */
export function partOfDay(
  instant: string,
  zone: string,
  bounds: FlowSettings['partsOfDay'],
): PartOfDay {
  const at = Date.parse(instant);
  const offset = zoneOffsetMinutes(zone, at);
  const now = (((Math.floor(at / MINUTE) + offset) % DAY) + DAY) % DAY;
  const starts = startsOf(bounds);
  const started = starts.filter((s) => s.from <= now);
  // Before the earliest boundary we are still in the last period of the previous day.
  return (started.at(-1) ?? starts.at(-1))!.name;
}

const MINUTE = 60_000;
const DAY = 24 * 60;

/** Each settings object's boundaries in minutes, sorted, worked out once. */
const sortedStarts = new WeakMap<object, Array<{ name: PartOfDay; from: number }>>();

function startsOf(bounds: FlowSettings['partsOfDay']) {
  let starts = sortedStarts.get(bounds);
  if (!starts) {
    starts = (Object.entries(bounds) as Array<[PartOfDay, string]>)
      .map(([name, from]) => ({ name, from: minutesOf(from) }))
      .sort((a, b) => a.from - b.from);
    sortedStarts.set(bounds, starts);
  }
  return starts;
}
