import { loadIvrSettings } from '../config/ivr-settings.js';
import { createLogger } from '../lib/logger.js';
import { createPromptVoicer } from '../synthesis/create-prompt-voicer.js';
import { warmSpeech } from '../synthesis/warm-speech.js';
import { runCrmCli } from './crm-cli-run.js';

/**
 * `npm run speech:warm`: synthesises every fixed prompt and every customer's and
 * employee's name forms of DATABASE_PATH into SPEECH_CACHE_DIR for the languages the IVR
 * settings give a synthesiser (docs/speech.md). Phrases already cached are skipped, so it
 * costs only what changed; the characters sent say what a paid engine will bill.
 */
runCrmCli(async (db, config) => {
  const settings = loadIvrSettings(config.ivrSettingsFile);
  const logger = createLogger('warn');
  const voicer = createPromptVoicer({
    config: config.speech,
    settings: settings.speech,
    publicUrl: config.publicUrl,
    logger,
  });
  if (!voicer) {
    process.stdout.write('No language is spoken by a synthesiser: nothing to warm.\n');
    return;
  }
  const t = await warmSpeech({ voicer, settings, db, logger });
  process.stdout.write(
    `Speech cache ${config.speech.cacheDir} (${voicer.languages.join(', ')}): ` +
      `${t.synthesised} phrases synthesised (${t.characters} characters sent), ` +
      `${t.cached} already cached, ${t.failed} failed\n`,
  );
  if (t.failed > 0) process.exitCode = 1;
});
