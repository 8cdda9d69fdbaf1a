import type { Language } from './language.js';
import type { CallSnapshot, Step } from './snapshot.js';

/**
 * Which question a Gather/input answers. Renderers put it into the action URL (`?step=…`),
 * so an answer arriving after the call's state was lost (expired, store down, a restart, an
 * instance without the shared store) is still read as the answer to that question, never as
 * a main-menu key. Only what the question needs travels: the step, the language it was
 * asked in, and for self-service the task and the number typed so far.
 */
export interface Question {
  step: AnsweredStep;
  language: Language;
  /** The self-service task under way (contract-entry, contract-confirm). */
  task?: 'balance' | 'trust';
  /** The contract number read back for confirmation (contract-confirm). */
  contract?: string;
}

/** The steps whose handler reads a caller's answer; every other step reads it as the menu. */
export const ANSWERED_STEPS = [
  'language',
  'menu',
  'personal-menu',
  'predict',
  'appointment',
  'reminder',
  'contract-entry',
  'contract-confirm',
] as const satisfies readonly Step[];
export type AnsweredStep = (typeof ANSWERED_STEPS)[number];

/**
 * Steps that can be rebuilt from the question alone. The others ask about what only the
 * stored state knows (the ranked employees, the predicted item, the reminder): an answer to
 * them cannot be read without it, so a recovered call hears the main menu instead.
 */
const REBUILDABLE: ReadonlySet<AnsweredStep> = new Set([
  'language',
  'menu',
  'contract-entry',
  'contract-confirm',
]);

/** The question the next answer of a call in `snapshot` answers. */
export function questionOf(snapshot: CallSnapshot): Question {
  const step = (ANSWERED_STEPS as readonly Step[]).includes(snapshot.step)
    ? (snapshot.step as AnsweredStep)
    : 'menu';
  const question: Question = { step, language: snapshot.language };
  const task = snapshot.selfService;
  if ((step === 'contract-entry' || step === 'contract-confirm') && task) {
    question.task = task.task;
    if (step === 'contract-confirm' && task.contract) question.contract = task.contract;
  }
  return question;
}

/** Whether the answer to `question` can be read without the stored state. */
export function isRebuildable(question: Question): boolean {
  if (!REBUILDABLE.has(question.step)) return false;
  if (question.step === 'contract-entry') return question.task !== undefined;
  if (question.step === 'contract-confirm') {
    return question.task !== undefined && question.contract !== undefined;
  }
  return true;
}
