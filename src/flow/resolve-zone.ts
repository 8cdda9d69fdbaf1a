import { isValidZone } from '../lib/iana-zone.js';
import { countryOfNumber } from '../lib/normalize-phone.js';
import type { FlowSettings } from './settings.js';

/**
 * The caller's IANA zone: the CRM's, else a guess from the number (longest configured
 * prefix, then the number's country), else the company's. Fixed offsets are never used:
 * zones change (Kazakhstan moved to a single UTC+5 zone on 1 March 2024).
 */
export function resolveZone(
  crmZone: string | null,
  phone: string | null,
  zones: FlowSettings['zones'],
  companyZone: string,
): string {
  if (crmZone && isValidZone(crmZone)) return crmZone;
  if (phone) {
    const prefix = Object.keys(zones.byPrefix)
      .filter((p) => phone.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    const byPrefix = prefix ? zones.byPrefix[prefix] : undefined;
    if (byPrefix && isValidZone(byPrefix)) return byPrefix;
    const country = countryOfNumber(phone);
    const byCountry = country ? zones.byCountry[country] : undefined;
    if (byCountry && isValidZone(byCountry)) return byCountry;
  }
  return companyZone;
}
