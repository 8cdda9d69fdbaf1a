import { SqlCallerLanguageStore } from '../caller-language/sql-caller-language-store.js';
import { maskPhone } from '../lib/mask.js';
import { normalizePhone } from '../lib/normalize-phone.js';
import { runCrmCli } from './crm-cli-run.js';

/**
 * `npm run language:forget -- <number>`: forgets the language a number's caller chose, so
 * their next call asks again (docs/caller-language.md). `--expired` deletes every choice
 * past its TTL instead.
 */
runCrmCli(async (db, config) => {
  const store = new SqlCallerLanguageStore(db, config.callerLanguageTtlDays);
  const arg = process.argv[2];
  if (arg === '--expired') {
    const n = await store.sweep(new Date().toISOString());
    process.stdout.write(`Deleted ${n} expired language choices\n`);
    return;
  }
  const phone = arg ? normalizePhone(arg, config.defaultRegion) : null;
  if (!phone) {
    throw new Error('Usage: npm run language:forget -- <phone number> | --expired');
  }
  const forgotten = await store.forget(phone);
  process.stdout.write(
    forgotten
      ? `Forgot the language of ${maskPhone(phone)}: the next call asks again\n`
      : `No language was remembered for ${maskPhone(phone)}\n`,
  );
});
