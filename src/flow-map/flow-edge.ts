import type { Step } from '../flow/snapshot.js';

/**
 * A node of the call-flow map: a step of the flow, or the start and end of a call.
 * `final` is what a call becomes after `call.ended`: the runtime deletes its session.
 */
export type FlowNode = 'start' | Step | 'final';

/** One observed transition of the flow, as the explorer found it. */
export interface FlowEdge {
  from: FlowNode;
  to: FlowNode;
  /** What happened: `key 1`, `silence`, `busy`, `crm.timeout`, `call.started (withheld)`. */
  trigger: string;
  /** What the flow made of it, when the step names alone do not say: `(sales)`, `→ operator`. */
  outcome: string;
  /** Effects the transition asked for (`crm.lookupCaller`, `crm.recordCall`). */
  effects: string[];
}

/** The whole map: deduplicated edges in the order they were discovered. */
export interface FlowMap {
  edges: FlowEdge[];
}

/** `trigger outcome / effects`, the UML-like label of an edge (`busy → operator`). */
export function edgeLabel(edge: Pick<FlowEdge, 'trigger' | 'outcome' | 'effects'>): string {
  const outcome = edge.outcome ? ` ${edge.outcome}` : '';
  const effects = edge.effects.length > 0 ? ` / ${edge.effects.join(', ')}` : '';
  return `${edge.trigger}${outcome}${effects}`;
}

/** Identity of an edge for deduplication. */
export function edgeKey(edge: FlowEdge): string {
  return JSON.stringify([edge.from, edge.to, edge.trigger, edge.outcome, edge.effects]);
}
