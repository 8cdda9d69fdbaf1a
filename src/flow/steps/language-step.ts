import type { Effect } from '../effects.js';
import type { CallEvent } from '../events.js';
import { menuGather } from '../gathers.js';
import type { Language } from '../language.js';
import { matchChoice } from '../match-input.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import { describeInput } from './describe-input.js';
import { offerPersonalMenu } from './personal-menu-step.js';
import { afterGreeting } from './predict-step.js';

type Answer = Extract<CallEvent, { type: 'input.received' | 'input.empty' }>;

/**
 * One-step language choice: a key or a spoken language name. Anything else, or silence,
 * keeps the language we have and moves on: callers are never stuck choosing a language.
 */
export function onLanguageAnswer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const { options } = config.settings.languageChoice;
  const chosen =
    event.type === 'input.received'
      ? matchChoice<Language>(
          options.map((o) => ({ value: o.language, key: o.key, words: o.words })),
          { digits: event.digits, speech: event.speech?.text ?? null },
        )
      : null;
  const language = chosen ?? snapshot.language;
  const result = chosen
    ? `language:${chosen}`
    : event.type === 'input.empty'
      ? 'no-input'
      : 'invalid';
  const next = withPath(
    { ...snapshot, language },
    { at: event.at, input: describeInput(event), result },
  );
  // Kept for the number in our store (known to the CRM or not): the next call from it is
  // greeted in this language without the question.
  const remember: Effect[] =
    chosen && snapshot.caller
      ? [{ type: 'store.rememberLanguage', phone: snapshot.caller, language: chosen }]
      : [];
  const customer = snapshot.customer;
  if (customer) {
    // A known customer without a language on file: the choice is written back, so the next
    // call greets them in it without asking; then what a known caller gets.
    const known = { ...next, customer: { ...customer, language } };
    const after = afterGreeting(config, known, [], event.at);
    return chosen
      ? {
          ...after,
          effects: [
            { type: 'crm.saveLanguage', customerId: customer.id, language: chosen },
            ...remember,
            ...after.effects,
          ],
        }
      : after;
  }
  if (next.employees.length > 0) {
    const offer = offerPersonalMenu(config, next, []);
    return { ...offer, effects: [...remember, ...offer.effects] };
  }
  return {
    snapshot: { ...next, step: 'menu', tries: 0 },
    actions: [menuGather(config.settings, language, [])],
    effects: remember,
  };
}
