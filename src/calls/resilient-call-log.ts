import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../lib/logger.js';
import { isTransientStoreError } from '../store/transient-store-error.js';
import type { CallLogPort, OutboundCall, RecordOptions, StoredCallFacts } from './call-log-port.js';
import type { CallProgress } from './call-progress.js';
import type { OutcomeSummary } from './derive-outcome.js';
import type { MergedStatus } from './merge-status-reports.js';
import type { StatusReport } from './status-report.js';

/** The writes of the call log, by name: what a queued or spooled write calls again. */
type WriteMethod =
  | 'recordProgress'
  | 'recordOutbound'
  | 'recordStatus'
  | 'recordLegAmd'
  | 'saveOutcome'
  | 'markRulesApplied';

/** One write as kept in memory or in the spool file (plain JSON). */
interface Write {
  method: WriteMethod;
  callId: string;
  args: unknown[];
}

export interface ResilientCallLogOptions {
  logger: Logger;
  /**
   * How long a webhook waits for its write while the store answers, ms; past it the
   * webhook is answered and the write goes on. While a write is known to be waiting for
   * the store, others do not wait at all.
   */
  waitMs?: number;
  /** Writes kept in memory at most; past it they go to the spool file. */
  maxQueued?: number;
  /** Where writes that do not fit in memory (or are left at shutdown) are kept. */
  spoolFile: string | null;
  /** First pause before a write is tried again, ms; doubles up to maxRetryPauseMs. */
  retryPauseMs?: number;
  maxRetryPauseMs?: number;
}

const DEFAULTS = { waitMs: 20, maxQueued: 10_000, retryPauseMs: 50, maxRetryPauseMs: 2000 };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The call log in front of a store that may be locked, slow or down (docs/call-log.md,
 * "When the store is unavailable"). Each write is started at once and the webhook waits for
 * it at most `waitMs`; the writes of one call run in order, one after the other; a write
 * that fails because the store is unavailable (locked, unreachable) is tried again, with a
 * growing pause, until it is stored. Nothing is dropped without a log line: a write the
 * store refuses for good (a bug, a constraint) is logged with its call and kind. Writes
 * that do not fit in memory go to a spool file (JSON lines), replayed in order when the
 * store is back and at the next start; `close()` spools what is still waiting.
 */
export class ResilientCallLog implements CallLogPort {
  private readonly options: Required<Omit<ResilientCallLogOptions, 'spoolFile'>> & {
    spoolFile: string | null;
  };
  /** The last write of each call still under way: the next one of the call waits for it. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Writes in memory not yet stored, by call. */
  private readonly queuedByCall = new Map<string, number>();
  private queued = 0;
  /** Writes currently retrying because the store is unavailable. */
  private waitingForStore = 0;
  /** True while the spool file holds writes: every new write goes there too, in order. */
  private spooling = false;
  private replaying: Promise<void> | null = null;
  private closed = false;
  /** Calls with a write that had to wait for the store: caught up, their outcome is redone. */
  private readonly delayedCalls = new Set<string>();
  private caughtUp: ((callId: string) => Promise<unknown>) | null = null;

  constructor(
    private readonly inner: CallLogPort,
    options: ResilientCallLogOptions,
  ) {
    this.options = { ...DEFAULTS, ...options };
    const file = this.options.spoolFile;
    if (file && (existsSync(file) || existsSync(replayingFile(file)))) this.spooling = true;
  }

  /**
   * What to do once every delayed write of a call is stored: the outcome computed while the
   * writes waited was computed from what the store had then (the call settlement refreshes
   * it here).
   */
  onCallCaughtUp(refresh: (callId: string) => Promise<unknown>): void {
    this.caughtUp = refresh;
  }

  /** How many writes wait for the store (in memory; the spool file is not counted). */
  get pending(): number {
    return this.queued;
  }

  /**
   * Writes the spool file left by an earlier run or an overflow, in order; resolves once
   * they are stored (or given up for good). Started by the constructor's owner at start.
   */
  replaySpool(): Promise<void> {
    if (!this.spooling || !this.options.spoolFile) return Promise.resolve();
    this.replaying ??= this.drainSpool().finally(() => {
      this.replaying = null;
    });
    return this.replaying;
  }

