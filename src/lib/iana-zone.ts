import { IANAZone } from 'luxon';

/**
 * Validity of each zone name asked about, kept: luxon checks a name by building an
 * Intl.DateTimeFormat for it (tens of µs, on every greeting), and the answer cannot change
 * while the process runs. Customers name a few dozen zones, so the map stays small; a
 * name that is not a zone is kept too (as false), bounded by `MAX_KEPT`.
 */
const known = new Map<string, boolean>();
const MAX_KEPT = 10_000;

/** Whether `zone` is an IANA zone name this runtime knows (luxon's IANAZone.isValidZone). */
export function isValidZone(zone: string): boolean {
  const kept = known.get(zone);
  if (kept !== undefined) return kept;
  const valid = IANAZone.isValidZone(zone);
  if (known.size < MAX_KEPT) known.set(zone, valid);
  return valid;
}

const MINUTE_MS = 60_000;
/**
 * Zone offsets change only at transitions, which fall on a quarter hour of UTC (offsets and
 * local switch times are whole quarter hours), so an offset is kept per zone and quarter
 * hour: luxon works one out through Intl's formatToParts, which was a large share of a
 * greeting's CPU when done for every call and every open item.
 */
const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const offsets = new Map<string, number>();

/** The offset from UTC of IANA `zone` at `ms`, minutes (NaN for an unknown zone). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const key = `${zone}\u0000${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(ms);
    if (offsets.size >= MAX_KEPT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The local day number (days since 1970-01-01 on the zone's calendar) of instant `ms`. */
export function localDay(zone: string, ms: number): number {
  return Math.floor((ms + zoneOffsetMinutes(zone, ms) * MINUTE_MS) / 86_400_000);
}
