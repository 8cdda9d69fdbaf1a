import { z } from 'zod';
import type { CustomerProfile } from './customer.js';
import { destinationSchema, type Destination } from './destination.js';

/**
 * A routing rule by who the customer is. The first rule whose conditions all hold sends the
 * caller straight to its route, skipping the general menu. Rules are data (the IVR
 * settings' `segmentRouting`), in priority order.
 */
export const segmentRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and -'),
  when: z.strictObject({
    /** The CRM segment is one of these (compared case-insensitively). */
    segment: z.array(z.string().min(1)).min(1).optional(),
    /** The customer has an overdue balance. */
    overdue: z.boolean().optional(),
    /** The customer has an open complaint. */
    openComplaint: z.boolean().optional(),
  }),
  /**
   * Where to, in order: `personal-manager` (the customer's own, from the CRM) or a named
   * destination of `segmentDestinations`. Each is tried once when the one before does not
   * answer; the operator comes after them.
   */
  route: z.array(z.string().min(1)).min(1),
});
export type SegmentRule = z.infer<typeof segmentRuleSchema>;

export const segmentDestinationsSchema = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  z.string().pipe(destinationSchema),
);

/** Where the rule sends the caller: targets in order, the rule recorded on the call. */
export interface SegmentRoute {
  ruleId: string;
  targets: Array<{ target: string; destination: Destination }>;
}

function holds(rule: SegmentRule, customer: CustomerProfile): boolean {
  const { when } = rule;
  if (when.segment) {
    const segment = customer.segment?.toLowerCase() ?? null;
    if (!segment || !when.segment.some((s) => s.toLowerCase() === segment)) return false;
  }
  if (when.overdue !== undefined) {
    const overdue = (customer.account.overdue?.minor ?? 0) > 0;
    if (overdue !== when.overdue) return false;
  }
  if (when.openComplaint !== undefined && customer.account.openComplaint !== when.openComplaint) {
    return false;
  }
  return true;
}

/**
 * The first rule that holds for the customer, with its targets resolved; null when none
 * does (the usual menu). A `personal-manager` target is left out when the CRM has no
 * manager (or an unusable one) for the customer; a rule left with no target does not fire.
 */
export function routeBySegment(
  rules: readonly SegmentRule[],
  destinations: Readonly<Record<string, Destination>>,
  customer: CustomerProfile,
): SegmentRoute | null {
  for (const rule of rules) {
    if (!holds(rule, customer)) continue;
    const targets = rule.route.flatMap((name) => {
      if (name === 'personal-manager') {
        const parsed = destinationSchema.safeParse(customer.account.personalManager ?? '');
        return parsed.success ? [{ target: 'personal-manager', destination: parsed.data }] : [];
      }
      const destination = destinations[name];
      return destination ? [{ target: name, destination }] : [];
    });
    if (targets.length > 0) return { ruleId: rule.id, targets };
  }
  return null;
}