  /** Resolves once every write in memory is stored (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.chains.size > 0 || this.replaying) {
      await Promise.all([...this.chains.values(), this.replaying]);
    }
  }

  /**
   * Waits up to `graceMs` for the writes in memory, then spools what is left and stops
   * taking writes in memory: the next start replays the spool.
   */
  async close(graceMs = 2000): Promise<void> {
    await Promise.race([this.flush(), sleep(graceMs)]);
    this.closed = true;
    const left = [...this.pendingWrites.values()];
    if (left.length > 0 && this.options.spoolFile) {
      // Older than anything spooled past the bound: they go first, so each call's writes
      // stay in order.
      const file = this.options.spoolFile;
      const spooled = existsSync(file) ? readFileSync(file, 'utf8') : '';
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, left.map((w) => `${JSON.stringify(w)}\n`).join('') + spooled);
      this.spooling = true;
      this.options.logger.warn(
        { writes: left.length, spool: this.options.spoolFile },
        'call log: writes still waiting for the store spooled at shutdown',
      );
    }
  }

  recordProgress(progress: CallProgress, options?: RecordOptions): Promise<void> {
    return this.write({
      method: 'recordProgress',
      callId: progress.callId,
      args: options ? [progress, options] : [progress],
    });
  }

  recordOutbound(call: OutboundCall): Promise<void> {
    return this.write({ method: 'recordOutbound', callId: call.callId, args: [call] });
  }

  async recordStatus(report: StatusReport, receivedAt: string): Promise<StatusReport[]> {
    const result = await this.write<StatusReport[]>({
      method: 'recordStatus',
      callId: report.callId,
      args: [report, receivedAt],
    });
    return result ?? [];
  }

  recordLegAmd(callId: string, amd: 'human' | 'machine' | 'unknown'): Promise<void> {
    return this.write({ method: 'recordLegAmd', callId, args: [callId, amd] });
  }

  saveOutcome(
    callId: string,
    merged: MergedStatus | null,
    summary: OutcomeSummary,
    at: string,
  ): Promise<void> {
    return this.write({ method: 'saveOutcome', callId, args: [callId, merged, summary, at] });
  }

  async markRulesApplied(callId: string, at: string): Promise<boolean> {
    const marked = await this.write<boolean>({
      method: 'markRulesApplied',
      callId,
      args: [callId, at],
    });
    return marked === true;
  }

  loadFacts(callId: string): Promise<StoredCallFacts | null> {
    return this.inner.loadFacts(callId);
  }

  /** A call whose writes still wait for the store is not settled yet: its rules wait too. */
  async listAwaitingRules(endedBefore: string, limit: number): Promise<string[]> {
    const ids = await this.inner.listAwaitingRules(endedBefore, limit);
    if (this.spooling) return [];
    return ids.filter((id) => !this.queuedByCall.has(id));
  }

  /** Writes in memory not stored yet, by a key of their own (spooled at shutdown). */
  private readonly pendingWrites = new Map<number, Write>();
  private nextKey = 0;

  private async write<T>(w: Write): Promise<T | undefined> {
    if (this.closed || this.spooling || this.queued >= this.options.maxQueued) {
      this.toSpool(w);
      return undefined;
    }
    const key = this.nextKey++;
    this.pendingWrites.set(key, w);
    this.queued += 1;
    this.queuedByCall.set(w.callId, (this.queuedByCall.get(w.callId) ?? 0) + 1);
    let result: T | undefined;
    const previous = this.chains.get(w.callId) ?? Promise.resolve();
    const done = previous.then(async () => {
      result = await this.store<T>(w);
    });
    const settled = done.finally(() => {
      this.pendingWrites.delete(key);
      this.queued -= 1;
      const left = (this.queuedByCall.get(w.callId) ?? 1) - 1;
      if (left === 0) this.queuedByCall.delete(w.callId);
      else this.queuedByCall.set(w.callId, left);
      if (this.chains.get(w.callId) === settled) {
        this.chains.delete(w.callId);
        if (this.delayedCalls.delete(w.callId)) this.catchUp(w.callId);
      }
      if (this.queued === 0 && this.spooling) void this.replaySpool();
    });
    this.chains.set(w.callId, settled);
    // While another write waits for the store this one would only wait for nothing.
    const waitMs = this.waitingForStore > 0 ? 0 : this.options.waitMs;
    const timedOut = await Promise.race([
      settled.then(() => false),
      sleep(waitMs).then(() => true),
    ]);
    if (timedOut) {
      this.delayedCalls.add(w.callId);
      this.options.logger.warn(
        { callId: w.callId, write: w.method, waiting: this.queued },
        'call log: store slow or unavailable, answering first; the write is kept and retried',
      );
    }
    return result;
  }

  private catchUp(callId: string): void {
    const refresh = this.caughtUp;
    if (!refresh) return;
    refresh(callId).catch((err: unknown) => {
      this.options.logger.error(
        { callId, err: message(err) },
        'call log: outcome after delayed writes not refreshed',
      );
    });
  }

  /** Stores one write, retrying while the store is unavailable; never rejects. */
  private async store<T>(w: Write): Promise<T | undefined> {
    let pause = this.options.retryPauseMs;
    let waiting = false;
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const result = (await callWrite(this.inner, w)) as T;
          if (attempt > 1) {
            this.options.logger.info(
              { callId: w.callId, write: w.method, attempts: attempt },
              'call log: delayed write stored',
            );
          }
          return result;
        } catch (err) {
          if (!isTransientStoreError(err)) {
            this.options.logger.error(
              { callId: w.callId, write: w.method, err: message(err) },
              'call log: write refused by the store, not stored',
            );
            return undefined;
          }
          if (!waiting) {
            waiting = true;
            this.waitingForStore += 1;
            this.options.logger.warn(
              { callId: w.callId, write: w.method, err: message(err) },
              'call log: store unavailable, the write waits and is retried',
            );
          }
          await sleep(pause);
          pause = Math.min(pause * 2, this.options.maxRetryPauseMs);
        }
      }
    } finally {
      if (waiting) this.waitingForStore -= 1;
    }
  }

  private toSpool(w: Write): void {
    if (!this.options.spoolFile) {
      this.options.logger.error(
        { callId: w.callId, write: w.method },
        'call log: too many writes waiting and no spool file: write not stored',
      );
      return;
    }
    if (!this.spooling) {
      this.options.logger.error(
        { waiting: this.queued, spool: this.options.spoolFile },
        'call log: too many writes waiting for the store: spooling to file',
      );
    }
    this.spool([w]);
  }

  private spool(writes: Write[]): void {
    const file = this.options.spoolFile;
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, writes.map((w) => `${JSON.stringify(w)}\n`).join(''));
    this.spooling = true;
  }

  /**
   * Stores the spooled writes in order. The file is renamed before it is read, so writes
   * spooled meanwhile start a new file (read on the next pass) and a stop half-way leaves
   * the renamed file for the next start; it is removed once its writes are stored.
   */
  private async drainSpool(): Promise<void> {
    const file = this.options.spoolFile;
    if (!file) return;
    const taken = replayingFile(file);
    let stored = 0;
    for (;;) {
      if (!existsSync(taken)) {
        if (!existsSync(file)) break;
        renameSync(file, taken);
      }
      const writes = readFileSync(taken, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Write);
      for (const w of writes) {
        await this.store(w);
        stored += 1;
      }
      rmSync(taken, { force: true });
    }
    this.spooling = false;
    if (stored > 0) {
      this.options.logger.info({ writes: stored }, 'call log: spooled writes stored');
    }
  }
}

/** Calls the call log's method a write names with its arguments. */
function callWrite(log: CallLogPort, w: Write): Promise<unknown> {
  const a = w.args as [never, never, never, never];
  switch (w.method) {
    case 'recordProgress':
      return log.recordProgress(a[0]);
    case 'recordOutbound':
      return log.recordOutbound(a[0]);
    case 'recordStatus':
      return log.recordStatus(a[0], a[1]);
    case 'recordLegAmd':
      return log.recordLegAmd(a[0], a[1]);
    case 'saveOutcome':
      return log.saveOutcome(a[0], a[1], a[2], a[3]);
    case 'markRulesApplied':
      return log.markRulesApplied(a[0], a[1]);
  }
}

/** The spool file while its writes are being stored. */
function replayingFile(file: string): string {
  return `${file}.replaying`;
}
