import type { CallerLanguageStore } from '../caller-language/caller-language-store.js';
import type { CallLogPort } from '../calls/call-log-port.js';
import { callProgress, lateEventProgress } from '../calls/call-progress.js';
import type { CallSettlement } from '../calls/call-settlement.js';
import type { StatusReport } from '../calls/status-report.js';
import type { CrmPort } from '../crm/crm-port.js';
import type { CallAction } from '../flow/actions.js';
import type { CallEvent } from '../flow/events.js';
import type { FlowConfig } from '../flow/settings.js';
import type { CallSnapshot } from '../flow/snapshot.js';
import { questionOf, type Question } from '../flow/question.js';
import { recoverCall, type Parties } from '../flow/steps/start-call.js';
import type { TransferContext } from '../flow/transfer-context.js';
import { transition } from '../flow/transition.js';
import { maskPhone } from '../lib/mask.js';
import type { Logger } from '../lib/logger.js';
import type { SmsPort } from '../messaging/sms-port.js';
import type { ScreenPop } from '../operator-context/screen-pop.js';
import type { CallLock } from '../session/call-lock.js';
import { MemoryResponseStore, type ResponseStore } from '../session/response-store.js';
import type { SessionStore } from '../session/session-store.js';
import { callsRecovered, storeErrors, webhookRetriesReplayed } from '../observability/metrics.js';
import type { Clock } from './clock.js';
import { KeyedQueue } from './keyed-queue.js';
import { runEffect } from './run-effect.js';

/** An event as an adapter parses it; the runtime stamps `at` from its clock. */
export type IncomingEvent = CallEvent extends infer E
  ? E extends CallEvent
    ? Omit<E, 'at'>
    : never
  : never;

/** What a webhook tells the runtime besides its event. */
export interface WebhookContext {
  /** The question the answer belongs to, from the action URL (null: the URL named none). */
  question?: Question | null;
  /**
   * The provider's idempotency token (Twilio's `I-Twilio-Idempotency-Token`): a retry with
   * the same token is answered with the stored answer instead of being processed again.
   */
  retryToken?: string | null;
  /** The caller and our number as the payload names them (a lost call goes on with them). */
  parties?: Parties;
}

/** How long the answer to a provider's request is kept for its retries, seconds. */
const RETRY_ANSWER_TTL_SEC = 900;

export interface RuntimeDeps {
  flow: FlowConfig;
  crm: CrmPort;
  sms: SmsPort;
  sessions: SessionStore;
  clock: Clock;
  logger: Logger;
  crmTimeoutMs: number;
  sessionTtlSec: number;
  /** The call log (docs/call-log.md); without it calls are only recorded when they end. */
  callLog?: CallLogPort;
  settlement?: CallSettlement;
  /**
   * Posts each transfer's context to the screen-pop webhook (docs/operator-context.md);
   * fired when a transfer starts, never awaited. Absent: nothing is sent.
   */
  screenPop?: ScreenPop;
  /** The per-call order of webhooks; default: this process only (KeyedQueue). */
  locks?: CallLock;
  /** Answers kept for providers' retries; default: this process's memory. */
  responses?: ResponseStore;
  /**
   * The render-time step (docs/speech.md): prompts in languages a synthesiser speaks become
   * plays of cached audio, within the speech budget. Absent: the provider's voices say all.
   */
  voicePrompts?: (actions: CallAction[]) => Promise<CallAction[]>;
  /** Language choices by number (docs/caller-language.md); absent: nothing is remembered. */
  callerLanguages?: CallerLanguageStore;
}

/**
 * The provider-agnostic edge of the call flow. For one webhook it does:
 * load snapshot → transition → run effects (feeding results back) → save → return actions.
 * Webhooks of one call are handled one at a time, so a status callback racing a Dial action
 * cannot lose an update.
 */
export class CallRuntime {
  private readonly queue: CallLock;
  private readonly responses: ResponseStore;

  constructor(private readonly deps: RuntimeDeps) {
    this.queue = deps.locks ?? new KeyedQueue();
    this.responses = deps.responses ?? new MemoryResponseStore();
  }

  /** The runtime's clock: adapters stamp what the provider left undated with it. */
  now(): string {
    return this.deps.clock.now();
  }

  handle(
    provider: string,
    callId: string,
    event: IncomingEvent,
    context: WebhookContext = {},
  ): Promise<CallAction[]> {
    const actions = this.handleInOrder(provider, callId, event, context);
    // Outside the call's lock: the state is saved, only the answer's audio is chosen here.
    const voice = this.deps.voicePrompts;
    return voice ? actions.then(voice) : actions;
  }

