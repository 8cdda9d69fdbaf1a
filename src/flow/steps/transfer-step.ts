import type { PlayAction, SayAction } from '../actions.js';
import { describeDestination, type Destination } from '../destination.js';
import type { CallEvent } from '../events.js';
import { prompt } from '../prompts.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';

export type Target = { target: string; destination: Destination };

/**
 * Connects the caller to `destination`, remembering who to try if nobody answers: `before`
 * (e.g. the next ranked employee, then sales), then the operator, then the fallback number
 * (each once, never the same number twice).
 */
export function beginTransfer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  next: Target & { lead: SayAction | PlayAction },
  before: Target[] = [],
): TransitionResult {
  const chain: Target[] = [...before, { target: 'operator', destination: config.operator }];
  if (config.fallback) chain.push({ target: 'fallback', destination: config.fallback });
  const seen = new Set([describeDestination(next.destination)]);
  const remaining = chain.filter((t) => {
    const key = describeDestination(t.destination);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return dialTo(config, { ...snapshot, step: 'transfer' }, next, remaining, next.lead);
}

function dialTo(
  config: FlowConfig,
  snapshot: CallSnapshot,
  to: Target,
  remaining: Target[],
  lead: SayAction | PlayAction,
): TransitionResult {
  // The DID is one of our numbers, which Vonage requires as the caller ID of a connect.
  const callerId = /^\+\d+$/.test(snapshot.called) ? snapshot.called : null;
  // Told once, before the first recorded transfer of the call: the next ones are recorded too.
  const text = config.recording
    ? config.settings.recordingAnnouncement[snapshot.language]
    : undefined;
  const announcement = text && !snapshot.transfer ? [prompt(text, snapshot.language)] : [];
  return {
    snapshot: { ...snapshot, transfer: { ...to, remaining } },
    actions: [
      lead,
      ...announcement,
      {
        kind: 'dial',
        destination: to.destination,
        timeoutSec: config.settings.dialTimeoutSec,
        callerId,
        // Whoever answers hears who is calling before the caller is put through.
        whisper: { target: to.target },
        ...(config.recording ? { record: true } : {}),
      },
    ],
    effects: [],
  };
}

/** Straight to the operator, with the usual chain behind (fallback number). */
export function toOperator(config: FlowConfig, snapshot: CallSnapshot): TransitionResult {
  const language = snapshot.language;
  return beginTransfer(config, snapshot, {
    target: 'operator',
    destination: config.operator,
    lead: prompt(config.settings.prompts[language].connectingOperator, language),
  });
}

/** The far end answered, or did not: hang up after a bridged call, else try the next one. */
export function onDialEnded(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Extract<CallEvent, { type: 'dial.ended' }>,
): TransitionResult {
  const language = snapshot.language;
  const current = snapshot.transfer;
  const logged = withPath(
    { ...snapshot, step: 'transfer' },
    { at: event.at, input: null, result: `${current?.target ?? 'unknown'}:${event.outcome}` },
  );
  if (event.outcome === 'answered') {
    return {
      snapshot: { ...logged, step: 'ended', answeredBy: current?.target ?? null },
      actions: [{ kind: 'hangup' }],
      effects: [],
    };
  }
  if (event.outcome === 'canceled') {
    // The caller hung up while the transfer rang: nobody is left to connect.
    return { snapshot: { ...logged, step: 'ended' }, actions: [{ kind: 'hangup' }], effects: [] };
  }
  if (!current) {
    // No record of who we dialled (lost state): the operator is the safe next step.
    return beginTransfer(config, logged, {
      target: 'operator',
      destination: config.operator,
      lead: prompt(config.settings.prompts[language].connectingOperator, language),
    });
  }
  const [next, ...rest] = current.remaining;
  if (!next) {
    return {
      snapshot: { ...logged, step: 'ended' },
      actions: [
        prompt(config.settings.prompts[language].allUnavailable, language),
        { kind: 'hangup' },
      ],
      effects: [],
    };
  }
  return dialTo(
    config,
    logged,
    next,
    rest,
    prompt(config.settings.prompts[language].destinationUnavailable, language),
  );
}
