import type { CallEvent } from '../events.js';
import { languageGather, menuGather } from '../gathers.js';
import { greetingFor, prompt } from '../prompts.js';
import { resolveZone } from '../resolve-zone.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';

type LookupResult = Extract<
  CallEvent,
  { type: 'crm.found' | 'crm.notFound' | 'crm.timeout' | 'crm.failed' }
>;

/** The CRM answered (or did not): greet and ask the first question. */
export function onLookupResult(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: LookupResult,
): TransitionResult {
  switch (event.type) {
    case 'crm.found':
      return greetKnownCaller(config, snapshot, event.customer, event.at);
    case 'crm.notFound':
      return greetUnknownCaller(config, { ...snapshot, crm: 'notFound' }, event.at);
    case 'crm.timeout':
    case 'crm.failed':
      return classicMenu(
        config,
        { ...snapshot, crm: event.type === 'crm.timeout' ? 'timeout' : 'failed' },
        event.at,
      );
  }
}

function greetKnownCaller(
  config: FlowConfig,
  snapshot: CallSnapshot,
  customer: Extract<LookupResult, { type: 'crm.found' }>['customer'],
  at: string,
): TransitionResult {
  const language = customer.language ?? config.defaultLanguage;
  const zone = resolveZone(
    customer.timeZone,
    snapshot.caller,
    config.settings.zones,
    config.companyZone,
  );
  const greeting = greetingFor(config.settings, customer, language, zone, at);
  const known = { ...snapshot, crm: 'found' as const, customer, language, zone };
  // A customer whose language the CRM does not hold yet picks it once, like an unknown caller.
  if (!customer.language) {
    const next = withPath({ ...known, step: 'language' }, { at, input: null, result: 'greeted' });
    return {
      snapshot: next,
      actions: [languageGather(config.settings, language, [greeting])],
      effects: [],
    };
  }
  const next = withPath({ ...known, step: 'menu' }, { at, input: null, result: 'greeted' });
  return {
    snapshot: next,
    actions: [menuGather(config.settings, language, [greeting])],
    effects: [],
  };
}

/** Neutral greeting in the default language, then the language choice. */
export function greetUnknownCaller(
  config: FlowConfig,
  snapshot: CallSnapshot,
  at: string,
): TransitionResult {
  const language = config.defaultLanguage;
  const lead = prompt(config.settings.prompts[language].greetingUnknown, language);
  const next = withPath({ ...snapshot, step: 'language' }, { at, input: null, result: 'unknown' });
  return {
    snapshot: next,
    actions: [languageGather(config.settings, language, [lead])],
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