  private handleInOrder(
    provider: string,
    callId: string,
    event: IncomingEvent,
    context: WebhookContext,
  ): Promise<CallAction[]> {
    const key = `${provider}:${callId}`;
    const token = context.retryToken;
    if (!token)
      return this.queue.run(key, () => this.process(key, provider, callId, event, context));
    // Checked under the call's lock, so a retry racing its original waits for its answer.
    return this.queue.run(key, async () => {
      const log = this.deps.logger.child({ provider, callId });
      const answerKey = `${key}:${token}`;
      const stored = await this.readStored(answerKey, log);
      if (stored) {
        log.info('provider retry: answered with the stored answer, not processed again');
        webhookRetriesReplayed.inc({ provider });
        return stored;
      }
      const actions = await this.process(key, provider, callId, event, context);
      try {
        await this.responses.set(answerKey, actions, RETRY_ANSWER_TTL_SEC);
      } catch (err) {
        storeErrors.inc({ store: 'responses', op: 'set' });
        log.warn({ err: (err as Error).message }, 'answer not kept for provider retries');
      }
      return actions;
    });
  }

  private async readStored(answerKey: string, log: Logger): Promise<CallAction[] | null> {
    try {
      return await this.responses.get(answerKey);
    } catch (err) {
      storeErrors.inc({ store: 'responses', op: 'get' });
      log.warn({ err: (err as Error).message }, 'stored answers unreadable: processing');
      return null;
    }
  }

  /**
   * A provider status report: stored in the call log (every one, in any order), then, for
   * the final one, the flow's `call.ended`, and the call's outcome recomputed.
   */
  handleStatus(report: StatusReport, event: IncomingEvent | null): Promise<void> {
    const key = `${report.provider}:${report.callId}`;
    return this.queue.run(key, async () => {
      const log = this.deps.logger.child({ provider: report.provider, callId: report.callId });
      await this.guard(log, 'status report', () =>
        this.deps.callLog?.recordStatus(report, this.deps.clock.now()),
      );
      // Every report, not only the final one: an `answered` arriving after `completed`
      // changes the merged facts, and the outcome must not depend on arrival order. With a
      // final event the outcome is recomputed in the same write as its progress.
      const settled = { done: false };
      if (event) await this.process(key, report.provider, report.callId, event, {}, settled);
      if (!settled.done) {
        await this.guard(log, 'call outcome', () =>
          this.deps.settlement?.refresh(report.callId, this.deps.clock.now()),
        );
      }
    });
  }

  /**
   * The stored state of a live call, read-only (the whisper to a transfer's answering leg
   * reads it while the caller's webhooks may go on); null when there is none.
   */
  async snapshotOf(provider: string, callId: string): Promise<CallSnapshot | null> {
    return this.deps.sessions.get(`${provider}:${callId}`);
  }

