import { loadConfig } from '../config/config.js';
import { runProvision } from '../provision/run-provision.js';

/**
 * `npm run provision -- twilio --number +1… [--dry-run]`
 * `npm run provision -- vonage --application <id> [--dry-run]`
 * Points a Twilio number or a Vonage application at PUBLIC_URL (docs/provisioning.md).
 * Sets the exit code instead of calling process.exit so the report is fully written first.
 */
void runProvision(process.argv.slice(2), {
  loadConfig: () => loadConfig(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
