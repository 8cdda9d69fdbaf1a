import type { CallEngine } from '../../src/simulator/call-engine.js';
import type { TestApp } from '../support/test-app.js';

/** Moves the app's (and the simulated provider's) clock on. */
export function advance(t: TestApp, seconds: number): void {
  t.clock.set(new Date(Date.parse(t.clock.now()) + seconds * 1000).toISOString());
}

/** The call's row in the call log. */
export function callRow(t: TestApp, callId: string) {
  return t.db
    .selectFrom('calls')
    .selectAll()
    .where('call_id', '=', callId)
    .executeTakeFirstOrThrow();
}

/** Every stored task, in the order the rules created them. */
export function taskRows(t: TestApp) {
  return t.db.selectFrom('tasks').selectAll().orderBy('created_at').orderBy('id').execute();
}

/**
 * A call nobody takes: the caller asks for sales (key 1), and sales, the operator and the
 * fallback number each ring out; the IVR apologises and the call ends.
 */
export async function nobodyAnswers(call: CallEngine): Promise<void> {
  await call.start();
  await call.press('1');
  for (let i = 0; i < 3; i += 1) await call.dialOutcome('no-answer');
  await call.hangup();
}
