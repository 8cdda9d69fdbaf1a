import { sql, type Kysely, type Selectable } from 'kysely';
import type { AppDatabase, CampaignsTable } from '../store/database-schema.js';
import type { Campaign, CampaignFields } from './campaign.js';
import type {
  CampaignCounts,
  CampaignPlay,
  CampaignPlayEnd,
  CampaignReport,
  CampaignStore,
  DeleteResult,
} from './campaign-store.js';

/** How long the running campaigns of a day are reused before they are read again, ms. */
export const RUNNING_CACHE_MS = 5000;

const json = (value: unknown) => JSON.stringify(value);

function toRow(fields: CampaignFields & { id: string }, now: string) {
  return {
    id: fields.id,
    name: fields.name,
    control_point: fields.controlPoint,
    messages_json: json(fields.messages),
    action_json: fields.action ? json(fields.action) : null,
    starts_on: fields.startsOn,
    ends_on: fields.endsOn,
    segments_json: json(fields.segments),
    languages_json: fields.languages ? json(fields.languages) : null,
    customer_ids_json: fields.customerIds ? json(fields.customerIds) : null,
    priority: fields.priority,
    max_plays_per_customer: fields.maxPlaysPerCustomer,
    status: fields.status,
    updated_at: now,
  };
}

function fromRow(row: Selectable<CampaignsTable>): Campaign {
  return {
    id: row.id,
    name: row.name,
    controlPoint: row.control_point,
    messages: JSON.parse(row.messages_json) as Campaign['messages'],
    action: row.action_json ? (JSON.parse(row.action_json) as Campaign['action']) : null,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    segments: JSON.parse(row.segments_json) as string[],
    languages: row.languages_json
      ? (JSON.parse(row.languages_json) as Campaign['languages'])
      : null,
    customerIds: row.customer_ids_json ? (JSON.parse(row.customer_ids_json) as string[]) : null,
    priority: Number(row.priority),
    maxPlaysPerCustomer:
      row.max_plays_per_customer === null ? null : Number(row.max_plays_per_customer),
    status: row.status === 'stopped' ? 'stopped' : 'active',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function counts(row: {
  reached: unknown;
  listened: unknown;
  interrupted: unknown;
  responded: unknown;
  hung_up: unknown;
}): CampaignCounts {
  const reached = Number(row.reached ?? 0);
  const listenedToEnd = Number(row.listened ?? 0);
  const interrupted = Number(row.interrupted ?? 0);
  const responded = Number(row.responded ?? 0);
  const hungUpDuring = Number(row.hung_up ?? 0);
  return {
    reached,
    listenedToEnd,
    interrupted,
    responded,
    hungUpDuring,
    listenedToEndRate: rate(listenedToEnd, reached),
    respondedRate: rate(responded, reached),
    hungUpDuringRate: rate(hungUpDuring, reached),
  };
}

/**
 * Campaigns and plays through Kysely (SQLite or PostgreSQL). The running campaigns of a day
 * are kept for RUNNING_CACHE_MS, dropped at once by any write through this store: a call
 * costs no query most of the time, and a change is heard on the next call of this process
 * (other processes see it within RUNNING_CACHE_MS).
 */
export class SqlCampaignStore implements CampaignStore {
  private cache: { day: string; at: number; campaigns: Promise<Campaign[]> } | null = null;

  constructor(
    private readonly db: Kysely<AppDatabase>,
    private readonly cacheMs: number = RUNNING_CACHE_MS,
  ) {}

  async list(): Promise<Campaign[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .orderBy('starts_on', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async get(id: string): Promise<Campaign | null> {
    const row = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async create(fields: CampaignFields & { id: string }, now: string): Promise<Campaign | null> {
    this.cache = null;
    const result = await this.db
      .insertInto('campaigns')
      .values({ ...toRow(fields, now), created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    return this.get(fields.id);
  }

  async replace(id: string, fields: CampaignFields, now: string): Promise<Campaign | null> {
    this.cache = null;
    const result = await this.db
      .updateTable('campaigns')
      .set(toRow({ ...fields, id }, now))
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return this.get(id);
  }

  async upsert(fields: CampaignFields & { id: string }, now: string): Promise<Campaign> {
    this.cache = null;
    const row = toRow(fields, now);
    const { id: _id, ...changes } = row;
    await this.db
      .insertInto('campaigns')
      .values({ ...row, created_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet(changes))
      .execute();
    return (await this.get(fields.id))!;
  }

  async stop(id: string, now: string): Promise<Campaign | null> {
    this.cache = null;
    const result = await this.db
      .updateTable('campaigns')
      .set({ status: 'stopped', updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return this.get(id);
  }

  async delete(id: string): Promise<DeleteResult> {
    this.cache = null;
    return this.db.transaction().execute(async (trx) => {
      const heard = await trx
        .selectFrom('campaign_plays')
        .select('id')
        .where('campaign_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (heard) return 'heard';
      const result = await trx.deleteFrom('campaigns').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0 ? 'deleted' : 'not-found';
    });
  }

  running(day: string): Promise<Campaign[]> {
    const now = Date.now();
    const cached = this.cache;
    if (cached && cached.day === day && now - cached.at < this.cacheMs) return cached.campaigns;
    const campaigns = this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('status', '=', 'active')
      .where('starts_on', '<=', day)
      .where('ends_on', '>=', day)
      .execute()
      .then((rows) => rows.map(fromRow));
    const entry = { day, at: now, campaigns };
    this.cache = entry;
    // A failed read is not kept: the next call asks again.
    campaigns.catch(() => {
      if (this.cache === entry) this.cache = null;
    });
    return campaigns;
  }

  async playCounts(
    customerKey: string,
    campaignIds: readonly string[],
  ): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    if (campaignIds.length === 0) return found;
    const rows = await this.db
      .selectFrom('campaign_plays')
      .select(['campaign_id', (eb) => eb.fn.countAll().as('plays')])
      .where('customer_key', '=', customerKey)
      .where('campaign_id', 'in', [...campaignIds])
      .groupBy('campaign_id')
      .execute();
    for (const row of rows) found.set(row.campaign_id, Number(row.plays));
    return found;
  }

  async recordReached(play: CampaignPlay): Promise<void> {
    await this.db
      .insertInto('campaign_plays')
      .values({
        id: play.id,
        call_id: play.callId,
        campaign_id: play.campaignId,
        provider: play.provider,
        control_point: play.controlPoint,
        customer_key: play.customerKey,
        customer_id: play.customerId,
        segment: play.segment,
        language: play.language,
        day: play.day,
        reached_at: play.reachedAt,
        ended_at: null,
        outcome: 'playing',
        input: null,
        responded: 0,
      })
      // A provider's retry of the same webhook reaches the same play: stored once.
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async recordEnd(end: CampaignPlayEnd): Promise<void> {
    await this.db
      .updateTable('campaign_plays')
      .set({
        outcome: end.outcome,
        input: end.input,
        responded: end.responded ? 1 : 0,
        ended_at: end.endedAt,
      })
      .where('id', '=', end.id)
      .execute();
  }

  async report(id: string, from: string | null, to: string | null): Promise<CampaignReport | null> {
    const campaign = await this.get(id);
    if (!campaign) return null;
    let base = this.db.selectFrom('campaign_plays').where('campaign_id', '=', id);
    if (from !== null) base = base.where('day', '>=', from);
    if (to !== null) base = base.where('day', '<=', to);
    const sums = [
      sql<number>`count(*)`.as('reached'),
      sql<number>`sum(case when outcome = 'listened' then 1 else 0 end)`.as('listened'),
      sql<number>`sum(case when outcome = 'interrupted' then 1 else 0 end)`.as('interrupted'),
      sql<number>`sum(responded)`.as('responded'),
      sql<number>`sum(case when outcome = 'hung-up' then 1 else 0 end)`.as('hung_up'),
    ] as const;
    const [total, segments, days] = await Promise.all([
      base.select([...sums]).executeTakeFirst(),
      base
        .select(['segment', ...sums])
        .groupBy('segment')
        .orderBy('segment')
        .execute(),
      base
        .select(['day', ...sums])
        .groupBy('day')
        .orderBy('day')
        .execute(),
    ]);
    return {
      campaign,
      totals: counts(
        total ?? { reached: 0, listened: 0, interrupted: 0, responded: 0, hung_up: 0 },
      ),
      bySegment: segments.map((row) => ({ segment: row.segment, ...counts(row) })),
      byDay: days.map((row) => ({ day: row.day, ...counts(row) })),
    };
  }
}
