import type { CallDetail, CallDirection, CallOutcome, CallSummary } from './call-views.js';

/**
 * Which calls to list. Every field narrows the set; absent fields do not filter. Values
 * arrive resolved: instants in UTC, numbers in E.164 (the HTTP layer turns dates in the
 * company's zone and numbers as people write them into these).
 */
export interface CallFilter {
  /** Calls started at or after this instant (ISO-8601 UTC, e.g. `2026-11-19T19:00:00.000Z`). */
  from?: string;
  /**
   * Calls started strictly before this instant (ISO-8601 UTC). Exclusive so that a whole
   * day is `[its midnight, next midnight)` whatever precision the stored times have.
   */
  to?: string;
  /** Any of these outcomes (column `outcome`); calls still running have none. */
  status?: CallOutcome[];
  customerId?: string;
  /** The called number (column `called`), E.164. */
  did?: string;
  direction?: CallDirection;
  campaign?: string;
}

export interface PageRequest {
  /** 1–200. */
  limit: number;
  /** `nextCursor` of the previous page (src/calls/call-cursor.ts); absent for the first. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** How many items the filter matches in all, across pages. */
  total: number;
}

/**
 * Reads the call log. Lists are newest first (`started_at desc, call_id desc`) and paged by
 * keyset over that pair, so calls arriving while a client walks the pages neither shift
 * nor repeat items.
 */
export interface CallQueries {
  listCalls(filter: CallFilter, page: PageRequest): Promise<Page<CallSummary>>;
  /** The call with its steps, transfers, status reports and path, or null when unknown. */
  getCall(callId: string): Promise<CallDetail | null>;
}
