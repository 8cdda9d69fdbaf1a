import type { Campaign, CampaignFields } from './campaign.js';

/** How a caller left a campaign message (docs/campaigns.md, "Tracking"). */
export type CampaignPlayOutcome = 'playing' | 'listened' | 'interrupted' | 'hung-up';

/** A campaign message a caller reached: written when reached, updated when left. */
export interface CampaignPlay {
  /** `<callId>:<n>`: the n-th campaign message of the call. */
  id: string;
  callId: string;
  campaignId: string;
  provider: string;
  controlPoint: string;
  /** The customer id, or `phone:<hash>` for a number the CRM does not know. */
  customerKey: string;
  customerId: string | null;
  segment: string;
  language: string;
  /** YYYY-MM-DD in the company's zone. */
  day: string;
  reachedAt: string;
}

/** How a play ended: its outcome, the key or words heard, whether the action was taken. */
export interface CampaignPlayEnd {
  id: string;
  outcome: Exclude<CampaignPlayOutcome, 'playing'>;
  input: string | null;
  responded: boolean;
  endedAt: string;
}

/** The counts of a campaign report, for a whole period, one segment or one day. */
export interface CampaignCounts {
  reached: number;
  listenedToEnd: number;
  interrupted: number;
  responded: number;
  hungUpDuring: number;
  /** Shares of `reached`, 0..1; null when nothing was reached. */
  listenedToEndRate: number | null;
  respondedRate: number | null;
  hungUpDuringRate: number | null;
}

export interface CampaignReport {
  campaign: Campaign;
  totals: CampaignCounts;
  bySegment: Array<{ segment: string } & CampaignCounts>;
  byDay: Array<{ day: string } & CampaignCounts>;
}

export type DeleteResult = 'deleted' | 'not-found' | 'heard';

/**
 * Campaigns and their plays in the app's database (docs/campaigns.md). The call flow reads
 * the running ones at each call; the API, the console and the CRM file write them.
 */
export interface CampaignStore {
  list(): Promise<Campaign[]>;
  get(id: string): Promise<Campaign | null>;
  /** Null when a campaign with this id exists already. */
  create(fields: CampaignFields & { id: string }, now: string): Promise<Campaign | null>;
  /** Replaces every field but the id and createdAt; null when there is no such campaign. */
  replace(id: string, fields: CampaignFields, now: string): Promise<Campaign | null>;
  /** Creates or replaces (the CRM file's import). */
  upsert(fields: CampaignFields & { id: string }, now: string): Promise<Campaign>;
  stop(id: string, now: string): Promise<Campaign | null>;
  /** Only a campaign nobody has heard: the report of one that played must stay. */
  delete(id: string): Promise<DeleteResult>;
  /** Active campaigns whose dates include `day` (YYYY-MM-DD, company zone). */
  running(day: string): Promise<Campaign[]>;
  /** How many times the customer (key) reached each of these campaigns, on any call. */
  playCounts(customerKey: string, campaignIds: readonly string[]): Promise<Map<string, number>>;
  recordReached(play: CampaignPlay): Promise<void>;
  recordEnd(end: CampaignPlayEnd): Promise<void>;
  /** The report over days `from`..`to` inclusive (null: unbounded). */
  report(id: string, from: string | null, to: string | null): Promise<CampaignReport | null>;
}
