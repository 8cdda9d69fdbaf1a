import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run crm:import -- <file.json or file.jsonl>

Creates or updates the file's customers (and employees, events) in the embedded CRM (DATABASE_PATH or DATABASE_URL).
The format is described in docs/crm-file.md; npm run crm:export writes one.
When the IVR settings give a language a synthesiser, the name forms of the customers and
employees just imported are then synthesised into SPEECH_CACHE_DIR (docs/speech.md).
  -h, --help   this text
`;

/**
 * `npm run crm:import -- customers.json` (or `.jsonl`): creates or updates the file's
 * customers in the configured CRM (docs/crm-file.md). Prints counts only: the file is personal data.
 */
const args = readCommandLine({
  usage: USAGE,
  options: {},
  positionals: { names: ['<file.json or file.jsonl>'], required: 1 },
});
if (args) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { importCrmFileStream } = await import('../crm/stream-import-crm-file.js');
  const { runCrmCli } = await import('./crm-cli-run.js');
  const { describeDatabase } = await import('../store/open-database.js');
  const { loadIvrSettings } = await import('../config/ivr-settings.js');
  const { createLogger } = await import('../lib/logger.js');
  const { createPromptVoicer } = await import('../synthesis/create-prompt-voicer.js');
  const { warmSpeech } = await import('../synthesis/warm-speech.js');
  runCrmCli(async (db, config) => {
    // The importer stamps what it writes with its start: what to warm afterwards.
    const since = new Date().toISOString();
    // Read as a stream: a file of a million customers fits in a small server's memory.
    const result = await importCrmFileStream(db, args.positionals[0]!, {
      defaultRegion: config.defaultRegion,
      ranking: config.ranking,
    });
    const extra = [
      result.employees !== undefined ? `, ${result.employees} employees` : '',
      result.events !== undefined ? `, ${result.events} events` : '',
    ].join('');
    process.stdout.write(
      `Imported ${result.customers} customers with ${result.phones} phone numbers${extra} into ${describeDatabase(config.database)}\n`,
    );
    // The server runs in another process: the import warms the phrase cache itself, into the
    // directory every instance reads (SPEECH_CACHE_DIR), so the new names are cache hits on
    // their first call without the server having to learn of the import.
    const settings = loadIvrSettings(config.ivrSettingsFile);
    const logger = createLogger('warn');
    const voicer = createPromptVoicer({
      config: config.speech,
      settings: settings.speech,
      publicUrl: config.publicUrl,
      logger,
    });
    if (!voicer) return;
    const t = await warmSpeech({
      voicer,
      settings,
      db,
      logger,
      changed: { customersSince: since, employees: result.employees !== undefined },
    });
    process.stdout.write(
      `Speech cache ${config.speech.cacheDir} (${voicer.languages.join(', ')}): ` +
        `${t.synthesised} name phrases synthesised, ${t.cached} already cached, ${t.failed} failed\n`,
    );
  });
}
