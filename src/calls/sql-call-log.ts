import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CallLogPort, OutboundCall, RecordOptions, StoredCallFacts } from './call-log-port.js';
import type { CallProgress } from './call-progress.js';
import { consistentTimes } from './call-times.js';
import {
  deriveOutcome,
  type OutcomeSummary,
  type TransferAttempt,
  type TransferResult,
} from './derive-outcome.js';
import { dedupeKey, mergeStatusReports, type MergedStatus } from './merge-status-reports.js';
import {
  TERMINAL_STATUSES,
  type AmdResult,
  type CallStatusName,
  type StatusReport,
} from './status-report.js';
import type { CallStatusReportsTable, AppDatabase } from '../store/database-schema.js';
import { compiledQuery, type Slots } from '../store/compiled-query.js';

type Db = Kysely<AppDatabase> | Transaction<AppDatabase>;

/*
 * The statements every webhook runs (recordProgress), built and compiled once
 * (compiledQuery) rather than per call.
 */
const upsertCallRow = compiledQuery(
  (
    db: Db,
    p: Slots<{
      callId: string;
      provider: string;
      direction: string;
      caller: string | null;
      called: string;
      campaign: string | null;
      customerId: string | null;
      language: string;
      startedAt: string;
      answeredAt: string | null;
      lastStep: string | null;
      transferredTo: string | null;
      answeredBy: string | null;
      selfServed: number;
      pathJson: string;
      segment: string | null;
      firstRanked: string | null;
      pilotArm: string | null;
      at: string;
    }>,
  ) =>
    db
      .insertInto('calls')
      .values({
        call_id: p.callId,
        provider: p.provider,
        direction: p.direction,
        caller: p.caller,
        called: p.called,
        campaign: p.campaign,
        customer_id: p.customerId,
        language: p.language,
        started_at: p.startedAt,
        answered_at: p.answeredAt,
        last_step: p.lastStep,
        transferred_to: p.transferredTo,
        answered_by: p.answeredBy,
        self_served: p.selfServed,
        path_json: p.pathJson,
        segment: p.segment,
        first_ranked: p.firstRanked,
        pilot_arm: p.pilotArm,
        updated_at: p.at,
      })
      .onConflict((oc) =>
        oc.column('call_id').doUpdateSet((eb) => ({
          customer_id: eb.fn.coalesce('excluded.customer_id', 'calls.customer_id'),
          language: eb.ref('excluded.language'),
          last_step: eb.fn.coalesce('excluded.last_step', 'calls.last_step'),
          transferred_to: eb.fn.coalesce('excluded.transferred_to', 'calls.transferred_to'),
          answered_by: eb.fn.coalesce('excluded.answered_by', 'calls.answered_by'),
          self_served: eb.ref('excluded.self_served'),
          path_json: eb.ref('excluded.path_json'),
          // The latest knowledge: `unknown` while the lookup runs, the customer's after.
          segment: eb.fn.coalesce('excluded.segment', 'calls.segment'),
          first_ranked: eb.fn.coalesce('excluded.first_ranked', 'calls.first_ranked'),
          pilot_arm: eb.fn.coalesce('excluded.pilot_arm', 'calls.pilot_arm'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
);

const openStepOf = compiledQuery((db: Db, p: Slots<{ callId: string }>) =>
  db
    .selectFrom('call_steps')
    .select(['seq', 'entered_at'])
    .where('call_id', '=', p.callId)
    .where('left_at', 'is', null)
    .orderBy('seq', 'desc')
    .limit(1),
);

const closeStepRow = compiledQuery(
  (
    db: Db,
    p: Slots<{
      callId: string;
      seq: number;
      at: string;
      leftBy: string;
      inputKind: string | null;
      input: string | null;
      confidence: number | null;
      durationMs: number;
    }>,
  ) =>
    db
      .updateTable('call_steps')
      .set({
        left_at: p.at,
        left_by: p.leftBy,
        input_kind: p.inputKind,
        input: p.input,
        confidence: p.confidence,
        duration_ms: p.durationMs,
      })
      .where('call_id', '=', p.callId)
      .where('seq', '=', p.seq),
);

const lastSeqOf = {
  call_steps: compiledQuery((db: Db, p: Slots<{ callId: string }>) =>
    db
      .selectFrom('call_steps')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('call_id', '=', p.callId),
  ),
  call_transfers: compiledQuery((db: Db, p: Slots<{ callId: string }>) =>
    db
      .selectFrom('call_transfers')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('call_id', '=', p.callId),
  ),
};

const insertStep = compiledQuery(
  (
    db: Db,
    p: Slots<{
      callId: string;
      seq: number;
      step: string;
      at: string;
      prompt: string | null;
      leftAt: string | null;
      leftBy: string | null;
      durationMs: number | null;
    }>,
  ) =>
    db.insertInto('call_steps').values({
      call_id: p.callId,
      seq: p.seq,
      step: p.step,
      entered_at: p.at,
      prompt: p.prompt,
      input_kind: null,
      input: null,
      confidence: null,
      left_at: p.leftAt,
      left_by: p.leftBy,
      duration_ms: p.durationMs,
    }),
);

/** A stored report as the merge reads it (the columns hold only values it wrote). */
function toReport(r: Selectable<CallStatusReportsTable>): StatusReport {
  return {
    provider: r.provider,
    callId: r.call_id,
    status: r.status as CallStatusName,
    sequence: r.sequence,
    timestamp: r.timestamp,
    durationSec: r.duration_sec,
    direction: r.direction as StatusReport['direction'],
    amd: r.amd as AmdResult | null,
    recordingUrl: r.recording_url,
  };
}

const millisBetween = (from: string, to: string): number =>
  Math.max(0, Date.parse(to) - Date.parse(from));

/**
 * The call log in the embedded CRM's tables (`calls`, `call_steps`, `call_transfers`,
 * `call_status_reports`, migration 007; `calls.context_json`, migration 010). Each method is
 * one transaction.
 */
export class SqlCallLog implements CallLogPort {
  constructor(
    private readonly db: Kysely<AppDatabase>,
    /** The campaign or source of a DID, from the automation settings' mapping. */
    private readonly campaignFor: (did: string) => string | null = () => null,
  ) {}

  async recordProgress(p: CallProgress, options?: RecordOptions): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (p.call) await this.upsertCall(trx, p.callId, p.at, p.call);
      if (p.transferContext) {
        // On the call row, the last transfer's: the context differs between a call's
        // transfers only in the target, which call_transfers already lists.
        await trx
          .updateTable('calls')
          .set({ context_json: JSON.stringify(p.transferContext) })
          .where('call_id', '=', p.callId)
          .execute();
      }
      if (p.close) await this.closeStep(trx, p.callId, p.at, p.close);
      if (p.transferEnded) {
        await trx
          .updateTable('call_transfers')
          .set({
            ended_at: p.at,
            result: p.transferEnded.result,
            talk_sec: p.transferEnded.talkSec,
          })
          .where('call_id', '=', p.callId)
          .where('ended_at', 'is', null)
          .execute();
      }
      if (p.transferStarted) {
        await trx
          .insertInto('call_transfers')
          .values({
            call_id: p.callId,
            seq: (await this.lastSeq(trx, 'call_transfers', p.callId)) + 1,
            target: p.transferStarted.target,
            destination: p.transferStarted.destination,
            started_at: p.at,
            ended_at: null,
            result: null,
            talk_sec: null,
            amd: null,
          })
          .execute();
      }
      if (p.open) {
        await insertStep.rows(trx, {
          callId: p.callId,
          seq: (await this.lastSeq(trx, 'call_steps', p.callId)) + 1,
          step: p.open.step,
          at: p.at,
          prompt: p.open.prompt,
          leftAt: p.open.closedBy ? p.at : null,
          leftBy: p.open.closedBy,
          durationMs: p.open.closedBy ? 0 : null,
        });
      }
      if (options?.outcome) {
        // What CallSettlement.refresh does, inside this webhook's transaction.
        const stored = await this.loadFactsIn(trx, p.callId);
        if (stored) {
          const summary = deriveOutcome(stored.facts, options.outcome);
          await this.saveOutcomeIn(trx, p.callId, stored.facts.status, summary, p.at);
        }
      }
    });
  }

  async recordOutbound(call: OutboundCall): Promise<void> {
    await this.db
      .insertInto('calls')
      .values({
        call_id: call.callId,
        provider: call.provider,
        direction: 'outbound',
        caller: call.caller,
        called: call.called,
        campaign: null,
        customer_id: call.customerId,
        language: call.language,
        started_at: call.startedAt,
        path_json: '[]',
        self_served: 0,
        task_id: call.taskId,
        attempt: call.attempt,
        last_step: 'callback',
        updated_at: call.startedAt,
      })
      .onConflict((oc) => oc.column('call_id').doNothing())
      .execute();
  }

  async recordStatus(report: StatusReport, receivedAt: string): Promise<StatusReport[]> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('call_status_reports')
        .values({
          dedupe_key: dedupeKey(report),
          call_id: report.callId,
          provider: report.provider,
          status: report.status,
          sequence: report.sequence,
          timestamp: report.timestamp,
          duration_sec: report.durationSec,
          direction: report.direction,
          amd: report.amd,
          recording_url: report.recordingUrl,
          received_at: receivedAt,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
      const rows = await trx
        .selectFrom('call_status_reports')
        .selectAll()
        .where('call_id', '=', report.callId)
        .execute();
      const reports = rows.map(toReport);
      const merged = mergeStatusReports(reports);
      if (merged) {
        // The row may not exist yet (a status callback can beat the first webhook's write):
        // the update then changes nothing and the next report or outcome fills it in.
        await trx
          .updateTable('calls')
          .set((eb) => ({
            status: merged.status,
            // Twilio sends an inbound number's callbacks for `completed` only: the answer
            // time we stored when our IVR picked up stays unless a report says otherwise.
            answered_at: eb.fn.coalesce(eb.val(merged.answeredAt), eb.ref('answered_at')),
            // A transfer's recording (its own callback) stays when a later report has none.
            recording_url: eb.fn.coalesce(eb.val(merged.recordingUrl), eb.ref('recording_url')),
            updated_at: receivedAt,
          }))
          .where('call_id', '=', report.callId)
          .execute();
      }
      return reports;
    });
  }

  async recordLegAmd(callId: string, amd: AmdResult): Promise<void> {
    const last = await this.lastSeq(this.db, 'call_transfers', callId);
    await this.db
      .updateTable('call_transfers')
      .set({ amd })
      .where('call_id', '=', callId)
      .where('seq', '=', last)
      .execute();
  }

  loadFacts(callId: string): Promise<StoredCallFacts | null> {
    return this.loadFactsIn(this.db, callId);
  }

  private async loadFactsIn(db: Db, callId: string): Promise<StoredCallFacts | null> {
    const row = await db
      .selectFrom('calls')
      .selectAll()
      .where('call_id', '=', callId)
      .executeTakeFirst();
    if (!row) return null;
    const transfers = await db
      .selectFrom('call_transfers')
      .selectAll()
      .where('call_id', '=', callId)
      .orderBy('seq')
      .execute();
    const reports = await db
      .selectFrom('call_status_reports')
      .selectAll()
      .where('call_id', '=', callId)
      .execute();
    const merged = mergeStatusReports(reports.map(toReport));
    const attempts = transfers.map((t): TransferAttempt => ({
      target: t.target,
      destination: t.destination,
      startedAt: t.started_at,
      endedAt: t.ended_at,
      result: t.result as TransferResult | null,
      talkSec: t.talk_sec,
      amd: t.amd as AmdResult | null,
    }));
    return {
      facts: {
        direction: row.direction === 'outbound' ? 'outbound' : 'inbound',
        startedAt: row.started_at,
        status: merged,
        endedAt: merged?.endedAt ?? row.ended_at,
        transfers: attempts,
        selfServed: row.self_served === 1,
        lastStep: row.last_step ?? 'lookup',
        firstTransferAt: attempts[0]?.startedAt ?? null,
      },
      caller: row.caller,
      called: row.called,
      customerId: row.customer_id,
      language: row.language,
      attempt: row.attempt,
      taskId: row.task_id,
      rulesAppliedAt: row.rules_applied_at,
    };
  }

  saveOutcome(
    callId: string,
    merged: MergedStatus | null,
    s: OutcomeSummary,
    at: string,
  ): Promise<void> {
    return this.saveOutcomeIn(this.db, callId, merged, s, at);
  }

  private async saveOutcomeIn(
    db: Db,
    callId: string,
    merged: MergedStatus | null,
    s: OutcomeSummary,
    at: string,
  ): Promise<void> {
    const row = await db
      .selectFrom('calls')
      .select(['started_at', 'answered_at', 'ended_at'])
      .where('call_id', '=', callId)
      .executeTakeFirst();
    if (!row) return;
    // start ≤ answer ≤ end, whatever the precision of each clock (src/calls/call-times.ts).
    const times = consistentTimes({
      startedAt: row.started_at,
      answeredAt: row.answered_at,
      endedAt: merged?.endedAt ?? row.ended_at,
    });
    await db
      .updateTable('calls')
      .set({
        answered_at: times.answeredAt,
        ended_at: times.endedAt,
        // Facts only grow, so "no outcome yet" after one was stored comes from a writer that
        // read before another instance's final status committed: it must not erase it (the
        // settle sweep lists only calls with an outcome, and recomputes it from all facts).
        ...(s.outcome === null ? {} : { outcome: s.outcome, full_contact: s.fullContact ? 1 : 0 }),
        duration_sec: s.totalSec,
        talk_sec: s.talkSec,
        ivr_sec: s.ivrSec,
        wait_sec: s.waitSec,
        ivr_outcome: s.ivr.outcome,
        ivr_abandoned_at: s.ivr.abandonedAt,
        updated_at: at,
      })
      .where('call_id', '=', callId)
      .execute();
  }

  async listAwaitingRules(endedBefore: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('calls')
      .select('call_id')
      // Over with no outcome stored too: with several instances the final status and the
      // last webhook can be written at once, each transaction computing the outcome without
      // the other's facts; the sweep then computes it from all of them.
      .where((eb) =>
        eb.or([eb('outcome', 'is not', null), eb('status', 'in', [...TERMINAL_STATUSES])]),
      )
      .where('rules_applied_at', 'is', null)
      .where('ended_at', '<=', endedBefore)
      .orderBy('ended_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.call_id);
  }

  async markRulesApplied(callId: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('calls')
      .set({ rules_applied_at: at })
      .where('call_id', '=', callId)
      .where('rules_applied_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async upsertCall(
    trx: Db,
    callId: string,
    at: string,
    c: NonNullable<CallProgress['call']>,
  ): Promise<void> {
    await upsertCallRow.rows(trx, {
      callId,
      provider: c.provider,
      direction: c.direction,
      caller: c.caller,
      called: c.called,
      campaign: this.campaignFor(c.called),
      customerId: c.customerId,
      language: c.language,
      startedAt: c.startedAt,
      // An inbound call reaches us answered: the IVR picks up at the first webhook.
      answeredAt: c.direction === 'inbound' ? c.startedAt : null,
      lastStep: c.lastStep,
      transferredTo: c.transferredTo,
      answeredBy: c.answeredBy,
      selfServed: c.selfServed ? 1 : 0,
      pathJson: JSON.stringify(c.path),
      segment: c.segment ?? null,
      firstRanked: c.firstRanked ?? null,
      pilotArm: c.pilotArm ?? null,
      at,
    });
  }

  private async closeStep(
    trx: Db,
    callId: string,
    at: string,
    close: NonNullable<CallProgress['close']>,
  ): Promise<void> {
    const open = await openStepOf.first(trx, { callId });
    if (!open) return;
    await closeStepRow.rows(trx, {
      callId,
      seq: open.seq,
      at,
      leftBy: close.leftBy,
      inputKind: close.inputKind,
      input: close.input,
      confidence: close.confidence,
      durationMs: millisBetween(open.entered_at, at),
    });
  }

  private async lastSeq(
    db: Db,
    table: 'call_steps' | 'call_transfers',
    callId: string,
  ): Promise<number> {
    const row = await lastSeqOf[table].first(db, { callId });
    return Number(row?.seq ?? 0);
  }
}
