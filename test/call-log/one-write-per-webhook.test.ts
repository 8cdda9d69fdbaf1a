import { beforeEach, describe, expect, it } from 'vitest';
import type { CallLogPort } from '../../src/calls/call-log-port.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp } from '../support/test-app.js';
import { DATABASES, useTestDatabase } from '../support/test-databases.js';
import { advance, callRow } from './call-log-helpers.js';

const IVAN = '+79165551234';
const MONDAY_NOON = '2026-11-23T07:00:00.000Z';

/** The call log's writes, by method, as the runtime asks for them (each one transaction). */
function countingWrites(inner: CallLogPort) {
  const writes: string[] = [];
  const log: CallLogPort = {
    recordProgress: (p, o) => {
      writes.push(o?.outcome ? 'recordProgress+outcome' : 'recordProgress');
      return inner.recordProgress(p, o);
    },
    recordOutbound: (c) => (writes.push('recordOutbound'), inner.recordOutbound(c)),
    recordStatus: (r, at) => (writes.push('recordStatus'), inner.recordStatus(r, at)),
    recordLegAmd: (id, amd) => (writes.push('recordLegAmd'), inner.recordLegAmd(id, amd)),
    saveOutcome: (id, m, s, at) => (writes.push('saveOutcome'), inner.saveOutcome(id, m, s, at)),
    markRulesApplied: (id, at) => (writes.push('markRulesApplied'), inner.markRulesApplied(id, at)),
    loadFacts: (id) => inner.loadFacts(id),
    listAwaitingRules: (before, limit) => inner.listAwaitingRules(before, limit),
  };
  return { log, writes };
}

describe.each(DATABASES)('on %s', (kind) => {
  beforeEach(() => useTestDatabase(kind));
  describe.each(PROVIDERS)('$name: one call-log transaction per webhook', (provider) => {
    it('the transfer result and the final status store the outcome in the same write as their progress', async () => {
      let counted: ReturnType<typeof countingWrites> | undefined;
      const t = await buildTestApp({
        now: MONDAY_NOON,
        wrapCallLog: (inner) => (counted = countingWrites(inner)).log,
      });
      const writes = counted!.writes;
      const call = provider.call(t, IVAN);
      await call.start();
      await call.press('1');
      expect(writes.splice(0)).toEqual(['recordProgress', 'recordProgress']);

      await call.dialOutcome('answered', 95);
      // The transfer's result and the outcome it changes: one write, no separate saveOutcome.
      expect(writes.splice(0)).toEqual(['recordProgress+outcome']);
      // Talk time is the outcome's (written by that computation); the call is not over yet.
      expect(await callRow(t, call.id)).toMatchObject({ outcome: null, talk_sec: 95 });

      advance(t, 120);
      await call.hangup();
      // The report (kept as received), then the call's end with its outcome.
      expect(writes.splice(0)).toEqual(['recordStatus', 'recordProgress+outcome']);
      expect(await callRow(t, call.id)).toMatchObject({
        status: 'completed',
        outcome: 'ANSWERED',
        full_contact: 1,
        talk_sec: 95,
        ivr_outcome: 'transferred',
      });
    });
  });
});
