import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { CrmImportError } from '../errors/crm-import-error.js';
import { importCrmFile, readCrmFile, type CrmImportResult } from './import-crm-file.js';
import type { CrmDatabase } from './sql/database-schema.js';

/** What seeding imported, and from where (`demo data` or the seed file's path). */
export interface SeedResult extends CrmImportResult {
  source: string;
}

/**
 * The bundled demo customers write local numbers the Kazakh way (`8 707 …`), so they are
 * read in KZ whatever DEFAULT_REGION says; otherwise another region would reject them.
 */
const DEMO_REGION: CountryCode = 'KZ';

function readDemoData(): unknown {
  try {
    return JSON.parse(
      readFileSync(new URL('./demo-data.json', import.meta.url), 'utf8'),
    ) as unknown;
  } catch (err) {
    throw new CrmImportError(`Cannot read the bundled demo data: ${(err as Error).message}`);
  }
}

/**
 * Fills the CRM at start. With CRM_SEED_FILE (`seedFile`) that file is imported at every
 * start (imports are idempotent, so edits to the file show up after a restart). Without
 * it, an empty CRM gets the bundled demo customers so a fresh `npm start` has someone to
 * greet; a CRM that already has customers is left alone. Returns null when nothing ran.
 */
export async function seedCrm(
  db: Kysely<CrmDatabase>,
  opts: { seedFile: string | null; defaultRegion: CountryCode },
): Promise<SeedResult | null> {
  if (opts.seedFile) {
    const result = await importCrmFile(db, readCrmFile(opts.seedFile), {
      defaultRegion: opts.defaultRegion,
    });
    return { source: opts.seedFile, ...result };
  }
  const existing = await db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const result = await importCrmFile(db, readDemoData(), { defaultRegion: DEMO_REGION });
  return { source: 'demo data', ...result };
}
