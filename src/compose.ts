import type { AutomationSettings } from './automation/automation-settings.js';
import { DEFAULT_AUTOMATION_SETTINGS } from './automation/automation-settings.js';
import type { CallLogPort } from './calls/call-log-port.js';
import { CallSettlement } from './calls/call-settlement.js';
import { CallbackCalls } from './calls/callback-calls.js';
import type { Config } from './config/config.js';
import { loadIvrSettings, type IvrSettings } from './config/ivr-settings.js';
import type { CrmPort } from './crm/crm-port.js';
import { buildFlowConfig } from './flow/build-flow-config.js';
import type { Language } from './flow/language.js';
import type { Logger } from './lib/logger.js';
import type { SmsPort } from './messaging/sms-port.js';
import type { ProviderDeps } from './providers/provider-deps.js';
import { CallRuntime } from './runtime/call-runtime.js';
import { systemClock, type Clock } from './runtime/clock.js';
import { memoryCallState, type CallState } from './session/create-call-state.js';
import type { SessionStore } from './session/session-store.js';
import type { TaskStore } from './tasks/task-store.js';
import { fillTemplate } from './lib/fill-template.js';
import { screenPopFromConfig, type ScreenPop } from './operator-context/screen-pop.js';
import type { PromptVoicer } from './synthesis/prompt-voicer.js';
import { warmNewProfiles } from './synthesis/warm-new-profiles.js';
import type { CallerLanguageStore } from './caller-language/caller-language-store.js';
import type { RecordingInbox } from './recordings/recording-inbox.js';
import type { CampaignStore } from './campaigns/campaign-store.js';
import type { PilotSettings } from './campaigns/pilot-settings.js';

/**
 * Wires config, settings and ports into what the HTTP layer needs. Tests call it with
 * their own CRM, store and clock; main.ts with the embedded defaults.
 */
export function composeDeps(input: {
  config: Config;
  crm: CrmPort;
  sms: SmsPort;
  logger: Logger;
  settings?: IvrSettings;
  sessions?: SessionStore;
  /** Snapshots, call locks, token ids, retry answers: Redis or memory (create-call-state.ts). */
  callState?: CallState;
  clock?: Clock;
  /** The call log and tasks (docs/call-log.md); without them calls are logged at the end only. */
  callLog?: CallLogPort;
  tasks?: TaskStore;
  automation?: AutomationSettings;
  /** Replaces the screen pop SCREEN_POP_URL configures (tests observe it); null: none. */
  screenPop?: ScreenPop | null;
  /** Speaks the languages the settings route to a synthesiser (docs/speech.md); absent: none. */
  voicer?: PromptVoicer | null;
  /** Language choices by number (docs/caller-language.md); absent: nothing is remembered. */
  callerLanguages?: CallerLanguageStore;
  /** Adds each settled call to the analytics rollups (docs/analytics.md). */
  rollup?: { addCall(callId: string): Promise<boolean> };
  /** Stores transfers' recordings (RECORDING=on); absent: recording callbacks are only logged. */
  recordings?: RecordingInbox;
  /** Campaigns at the menu's control points (docs/campaigns.md); absent: none are played. */
  campaigns?: CampaignStore;
  /** The pilot's share changed through the API; absent: PILOT_PERCENT alone decides. */
  pilotSettings?: PilotSettings;
}): ProviderDeps & {
  settlement: CallSettlement | undefined;
  campaigns?: CampaignStore;
  pilotSettings?: PilotSettings;
} {
  const { config, logger, callLog, tasks } = input;
  const clock = input.clock ?? systemClock;
  const settings = input.settings ?? loadIvrSettings(config.ivrSettingsFile);
  // A connector CRM's people are only seen call by call: their names are warmed when first
  // seen (the embedded CRM's at start and by crm:import; docs/speech.md).
  const crm =
    input.voicer && config.crm.provider !== 'embedded'
      ? warmNewProfiles(input.crm, { voicer: input.voicer, settings, logger })
      : input.crm;
  const flow = buildFlowConfig(settings, config);
  const automation = input.automation ?? DEFAULT_AUTOMATION_SETTINGS;
  const settlement =
    callLog && tasks
      ? new CallSettlement({
          callLog,
          tasks,
          automation,
          logger,
          ...(input.rollup ? { rollup: input.rollup } : {}),
        })
      : undefined;
  const template = (name: string, language: Language, values: Record<string, string> = {}) =>
    fillTemplate(automation.templates[name]?.[language] ?? '', values);
  const callbacks =
    callLog && tasks && settlement
      ? new CallbackCalls({
          callLog,
          tasks,
          settlement,
          logger,
          now: () => clock.now(),
          callbackFrom: config.callbackFrom,
          agentLanguage: flow.defaultLanguage,
          agentPrompt: (language, customer) =>
            template('callbackAgent', language, { caller: customer }),
          unknownTaskPrompt: (language) => template('callbackUnknownTask', language),
        })
      : undefined;
  const state = input.callState ?? memoryCallState(clock);
  const screenPop =
    input.screenPop === undefined ? screenPopFromConfig(config, logger) : input.screenPop;
  const runtime = new CallRuntime({
    flow,
    crm,
    sms: input.sms,
    sessions: input.sessions ?? state.sessions,
    locks: state.locks,
    responses: state.responses,
    clock,
    logger,
    crmTimeoutMs: config.crmTimeoutMs,
    sessionTtlSec: config.sessionTtlSec,
    ...(callLog ? { callLog } : {}),
    ...(settlement ? { settlement } : {}),
    ...(screenPop ? { screenPop } : {}),
    ...(input.voicer ? { voicePrompts: input.voicer.voice.bind(input.voicer) } : {}),
    ...(input.callerLanguages ? { callerLanguages: input.callerLanguages } : {}),
  });
  return {
    config,
    settings,
    flow,
    runtime,
    logger,
    settlement,
    replays: state.replays,
    ...(callbacks ? { callbacks } : {}),
    ...(input.voicer ? { voicer: input.voicer } : {}),
    ...(input.callerLanguages ? { callerLanguages: input.callerLanguages } : {}),
    ...(input.recordings ? { recordings: input.recordings } : {}),
    ...(input.campaigns ? { campaigns: input.campaigns } : {}),
    ...(input.pilotSettings ? { pilotSettings: input.pilotSettings } : {}),
  };
}
