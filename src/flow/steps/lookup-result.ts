import type { PauseAction, PlayAction, SayAction } from '../actions.js';
import type { CallEvent } from '../events.js';
import { formatUntil } from '../format-values.js';
import { languageGather, menuGather } from '../gathers.js';
import type { Language } from '../language.js';
import { greetingFor, prompt, sayTemplate } from '../prompts.js';
import { resolveZone } from '../resolve-zone.js';
import type { Outage } from '../self-service-data.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import { afterGreeting } from './predict-step.js';

type LookupResult = Extract<
  CallEvent,
  { type: 'crm.found' | 'crm.notFound' | 'crm.timeout' | 'crm.failed' }
>;
type Lead = Array<SayAction | PlayAction | PauseAction>;

/** The CRM answered (or did not): greet, announce outages, ask the first question. */
export function onLookupResult(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: LookupResult,
): TransitionResult {
  switch (event.type) {
    case 'crm.found':
      return greetKnownCaller(config, snapshot, event);
    case 'crm.notFound':
      return greetUnknownCaller(
        config,
        { ...snapshot, crm: 'notFound' },
        event.at,
        event.outages,
        event.rememberedLanguage ?? null,
      );
    case 'crm.timeout':
    case 'crm.failed':
      return classicMenu(
        config,
        { ...snapshot, crm: event.type === 'crm.timeout' ? 'timeout' : 'failed' },
        event.at,
      );
  }
}

/**
 * "There is an outage at your address, expected fix by 18:00", right after the greeting,
 * for each outage in force at the caller's contract address; the menu follows.
 */
function outageNotices(
  config: FlowConfig,
  outages: Outage[],
  language: Language,
  zone: string,
  at: string,
): SayAction[] {
  const set = config.settings.prompts[language];
  return outages
    .filter((o) => o.startsAt <= at && o.endsAt > at)
    .flatMap((o) => [
      sayTemplate(set.outageNotice, { until: formatUntil(o.endsAt, at, zone, language) }, language),
      ...(o.message ? [sayTemplate('{message}', { message: o.message }, language)] : []),
    ]);
}

function greetKnownCaller(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Extract<LookupResult, { type: 'crm.found' }>,
): TransitionResult {
  const { at } = event;
  // A language the caller chose on an earlier call, when the CRM has none yet: used at
  // once and written back to the CRM, so the question is never asked again.
  const remembered = event.customer.language ? null : (event.rememberedLanguage ?? null);
  const customer = remembered ? { ...event.customer, language: remembered } : event.customer;
  const language = customer.language ?? config.defaultLanguage;
  const zone = resolveZone(
    customer.timeZone,
    snapshot.caller,
    config.settings.zones,
    config.companyZone,
  );
  const lead: Lead = [
    greetingFor(config.settings, customer, language, zone, at),
    ...outageNotices(config, event.outages, language, zone, at),
  ];
  // All the ranked employees read are kept: the menu offers the first few, and the one
  // after a chosen employee is tried if they do not answer.
  const employees = event.employees;
  const known = { ...snapshot, crm: 'found' as const, customer, language, zone, employees };
  const result = event.outages.length > 0 ? 'greeted+outage' : 'greeted';
  // A customer whose language the CRM does not hold yet picks it once, like an unknown caller.
  if (!customer.language) {
    const next = withPath({ ...known, step: 'language' }, { at, input: null, result });
    return {
      snapshot: next,
      actions: [languageGather(config.settings, language, lead)],
      effects: [],
    };
  }
  const next = withPath(
    { ...known, step: 'menu' },
    { at, input: null, result: remembered ? `${result}+remembered` : result },
  );
  // The predicted reason first, then a segment route, a reminder, the personal or main menu.
  const after = afterGreeting(config, next, lead, at);
  if (!remembered) return after;
  return {
    ...after,
    effects: [
      { type: 'crm.saveLanguage', customerId: customer.id, language: remembered },
      ...after.effects,
    ],
  };
}

/**
 * Neutral greeting in the default language, outages if any, then the language choice; in
 * the language the number's caller chose before, straight to the menu, when there is one.
 */
export function greetUnknownCaller(
  config: FlowConfig,
  snapshot: CallSnapshot,
  at: string,
  outages: Outage[] = [],
  remembered: Language | null = null,
): TransitionResult {
  const language = remembered ?? config.defaultLanguage;
  const lead: Lead = [
    prompt(config.settings.prompts[language].greetingUnknown, language),
    ...outageNotices(config, outages, language, snapshot.zone, at),
  ];
  const result = outages.length > 0 ? 'unknown+outage' : 'unknown';
  if (remembered) {
    // Chosen on an earlier call from this number: greeted in it, no language question.
    const next = withPath(
      { ...snapshot, step: 'menu', language, tries: 0 },
      { at, input: null, result: `${result}+remembered` },
    );
    return { snapshot: next, actions: [menuGather(config.settings, language, lead)], effects: [] };
  }
  const next = withPath({ ...snapshot, step: 'language' }, { at, input: null, result });
  return {
    snapshot: next,
    actions: [languageGather(config.settings, language, lead)],
    effects: [],
  };
}

/** CRM slow or down: the classic menu in the default language, at once. */
function classicMenu(config: FlowConfig, snapshot: CallSnapshot, at: string): TransitionResult {
  const language = config.defaultLanguage;
  const lead = prompt(config.settings.prompts[language].greetingClassic, language);
  const next = withPath(
    { ...snapshot, step: 'menu', language },
    { at, input: null, result: `crm-${snapshot.crm}` },
  );
  return { snapshot: next, actions: [menuGather(config.settings, language, [lead])], effects: [] };
}
