import { writeFileSync } from 'node:fs';
import { scriptRunnerBannerOnStdout } from '../config/config.js';
import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run crm:export -- [<file.json>]
       npm run -s crm:export > <file.json>

Writes every customer of the app's database (DATABASE_PATH or DATABASE_URL) as a CRM file (docs/crm-file.md): into <file.json>,
or to stdout. npm prints its own "> crm:export" line on stdout before the JSON: give a file,
or run npm with -s (--silent), when the output must be JSON.
  -h, --help   this text
`;

/**
 * `npm run crm:export -- [out.json]`: writes every customer as a CRM file
 * (docs/crm-file.md), to the file or to stdout. The summary goes to stderr so that
 * `npm run -s crm:export > out.json` stays valid JSON.
 */
const args = readCommandLine({
  usage: USAGE,
  options: {},
  positionals: { names: ['<file.json>'], required: 0 },
});
const out = args?.positionals[0];
if (args && !out && !process.stdout.isTTY && scriptRunnerBannerOnStdout()) {
  // The JSON would follow npm's own lines and not parse: say so rather than write it.
  process.stderr.write(
    'npm has already written its "> crm:export" lines to stdout, so the JSON would not parse.\n' +
      'Run npm run -s crm:export > customers.json, or npm run crm:export -- customers.json\n',
  );
  process.exitCode = 1;
} else if (args) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { exportCrmFile } = await import('../crm/export-crm-file.js');
  const { runCrmCli } = await import('./crm-cli-run.js');
  const { describeDatabase } = await import('../store/open-database.js');
  runCrmCli(async (db, config) => {
    const file = await exportCrmFile(db);
    const json = `${JSON.stringify(file, null, 2)}\n`;
    if (out) writeFileSync(out, json);
    else process.stdout.write(json);
    process.stderr.write(
      `Exported ${file.customers.length} customers from ${describeDatabase(config.database)}${out ? ` to ${out}` : ''}\n`,
    );
  });
}
