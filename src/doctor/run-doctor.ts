import type { Config } from '../config/config.js';
import { readDevelopmentSecrets } from '../config/development-secrets.js';
import { checkConfig } from './check-config.js';
import { checkCrmLatency } from './check-crm-latency.js';
import { checkDatabaseWritable } from './check-database-writable.js';
import { checkIvrSettings } from './check-ivr-settings.js';
import { checkPublicUrl } from './check-public-url.js';
import { notChecked, type CheckResult } from './check-result.js';
import { checkSecrets } from './check-secrets.js';
import { checkConfiguredSessionStore } from './check-session-store.js';
import { checkTwilioSignature } from './check-twilio-signature.js';
import { checkVonageSignature } from './check-vonage-signature.js';
import type { DoctorDeps } from './doctor-deps.js';
import { openCrmDatabase } from './open-crm-database.js';

/** Everything the doctor found; `ok` is false when any check failed. */
export interface DoctorReport {
  results: CheckResult[];
  ok: boolean;
}

/**
 * Runs the checks in order, reporting each as soon as it is known (the HTTP ones can take
 * seconds). A configuration that does not load stops the run: every other check needs it.
 * Checks that depend on a failed one are reported as not checked rather than failed again.
 */
export async function runDoctor(opts: {
  loadConfig: () => Config;
  deps: DoctorDeps;
  onResult?: (result: CheckResult) => void;
}): Promise<DoctorReport> {
  const { deps } = opts;
  const results: CheckResult[] = [];
  const report = (...found: CheckResult[]) => {
    for (const r of found) {
      results.push(r);
      opts.onResult?.(r);
    }
  };
  const done = (): DoctorReport => ({
    results,
    ok: results.every((r) => r.status !== 'fail'),
  });

  const loaded = checkConfig(opts.loadConfig);
  report(loaded.result);
  if (!loaded.config) return done();
  // The secrets a local server without .env generated: the doctor signs with them too.
  const { config, use: developmentSecrets } = readDevelopmentSecrets(loaded.config);

  report(checkIvrSettings(config, deps.loadSettings));
  report(...checkSecrets(config, developmentSecrets));

  const reachable = await checkPublicUrl(config, deps);
  report(reachable);
  if (reachable.status === 'fail') {
    report(
      notChecked('Twilio signature round-trip', 'PUBLIC_URL is not reachable'),
      notChecked('Vonage signature round-trip', 'PUBLIC_URL is not reachable'),
    );
  } else {
    report(await checkTwilioSignature(config, deps));
    report(await checkVonageSignature(config, deps));
  }

  const opened = await openCrmDatabase(config, deps);
  report(opened.result);
  if (opened.crm) {
    try {
      report(await checkCrmLatency(config, opened.crm.crm, opened.crm.samplePhone, deps.clock));
      report(await checkDatabaseWritable(opened.crm.db));
    } finally {
      await opened.crm.close();
    }
  } else {
    report(
      notChecked('CRM lookup latency', 'the CRM database did not open'),
      notChecked('CRM database writable', 'the CRM database did not open'),
    );
  }

  report(await checkConfiguredSessionStore(config, deps));
  return done();
}
