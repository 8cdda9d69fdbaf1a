import type { CallAction } from '../flow/actions.js';
import type { FlowConfig } from '../flow/settings.js';
import { buildTransferContext } from '../flow/transfer-context.js';
import type { Logger } from '../lib/logger.js';
import { nameForms } from '../names/address-name.js';
import type { CallRuntime } from '../runtime/call-runtime.js';
import { whisperText } from './whisper-text.js';

export interface WhisperDeps {
  runtime: CallRuntime;
  flow: FlowConfig;
  logger: Logger;
}

/**
 * What whoever answers a transfer hears before the caller is put through: one sentence in
 * the company's default language, built from the call's stored state. Empty when the state
 * is gone or there is nothing to say. Never throws: the provider would otherwise play an
 * error to the agent, or drop the leg, and the caller would not be put through.
 */
export async function whisperActions(
  deps: WhisperDeps,
  provider: string,
  callId: string,
  target: string,
): Promise<CallAction[]> {
  const log = deps.logger.child({ provider, callId, target });
  try {
    const snapshot = await deps.runtime.snapshotOf(provider, callId);
    if (!snapshot?.transfer) {
      log.warn('whisper: no state for this transfer, bridged without one');
      return [];
    }
    if (snapshot.transfer.target !== target) {
      // Who calls and why does not depend on the target: say it all the same.
      log.warn({ current: snapshot.transfer.target }, 'whisper for another transfer target');
    }
    const language = deps.flow.defaultLanguage;
    const text = whisperText(
      {
        context: buildTransferContext(snapshot, snapshot.transfer),
        names: snapshot.customer ? nameForms(snapshot.customer, language) : null,
      },
      deps.flow.settings.prompts[language].whisper,
    );
    return text ? [{ kind: 'say', text, language }] : [];
  } catch (err) {
    log.error(
      { err: err instanceof Error ? err.message : String(err) },
      'whisper failed: bridged without one',
    );
    return [];
  }
}
