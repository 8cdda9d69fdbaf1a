import { loadConfig } from '../config/config.js';
import { defaultDoctorDeps } from '../doctor/doctor-deps.js';
import { formatResult, formatSummary } from '../doctor/format-result.js';
import { runDoctor } from '../doctor/run-doctor.js';

/**
 * Checks the configuration (.env) and the running server, and prints what to fix:
 *   npm run doctor
 * Exits 1 when any check fails. See docs/doctor.md.
 */
async function main(): Promise<void> {
  const report = await runDoctor({
    loadConfig: () => loadConfig(),
    deps: defaultDoctorDeps(),
    onResult: (r) => process.stdout.write(`${formatResult(r)}\n`),
  });
  process.stdout.write(`\n${formatSummary(report)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`doctor failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
