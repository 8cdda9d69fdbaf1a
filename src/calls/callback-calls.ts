import type { CallAction } from '../flow/actions.js';
import type { DialOutcome } from '../flow/events.js';
import { isLanguage, type Language } from '../flow/language.js';
import { maskPhone } from '../lib/mask.js';
import type { Logger } from '../lib/logger.js';
import type { TaskStore } from '../tasks/task-store.js';
import type { CallLogPort } from './call-log-port.js';
import type { CallSettlement } from './call-settlement.js';
import type { AmdResult } from './status-report.js';

/** Seconds the customer's phone rings on a callback before it counts as no answer. */
const CUSTOMER_RING_SEC = 30;

export interface CallbackDeps {
  callLog: CallLogPort;
  tasks: TaskStore;
  settlement: CallSettlement;
  logger: Logger;
  now: () => string;
  /** Our number the customer sees (CALLBACK_FROM); null lets the provider choose. */
  callbackFrom: string | null;
  /** The language the agent is spoken to in: the company's default. */
  agentLanguage: Language;
  /** What the agent hears before the customer is dialled, per language. */
  agentPrompt: (language: Language, customer: string) => string;
  /** What the agent hears when the task behind the call is unknown. */
  unknownTaskPrompt: (language: Language) => string;
}

/**
 * The outbound side of a callback task: the provider called the agent first; when the agent
 * answers we say whom they are calling and dial the customer (with answering-machine
 * detection), then log how the customer leg ended. Every step goes to the call log like an
 * inbound call's, so the rules (retry on no answer) see the attempt's outcome.
 */
export class CallbackCalls {
  constructor(private readonly deps: CallbackDeps) {}

  /** The agent answered the call placed for `taskId`. */
  async agentAnswered(provider: string, callId: string, taskId: string): Promise<CallAction[]> {
    const { deps } = this;
    const at = deps.now();
    const task = await deps.tasks.get(taskId);
    const language = deps.agentLanguage;
    if (!task?.customerPhone) {
      deps.logger.error({ provider, callId, taskId }, 'callback answered for an unknown task');
      return [
        { kind: 'say', text: deps.unknownTaskPrompt(language), language },
        { kind: 'hangup' },
      ];
    }
    const customer = task.customerPhone;
    // Normally registered when the call was placed; again here in case that write was lost.
    await deps.callLog.recordOutbound({
      callId,
      provider,
      caller: deps.callbackFrom ?? '',
      called: customer,
      customerId: task.customerId,
      language: isLanguage(task.language) ? task.language : language,
      startedAt: at,
      taskId: task.id,
      attempt: task.attempt,
    });
    const lead: CallAction = { kind: 'say', text: deps.agentPrompt(language, customer), language };
    const dial: CallAction = {
      kind: 'dial',
      destination: { type: 'number', number: customer },
      timeoutSec: CUSTOMER_RING_SEC,
      callerId: deps.callbackFrom,
      purpose: 'callback',
      machineDetection: true,
    };
    await deps.callLog.recordProgress({
      callId,
      at,
      call: {
        provider,
        direction: 'outbound',
        caller: deps.callbackFrom,
        called: customer,
        customerId: task.customerId,
        language: isLanguage(task.language) ? task.language : language,
        startedAt: at,
        lastStep: 'callback',
        transferredTo: customer,
        answeredBy: null,
        selfServed: false,
        path: [],
      },
      close: null,
      open: { step: 'callback', prompt: lead.kind === 'say' ? lead.text : null, closedBy: null },
      transferStarted: { target: 'customer', destination: customer },
      transferEnded: null,
    });
    deps.logger.info(
      { provider, callId, taskId, customer: maskPhone(customer), attempt: task.attempt },
      'callback: agent answered, dialling the customer',
    );
    return [lead, dial];
  }

  /** The customer leg ended; the agent's leg is hung up. */
  async customerLegEnded(
    callId: string,
    outcome: DialOutcome,
    talkSec: number | null,
  ): Promise<CallAction[]> {
    const at = this.deps.now();
    await this.deps.callLog.recordProgress({
      callId,
      at,
      call: null,
      close: { leftBy: 'transfer-ended', inputKind: null, input: null, confidence: null },
      open: null,
      transferStarted: null,
      transferEnded: { result: outcome, talkSec: outcome === 'answered' ? talkSec : null },
    });
    await this.deps.settlement.refresh(callId, at);
    return [{ kind: 'hangup' }];
  }

  /** The answering-machine verdict on the customer leg. */
  async customerAmd(callId: string, amd: AmdResult): Promise<void> {
    await this.deps.callLog.recordLegAmd(callId, amd);
    await this.deps.settlement.refresh(callId, this.deps.now());
  }
}
