import { edgeLabel, type FlowEdge, type FlowNode } from './flow-edge.js';
import { mergeEdges } from './merge-edges.js';

/**
 * Order of nodes in the text, roughly the order a call visits them. A step added to the flow
 * later sorts before `transfer` until it is listed here; the drift test shows the change.
 */
const ORDER: readonly string[] = [
  'start',
  'lookup',
  'language',
  'menu',
  'transfer',
  'ended',
  'final',
];

const rank = (node: FlowNode): number => {
  const i = ORDER.indexOf(node);
  return i >= 0 ? i : ORDER.indexOf('transfer') - 0.5;
};

const mermaidId = (node: FlowNode): string => (node === 'start' || node === 'final' ? '[*]' : node);

/**
 * A Mermaid `stateDiagram-v2` of the map. Edges are merged (see mergeEdges) and sorted by
 * step, then by discovery, so the text changes only when the flow does.
 */
export function renderMermaid(edges: readonly FlowEdge[]): string {
  const ordered = mergeEdges(edges)
    .map((edge, index) => ({ edge, index }))
    .sort(
      (a, b) =>
        rank(a.edge.from) - rank(b.edge.from) ||
        rank(a.edge.to) - rank(b.edge.to) ||
        a.index - b.index,
    );
  const lines = ordered.map(
    ({ edge }) => `    ${mermaidId(edge.from)} --> ${mermaidId(edge.to)} : ${edgeLabel(edge)}`,
  );
  return ['stateDiagram-v2', ...lines].join('\n');
}
