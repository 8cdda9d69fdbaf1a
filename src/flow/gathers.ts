import type { GatherAction, PauseAction, PlayAction, SayAction } from './actions.js';
import type { Language } from './language.js';
import { hintsFor } from './match-input.js';
import { languageChoicePrompts, menuPrompts } from './prompts.js';
import type { FlowSettings } from './settings.js';

type Lead = Array<SayAction | PlayAction | PauseAction>;

/** The main menu question, optionally preceded by a greeting or an error prompt. */
export function menuGather(settings: FlowSettings, language: Language, lead: Lead): GatherAction {
  const { menu } = settings;
  return {
    kind: 'gather',
    prompts: [...lead, ...menuPrompts(settings, language)],
    input: ['dtmf', 'speech'],
    language,
    timeoutSec: menu.timeoutSec,
    maxDigits: 1,
    hints: hintsFor(language, [...menu.options.map((o) => o.keywords), menu.operator.keywords]),
  };
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
    hints: [...new Set(languageChoice.options.flatMap((o) => o.words))],
  };
}
