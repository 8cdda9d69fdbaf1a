import type { CallEvent } from '../events.js';
import { resolveZone } from '../resolve-zone.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import type { TransitionResult } from '../transition-result.js';
import { greetUnknownCaller } from './lookup-result.js';

type Started = Extract<CallEvent, { type: 'call.started' }>;

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
 * A snapshot for a webhook whose call we have no state for (store lost it, restart):
 * the classic menu in the default language, so the caller still reaches a person.
 */
export function recoveredSnapshot(
  config: FlowConfig,
  ids: { provider: string; callId: string; at: string },
): CallSnapshot {
  return {
    version: 1,
    provider: ids.provider,
    callId: ids.callId,
    caller: null,
    called: '',
    startedAt: ids.at,
    step: 'menu',
    language: config.defaultLanguage,
    zone: config.companyZone,
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
