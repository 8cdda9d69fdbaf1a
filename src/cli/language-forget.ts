import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run language:forget -- <phone number>
       npm run language:forget -- --expired

Forgets the language a number's caller chose, so their next call asks again
(docs/caller-language.md); --expired deletes every choice past its TTL instead.
      --expired   delete the expired choices
  -h, --help      this text
`;

/**
 * `npm run language:forget -- <number>`: forgets the language a number's caller chose, so
 * their next call asks again (docs/caller-language.md). `--expired` deletes every choice
 * past its TTL instead.
 */
const args = readCommandLine({
  usage: USAGE,
  options: { expired: { type: 'boolean' } },
  positionals: { names: ['<phone number>'], required: 0 },
});
if (args) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { SqlCallerLanguageStore } =
    await import('../caller-language/sql-caller-language-store.js');
  const { maskPhone } = await import('../lib/mask.js');
  const { normalizePhone } = await import('../lib/normalize-phone.js');
  const { runCrmCli } = await import('./crm-cli-run.js');
  runCrmCli(async (db, config) => {
    const store = new SqlCallerLanguageStore(db, config.callerLanguageTtlDays);
    if (args.values.expired) {
      const n = await store.sweep(new Date().toISOString());
      process.stdout.write(`Deleted ${n} expired language choices\n`);
      return;
    }
    const arg = args.positionals[0];
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
}
