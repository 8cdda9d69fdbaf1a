import type { FlowEdge } from './flow-edge.js';

/**
 * Draws edges with the same steps and the same outcome once, listing their triggers
 * (`busy, no-answer, failed, canceled → operator`), so the diagram stays readable. Edges
 * without an outcome are kept apart: there the trigger itself is the reason to draw them.
 */
export function mergeEdges(edges: readonly FlowEdge[]): FlowEdge[] {
  const merged = new Map<string, FlowEdge>();
  edges.forEach((edge, index) => {
    const key = edge.outcome
      ? JSON.stringify([edge.from, edge.to, edge.outcome, edge.effects])
      : `single:${index}`;
    const existing = merged.get(key);
    if (!existing) merged.set(key, { ...edge });
    else if (!existing.trigger.split(', ').includes(edge.trigger)) {
      existing.trigger = `${existing.trigger}, ${edge.trigger}`;
    }
  });
  return [...merged.values()];
}
