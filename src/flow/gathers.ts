import type { GatherAction, PauseAction, PlayAction, SayAction } from './actions.js';
import type { Language } from './language.js';
import { hintsFor } from './match-input.js';
import { DEFAULT_INTENT_VOCABULARY, type IntentName } from '../speech/intent-vocabulary.js';
import { hintsFor as intentHints, MAX_HINTS } from '../speech/speech-hints.js';

/** What a caller may ask for in their own words at the main menu, besides its options. */
export const MENU_INTENTS: readonly IntentName[] = [
  'order_status',
  'claim_status',
  'block_card',
  'operator',
  'repeat',
];
const TWILIO_SAFE_HINTS = MAX_HINTS;
import { spellDigits } from './format-values.js';
import { languageChoicePrompts, menuPrompts, prompt, sayTemplate } from './prompts.js';
import type { FlowSettings } from './settings.js';

type Lead = Array<SayAction | PlayAction | PauseAction>;

/** The main menu question, optionally preceded by a greeting or an error prompt. */
export function menuGather(
  settings: FlowSettings,
  language: Language,
  lead: Lead,
  keysOnly = false,
): GatherAction {
  const { menu } = settings;
  return {
    kind: 'gather',
    prompts: [...lead, ...menuPrompts(settings, language)],
    // After speech that was not understood twice, the menu takes keys only.
    input: keysOnly ? ['dtmf'] : ['dtmf', 'speech'],
    language,
    timeoutSec: menu.timeoutSec,
    maxDigits: 1,
    // `#` is a menu choice (balance by SMS), so it must not end the input.
    finishOnKey: null,
    hints: keysOnly ? [] : [...menuHints(settings, language)],
  };
}

/**
 * The menu's recogniser hints per settings and language, built on first use: settings are
 * loaded once and never change, so the keyword lists are merged once, not per webhook.
 */
const MENU_HINTS = new WeakMap<FlowSettings, Map<Language, readonly string[]>>();

function menuHints(settings: FlowSettings, language: Language): readonly string[] {
  let kept = MENU_HINTS.get(settings);
  if (!kept) MENU_HINTS.set(settings, (kept = new Map<Language, readonly string[]>()));
  let hints = kept.get(language);
  if (!hints) {
    const { menu } = settings;
    hints = [
      ...hintsFor(language, [
        ...menu.options.map((o) => o.keywords),
        settings.selfService.balance.keywords,
        settings.selfService.trustCredit.keywords,
        menu.operator.keywords,
      ]),
      ...intentHints(MENU_INTENTS, language, DEFAULT_INTENT_VOCABULARY),
    ].slice(0, TWILIO_SAFE_HINTS);
    kept.set(language, hints);
  }
  return hints;
}

/** The one-step language choice for callers whose language we do not know. */
export function languageGather(
  settings: FlowSettings,
  language: Language,
  lead: Lead,
): GatherAction {
  const { languageChoice } = settings;
  return {
    kind: 'gather',
    prompts: [...lead, ...languageChoicePrompts(settings)],
    input: ['dtmf', 'speech'],
    language,
    timeoutSec: languageChoice.timeoutSec,
    maxDigits: 1,
    finishOnKey: null,
    hints: [...new Set(languageChoice.options.flatMap((o) => o.words))],
  };
}

/** "Enter your contract number and press #": keys only, `#` ends the number. */
export function contractEntryGather(
  settings: FlowSettings,
  language: Language,
  lead: Lead,
): GatherAction {
  const { selfService } = settings;
  return {
    kind: 'gather',
    prompts: [...lead, prompt(settings.prompts[language].enterContract, language)],
    input: ['dtmf'],
    language,
    timeoutSec: selfService.timeoutSec,
    maxDigits: selfService.contractDigits.max,
    finishOnKey: '#',
    hints: [],
  };
}

/** The number read back digit by digit: `#` confirms, `*` re-enters, so both are keys here. */
export function contractConfirmGather(
  settings: FlowSettings,
  language: Language,
  contract: string,
  lead: Lead,
): GatherAction {
  const set = settings.prompts[language];
  return {
    kind: 'gather',
    prompts: [
      ...lead,
      sayTemplate(
        set.contractReadBack,
        { digits: spellDigits(contract, set.digitWords) },
        language,
      ),
    ],
    input: ['dtmf'],
    language,
    timeoutSec: settings.selfService.timeoutSec,
    maxDigits: 1,
    finishOnKey: null,
    hints: [],
  };
}
