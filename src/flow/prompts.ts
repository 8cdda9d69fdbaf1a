import { fillTemplate } from '../lib/fill-template.js';
import { sanitizeSpeech } from '../lib/sanitize-speech.js';
import type { PlayAction, SayAction } from './actions.js';
import type { CustomerProfile } from './customer.js';
import type { Language } from './language.js';
import { keyName } from './format-values.js';
import { nameForms } from '../names/address-name.js';
import { partOfDay } from './part-of-day.js';
import type { FlowSettings, Prompt, PromptSet } from './settings.js';

type PromptAction = SayAction | PlayAction;

/** A settings prompt as an action: recorded audio when configured, else TTS. */
export function prompt(value: Prompt, language: Language): PromptAction {
  return typeof value === 'string'
    ? { kind: 'say', text: value, language }
    : { kind: 'play', url: value.audioUrl };
}

/**
 * A templated text prompt; CRM values are sanitised before they are spoken. A template
 * that opens with a placeholder opens the sentence with its value, so its first letter is
 * made a capital ("{when} берілген …" → "Кеше берілген …").
 */
export function sayTemplate(
  template: string,
  values: Record<string, string>,
  language: Language,
): SayAction {
  const clean = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, sanitizeSpeech(v)]));
  const text = fillTemplate(template, clean);
  return {
    kind: 'say',
    text: template.startsWith('{') ? capitalise(text, language) : text,
    language,
  };
}

function capitalise(text: string, language: Language): string {
  const [first = ''] = text;
  return first.toLocaleUpperCase(language) + text.slice(first.length);
}

/** "Добрый вечер, Арман!" in the caller's language and zone. */
export function greetingFor(
  settings: FlowSettings,
  customer: CustomerProfile,
  language: Language,
  zone: string,
  at: string,
): SayAction {
  const set = settings.prompts[language];
  const period = partOfDay(at, zone, settings.partsOfDay);
  const names = nameForms(customer, language);
  // Segments addressed formally (name and patronymic) when the CRM has a patronymic.
  const formal =
    customer.patronymic !== null &&
    customer.segment !== null &&
    settings.greeting.formalForSegments.includes(customer.segment.toLowerCase());
  return sayTemplate(
    formal ? set.greetingFormal : set.greetingKnown,
    { partOfDay: set.partOfDay[period], ...names },
    language,
  );
}

/** Each language offers itself in its own voice: "Для русского языка нажмите 1. …". */
export function languageChoicePrompts(settings: FlowSettings): SayAction[] {
  return settings.languageChoice.options.map((o) =>
    sayTemplate(settings.prompts[o.language].languageChoiceLine, { key: o.key }, o.language),
  );
}

/** The main menu read out: every department, self-service, then the operator. */
export function menuPrompts(settings: FlowSettings, language: Language): SayAction[] {
  const set: PromptSet = settings.prompts[language];
  const key = (k: string) => keyName(k, set.keyNames);
  const { balance, trustCredit } = settings.selfService;
  return [
    ...settings.menu.options.map((o) =>
      sayTemplate(set.menuOption, { label: o.label[language], key: key(o.key) }, language),
    ),
    sayTemplate(set.menuBalance, { key: key(balance.key) }, language),
    sayTemplate(set.menuTrustCredit, { key: key(trustCredit.key) }, language),
    sayTemplate(set.menuOperator, { key: key(settings.menu.operator.key) }, language),
  ];
}
