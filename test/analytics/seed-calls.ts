import { sql, type Kysely } from 'kysely';
import type { AppDatabase } from '../../src/store/database-schema.js';

/** One call of a hand-counted set, as the call log stores it once settled. */
export interface SeedCall {
  id: string;
  provider?: 'twilio' | 'vonage';
  direction?: 'inbound' | 'outbound';
  language?: string;
  segment?: string | null;
  arm?: 'personalised' | 'control' | null;
  startedAt?: string;
  ivrSec?: number | null;
  ivrOutcome?: string | null;
  abandonedAt?: string | null;
  outcome?: string | null;
  firstRanked?: string | null;
  answeredBy?: string | null;
  /** `PathEntry.result`s, in order. */
  results?: string[];
  steps?: Array<{ step: string; inputKind?: 'digits' | 'speech'; leftBy: string }>;
}

/**
 * The `calls.pilot_arm` column of the pilot's assignment, when this database's migrations
 * have not added it: the rollup reads it loosely, so the seeded arms are kept either way.
 */
async function pilotArmColumn(db: Kysely<AppDatabase>): Promise<void> {
  try {
    await sql`select pilot_arm from calls limit 1`.execute(db);
  } catch {
    await sql`alter table calls add column pilot_arm text`.execute(db);
  }
}

export async function seedCalls(db: Kysely<AppDatabase>, calls: SeedCall[]): Promise<void> {
  await pilotArmColumn(db);
  for (const c of calls) {
    const started = c.startedAt ?? '2026-11-23T05:00:00.000Z';
    await db
      .insertInto('calls')
      .values({
        call_id: c.id,
        provider: c.provider ?? 'twilio',
        direction: c.direction ?? 'inbound',
        caller: '+77050000000',
        called: '+77172123456',
        campaign: null,
        customer_id: null,
        language: c.language ?? 'ru',
        started_at: started,
        answered_at: started,
        ended_at: started,
        status: 'completed',
        outcome: c.outcome === undefined ? 'ANSWERED' : c.outcome,
        full_contact: 1,
        duration_sec: c.ivrSec ?? 0,
        talk_sec: 0,
        ivr_sec: c.ivrSec ?? null,
        wait_sec: 0,
        ivr_outcome: c.ivrOutcome ?? null,
        ivr_abandoned_at: c.abandonedAt ?? null,
        last_step: null,
        transferred_to: null,
        answered_by: c.answeredBy ?? null,
        recording_url: null,
        self_served: c.ivrOutcome === 'self-served' ? 1 : 0,
        path_json: JSON.stringify(
          (c.results ?? []).map((result) => ({ step: 'menu', at: started, input: null, result })),
        ),
        task_id: null,
        attempt: null,
        rules_applied_at: null,
        context_json: null,
        segment: c.segment === undefined ? 'regular' : c.segment,
        first_ranked: c.firstRanked ?? null,
        rolled_up_at: null,
        updated_at: started,
      })
      .execute();
    if (c.arm) {
      await sql`update calls set pilot_arm = ${c.arm} where call_id = ${c.id}`.execute(db);
    }
    let seq = 0;
    for (const s of c.steps ?? []) {
      seq += 1;
      await db
        .insertInto('call_steps')
        .values({
          call_id: c.id,
          seq,
          step: s.step,
          entered_at: started,
          prompt: null,
          input_kind: s.inputKind ?? null,
          input: s.inputKind ? 'x' : null,
          confidence: null,
          left_at: started,
          left_by: s.leftBy,
          duration_ms: 0,
        })
        .execute();
    }
  }
}
