import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { AppDatabase } from '../store/database-schema.js';
import { ANALYTICS_COUNTERS, zeroCounts, type Counts } from './analytics-counters.js';
import type { AnalyticsFilters } from './analytics-filters.js';
import { flowMetrics, type FlowMetrics } from './flow-metrics.js';
import { IVR_BUCKET_COLUMNS } from './ivr-time-buckets.js';
import { splitPeriod } from './split-period.js';

type Dimension = 'day' | 'provider' | 'language' | 'segment' | 'arm';
type Summed = { counts: Counts; histogram: number[] };

export interface PathNode {
  node: string;
  /** Moves into the node (a node visited twice in one call counts twice). */
  entered: number;
  /** Moves out of it to an IVR outcome `abandoned`: the caller hung up here. */
  dropped: number;
  dropOffRate: number | null;
  next: Array<{ node: string; moves: number; share: number | null }>;
}

/** One summed row of a rollup as counters and a histogram, under its group's value. */
function toSummed(
  r: Record<string, number | string | null>,
  dimension: Dimension | null,
): Summed & { group: string } {
  const counts = zeroCounts();
  for (const c of ANALYTICS_COUNTERS) counts[c] = Number(r[c] ?? 0);
  return {
    group: dimension ? String(r[dimension]) : '',
    counts,
    histogram: IVR_BUCKET_COLUMNS.map((b) => Number(r[b] ?? 0)),
  };
}

const OUTCOME_NODES = new Set(['self-served', 'transferred', 'abandoned', 'completed', 'unknown']);

/**
 * Reads the rollups (never the call log): each view is a handful of SUM … GROUP BY over
 * one row per day and key, so a year of calls answers in well under a second.
 */
export class SqlAnalyticsQueries {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async overview(f: AnalyticsFilters): Promise<{
    totals: FlowMetrics;
    abandonedAt: Array<{ node: string; calls: number }>;
    byDay: Array<FlowMetrics & { day: string }>;
    byProvider: Array<FlowMetrics & { provider: string }>;
    byLanguage: Array<FlowMetrics & { language: string }>;
    bySegment: Array<FlowMetrics & { segment: string }>;
    byArm: Array<FlowMetrics & { arm: string }>;
  }> {
    // Days from the daily rollup (365 groups at most); totals and breakdowns from whole
    // months of the monthly one plus the days at the ends.
    const [total] = await this.split(f, null);
    const by = async <D extends Dimension>(d: D) =>
      (d === 'day' ? await this.summed(f, 'day') : await this.split(f, d)).map(
        (s) =>
          ({ [d]: s.group, ...flowMetrics(s.counts, s.histogram) }) as FlowMetrics &
            Record<D, string>,
      );
    const abandonedAt = (await this.moves(f)).filter((e) => e.to === 'abandoned');
    return {
      totals: flowMetrics(total?.counts ?? zeroCounts(), total?.histogram ?? []),
      abandonedAt: abandonedAt
        .map((e) => ({ node: e.from, calls: e.moves }))
        .sort((a, b) => b.calls - a.calls),
      byDay: await by('day'),
      byProvider: await by('provider'),
      byLanguage: await by('language'),
      bySegment: await by('segment'),
      byArm: await by('arm'),
    };
  }

  async paths(f: AnalyticsFilters): Promise<{
    calls: number;
    nodes: PathNode[];
    edges: Array<{ from: string; to: string; moves: number }>;
  }> {
    const edges = (await this.moves(f)).sort((a, b) => b.moves - a.moves);
    const nodes = new Map<string, PathNode>();
    const node = (name: string): PathNode => {
      let n = nodes.get(name);
      if (!n) {
        n = { node: name, entered: 0, dropped: 0, dropOffRate: null, next: [] };
        nodes.set(name, n);
      }
      return n;
    };
    let calls = 0;
    for (const e of edges) {
      if (e.from === 'start') calls += e.moves;
      else node(e.from).next.push({ node: e.to, moves: e.moves, share: null });
      if (!OUTCOME_NODES.has(e.to)) node(e.to).entered += e.moves;
      if (e.to === 'abandoned' && e.from !== 'start') node(e.from).dropped += e.moves;
    }
    for (const n of nodes.values()) {
      n.dropOffRate = n.entered > 0 ? n.dropped / n.entered : null;
      for (const x of n.next) x.share = n.entered > 0 ? x.moves / n.entered : null;
    }
    return {
      calls,
      nodes: [...nodes.values()].sort((a, b) => b.entered - a.entered),
      edges,
    };
  }

  /** Summed counters and histograms of each pilot arm (`personalised`, `control`). */
  async arms(f: AnalyticsFilters): Promise<Map<string, Summed>> {
    const { arm: _ignored, ...rest } = f;
    const rows = await this.split(rest, 'arm');
    return new Map(rows.map((r) => [r.group, { counts: r.counts, histogram: r.histogram }]));
  }

