import { describe, expect, it } from 'vitest';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import { buildFlowConfig } from '../../src/flow/build-flow-config.js';
import type { CallSnapshot } from '../../src/flow/snapshot.js';
import { transition } from '../../src/flow/transition.js';

const flow = buildFlowConfig(loadIvrSettings(null), {
  defaultLanguage: 'ru',
  companyTimeZone: 'Asia/Almaty',
  operator: { type: 'number', number: '+77172000000' },
  fallback: null,
});
const at = '2026-11-21T07:00:00.000Z';

describe('the flow is a pure transition over a JSON snapshot', () => {
  it('a new call asks for the CRM lookup as a named effect, and says nothing yet', () => {
    const r = transition(flow, null, {
      type: 'call.started',
      at,
      provider: 'twilio',
      callId: 'CA1',
      from: '+77071234567',
      to: '+77172123456',
    });
    expect(r.effects).toEqual([{ type: 'crm.lookupCaller', phone: '+77071234567' }]);
    expect(r.actions).toEqual([]);
    expect(r.snapshot.step).toBe('lookup');
  });

  it('restoring a snapshot from JSON does not replay entry effects', () => {
    const started = transition(flow, null, {
      type: 'call.started',
      at,
      provider: 'vonage',
      callId: 'u1',
      from: '+77071234567',
      to: '+77172123456',
    });
    const found = transition(flow, started.snapshot, { type: 'crm.notFound', at, outages: [] });
    const restored = JSON.parse(JSON.stringify(found.snapshot)) as CallSnapshot;
    expect(restored).toEqual(found.snapshot);
    const next = transition(flow, restored, {
      type: 'input.received',
      at,
      digits: '1',
      speech: null,
    });
    // The lookup is not replayed: the only effect is keeping the choice for the number.
    expect(next.effects).toEqual([
      { type: 'store.rememberLanguage', phone: '+77071234567', language: 'ru' },
    ]);
    expect(next.snapshot.step).toBe('menu');
    expect(next.snapshot.path.filter((p) => p.result === 'unknown')).toHaveLength(1);
  });

  it('does not mutate the snapshot it is given', () => {
    const started = transition(flow, null, {
      type: 'call.started',
      at,
      provider: 'twilio',
      callId: 'CA2',
      from: null,
      to: '+77172123456',
    });
    const frozen = structuredClone(started.snapshot);
    transition(flow, started.snapshot, { type: 'input.received', at, digits: '2', speech: null });
    expect(started.snapshot).toEqual(frozen);
  });

  it('a late CRM answer after the flow moved on changes nothing', () => {
    const started = transition(flow, null, {
      type: 'call.started',
      at,
      provider: 'twilio',
      callId: 'CA3',
      from: null,
      to: '+77172123456',
    });
    const late = transition(flow, started.snapshot, { type: 'crm.timeout', at });
    expect(late.actions).toEqual([]);
    expect(late.snapshot).toBe(started.snapshot);
  });

  it('the call record carries the whole path', () => {
    let s = transition(flow, null, {
      type: 'call.started',
      at,
      provider: 'twilio',
      callId: 'CA4',
      from: '+77071234567',
      to: '+77172123456',
    }).snapshot;
    s = transition(flow, s, { type: 'crm.failed', at, error: 'down' }).snapshot;
    s = transition(flow, s, { type: 'input.received', at, digits: '0', speech: null }).snapshot;
    const end = transition(flow, s, {
      type: 'call.ended',
      at,
      status: 'completed',
      durationSec: 30,
    });
    const effect = end.effects[0];
    expect(effect?.type).toBe('crm.recordCall');
    if (effect?.type !== 'crm.recordCall') return;
    expect(effect.record).toMatchObject({
      callId: 'CA4',
      customerId: null,
      transferredTo: '+77172000000',
      durationSec: 30,
    });
    expect(effect.record.path.map((p) => p.result)).toEqual([
      'crm-failed',
      'chosen:operator',
      'ended:completed',
    ]);
  });
});
