import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run speech:warm

Synthesises every fixed prompt and every customer's and employee's name forms into
SPEECH_CACHE_DIR for the languages the IVR settings give a synthesiser (docs/speech.md).
Phrases already cached are skipped.
  -h, --help   this text
`;

/**
 * `npm run speech:warm`: synthesises every fixed prompt and every customer's and
 * employee's name forms of the app's database into SPEECH_CACHE_DIR for the languages the
 * IVR settings give a synthesiser (docs/speech.md). Phrases already cached are skipped, so
 * it costs only what changed; the characters sent say what a paid engine will bill.
 */
if (readCommandLine({ usage: USAGE, options: {} })) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { loadIvrSettings } = await import('../config/ivr-settings.js');
  const { createLogger } = await import('../lib/logger.js');
  const { createPromptVoicer } = await import('../synthesis/create-prompt-voicer.js');
  const { warmSpeech } = await import('../synthesis/warm-speech.js');
  const { runCrmCli } = await import('./crm-cli-run.js');
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
}
