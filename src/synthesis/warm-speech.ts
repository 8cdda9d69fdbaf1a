import type { Kysely } from 'kysely';
import { listPeopleNames } from '../crm/embedded/people-names.js';
import type { FlowSettings } from '../flow/settings.js';
import type { Logger } from '../lib/logger.js';
import type { AppDatabase } from '../store/database-schema.js';
import type { PromptVoicer } from './prompt-voicer.js';
import { warmPhrases } from './warm-phrases.js';

/**
 * Fills the phrase cache with the fixed prompts and the names in the embedded CRM, for the
 * languages a synthesiser speaks. At start it runs in the background (the server answers
 * calls meanwhile; a phrase not ready yet is synthesised at call time or said by the
 * provider); `npm run speech:warm` awaits it and prints the tally.
 */
export async function warmSpeech(input: {
  voicer: PromptVoicer;
  settings: FlowSettings;
  db: Kysely<AppDatabase>;
  logger: Logger;
  /** Only the names an import just wrote (crm:import): see listPeopleNames. */
  changed?: { customersSince: string; employees: boolean };
}) {
  const started = Date.now();
  const people = await listPeopleNames(input.db, input.changed);
  const phrases = warmPhrases(input.settings, input.voicer.languages, people, !!input.changed);
  const tally = await input.voicer.warm(phrases);
  input.logger.info(
    { ...tally, languages: input.voicer.languages, ms: Date.now() - started },
    'speech cache warmed',
  );
  return tally;
}
