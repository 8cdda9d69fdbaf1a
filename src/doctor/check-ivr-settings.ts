import type { Config } from '../config/config.js';
import type { IvrSettings } from '../config/ivr-settings.js';
import { menuPrompts } from '../flow/prompts.js';
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
    // Counted as the caller hears the menu: the departments, then self-service and the
    // operator, which the settings keep apart from menu.options.
    const heard = menuPrompts(settings, config.defaultLanguage).length;
    const { balance, trustCredit } = settings.selfService;
    const choices = [
      ...settings.menu.options.map((o) => `${o.key} ${o.id}`),
      `${balance.key} balance by SMS`,
      `${trustCredit.key} trust credit`,
      `${settings.menu.operator.key} operator`,
    ];
    return ok(LABEL, `${source}: the main menu reads ${heard} choices (${choices.join(', ')})`);
  } catch (err) {
    return fail(
      LABEL,
      err instanceof Error ? err.message : String(err),
      'Fix the fields named above in IVR_SETTINGS_FILE (see docs/ivr-settings.md), or unset it to use the shipped defaults.',
    );
  }
}