  /** Whether the call log has the call's final status (the caller is gone). */
  private async isOver(callId: string, log: Logger): Promise<boolean> {
    try {
      const stored = await this.deps.callLog?.loadFacts(callId);
      return stored?.facts.status?.terminal === true;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'call log unreadable: treating the call as live');
      return false;
    }
  }

  /**
   * A Dial action or connect event that arrives after the call's final status callback (the
   * providers send them as separate requests in no fixed order): nobody is left to hear a
   * menu, but the log learns how the transfer ended and the outcome is recomputed.
   */
  private async afterTheEnd(callId: string, event: CallEvent, log: Logger): Promise<CallAction[]> {
    log.info({ event: event.type }, 'webhook after the call ended: logged, call left to end');
    const { callLog, settlement } = this.deps;
    const late = lateEventProgress(callId, event);
    if (callLog && settlement) {
      // One transaction: the late event and the outcome it changes.
      const options = { outcome: settlement.outcomeOptions };
      await this.guard(log, 'late event', () => callLog.recordProgress(late, options));
    } else {
      await this.guard(log, 'late event', () => callLog?.recordProgress(late));
      await this.guard(log, 'call outcome', () => settlement?.refresh(callId, event.at));
    }
    return [{ kind: 'hangup' }];
  }

  /** Call-log writes never cost the caller the call: a failure is logged and skipped. */
  private async guard(log: Logger, what: string, write: () => Promise<unknown> | undefined) {
    try {
      await write();
    } catch (err) {
      log.error({ err: (err as Error).message }, `call log: ${what} not stored`);
    }
  }

  private async process(
    key: string,
    provider: string,
    callId: string,
    incoming: IncomingEvent,
    context: WebhookContext,
    /** Set by a status report: the outcome is recomputed with this progress (done told). */
    settle?: { done: boolean },
  ): Promise<CallAction[]> {
    const { deps } = this;
    const log = deps.logger.child({ provider, callId });
    let event: CallEvent = { ...incoming, at: deps.clock.now() };
    let snapshot: CallSnapshot | null = null;
    if (event.type === 'call.started') {
      log.info({ caller: maskPhone(event.from), called: maskPhone(event.to) }, 'call started');
    } else {
      snapshot = await this.load(key, log);
      if (!snapshot) {
        // A duplicate or late status callback after the call was recorded: nothing to do.
        if (event.type === 'call.ended') return [];
        if (await this.isOver(callId, log)) return this.afterTheEnd(callId, event, log);
        const question = context.question ?? null;
        log.warn(
          { event: event.type, question: question?.step ?? null },
          question
            ? 'no state for this call: resuming at the question its URL names'
            : 'no state for this call: continuing with the classic menu',
        );
        callsRecovered.inc({ provider, step: question?.step ?? 'none' });
        ({ snapshot, event } = recoverCall(
          deps.flow,
          { provider, callId, ...context.parties },
          question,
          event,
        ));
      }
    }

    let result = transition(deps.flow, snapshot, event);
    const actions = [...result.actions];
    let pending = result.effects;
    while (pending.length > 0) {
      const [effect, ...rest] = pending;
      const outcome = await runEffect({ ...deps, logger: log }, effect!);
      result = transition(deps.flow, result.snapshot, outcome);
      actions.push(...result.actions);
      pending = [...rest, ...result.effects];
    }

    const progress = callProgress({ event, after: result.snapshot, actions });
    if (progress.transferContext) this.popScreen(progress.transferContext, log);
    // Stored before the webhook is answered: nothing the caller did is lost if we crash next.
    // When the outcome may change it is recomputed in the same transaction: one commit.
    const { callLog, settlement } = this.deps;
    const refresh =
      settlement !== undefined &&
      (settle !== undefined || (event.type !== 'call.ended' && mayChangeOutcome(event)));
    if (refresh && callLog) {
      const options = { outcome: settlement.outcomeOptions };
      await this.guard(log, 'progress and outcome', () =>
        callLog.recordProgress(progress, options),
      );
      if (settle) settle.done = true;
    } else {
      await this.guard(log, 'progress', () => callLog?.recordProgress(progress));
      if (refresh)
        await this.guard(log, 'call outcome', () => settlement.refresh(callId, event.at));
      if (refresh && settle) settle.done = true;
    }
    await this.persist(key, event, result.snapshot, log);
    log.debug({ step: result.snapshot.step, actions: actions.map((a) => a.kind) }, 'transition');
    return withQuestion(actions, questionOf(result.snapshot));
  }

  /** The call's snapshot; an unreadable store counts as no snapshot (the call is recovered). */
  private async load(key: string, log: Logger): Promise<CallSnapshot | null> {
    try {
      return await this.deps.sessions.get(key);
    } catch (err) {
      storeErrors.inc({ store: 'sessions', op: 'get' });
      log.error({ err: (err as Error).message }, 'call state unreadable: recovering the call');
      return null;
    }
  }

  /**
   * Sends the screen pop and goes on without waiting: the transfer's TwiML/NCCO must not
   * wait for the receiver. The sender resolves on every failure; this catch is the last net.
   */
  private popScreen(context: TransferContext, log: Logger): void {
    const pop = this.deps.screenPop;
    if (!pop) return;
    pop(context).catch((err: unknown) => {
      log.error({ err: err instanceof Error ? err.message : String(err) }, 'screen pop failed');
    });
  }

  private async persist(
    key: string,
    event: CallEvent,
    snapshot: CallSnapshot,
    log: Logger,
  ): Promise<void> {
    try {
      if (event.type === 'call.ended') {
        log.info({ status: event.status, steps: snapshot.path.length }, 'call ended');
        await this.deps.sessions.delete(key);
      } else {
        await this.deps.sessions.set(key, snapshot, this.deps.sessionTtlSec);
      }
    } catch (err) {
      // The caller still gets this answer; the next webhook resumes from its URL's question.
      storeErrors.inc({ store: 'sessions', op: 'write' });
      log.error({ err: (err as Error).message }, 'call state not stored');
    }
  }
}

/**
 * A Dial action or connect event can arrive after the final status callback: the outcome
 * stored then is recomputed with it.
 */
function mayChangeOutcome(event: CallEvent): boolean {
  return event.type === 'dial.ended';
}

/**
 * Stamps the question the caller answers next on the gathers and redirects, so their URLs
 * carry it (a lost call state then never reinterprets the answer).
 */
function withQuestion(actions: CallAction[], question: Question): CallAction[] {
  return actions.map((a) =>
    a.kind === 'gather' || a.kind === 'redirect' ? { ...a, question } : a,
  );
}
