import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run doctor

Checks the configuration (.env and the environment, as npm start reads them) and the running
server at PUBLIC_URL, and prints what to fix (docs/doctor.md). Exits 1 when a check fails.
  -h, --help   this text
`;

/**
 * Checks the configuration (.env) and the running server, and prints what to fix:
 *   npm run doctor
 * Exits 1 when any check fails. See docs/doctor.md.
 */
async function main(): Promise<void> {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { loadConfig } = await import('../config/config.js');
  const { defaultDoctorDeps } = await import('../doctor/doctor-deps.js');
  const { formatResult, formatSummary } = await import('../doctor/format-result.js');
  const { runDoctor } = await import('../doctor/run-doctor.js');
  const report = await runDoctor({
    loadConfig: () => loadConfig(),
    deps: defaultDoctorDeps(),
    onResult: (r) => process.stdout.write(`${formatResult(r)}\n`),
  });
  process.stdout.write(`\n${formatSummary(report)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

if (readCommandLine({ usage: USAGE, options: {} })) {
  main().catch((err: unknown) => {
    process.stderr.write(`doctor failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