  /**
   * Moves between nodes over the period, summed per (from, to): whole months from the
   * monthly rollup, the days at either end from the daily one.
   */
  private async moves(
    f: AnalyticsFilters,
  ): Promise<Array<{ from: string; to: string; moves: number }>> {
    const { months, dayRanges } = splitPeriod(f.from, f.to);
    const parts: Array<Array<{ from_node: string; to_node: string; moves: number | string }>> = [];
    for (const range of dayRanges) {
      parts.push(
        await this.filtered(this.db.selectFrom('analytics_edges'), { ...f, ...range })
          .select(['from_node', 'to_node'])
          .select((eb) => eb.fn.sum<number | string>('moves').as('moves'))
          .groupBy(['from_node', 'to_node'])
          .execute(),
      );
    }
    if (months.length > 0) {
      let q = this.db
        .selectFrom('analytics_edges_monthly')
        .select(['from_node', 'to_node'])
        .select((eb) => eb.fn.sum<number | string>('moves').as('moves'))
        .where('month', 'in', months);
      if (f.provider) q = q.where('provider', '=', f.provider);
      if (f.language) q = q.where('language', '=', f.language);
      if (f.segment) q = q.where('segment', '=', f.segment);
      if (f.arm) q = q.where('arm', '=', f.arm);
      parts.push(await q.groupBy(['from_node', 'to_node']).execute());
    }
    const summed = new Map<string, { from: string; to: string; moves: number }>();
    for (const r of parts.flat()) {
      const id = `${r.from_node}\u0000${r.to_node}`;
      const edge = summed.get(id) ?? { from: r.from_node, to: r.to_node, moves: 0 };
      edge.moves += Number(r.moves);
      summed.set(id, edge);
    }
    return [...summed.values()];
  }

  /**
   * Sums per `dimension` (or in all) over the period: whole months from `analytics_monthly`,
   * the days at either end from `analytics_daily`, merged.
   */
  private async split(
    f: AnalyticsFilters,
    dimension: Exclude<Dimension, 'day'> | null,
  ): Promise<Array<Summed & { group: string }>> {
    const { months, dayRanges } = splitPeriod(f.from, f.to);
    const parts: Array<Array<Summed & { group: string }>> = [];
    for (const range of dayRanges) parts.push(await this.summed({ ...f, ...range }, dimension));
    if (months.length > 0) {
      let q = this.db
        .selectFrom('analytics_monthly')
        .select((eb) =>
          [...ANALYTICS_COUNTERS, ...IVR_BUCKET_COLUMNS].map((c) =>
            eb.fn.sum<number | string | null>(c).as(c),
          ),
        )
        .where('month', 'in', months);
      if (f.provider) q = q.where('provider', '=', f.provider);
      if (f.language) q = q.where('language', '=', f.language);
      if (f.segment) q = q.where('segment', '=', f.segment);
      if (f.arm) q = q.where('arm', '=', f.arm);
      if (dimension) q = q.select(dimension).groupBy(dimension);
      const rows = (await q.execute()) as Array<Record<string, number | string | null>>;
      parts.push(rows.map((r) => toSummed(r, dimension)));
    }
    const merged = new Map<string, Summed & { group: string }>();
    for (const part of parts.flat()) {
      const into = merged.get(part.group);
      if (!into) {
        merged.set(part.group, part);
        continue;
      }
      for (const c of ANALYTICS_COUNTERS) into.counts[c] += part.counts[c];
      part.histogram.forEach((n, i) => (into.histogram[i] = (into.histogram[i] ?? 0) + n));
    }
    return [...merged.values()]
      .filter((r) => dimension === null || r.counts.calls > 0)
      .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  }

  private async summed(
    f: AnalyticsFilters,
    dimension: Dimension | null,
  ): Promise<Array<Summed & { group: string }>> {
    let q = this.filtered(this.db.selectFrom('analytics_daily'), f).select((eb) =>
      [...ANALYTICS_COUNTERS, ...IVR_BUCKET_COLUMNS].map((c) =>
        eb.fn.sum<number | string | null>(c).as(c),
      ),
    );
    if (dimension) q = q.select(dimension).groupBy(dimension).orderBy(dimension);
    const rows = (await q.execute()) as Array<Record<string, number | string | null>>;
    return rows
      .map((r) => toSummed(r, dimension))
      .filter((r) => dimension === null || r.counts.calls > 0);
  }

  private filtered<T extends 'analytics_daily' | 'analytics_edges'>(
    q: SelectQueryBuilder<AppDatabase, T, object>,
    f: AnalyticsFilters,
  ): SelectQueryBuilder<AppDatabase, T, object> {
    // Both tables carry the same key columns; typed through one of them.
    let out = q as unknown as SelectQueryBuilder<AppDatabase, 'analytics_daily', object>;
    out = out.where('day', '>=', f.from).where('day', '<=', f.to);
    if (f.provider) out = out.where('provider', '=', f.provider);
    if (f.language) out = out.where('language', '=', f.language);
    if (f.segment) out = out.where('segment', '=', f.segment);
    if (f.arm) out = out.where('arm', '=', f.arm);
    return out as unknown as SelectQueryBuilder<AppDatabase, T, object>;
  }
}
