import type { GatherAction, PauseAction, PlayAction, SayAction } from '../actions.js';
import type { CallEvent } from '../events.js';
import type { Language } from '../language.js';
import { matchIntent } from '../../speech/match-intent.js';
import { DEFAULT_INTENT_VOCABULARY, type IntentName } from '../../speech/intent-vocabulary.js';
import { nextPromptMode, type PromptMode } from '../../speech/retry-policy.js';
import { hintsFor } from '../../speech/speech-hints.js';

export type Answer = Extract<CallEvent, { type: 'input.received' | 'input.empty' }>;
type Lead = Array<SayAction | PlayAction | PauseAction>;

/** A question answered with one key or in the caller's own words. */
export interface SpokenQuestion {
  /** What each key means; any other key is not understood. */
  keys: Readonly<Record<string, IntentName>>;
  /** The intents understood in speech, in any language or a mix. */
  intents: readonly IntentName[];
}

/** How the caller answered a question. */
export type ReadAnswer =
  | { kind: 'intent'; intent: IntentName }
  | { kind: 'silence' }
  /** Heard but not understood: a key the question has no use for, or words below the
   * confidence floor, matching no intent, or two. */
  | { kind: 'unclear' };

/** The answer to `question`: a key, else the intent of the words, else unclear. */
export function readAnswer(
  question: SpokenQuestion,
  event: Answer,
  language: Language,
  minConfidence: number,
): ReadAnswer {
  if (event.type === 'input.empty') return { kind: 'silence' };
  if (event.digits) {
    const intent = question.keys[event.digits];
    return intent ? { kind: 'intent', intent } : { kind: 'unclear' };
  }
  if (!event.speech) return { kind: 'silence' };
  const match = matchIntent(event.speech.text, event.speech.confidence, {
    language,
    allowed: question.intents,
    minConfidence,
  });
  return match.intent ? { kind: 'intent', intent: match.intent } : { kind: 'unclear' };
}

/**
 * The next try after an answer that did not settle the question (`tries` so far): its
 * count and how it is asked, once more by voice, then for keys only (the re-prompt policy,
 * speech/retry-policy.ts); a caller who asked to hear it again hears it as first asked. Null once
 * the keys-only question has failed too: the step moves on rather than ask a fourth time.
 */
export function nextTry(
  tries: number,
  repeatAsked: boolean,
): { tries: number; mode: PromptMode } | null {
  const failures = tries + 1;
  if (failures > 2) return null;
  const mode = nextPromptMode({ lowConfidence: 0, noMatch: failures });
  return { tries: failures, mode: repeatAsked ? 'speech-and-dtmf' : mode };
}

/**
 * What is said when a question is asked in `mode`: `lead`, then the question; after an
 * apology when it is asked again; its keys-only form when only keys are listened for.
 */
export function promptsFor(
  mode: PromptMode,
  lead: Lead,
  words: { question: Lead; notUnderstood: Lead[number]; keysOnly: Lead[number] },
): Lead {
  switch (mode) {
    case 'speech-and-dtmf':
      return [...lead, ...words.question];
    case 'reprompt':
      return [...lead, words.notUnderstood, ...words.question];
    case 'dtmf-only':
      return [...lead, words.keysOnly];
  }
}

/** The Gather of a one-key question; keys only in `dtmf-only` mode, with no hints then. */
export function questionGather(
  question: SpokenQuestion,
  opts: { language: Language; prompts: Lead; mode: PromptMode; timeoutSec: number },
): GatherAction {
  const keysOnly = opts.mode === 'dtmf-only';
  return {
    kind: 'gather',
    prompts: opts.prompts,
    input: keysOnly ? ['dtmf'] : ['dtmf', 'speech'],
    language: opts.language,
    timeoutSec: opts.timeoutSec,
    maxDigits: 1,
    finishOnKey: null,
    // The recogniser listens for this question's words only, the call's language first.
    hints: keysOnly ? [] : hintsFor(question.intents, opts.language, DEFAULT_INTENT_VOCABULARY),
  };
}
