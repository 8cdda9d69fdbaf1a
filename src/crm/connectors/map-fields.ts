import { IANAZone } from 'luxon';
import { languageSchema, type Language } from '../../flow/language.js';
import type { Destination } from '../../flow/destination.js';
import { destinationSchema } from '../../flow/destination.js';
import type { CrmFieldMapping } from './field-mapping.js';

/** A CRM field's value as text (lists give ids or {value}), or null. */
export function fieldText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return fieldText(value[0]);
  if (typeof value === 'object' && 'value' in value) return fieldText(value.value);
  return null;
}

/** The caller's language from the mapped field's value, or null (the caller is asked). */
export function mapLanguage(mapping: CrmFieldMapping, raw: unknown): Language | null {
  const text = fieldText(raw);
  if (text === null) return null;
  const mapped = mapping.language.values[text];
  if (mapped) return mapped;
  const parsed = languageSchema.safeParse(text.toLowerCase());
  return parsed.success ? parsed.data : null;
}

/** The IVR's segment from the mapped field's value: mapped, or the value lower-cased. */
export function mapSegment(mapping: CrmFieldMapping, raw: unknown): string | null {
  const text = fieldText(raw);
  if (text === null) return null;
  return mapping.segment.values[text] ?? text.toLowerCase().slice(0, 50);
}

/** An IANA zone from the mapped field, or null when it is none. */
export function mapTimeZone(raw: unknown): string | null {
  const text = fieldText(raw);
  return text && IANAZone.isValidZone(text) ? text : null;
}

/** Where a transfer to an internal number goes: the mapping's SIP template, or `fallback`. */
export function extensionDestination(
  mapping: CrmFieldMapping,
  extension: string,
  fallback: string | null,
): Destination | null {
  const candidate = mapping.extensionDestination
    ? mapping.extensionDestination.replace('{extension}', extension)
    : fallback;
  if (!candidate) return null;
  const parsed = destinationSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}
