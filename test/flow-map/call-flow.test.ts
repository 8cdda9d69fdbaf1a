import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import { buildFlowConfig } from '../../src/flow/build-flow-config.js';
import {
  callFlowDiagram,
  callFlowDocument,
  mapShippedFlow,
} from '../../src/flow-map/call-flow-document.js';
import { withReadmeDiagram } from '../../src/flow-map/readme-diagram.js';
import { exploreFlow } from '../../src/flow-map/explore-flow.js';
import { edgeLabel, type FlowEdge, type FlowNode } from '../../src/flow-map/flow-edge.js';
import { mergeEdges } from '../../src/flow-map/merge-edges.js';

const settings = loadIvrSettings(null);
const map = mapShippedFlow(settings);
const has = (edges: readonly FlowEdge[], from: FlowNode, to: FlowNode, label: string) =>
  edges.some((e) => e.from === from && e.to === to && edgeLabel(e) === label);
const labelsOf = (edges: readonly FlowEdge[], from: FlowNode, to: FlowNode) =>
  edges.filter((e) => e.from === from && e.to === to).map(edgeLabel);

describe('docs/call-flow.md', () => {
  it('is what `npm run flow:diagram` generates from the current flow (run it after a flow change)', () => {
    const committed = readFileSync(new URL('../../docs/call-flow.md', import.meta.url), 'utf8');
    expect(committed).toBe(callFlowDocument(settings));
  });

  it('README.md shows the same generated diagram', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withReadmeDiagram(readme, callFlowDiagram(settings)));
    expect(readme).toContain('```mermaid\nstateDiagram-v2\n');
  });

  it('says it is generated and how to regenerate it, above a Mermaid state diagram', () => {
    const doc = callFlowDocument(settings);
    const diagramAt = doc.indexOf('```mermaid\nstateDiagram-v2\n');
    expect(diagramAt).toBeGreaterThan(0);
    expect(doc.slice(0, diagramAt)).toContain('npm run flow:diagram');
    expect(doc.slice(0, diagramAt)).toMatch(/generated/i);
  });

  it('draws merged edges as `from --> to : label` lines', () => {
    const doc = callFlowDocument(settings);
    expect(doc).toContain('    [*] --> lookup : call.started (caller) / crm.lookupCaller\n');
    expect(doc).toContain('    lookup --> menu : crm.timeout\n');
    expect(doc).toMatch(/^ {4}menu --> transfer : key 1\b.*\(sales\)$/m);
    expect(doc).toMatch(/^ {4}transfer --> transfer : busy\b.* → operator$/m);
    expect(doc).toContain('    transfer --> ended : answered\n');
    expect(doc).toContain('    ended --> [*] : call.ended / crm.recordCall\n');
  });
});

