import { DateTime } from 'luxon';
import { z } from 'zod';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The longest period one request may cover: two years of daily rows. */
const MAX_DAYS = 731;

const day = z
  .string()
  .regex(DAY, 'a date YYYY-MM-DD')
  .refine((d) => DateTime.fromISO(d).isValid, 'a real calendar date');
const label = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}_.:-]+$/u, 'letters, digits, _ . : -');

/** The query of every analytics endpoint; `from`/`to` are company-zone days, inclusive. */
export const analyticsQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    provider: z.enum(['twilio', 'vonage']).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'a two-letter language code')
      .optional(),
    segment: label.optional(),
    arm: z.enum(['personalised', 'control', 'none']).optional(),
  })
  .strict();

export interface AnalyticsFilters {
  from: string;
  to: string;
  provider?: string;
  language?: string;
  segment?: string;
  arm?: string;
}

/**
 * The filters of a request, or the name of the field that is wrong and why. Without dates,
 * the last 30 days up to today in the company zone.
 */
export function readAnalyticsFilters(
  query: unknown,
  today: string,
): { ok: true; filters: AnalyticsFilters } | { ok: false; field: string; message: string } {
  const parsed = analyticsQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      issue?.code === 'unrecognized_keys'
        ? (issue.keys[0] ?? 'query')
        : String(issue?.path[0] ?? 'query');
    return { ok: false, field, message: issue?.message ?? 'invalid' };
  }
  const to = parsed.data.to ?? today;
  const from = parsed.data.from ?? (DateTime.fromISO(to).minus({ days: 29 }).toISODate() as string);
  if (from > to) return { ok: false, field: 'from', message: 'must not be after `to`' };
  const span = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days;
  if (span >= MAX_DAYS) {
    return { ok: false, field: 'from', message: `the period is at most ${MAX_DAYS} days` };
  }
  const { provider, language, segment, arm } = parsed.data;
  return {
    ok: true,
    filters: {
      from,
      to,
      ...(provider ? { provider } : {}),
      ...(language ? { language } : {}),
      ...(segment ? { segment } : {}),
      ...(arm ? { arm } : {}),
    },
  };
}
