import type { PauseAction, PlayAction, SayAction } from '../actions.js';
import type { EmployeeContact } from '../employee-data.js';
import type { CallEvent } from '../events.js';
import { menuGather } from '../gathers.js';
import { employeeName, personalMenuGather } from '../gathers-personal.js';
import { LANGUAGES } from '../language.js';
import { containsKeyword, mentionsName } from '../match-input.js';
import { prompt, sayTemplate } from '../prompts.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import { describeInput } from './describe-input.js';
import { beginTransfer, toOperator, type Target } from './transfer-step.js';

type Answer = Extract<CallEvent, { type: 'input.received' | 'input.empty' }>;
type Lead = Array<SayAction | PlayAction | PauseAction>;

/** The personal menu for a known customer with ranked employees, after `lead`. */
export function offerPersonalMenu(
  config: FlowConfig,
  snapshot: CallSnapshot,
  lead: Lead,
): TransitionResult {
  return {
    snapshot: { ...snapshot, step: 'personal-menu', tries: 0 },
    actions: [personalMenuGather(config.settings, snapshot.language, snapshot.employees, lead)],
    effects: [],
  };
}

/**
 * A key picks an employee (or 0 the operator), two or more digits are an extension, a
 * spoken name picks that employee. Silence means none of them: the main menu follows.
 */
export function onPersonalMenuAnswer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const { settings } = config;
  const input = describeInput(event);
  if (event.type === 'input.empty') {
    const next = withPath(snapshot, { at: event.at, input, result: 'personal:no-input' });
    return {
      snapshot: { ...next, step: 'menu', tries: 0 },
      actions: [menuGather(settings, snapshot.language, [])],
      effects: [],
    };
  }
  const digits = event.digits?.replace(/#/g, '') ?? null;
  if (digits && digits.length >= 2) {
    const next = withPath(snapshot, { at: event.at, input, result: `personal:extension` });
    return {
      snapshot: next,
      actions: [],
      effects: [{ type: 'crm.findExtension', extension: digits }],
    };
  }
  if (digits === settings.menu.operator.key) {
    return toOperator(
      config,
      withPath(snapshot, { at: event.at, input, result: 'chosen:operator' }),
    );
  }
  const offered = snapshot.employees.slice(0, settings.personalMenu.size);
  const byKey = digits ? offered[Number(digits) - 1] : undefined;
  const spoken = event.speech;
  const understood =
    !spoken || spoken.confidence === null || spoken.confidence >= settings.menu.minConfidence;
  if (spoken && understood) {
    const operatorWords = LANGUAGES.flatMap((l) => settings.menu.operator.keywords[l]);
    if (operatorWords.some((w) => containsKeyword(spoken.text, w))) {
      return toOperator(
        config,
        withPath(snapshot, { at: event.at, input, result: 'chosen:operator' }),
      );
    }
  }
  const bySpeech = spoken && understood ? offered.find((e) => namedIn(spoken.text, e)) : undefined;
  const chosen = byKey ?? bySpeech;
  if (chosen) {
    const next = withPath(snapshot, {
      at: event.at,
      input,
      result: `chosen:employee:${chosen.id}`,
    });
    return dialEmployee(config, next, chosen, snapshot.employees.indexOf(chosen));
  }
  const tries = snapshot.tries + 1;
  const next = withPath({ ...snapshot, tries }, { at: event.at, input, result: 'invalid' });
  if (tries >= settings.menu.maxTries) return toOperator(config, next);
  const lead = prompt(settings.prompts[snapshot.language].invalidInput, snapshot.language);
  return {
    snapshot: next,
    actions: [personalMenuGather(settings, snapshot.language, snapshot.employees, [lead])],
    effects: [],
  };
}

/** The CRM's answer for a typed extension: dial them, or say it is unavailable. */
export function onExtensionResult(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Extract<
    CallEvent,
    { type: 'crm.extensionFound' | 'crm.extensionNotFound' | 'crm.extensionFailed' }
  >,
): TransitionResult {
  if (event.type === 'crm.extensionFound') {
    const next = withPath(snapshot, {
      at: event.at,
      input: null,
      result: `chosen:employee:${event.employee.id}`,
    });
    return dialEmployee(config, next, event.employee, -1);
  }
  if (event.type === 'crm.extensionFailed') {
    return toOperator(
      config,
      withPath(snapshot, { at: event.at, input: null, result: 'personal:crm-failed' }),
    );
  }
  const language = snapshot.language;
  const tries = snapshot.tries + 1;
  const next = withPath(
    { ...snapshot, tries },
    { at: event.at, input: null, result: 'personal:no-extension' },
  );
  if (tries >= config.settings.menu.maxTries) return toOperator(config, next);
  const lead = sayTemplate(
    config.settings.prompts[language].extensionUnavailable,
    { extension: event.extension },
    language,
  );
  return {
    snapshot: next,
    actions: [personalMenuGather(config.settings, language, snapshot.employees, [lead])],
    effects: [],
  };
}

/**
 * Dials the employee. If they do not answer: the next ranked employee once (when they were
 * picked from the ranking), then the configured menu option (sales), then the operator.
 */
function dialEmployee(
  config: FlowConfig,
  snapshot: CallSnapshot,
  employee: EmployeeContact,
  rank: number,
): TransitionResult {
  const { settings } = config;
  const language = snapshot.language;
  const before: Target[] = [];
  const nextRanked = rank >= 0 ? snapshot.employees[rank + 1] : undefined;
  if (nextRanked)
    before.push({ target: `employee:${nextRanked.id}`, destination: nextRanked.destination });
  const fallback = settings.menu.options.find(
    (o) => o.id === settings.personalMenu.fallbackOptionId,
  );
  if (fallback) before.push({ target: fallback.id, destination: fallback.destination });
  const lead = sayTemplate(
    settings.prompts[language].connectingEmployee,
    { name: employeeName(settings, language, employee) },
    language,
  );
  return beginTransfer(
    config,
    snapshot,
    { target: `employee:${employee.id}`, destination: employee.destination, lead },
    before,
  );
}

/** The caller said this employee's first or last name (any case, Kazakh letters kept). */
function namedIn(utterance: string, e: EmployeeContact): boolean {
  return [e.firstName, e.lastName].some((n) => n !== null && mentionsName(utterance, n));
}
