import type { CallEvent } from '../events.js';
import type { Language } from '../language.js';
import { isRebuildable, type Question } from '../question.js';
import { resolveZone } from '../resolve-zone.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import type { TransitionResult } from '../transition-result.js';
import { greetUnknownCaller } from './lookup-result.js';

type Started = Extract<CallEvent, { type: 'call.started' }>;

/** Who is on the call, as every webhook's payload names them (E.164; null: no number). */
export interface Parties {
  caller: string | null;
  called: string;
}

/**
 * A new call: ask the CRM who is calling. Withheld numbers skip the lookup and are
 * treated as unknown callers straight away.
 */
export function startCall(config: FlowConfig, event: Started): TransitionResult {
  const snapshot: CallSnapshot = {
    version: 1,
    provider: event.provider,
    callId: event.callId,
    caller: event.from,
    called: event.to,
    startedAt: event.at,
    step: 'lookup',
    language: config.defaultLanguage,
    zone: resolveZone(null, event.from, config.settings.zones, config.companyZone),
    crm: 'pending',
    customer: null,
    tries: 0,
    transfer: null,
    path: [],
    selfService: null,
    selfServed: false,
    predicted: null,
    segmentRule: null,
    reminded: false,
    employees: [],
    answeredBy: null,
  };
  if (!event.from) return greetUnknownCaller(config, { ...snapshot, crm: 'skipped' }, event.at);
  return { snapshot, actions: [], effects: [{ type: 'crm.lookupCaller', phone: event.from }] };
}

/**
 * A webhook whose call we have no state for (expired, store down, a restart, another
 * instance): the call goes on at the question the answer belongs to, carried in the action
 * URL (`question`), in the language it was asked in. A question that cannot be rebuilt
 * without the stored state (the personal menu, a predicted item, a reminder) is not
 * answered by guesswork: the caller hears the main menu in their language. Without a
 * question (a URL from an older version) the classic menu reads the answer, as before.
 */
export function recoverCall(
  config: FlowConfig,
  ids: { provider: string; callId: string } & Partial<Parties>,
  question: Question | null,
  event: CallEvent,
): { snapshot: CallSnapshot; event: CallEvent } {
  const base = recoveredSnapshot(config, { ...ids, at: event.at }, question?.language);
  if (!question) return { snapshot: base, event };
  if (isRebuildable(question)) {
    const step = question.step;
    const selfService = question.task
      ? { task: question.task, contract: question.contract ?? null, tries: 0 }
      : null;
    const path = [{ step, at: event.at, input: null, result: 'recovered' }];
    return { snapshot: { ...base, step, selfService, path }, event };
  }
  const path = [
    { step: 'menu' as const, at: event.at, input: null, result: `recovered:${question.step}` },
  ];
  const answer = event.type === 'input.received' || event.type === 'input.empty';
  return {
    snapshot: { ...base, path },
    event: answer ? { type: 'call.continue', at: event.at } : event,
  };
}

/**
 * A snapshot for a webhook whose call we have no state for: the classic menu, in the
 * language the caller was last asked in when known, so the caller still reaches a person.
 */
export function recoveredSnapshot(
  config: FlowConfig,
  ids: { provider: string; callId: string; at: string } & Partial<Parties>,
  language: Language = config.defaultLanguage,
): CallSnapshot {
  const caller = ids.caller ?? null;
  return {
    version: 1,
    provider: ids.provider,
    callId: ids.callId,
    caller,
    called: ids.called ?? '',
    startedAt: ids.at,
    step: 'menu',
    language,
    zone: resolveZone(null, caller, config.settings.zones, config.companyZone),
    crm: 'skipped',
    customer: null,
    tries: 0,
    transfer: null,
    path: [{ step: 'menu', at: ids.at, input: null, result: 'recovered' }],
    selfService: null,
    selfServed: false,
    predicted: null,
    segmentRule: null,
    reminded: false,
    employees: [],
    answeredBy: null,
  };
}