describe('the flow map explored from the real transition', () => {
  it('starts a call with a lookup, or with the language question when the number is withheld', () => {
    expect(has(map.edges, 'start', 'lookup', 'call.started (caller) / crm.lookupCaller')).toBe(
      true,
    );
    expect(has(map.edges, 'start', 'language', 'call.started (withheld)')).toBe(true);
  });

  it('greets by CRM outcome: known or remembered language → menu, unknown → language, slow or down → classic menu', () => {
    expect(labelsOf(map.edges, 'lookup', 'menu')).toEqual([
      'crm.found (language known)',
      'crm.notFound (language remembered)',
      'crm.found (no language, remembered) / crm.saveLanguage',
      'crm.timeout',
      'crm.failed',
    ]);
    expect(labelsOf(map.edges, 'lookup', 'language')).toEqual([
      'crm.found (no language)',
      'crm.notFound',
    ]);
  });

  it('moves from the language question to the menu whatever the answer', () => {
    for (const label of [
      'key 1 (ru)',
      'key 2 (kk)',
      'say «english» (en)',
      'key 9 (invalid)',
      'silence',
    ]) {
      expect(has(map.edges, 'language', 'menu', label), label).toBe(true);
    }
    expect(labelsOf(map.edges, 'language', 'transfer')).toEqual([]);
  });

  it('routes menu answers: departments, operator, silence and too many invalid answers', () => {
    for (const label of [
      'key 1 (sales)',
      'key 2 (support)',
      'key 3 (billing)',
      'key 0 (operator)',
      'say «оператор» (operator)',
      'silence → operator',
      `key 8 (invalid ×${settings.menu.maxTries}) → operator`,
      `low-confidence speech (invalid ×${settings.menu.maxTries}) → operator`,
    ]) {
      expect(has(map.edges, 'menu', 'transfer', label), label).toBe(true);
    }
    expect(has(map.edges, 'menu', 'menu', 'key 8 (invalid)')).toBe(true);
    expect(has(map.edges, 'menu', 'menu', 'low-confidence speech (invalid)')).toBe(true);
    expect(has(map.edges, 'menu', 'menu', 'call.continue')).toBe(true);
  });

  it('maps self-service: entry, read-back, the CRM answer, SMS, and giving up', () => {
    expect(has(map.edges, 'menu', 'contract-entry', 'key # (balance)')).toBe(true);
    expect(has(map.edges, 'menu', 'contract-entry', 'key 9 (trust)')).toBe(true);
    expect(has(map.edges, 'contract-entry', 'contract-confirm', 'number# (entered)')).toBe(true);
    expect(has(map.edges, 'contract-confirm', 'contract-entry', 'key * (re-enter)')).toBe(true);
    expect(has(map.edges, 'self-service', 'menu', 'sms.sent (sent)')).toBe(true);
    expect(has(map.edges, 'self-service', 'menu', 'contract (repaid late) (refused-blocked)')).toBe(
      true,
    );
    expect(has(map.edges, 'contract-entry', 'transfer', 'silence (no-input) → operator')).toBe(
      true,
    );
  });

  it('tries the operator, then the fallback, then gives up; an answered transfer ends', () => {
    expect(has(map.edges, 'transfer', 'transfer', 'busy → operator')).toBe(true);
    expect(has(map.edges, 'transfer', 'transfer', 'no-answer → fallback')).toBe(true);
    expect(has(map.edges, 'transfer', 'ended', 'answered')).toBe(true);
    expect(has(map.edges, 'transfer', 'ended', 'busy (nobody left)')).toBe(true);
  });

  it('without a fallback number the operator is the last try', () => {
    const defaults = parseConfig({});
    const { edges } = exploreFlow([buildFlowConfig(settings, { ...defaults, fallback: null })]);
    expect(edges.some((e) => edgeLabel(e).includes('fallback'))).toBe(false);
    expect(has(edges, 'transfer', 'ended', 'failed (nobody left)')).toBe(true);
  });

  it('records the call when it ends, from every step where a caller can hang up', () => {
    for (const from of ['language', 'menu', 'transfer', 'ended'] as const) {
      expect(has(map.edges, from, 'final', 'call.ended / crm.recordCall'), from).toBe(true);
    }
  });

  it('draws no edge no call can take: nothing leaves `ended` but the end, nothing re-enters the lookup', () => {
    expect(map.edges.filter((e) => e.from === 'ended').map((e) => e.to)).toEqual(['final']);
    expect(map.edges.filter((e) => e.to === 'lookup').map((e) => e.from)).toEqual(['start']);
  });

  it('has no duplicate edges and is the same on every run', () => {
    const keys = map.edges.map((e) => `${e.from}|${e.to}|${edgeLabel(e)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(mapShippedFlow(settings)).toEqual(map);
  });
});

describe('mergeEdges', () => {
  it('lists the triggers of edges with the same steps and outcome on one edge', () => {
    const edge = (trigger: string, outcome: string): FlowEdge => ({
      from: 'transfer',
      to: 'transfer',
      trigger,
      outcome,
      effects: [],
    });
    const merged = mergeEdges([
      edge('busy', '→ operator'),
      edge('no-answer', '→ operator'),
      edge('busy', '→ fallback'),
      edge('call.continue', ''),
      edge('silence', ''),
    ]);
    expect(merged.map(edgeLabel)).toEqual([
      'busy, no-answer → operator',
      'busy → fallback',
      'call.continue',
      'silence',
    ]);
  });
});
