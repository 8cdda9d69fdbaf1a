/** How the next reading of a question listens. */
export type PromptMode =
  /** The question as usual: speech or keys. */
  | 'speech-and-dtmf'
  /** "Sorry, I did not understand", the question again, still speech or keys. */
  | 'reprompt'
  /** The question with its keys only, and a Gather that listens for keys only. */
  | 'dtmf-only';

/**
 * The re-prompt policy of a spoken question, from the answers it already failed to get:
 * `lowConfidence` (heard, but below `minConfidence`) and `noMatch` (understood, but no
 * allowed intent, or two of them: count ambiguous answers here). Either failure earns one
 * more try by voice; after a second the recogniser has shown it cannot follow this caller
 * (noise, accent, Kazakh through a Russian recogniser), so only keys are offered.
 * Silence is not counted: the step decides what no input means.
 */
export function nextPromptMode(previous: { lowConfidence: number; noMatch: number }): PromptMode {
  const failures = Math.max(0, previous.lowConfidence) + Math.max(0, previous.noMatch);
  if (failures === 0) return 'speech-and-dtmf';
  if (failures === 1) return 'reprompt';
  return 'dtmf-only';
}
