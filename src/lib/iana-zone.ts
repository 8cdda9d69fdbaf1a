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
