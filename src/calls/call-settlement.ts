import type { AutomationSettings } from '../automation/automation-settings.js';
import { evaluateRules } from '../automation/evaluate-rules.js';
import { maskPhone } from '../lib/mask.js';
import type { Logger } from '../lib/logger.js';
import type { TaskStore } from '../tasks/task-store.js';
import type { CallLogPort } from './call-log-port.js';
import { deriveOutcome } from './derive-outcome.js';
import { callsByOutcome } from '../observability/metrics.js';

/** Calls whose rules one sweep evaluates at most; the next sweep takes the rest. */
const SWEEP_BATCH = 100;

/**
 * Turns what the call log knows into the call's outcome, and, once the call has been over
 * for a moment, into tasks. The pause matters: providers send the last Dial action, connect
 * event and status callback as separate requests in no fixed order, so rules that ran on the
 * first terminal report could call back a caller whose transfer was in fact answered.
 */
export class CallSettlement {
  constructor(
    private readonly deps: {
      callLog: CallLogPort;
      tasks: TaskStore;
      automation: AutomationSettings;
      logger: Logger;
      /** Adds the settled call to the analytics rollups (docs/analytics.md), once. */
      rollup?: { addCall(callId: string): Promise<boolean> };
    },
  ) {}

  /**
   * What a call-log write needs to recompute the outcome itself, in its own transaction
   * (CallLogPort.recordProgress): the same computation as `refresh`.
   */
  get outcomeOptions(): { fullContactSec: number } {
    return { fullContactSec: this.deps.automation.fullContactSec };
  }

  /** Recomputes and stores the outcome from everything received so far. */
  async refresh(callId: string, at: string): Promise<void> {
    const stored = await this.deps.callLog.loadFacts(callId);
    if (!stored) return;
    const summary = deriveOutcome(stored.facts, {
      fullContactSec: this.deps.automation.fullContactSec,
    });
    await this.deps.callLog.saveOutcome(callId, stored.facts.status, summary, at);
  }

  /**
   * Runs the automation rules of every call over for at least `settleSec` (at most once per
   * call: task ids are deterministic and the call is marked). Returns the tasks created.
   */
  async applyDueRules(now: string): Promise<number> {
    const { callLog, tasks, automation, logger } = this.deps;
    const endedBefore = new Date(Date.parse(now) - automation.settleSec * 1000).toISOString();
    let created = 0;
    for (const callId of await callLog.listAwaitingRules(endedBefore, SWEEP_BATCH)) {
      const stored = await callLog.loadFacts(callId);
      if (!stored) continue;
      const summary = deriveOutcome(stored.facts, { fullContactSec: automation.fullContactSec });
      await callLog.saveOutcome(callId, stored.facts.status, summary, now);
      const { facts } = stored;
      const drafts =
        summary.outcome === null
          ? []
          : evaluateRules(automation, {
              callId,
              outcome: summary.outcome,
              direction: facts.direction,
              endedAt: facts.endedAt ?? now,
              waitSec: summary.waitSec,
              attempt: facts.direction === 'outbound' ? (stored.attempt ?? 1) : 0,
              // Inbound: the caller; a callback: the customer we called.
              customerPhone: facts.direction === 'outbound' ? stored.called : stored.caller,
              customerId: stored.customerId,
              language: stored.language,
            });
      const added = drafts.length > 0 ? await tasks.addTasks(drafts, now) : 0;
      await callLog.markRulesApplied(callId, now);
      // Settled: its place in the analytics is final now. A failure leaves it for the
      // rebuild (npm run analytics:rebuild) and never stops the rules of the others.
      await this.deps.rollup?.addCall(callId).catch((err: unknown) => {
        logger.error(
          { callId, err: err instanceof Error ? err.message : String(err) },
          'analytics rollup: call not added',
        );
      });
      // Counted here, once per call: the rules run once, after the outcome has settled.
      callsByOutcome.inc({ outcome: summary.outcome ?? 'UNKNOWN' });
      created += added;
      if (drafts.length > 0) {
        logger.info(
          {
            callId,
            outcome: summary.outcome,
            caller: maskPhone(stored.caller),
            tasks: drafts.map((d) => `${d.ruleId}:${d.kind}`),
          },
          'automation rules fired',
        );
      }
    }
    return created;
  }
}
