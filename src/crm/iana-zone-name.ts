import { isValidZone } from '../lib/iana-zone.js';

/**
 * Fixed offsets are not zones: they know nothing of daylight saving, and some runtimes'
 * Intl accepts `+05:00`. Only names (`Asia/Almaty`, `Etc/GMT-5`, `UTC`) pass.
 */
export function isIanaZoneName(zone: string): boolean {
  if (/^[+-]/.test(zone) || /^(UTC|GMT)\s*[+-]/i.test(zone)) return false;
  return isValidZone(zone);
}
