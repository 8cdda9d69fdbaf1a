import type { FlowConfig } from '../flow/settings.js';
import type { CallSnapshot } from '../flow/snapshot.js';
import type { TransitionResult } from '../flow/transition-result.js';
import { transition } from '../flow/transition.js';
import { describeOutcome } from './describe-outcome.js';
import { edgeKey, type FlowEdge, type FlowMap } from './flow-edge.js';
import { probesFor, startProbes, type Awaiting } from './probe-events.js';

/**
 * More distinct states than any sane flow has. Exceeding it means a snapshot field that
 * grows without bound slipped into the state key: fail loudly rather than draw half a map.
 */
const MAX_STATES = 1000;

interface State {
  snapshot: CallSnapshot;
  awaiting: Awaiting;
}

/**
 * Maps the call flow by running the pure `transition` from `call.started` (with a caller and
 * withheld) and feeding every reached state a representative set of the events it can
 * receive (see probesFor). Each configuration is explored separately and the edges merged,
 * so optional parts of the flow (a fallback number) appear too. Pure: no I/O.
 *
 * States are told apart by the step and the snapshot fields that change what happens next
 * (invalid tries, CRM status, current transfer target and who is left to try, the kind of
 * item the predicted-reason question is about); path,
 * language and customer only change what is said, so the exploration terminates.
 */
export function exploreFlow(configs: readonly FlowConfig[]): FlowMap {
  const edges = new Map<string, FlowEdge>();
  const add = (edge: FlowEdge) => {
    const key = edgeKey(edge);
    if (!edges.has(key)) edges.set(key, edge);
  };

  for (const config of configs) {
    const seen = new Set<string>();
    const queue: State[] = [];
    const visit = (result: TransitionResult) => {
      const state = { snapshot: result.snapshot, awaiting: awaitingAfter(result) };
      const key = stateKey(state);
      if (seen.has(key)) return;
      if (seen.size >= MAX_STATES) {
        throw new Error(`exploreFlow: more than ${MAX_STATES} states; is the state key bounded?`);
      }
      seen.add(key);
      queue.push(state);
    };

    for (const probe of startProbes()) {
      const result = transition(config, null, probe.event);
      add({
        from: 'start',
        to: result.snapshot.step,
        trigger: probe.trigger,
        outcome: describeOutcome(null, probe.event, result),
        effects: result.effects.map((e) => e.type),
      });
      visit(result);
    }

    for (let state = queue.shift(); state; state = queue.shift()) {
      for (const probe of probesFor(config, state.snapshot, state.awaiting)) {
        const before = state.snapshot;
        const result = transition(config, before, probe.event);
        if (isNoOp(before, result)) continue;
        // After call.ended the runtime deletes the session: nothing can follow.
        const ended = probe.event.type === 'call.ended';
        add({
          from: before.step,
          to: ended ? 'final' : result.snapshot.step,
          trigger: probe.trigger,
          outcome: describeOutcome(before, probe.event, result),
          effects: result.effects.map((e) => e.type),
        });
        if (!ended) visit(result);
      }
    }
  }
  return { edges: [...edges.values()] };
}

/** What the call waits for after this result: the effect's outcome, an answer, a dial, or the end. */
function awaitingAfter(result: TransitionResult): Awaiting {
  if (result.effects.some((e) => e.type === 'crm.lookupCaller')) return 'crm';
  if (result.effects.some((e) => e.type === 'crm.findContract')) return 'contract';
  if (result.effects.some((e) => e.type === 'crm.findExtension')) return 'extension';
  if (result.effects.some((e) => e.type === 'crm.activateTrustCredit')) return 'trust';
  if (result.effects.some((e) => e.type === 'sms.send')) return 'sms';
  if (result.effects.some((e) => e.type === 'crm.confirmAppointment')) return 'appointment';
  if (result.actions.some((a) => a.kind === 'gather')) return 'input';
  if (result.actions.some((a) => a.kind === 'dial')) return 'dial';
  return 'hangup';
}

function stateKey({ snapshot: s, awaiting }: State): string {
  return JSON.stringify([
    s.step,
    awaiting,
    s.tries,
    s.crm,
    s.transfer?.target ?? null,
    s.transfer?.remaining.map((r) => r.target) ?? null,
    s.selfService?.task ?? null,
    s.selfService?.tries ?? null,
    s.selfService?.contract ? 'contract' : null,
    s.employees.length,
    // At the question, what it is about decides what an answer does (status read, fraud
    // line, booking); later steps do not read it.
    s.step === 'predict' || s.step === 'appointment' ? (s.predicted?.item?.kind ?? null) : null,
  ]);
}

/** The flow ignored the event (e.g. a late CRM result): not an edge. */
function isNoOp(before: CallSnapshot, result: TransitionResult): boolean {
  return result.snapshot === before && result.actions.length === 0 && result.effects.length === 0;
}
