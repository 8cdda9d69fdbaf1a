import type { CallEngine } from '../simulator/call-engine.js';
import type { CallStep } from '../simulator/heard.js';
import type { Caller, CallSummary } from './caller.js';
import { refused } from './format-step.js';
import { DEFAULT_TIMING, listeningSec, type TimingOptions } from './speech-time.js';

/**
 * Drives one call to its end: the engine plays the provider, the caller answers.
 * Shared by the interactive softphone, script mode and the tests.
 */
export async function runCall(
  engine: CallEngine,
  caller: Caller,
  timing: TimingOptions = DEFAULT_TIMING,
): Promise<CallSummary> {
  const steps: CallStep[] = [];
  let elapsed = 0;
  let endedBy: CallSummary['endedBy'] = 'ivr';
  const hear = (step: CallStep) => {
    steps.push(step);
    elapsed += listeningSec(step, timing);
    caller.hear(step);
    return step;
  };

  let step = hear(await engine.start());
  while (step.waitingFor !== 'end') {
    if (step.waitingFor === 'input') {
      const answer = await caller.answer(step);
      if (answer.kind === 'hangup') {
        endedBy = 'caller';
        break;
      }
      // Silence lasts the question's timeout; an answer takes a moment to give.
      elapsed += answer.kind === 'silence' ? (step.gather?.timeoutSec ?? 5) : 2;
      step = hear(
        answer.kind === 'dtmf'
          ? await engine.press(answer.digits)
          : answer.kind === 'speech'
            ? await engine.say(answer.text, answer.confidence)
            : await engine.silence(),
      );
    } else {
      const outcome = await caller.farEnd(step);
      if (outcome === 'hangup') {
        endedBy = 'caller';
        break;
      }
      elapsed +=
        outcome === 'answered'
          ? timing.ringSec + timing.talkSec
          : outcome === 'no-answer'
            ? (step.dial?.timeoutSec ?? timing.ringSec)
            : 1;
      step = hear(await engine.dialOutcome(outcome, timing.talkSec));
    }
  }
  // A provider ends the call when we answer with an error (Twilio says "an application
  // error has occurred"): not the IVR's doing, and not to be reported as such.
  if (endedBy === 'ivr' && refused(step)) endedBy = 'refused';
  // An answered call that ends, by either side, is `completed` for both providers.
  const final = await engine.hangup('completed');
  const summary: CallSummary = {
    steps,
    elapsedSec: elapsed,
    endedBy,
    ...(endedBy === 'refused' ? { refusedStatus: step.status } : {}),
    finalCallbackStatus: final.status,
  };
  caller.ended(summary);
  return summary;
}
