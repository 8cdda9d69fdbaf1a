import { createHash } from 'node:crypto';
import { eventTypeOf, type RankingSettings } from './ranking-settings.js';

/** One CRM event, ready to record: `at` is an ISO-8601 UTC instant, `id` is always set. */
export interface RankingEvent {
  id: string;
  type: string;
  clientId: string;
  employeeId: string;
  at: string;
}

/** An event as the CRM file and the HTTP endpoint accept it: the id may be left out. */
export interface RankingEventInput {
  id?: string | undefined;
  type: string;
  clientId: string;
  employeeId: string;
  at: string;
}

/**
 * How far ahead of our clock an event may be dated: clocks of CRMs drift a little, but an
 * event far in the future would outweigh everything (its decay factor exceeds 1) until then.
 */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * The event with its instant in UTC and an id. Without an id, the id is a hash of the
 * event itself, so the CRM retrying a post does not count the same event twice.
 */
export function toRankingEvent(input: RankingEventInput): RankingEvent {
  const at = new Date(input.at).toISOString();
  const id =
    input.id ??
    `h:${createHash('sha256')
      .update(JSON.stringify([input.type, input.clientId, input.employeeId, at]))
      .digest('hex')
      .slice(0, 32)}`;
  return { id, type: input.type, clientId: input.clientId, employeeId: input.employeeId, at };
}

/**
 * What the zod schemas cannot check: the type is one the settings know, and the event is
 * not in the future. Returns `field: problem` lines (field relative to the event).
 */
export function checkRankingEvent(
  event: RankingEvent,
  settings: RankingSettings,
  nowMs: number,
): string[] {
  const problems: string[] = [];
  if (!eventTypeOf(settings, event.type)) {
    const known = Object.keys(settings.eventTypes).join(', ');
    problems.push(`type: unknown event type; known types: ${known}`);
  }
  if (Date.parse(event.at) > nowMs + MAX_FUTURE_SKEW_MS) problems.push('at: in the future');
  return problems;
}
