import type { CallbackCalls } from '../calls/callback-calls.js';
import type { Config } from '../config/config.js';
import type { IvrSettings } from '../config/ivr-settings.js';
import type { FlowConfig } from '../flow/settings.js';
import type { Logger } from '../lib/logger.js';
import type { CallRuntime } from '../runtime/call-runtime.js';
import type { ReplayStore } from '../session/replay-store.js';
import type { PromptVoicer } from '../synthesis/prompt-voicer.js';
import type { CallerLanguageStore } from '../caller-language/caller-language-store.js';
import type { RecordingInbox } from '../recordings/recording-inbox.js';

/** What a provider adapter needs from the application. */
export interface ProviderDeps {
  config: Config;
  settings: IvrSettings;
  flow: FlowConfig;
  runtime: CallRuntime;
  logger: Logger;
  /** Webhooks of the callbacks we place; absent where no call log and tasks are wired. */
  callbacks?: CallbackCalls;
  /** Vonage token ids seen; default: this process's memory. */
  replays?: ReplayStore;
  /** Synthesised prompts and the phrase cache behind /audio (docs/speech.md); absent: none. */
  voicer?: PromptVoicer;
  /** Language choices by number; the API forgets them (docs/caller-language.md). */
  callerLanguages?: CallerLanguageStore;
  /** Stores transfers' recordings from the providers' callbacks; absent: only logged. */
  recordings?: RecordingInbox;
}
