import type { Config } from '../config/config.js';
import type { IvrSettings } from '../config/ivr-settings.js';
import { fail, ok, type CheckResult } from './check-result.js';

const LABEL = 'IVR settings';

/** The settings file parses and validates, as the server requires at start. */
export function checkIvrSettings(
  config: Config,
  loadSettings: (file: string | null) => IvrSettings,
): CheckResult {
  const source = config.ivrSettingsFile ?? 'shipped defaults';
  try {
    const settings = loadSettings(config.ivrSettingsFile);
    return ok(LABEL, `${source}: ${settings.menu.options.length} menu options`);
  } catch (err) {
    return fail(
      LABEL,
      err instanceof Error ? err.message : String(err),
      'Fix the fields named above in IVR_SETTINGS_FILE (see docs/ivr-settings.md), or unset it to use the shipped defaults.',
    );
  }
}
